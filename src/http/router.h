// The route table: every endpoint, once. The OpenAPI document is generated from it, so a route
// cannot be served without being documented.
//
//   Router r;
//   r.Add("GET", "/api/v1/activities/{id}", GetActivity, {"Get one activity", ...});
//   const Route* route = r.Match("GET", "/api/v1/activities/17", params);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace om::http {

using Handler = std::function<Response(Context&, const Request&)>;

struct ParamDoc {
  std::string name;
  std::string description;
  std::string type = "string";  // OpenAPI schema type
};

struct RouteDoc {
  std::string summary;
  std::vector<ParamDoc> query;
  std::string request_schema;   // name of a component schema, "" when no JSON body
  std::string response_schema;  // name of a component schema
  std::string response_type = "application/json";
  std::string tag = "activities";
  bool public_route = false;  // answered without signing in (only /healthz and sign-in)
  std::string success;        // status code of success when not the usual one for the method
};

struct Route {
  std::string method;
  std::string pattern;                // "/api/v1/activities/{id}"
  std::vector<std::string> segments;  // split pattern
  Handler handler;
  RouteDoc doc;
};

class Router {
 public:
  void Add(std::string method, const std::string& pattern, Handler handler, RouteDoc doc);
  // The route for method and path, filling params; nullptr when none. `path_known` is set when
  // the path exists under another method (for 405).
  const Route* Match(const std::string& method, const std::string& path,
                     std::vector<std::string>& params, bool& path_known) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace om::http
