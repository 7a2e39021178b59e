// Request and Response as handlers see them: decoded path parameters and query, body, and the
// few headers the API uses. Handlers never touch Beast types.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace om {
class AuditJournal;
}

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
  std::string cookie;           // the Cookie header
  std::string authorization;    // the Authorization header
  std::string csrf_token;       // the X-CSRF-Token header
  std::string remote;           // client address
  std::string forwarded_proto;  // X-Forwarded-Proto set by a TLS-terminating proxy

  // Value of a cookie, or "" when absent.
  std::string Cookie(std::string_view name) const;

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

  // An audit entry to append before the response goes out (the response is withheld, and a
  // 503 sent instead, if the entry cannot be written). The dispatcher fills in who and where,
  // unless `actor` says otherwise (sign-in, where nobody is signed in yet).
  struct AuditNote {
    std::string action;
    std::string detail = "{}";  // JSON object text
    std::optional<Principal> actor;
  };
  std::optional<AuditNote> audit;
};

// What a handler may use besides the request: the store of the calling worker thread and the
// signed-in principal (an anonymous one on public routes).
struct Context {
  Store& store;
  const Principal& principal;
  // The server's audit journal (null elsewhere): readers of the audit log copy what waits in it
  // into the log first.
  AuditJournal* audit_journal = nullptr;
};

}  // namespace om::http
