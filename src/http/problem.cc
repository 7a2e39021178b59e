#include "http/problem.h"

#include <boost/json.hpp>

namespace om::http {

namespace json = boost::json;

const std::string& Request::Query(const std::string& name) const {
  static const std::string kEmpty;
  auto it = query.find(name);
  return it == query.end() ? kEmpty : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view rest = cookie;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return "";
}

Response Response::Json(std::string body, unsigned status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Problem(unsigned status, const std::string& type, const std::string& title,
                 const std::string& detail, const FieldErrors& errors) {
  json::object o;
  o["type"] = "https://onemission.org/problems/" + type;
  o["title"] = title;
  o["status"] = status;
  o["detail"] = detail;
  if (!errors.empty()) {
    json::array list;
    for (const auto& [field, reason] : errors)
      list.push_back({{"field", field}, {"reason", reason}});
    o["errors"] = std::move(list);
  }
  Response r = Response::Json(json::serialize(o), status);
  r.content_type = "application/problem+json";
  return r;
}

Response ProblemFromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return Problem(400, "invalid-request", "Invalid request", s.message());
    case StatusCode::kNotFound:
      return Problem(404, "not-found", "Not found", s.message());
    case StatusCode::kAlreadyExists:
      return Problem(409, "conflict", "Already exists", s.message());
    case StatusCode::kFailedPrecondition:
      return Problem(412, "stale-version", "Precondition failed", s.message());
    case StatusCode::kTooLarge:
      return Problem(413, "too-large", "Payload too large", s.message());
    case StatusCode::kPermissionDenied:
      return Problem(403, "forbidden", "Forbidden", s.message());
    case StatusCode::kUnauthenticated:
      return Problem(401, "unauthenticated", "Authentication required", s.message());
    default:
      // Internal details stay in the log, not in the response.
      return Problem(500, "internal", "Internal error",
                     "the server could not complete the request");
  }
}

}  // namespace om::http
