// Sign-in, sessions, API tokens and the principal of a request.
//
//   LoginOutcome out = Login(store, "unicef.officer", password, "127.0.0.1");
//   if (out.status.ok()) set cookie om_session = out.session_token;
//   OM_TRY(Principal p, PrincipalForSession(store, cookie_value));
//
// Secrets are never stored: sessions and API tokens are kept as SHA-256 hashes of 256-bit
// random values, passwords as argon2id hashes. The CSRF token of a session is derived from the
// session's secret, so it is never stored either.
//
// Throttling: the 4th consecutive failure and each one after it make the next attempt for that
// username wait 1, 2, 4 ... seconds (at most 60), and 10 failures lock the account for 15
// minutes. Unknown usernames are throttled the same way in memory and take the same time to
// refuse, so the answers do not reveal which usernames exist.
#pragma once

#include <string>
#include <string_view>

#include "store/store.h"

namespace om {

constexpr int kFreeLoginAttempts = 3;
constexpr int kLockAfterFailures = 10;
constexpr int64_t kLockSeconds = int64_t{15} * 60;
constexpr int64_t kMaxDelaySeconds = 60;
constexpr int64_t kSessionSeconds = int64_t{12} * 3600;  // absolute lifetime
constexpr int64_t kSessionIdleSeconds = int64_t{2} * 3600;

struct LoginOutcome {
  Status status;            // ok, Unauthenticated, PermissionDenied (locked or disabled)
  int64_t retry_after = 0;  // > 0 when throttled: seconds to wait (status is Unauthenticated)
  User user;
  std::string session_token;  // the cookie value (only here, never stored)
  std::string csrf_token;
};

LoginOutcome Login(Store& store, std::string_view username, std::string_view password);
Status Logout(Store& store, std::string_view session_token);
std::string CsrfTokenFor(std::string_view session_token);

// The principal a user acts as now: organization, roles, compartments, releases in force.
Result<Principal> PrincipalFor(Store& store, const User& user);

struct Authenticated {
  Principal principal;
  int64_t valid_for = 0;  // seconds this answer may be cached (session end, release expiry)
};
// Unauthenticated when the session or token is unknown, expired, revoked or its user disabled.
Result<Authenticated> AuthenticateSession(Store& store, std::string_view session_token);
Result<Authenticated> AuthenticateToken(Store& store, std::string_view bearer_token);

// Creates a user with a hashed password (checked for strength) after checking roles and grants.
Result<User> AddUser(Store& store, User user, std::string_view password);
Status SetPassword(Store& store, Id user, std::string_view password);
// A new API token for `user`; the returned text is the only copy.
Result<std::pair<ApiToken, std::string>> IssueApiToken(Store& store, Id user, std::string name);

}  // namespace om
