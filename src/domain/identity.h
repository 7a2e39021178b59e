// Users, sessions, API tokens and audit entries: the records of identity and accountability.
// Secrets are never stored: passwords as argon2id hashes, session and API tokens as SHA-256
// hashes of high-entropy random values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/record.h"

namespace om {

struct User {
  Id id = 0;
  std::string username;  // unique, case-insensitive
  std::string display_name;
  Id org_id = 0;
  RoleSet roles = 0;
  std::vector<std::string> compartments;  // explicit grants (see CheckGrant)
  std::string password_hash;              // argon2id, libsodium's encoded form
  bool disabled = false;
  int failed_logins = 0;        // consecutive failures since the last success
  std::string next_attempt_at;  // ISO 8601 UTC; no login attempt is checked before it
  std::string locked_until;     // ISO 8601 UTC; "" when not locked
  std::string created_at;
  std::string last_login_at;
  int64_t version = 0;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the cookie value
  Id user_id = 0;
  std::string created_at;
  std::string expires_at;  // absolute end
  std::string last_seen_at;
};

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_hash;  // hex SHA-256 of the token
  std::string created_at;
  std::string last_used_at;
  std::string revoked_at;
};

// One entry of the append-only, hash-chained audit log.
struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3 ... without gaps
  std::string at;   // ISO 8601 UTC
  Id user_id = 0;   // 0 for the command line or an unknown user
  std::string username;
  Id org_id = 0;
  std::string action;     // login, login-failed, logout, read, read-aggregate, create, ...
  std::string endpoint;   // "GET /api/v1/activities" or "cli: import hxl"
  std::string detail;     // JSON object text
  std::string prev_hash;  // hash of entry seq-1 ("" for the first)
  std::string hash;       // SHA-256 over prev_hash and every field above
};

// The text the hash of an entry is computed over (every field, in order, length-prefixed so
// that no two different entries give the same text).
std::string AuditHashInput(const AuditEntry& e);

}  // namespace om
