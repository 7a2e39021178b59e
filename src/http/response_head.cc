#include "http/response_head.h"

#include <boost/beast/http/status.hpp>

namespace om::http {

namespace {

bool NoBodyStatus(unsigned status) { return status < 200 || status == 204 || status == 304; }

// RFC 9110 token characters.
bool IsToken(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool SafeValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void AddField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string ResponseHead(const Response& r, unsigned version, bool keep_alive, size_t body_size) {
  std::string out;
  out.reserve(160 + r.content_type.size());
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(r.status)).push_back(' ');
  out.append(std::string_view(
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status))));
  out.append("\r\n");
  AddField(out, "Server", "onemission");
  if (r.status != 204 && SafeValue(r.content_type)) AddField(out, "Content-Type", r.content_type);
  AddField(out, "X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : r.headers) {
    if (IsToken(name) && SafeValue(value)) AddField(out, name, value);
  }
  if (!NoBodyStatus(r.status)) AddField(out, "Content-Length", std::to_string(body_size));
  if (version == 10 && keep_alive) AddField(out, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) AddField(out, "Connection", "close");
  out.append("\r\n");
  return out;
}

bool SendsBody(unsigned status, bool head_request) {
  return !head_request && !NoBodyStatus(status);
}

}  // namespace om::http
