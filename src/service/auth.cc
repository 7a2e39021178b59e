#include "service/auth.h"

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/crypto.h"
#include "core/date.h"
#include "core/text.h"

namespace om {
namespace {

// What failing n times in a row costs: the wait before the next attempt, or a lock.
void RecordFailure(int failures, std::string& next_attempt_at, std::string& locked_until) {
  if (failures >= kLockAfterFailures) {
    locked_until = IsoTimeFromNow(kLockSeconds);
    next_attempt_at.clear();
  } else if (failures > kFreeLoginAttempts) {
    int64_t delay = int64_t{1} << std::min(failures - kFreeLoginAttempts - 1, 6);
    next_attempt_at = IsoTimeFromNow(std::min(delay, kMaxDelaySeconds));
  }
}

int64_t SecondsLeft(const std::string& iso) {
  if (iso.empty()) return 0;
  auto left = SecondsUntil(iso);
  return left && *left > 0 ? *left : 0;
}

// Throttling state of usernames that do not exist, so that they behave like real ones.
struct UnknownUsers {
  std::mutex mutex;
  struct State {
    int failures = 0;
    std::string next_attempt_at, locked_until;
  };
  std::unordered_map<std::string, State> by_name;
};
UnknownUsers& unknown_users() {
  static UnknownUsers u;
  return u;
}

// A real argon2id hash to verify against when the username is unknown (same cost).
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(RandomToken(16));
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

Status Throttled(int64_t wait, LoginOutcome& out) {
  out.retry_after = wait;
  return Unauthenticated("too many failed sign-in attempts: try again in " + std::to_string(wait) +
                         " s");
}

const char* kBadCredentials = "invalid username or password";
const char* kLocked =
    "this account is locked after repeated failed sign-ins; try again later or ask an "
    "administrator to reset the password";

LoginOutcome LoginUnknown(std::string_view username, std::string_view password) {
  LoginOutcome out;
  UnknownUsers& u = unknown_users();
  std::string key = FoldName(username);
  {
    std::lock_guard lock(u.mutex);
    if (u.by_name.size() > 100000) u.by_name.clear();  // bounded memory under a flood
    auto& state = u.by_name[key];
    if (int64_t wait = SecondsLeft(state.locked_until); wait > 0) {
      out.status = PermissionDenied(kLocked);
      return out;
    }
    if (int64_t wait = SecondsLeft(state.next_attempt_at); wait > 0) {
      out.status = Throttled(wait, out);
      return out;
    }
  }
  (void)VerifyPassword(DummyHash(), password);
  std::lock_guard lock(u.mutex);
  auto& state = u.by_name[key];
  RecordFailure(++state.failures, state.next_attempt_at, state.locked_until);
  out.status = Unauthenticated(kBadCredentials);
  return out;
}

// Attempts on one username take turns, so that parallel guesses cannot all pass the throttle
// before any of their failures is counted (nor overwrite each other's count).
std::mutex& LoginTurn(std::string_view username) {
  static std::array<std::mutex, 64> turns;
  return turns[std::hash<std::string>{}(FoldName(username)) % turns.size()];
}

}  // namespace

std::string CsrfTokenFor(std::string_view session_token) {
  return KeyedHashHex(session_token, "onemission csrf");
}

LoginOutcome Login(Store& store, std::string_view username, std::string_view password) {
  std::lock_guard turn(LoginTurn(username));
  LoginOutcome out;
  auto found = store.FindUser(username);
  if (!found.ok()) {
    out.status = found.status();
    return out;
  }
  if (!found->has_value()) return LoginUnknown(username, password);
  User user = **found;
  if (SecondsLeft(user.locked_until) > 0) {
    out.status = PermissionDenied(kLocked);
    return out;
  }
  if (int64_t wait = SecondsLeft(user.next_attempt_at); wait > 0) {
    out.status = Throttled(wait, out);
    return out;
  }
  bool ok = VerifyPassword(user.password_hash, password);
  if (!ok || user.disabled) {
    // A disabled account answers like a wrong password, and counts as a failure.
    if (!user.locked_until.empty() && SecondsLeft(user.locked_until) == 0) {
      user.locked_until.clear();
      user.failed_logins = 0;
    }
    RecordFailure(++user.failed_logins, user.next_attempt_at, user.locked_until);
    if (Status s = store.RecordLoginAttempt(user); !s.ok()) {
      out.status = s;
      return out;
    }
    out.user = user;
    out.status = Unauthenticated(kBadCredentials);
    return out;
  }
  user.failed_logins = 0;
  user.next_attempt_at.clear();
  user.locked_until.clear();
  user.last_login_at = NowIso8601();
  if (Status s = store.RecordLoginAttempt(user); !s.ok()) {
    out.status = s;
    return out;
  }
  // Always a fresh session: a token planted before sign-in never becomes valid (fixation).
  out.session_token = RandomToken();
  Session session{Sha256Hex(out.session_token), user.id, user.last_login_at,
                  IsoTimeFromNow(kSessionSeconds), user.last_login_at};
  (void)store.DeleteExpiredSessions(user.last_login_at);
  if (Status s = store.CreateSession(session); !s.ok()) {
    out.status = s;
    return out;
  }
  out.csrf_token = CsrfTokenFor(out.session_token);
  out.user = std::move(user);
  return out;
}

Status Logout(Store& store, std::string_view session_token) {
  return store.DeleteSession(Sha256Hex(session_token));
}

namespace {

// The principal of `user`, and in `soonest_expiry` the seconds until the first release it
// relies on ends (unchanged when it relies on none).
Result<Principal> BuildPrincipal(Store& store, const User& user, int64_t& soonest_expiry) {
  Principal p;
  p.user_id = user.id;
  p.username = user.username;
  p.org_id = user.org_id;
  p.roles = user.roles;
  OM_TRY(Organization org, store.GetOrganization(user.org_id));
  p.org_humanitarian = org.humanitarian;
  p.compartments = EffectiveCompartments(user.compartments, org.humanitarian);
  OM_TRY(auto releases, store.ListReleases());
  std::string now = NowIso8601();
  for (const Release& r : releases) {
    if (!r.ActiveAt(now) || !Addresses(r, user.org_id, user.roles)) continue;
    (r.level == ReleaseLevel::kFull ? p.full : p.aggregate).push_back(r.scope);
    p.release_ids.push_back(r.meta.id);
    soonest_expiry = std::min(soonest_expiry, SecondsLeft(r.expires_at));
  }
  std::sort(p.release_ids.begin(), p.release_ids.end());
  return p;
}

Result<Authenticated> ForUser(Store& store, Id user_id, int64_t valid_for) {
  auto user = store.GetUser(user_id);
  if (!user.ok() || user->disabled) return Unauthenticated("the account is disabled");
  Authenticated a;
  OM_TRY(a.principal, BuildPrincipal(store, *user, valid_for));
  a.valid_for = std::max<int64_t>(0, std::min<int64_t>(valid_for, 60));
  return a;
}

}  // namespace

Result<Principal> PrincipalFor(Store& store, const User& user) {
  int64_t unused = 0;
  return BuildPrincipal(store, user, unused);
}

Result<Authenticated> AuthenticateSession(Store& store, std::string_view session_token) {
  if (session_token.empty()) return Unauthenticated("sign in first");
  std::string hash = Sha256Hex(session_token);
  OM_TRY(auto session, store.GetSession(hash));
  if (!session) return Unauthenticated("the session has ended; sign in again");
  int64_t left = SecondsLeft(session->expires_at);
  auto seen = SecondsUntil(session->last_seen_at);
  int64_t idle_left = seen ? kSessionIdleSeconds + *seen : 0;
  if (left <= 0 || idle_left <= 0) {
    (void)store.DeleteSession(hash);
    return Unauthenticated("the session has ended; sign in again");
  }
  if (seen && *seen < -300) (void)store.TouchSession(hash, NowIso8601());
  return ForUser(store, session->user_id, std::min(left, idle_left));
}

Result<Authenticated> AuthenticateToken(Store& store, std::string_view bearer_token) {
  if (bearer_token.empty()) return Unauthenticated("sign in first");
  OM_TRY(auto token, store.FindApiToken(Sha256Hex(bearer_token)));
  if (!token || !token->revoked_at.empty())
    return Unauthenticated("the API token is unknown or revoked");
  auto used = SecondsUntil(token->last_used_at);
  if (!used || *used < -300) (void)store.TouchApiToken(token->id, NowIso8601());
  return ForUser(store, token->user_id, 60);
}

Result<User> AddUser(Store& store, User user, std::string_view password) {
  OM_RETURN_IF_ERROR(CheckPasswordStrength(password));
  OM_TRY(Organization org, store.GetOrganization(user.org_id));
  for (const auto& c : user.compartments) OM_RETURN_IF_ERROR(CheckGrant(c, org.humanitarian));
  OM_TRY(user.password_hash, HashPassword(password));
  return store.CreateUser(std::move(user));
}

Status SetPassword(Store& store, Id user_id, std::string_view password) {
  OM_RETURN_IF_ERROR(CheckPasswordStrength(password));
  OM_TRY(User user, store.GetUser(user_id));
  OM_TRY(user.password_hash, HashPassword(password));
  user.failed_logins = 0;
  user.next_attempt_at.clear();
  user.locked_until.clear();
  OM_RETURN_IF_ERROR(store.UpdateUser(user));
  return store.DeleteUserSessions(user_id);
}

Result<std::pair<ApiToken, std::string>> IssueApiToken(Store& store, Id user, std::string name) {
  std::string secret = "om_" + RandomToken();
  ApiToken token;
  token.user_id = user;
  token.name = std::move(name);
  token.token_hash = Sha256Hex(secret);
  OM_TRY(token, store.CreateApiToken(std::move(token)));
  return std::pair<ApiToken, std::string>(std::move(token), std::move(secret));
}

}  // namespace om
