// Request and Response as handlers see them: decoded path parameters and query, body, and the
// few headers the API uses. Handlers never touch Beast types.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace om::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target, path plus query
  std::string path;
  std::map<std::string, std::string> query;  // percent-decoded; last value wins
  std::vector<std::string> params;           // values of {name} segments, in order
  std::string body;
  std::string if_match;
  std::string content_type;

  // Query value or "" when absent.
  const std::string& Query(const std::string& name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, sent instead of `body` without copying (cached responses share one buffer).
  std::shared_ptr<const std::string> shared_body;

  static Response Json(std::string body, unsigned status = 200);
};

// What a handler may use besides the request: the store of the calling worker thread.
struct Context {
  Store& store;
};

}  // namespace om::http
