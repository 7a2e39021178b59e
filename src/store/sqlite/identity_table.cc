// Users, sessions, API tokens, releases and the audit log in SQLite.
#include <algorithm>
#include <cstdlib>

#include "core/crypto.h"
#include "core/date.h"
#include "core/text.h"
#include "store/sqlite/sqlite_store.h"

namespace om::sqlite {
namespace {

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> SplitComma(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view part : SplitView(text, ',')) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

std::string JoinIds(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::vector<Id> SplitIds(std::string_view text) {
  std::vector<Id> out;
  for (const auto& part : SplitComma(text)) out.push_back(std::strtoll(part.c_str(), nullptr, 10));
  return out;
}

constexpr const char* kUserColumns =
    "SELECT id, username, display_name, org_id, roles, compartments, password_hash, disabled,"
    " failed_logins, next_attempt_at, locked_until, created_at, last_login_at, version"
    " FROM users ";

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.org_id = s.Int(3);
  auto roles = ParseRoles(s.TextView(4));
  u.roles = roles.ok() ? *roles : 0;  // unknown stored roles grant nothing
  u.compartments = SplitComma(s.TextView(5));
  u.password_hash = s.Text(6);
  u.disabled = s.Int(7) != 0;
  u.failed_logins = static_cast<int>(s.Int(8));
  u.next_attempt_at = s.Text(9);
  u.locked_until = s.Text(10);
  u.created_at = s.Text(11);
  u.last_login_at = s.Text(12);
  u.version = s.Int(13);
  return u;
}

constexpr const char* kTokenColumns =
    "SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at FROM api_tokens ";

ApiToken ReadToken(const Stmt& s) {
  return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
}

constexpr const char* kReleaseColumns =
    "SELECT r.id, r.created_at, r.updated_at, r.version, coalesce(r.org_id, 0), r.compartment,"
    " r.sector, r.place, r.from_date, r.to_date, r.recipient_orgs, r.recipient_roles, r.level,"
    " r.reason, r.expires_at, r.created_by, r.revoked_at, coalesce(r.revoked_by, 0),"
    " coalesce(p.level, -1) FROM releases r LEFT JOIN places p ON p.pcode = r.place ";

Release ReadRelease(const Stmt& s) {
  Release r;
  r.meta.id = s.Int(0);
  r.meta.created_at = s.Text(1);
  r.meta.updated_at = s.Text(2);
  r.meta.version = s.Int(3);
  r.meta.org_id = s.Int(4);
  r.meta.compartment = s.Text(5);
  r.scope.compartment = s.Text(5);
  r.scope.sector = s.Text(6);
  r.scope.place = s.Text(7);
  if (auto d = ParseIsoDate(s.TextView(8)); d.ok()) r.scope.from = *d;
  if (auto d = ParseIsoDate(s.TextView(9)); d.ok()) r.scope.to = *d;
  r.recipient_orgs = SplitIds(s.TextView(10));
  auto roles = ParseRoles(s.TextView(11));
  r.recipient_roles = roles.ok() ? *roles : 0;
  ParseReleaseLevel(s.TextView(12), r.level);
  r.reason = s.Text(13);
  r.expires_at = s.Text(14);
  r.created_by = s.Int(15);
  r.revoked_at = s.Text(16);
  r.revoked_by = s.Int(17);
  r.scope.place_level = static_cast<int>(s.Int(18));
  return r;
}

constexpr const char* kAuditColumns =
    "SELECT seq, at, user_id, username, org_id, action, endpoint, detail, prev_hash, hash"
    " FROM audit_log ";

AuditEntry ReadAudit(const Stmt& s) {
  AuditEntry e;
  e.seq = s.Int(0);
  e.at = s.Text(1);
  e.user_id = s.Int(2);
  e.username = s.Text(3);
  e.org_id = s.Int(4);
  e.action = s.Text(5);
  e.endpoint = s.Text(6);
  e.detail = s.Text(7);
  e.prev_hash = s.Text(8);
  e.hash = s.Text(9);
  return e;
}

}  // namespace

// ---- users ----

Result<User> SqliteStore::CreateUser(User u) {
  if (Trim(u.username).empty()) return InvalidArgument("username is empty");
  OM_TRY(auto existing, FindUser(u.username));
  if (existing) return AlreadyExists("user '" + u.username + "' already exists");
  u.created_at = NowIso8601();
  StmtHandle s = db_->Prepare(
      "INSERT INTO users (created_at, updated_at, username, display_name, org_id, roles,"
      " compartments, password_hash, disabled) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.Bind(1, u.created_at);
  s.Bind(2, std::string(Trim(u.username)));
  s.Bind(3, u.display_name);
  s.Bind(4, u.org_id);
  s.Bind(5, RoleList(u.roles));
  s.Bind(6, JoinComma(u.compartments));
  s.Bind(7, u.password_hash);
  s.Bind(8, u.disabled ? 1 : 0);
  OM_RETURN_IF_ERROR(s.Run());
  u.id = db_->LastInsertId();
  u.version = 1;
  OM_RETURN_IF_ERROR(Changed(kAuthCounter));
  return u;
}

Result<User> SqliteStore::GetUser(Id id) {
  StmtHandle s = db_->Prepare(std::string(kUserColumns) + "WHERE id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    OM_RETURN_IF_ERROR(s.status());
    return NotFound("no user " + std::to_string(id));
  }
  return ReadUser(s);
}

Result<std::optional<User>> SqliteStore::FindUser(std::string_view username) {
  StmtHandle s = db_->Prepare(std::string(kUserColumns) + "WHERE username = ?1");
  s.Bind(1, Trim(username));
  if (s.Step()) return std::optional<User>(ReadUser(s));
  OM_RETURN_IF_ERROR(s.status());
  return std::optional<User>();
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  StmtHandle s = db_->Prepare(std::string(kUserColumns) + "ORDER BY username");
  std::vector<User> users;
  while (s.Step()) users.push_back(ReadUser(s));
  OM_RETURN_IF_ERROR(s.status());
  return users;
}

Status SqliteStore::UpdateUser(const User& u) {
  StmtHandle s = db_->Prepare(
      "UPDATE users SET updated_at = ?2, version = version + 1, display_name = ?3, org_id = ?4,"
      " roles = ?5, compartments = ?6, password_hash = ?7, disabled = ?8, failed_logins = ?9,"
      " next_attempt_at = ?10, locked_until = ?11 WHERE id = ?1");
  s.Bind(1, u.id);
  s.Bind(2, NowIso8601());
  s.Bind(3, u.display_name);
  s.Bind(4, u.org_id);
  s.Bind(5, RoleList(u.roles));
  s.Bind(6, JoinComma(u.compartments));
  s.Bind(7, u.password_hash);
  s.Bind(8, u.disabled ? 1 : 0);
  s.Bind(9, u.failed_logins);
  s.Bind(10, u.next_attempt_at);
  s.Bind(11, u.locked_until);
  OM_RETURN_IF_ERROR(s.Run());
  if (db_->Changes() == 0) return NotFound("no user " + std::to_string(u.id));
  return Changed(kAuthCounter);
}

Status SqliteStore::RecordLoginAttempt(const User& u) {
  StmtHandle s = db_->Prepare(
      "UPDATE users SET failed_logins = ?2, next_attempt_at = ?3, locked_until = ?4,"
      " last_login_at = ?5 WHERE id = ?1");
  s.Bind(1, u.id);
  s.Bind(2, u.failed_logins);
  s.Bind(3, u.next_attempt_at);
  s.Bind(4, u.locked_until);
  s.Bind(5, u.last_login_at);
  return s.Run();
}

// ---- sessions ----

Status SqliteStore::CreateSession(const Session& session) {
  StmtHandle s = db_->Prepare(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5)");
  s.Bind(1, session.token_hash);
  s.Bind(2, session.user_id);
  s.Bind(3, session.created_at);
  s.Bind(4, session.expires_at);
  s.Bind(5, session.last_seen_at);
  return s.Run();
}

Result<std::optional<Session>> SqliteStore::GetSession(std::string_view token_hash) {
  StmtHandle s = db_->Prepare(
      "SELECT token_hash, user_id, created_at, expires_at, last_seen_at FROM sessions"
      " WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  if (s.Step())
    return std::optional<Session>(Session{s.Text(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4)});
  OM_RETURN_IF_ERROR(s.status());
  return std::optional<Session>();
}

Status SqliteStore::TouchSession(std::string_view token_hash, std::string_view at) {
  StmtHandle s = db_->Prepare("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  s.Bind(2, at);
  return s.Run();
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  StmtHandle s = db_->Prepare("DELETE FROM sessions WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  OM_RETURN_IF_ERROR(s.Run());
  return Changed(kAuthCounter);
}

Status SqliteStore::DeleteUserSessions(Id user) {
  StmtHandle s = db_->Prepare("DELETE FROM sessions WHERE user_id = ?1");
  s.Bind(1, user);
  OM_RETURN_IF_ERROR(s.Run());
  return Changed(kAuthCounter);
}

Status SqliteStore::DeleteExpiredSessions(std::string_view now) {
  StmtHandle s = db_->Prepare("DELETE FROM sessions WHERE expires_at <= ?1");
  s.Bind(1, now);
  OM_RETURN_IF_ERROR(s.Run());
  return db_->Changes() == 0 ? Status::Ok() : Changed(kAuthCounter);
}

// ---- API tokens ----

Result<ApiToken> SqliteStore::CreateApiToken(ApiToken t) {
  t.created_at = NowIso8601();
  StmtHandle s = db_->Prepare(
      "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
  s.Bind(1, t.user_id);
  s.Bind(2, t.name);
  s.Bind(3, t.token_hash);
  s.Bind(4, t.created_at);
  OM_RETURN_IF_ERROR(s.Run());
  t.id = db_->LastInsertId();
  OM_RETURN_IF_ERROR(Changed(kAuthCounter));
  return t;
}

Result<std::optional<ApiToken>> SqliteStore::FindApiToken(std::string_view token_hash) {
  StmtHandle s = db_->Prepare(std::string(kTokenColumns) + "WHERE token_hash = ?1");
  s.Bind(1, token_hash);
  if (s.Step()) return std::optional<ApiToken>(ReadToken(s));
  OM_RETURN_IF_ERROR(s.status());
  return std::optional<ApiToken>();
}

Result<ApiToken> SqliteStore::GetApiToken(Id id) {
  StmtHandle s = db_->Prepare(std::string(kTokenColumns) + "WHERE id = ?1");
  s.Bind(1, id);
  if (s.Step()) return ReadToken(s);
  OM_RETURN_IF_ERROR(s.status());
  return NotFound("no token " + std::to_string(id));
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens(Id user) {
  StmtHandle s =
      db_->Prepare(std::string(kTokenColumns) + "WHERE ?1 = 0 OR user_id = ?1 ORDER BY id");
  s.Bind(1, user);
  std::vector<ApiToken> tokens;
  while (s.Step()) tokens.push_back(ReadToken(s));
  OM_RETURN_IF_ERROR(s.status());
  return tokens;
}

Status SqliteStore::RevokeApiToken(Id id, std::string_view at) {
  StmtHandle s =
      db_->Prepare("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = ''");
  s.Bind(1, id);
  s.Bind(2, at);
  OM_RETURN_IF_ERROR(s.Run());
  return Changed(kAuthCounter);
}

Status SqliteStore::TouchApiToken(Id id, std::string_view at) {
  StmtHandle s = db_->Prepare("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1");
  s.Bind(1, id);
  s.Bind(2, at);
  return s.Run();
}

// ---- releases ----

Result<Release> SqliteStore::CreateRelease(Release r) {
  r.meta.created_at = r.meta.updated_at = NowIso8601();
  r.meta.version = 1;
  StmtHandle s = db_->Prepare(
      "INSERT INTO releases (created_at, updated_at, org_id, compartment, sector, place,"
      " from_date, to_date, recipient_orgs, recipient_roles, level, reason, expires_at,"
      " created_by) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  s.Bind(1, r.meta.created_at);
  s.BindIdOrNull(2, r.meta.org_id);
  s.Bind(3, r.scope.compartment);
  s.Bind(4, r.scope.sector);
  s.Bind(5, r.scope.place);
  s.Bind(6, r.scope.from.ToIso());
  s.Bind(7, r.scope.to.ToIso());
  s.Bind(8, JoinIds(r.recipient_orgs));
  s.Bind(9, RoleList(r.recipient_roles));
  s.Bind(10, ReleaseLevelName(r.level));
  s.Bind(11, r.reason);
  s.Bind(12, r.expires_at);
  s.Bind(13, r.created_by);
  OM_RETURN_IF_ERROR(s.Run());
  Id id = db_->LastInsertId();
  OM_RETURN_IF_ERROR(Changed(kAuthCounter));
  return GetRelease(id);
}

Result<Release> SqliteStore::GetRelease(Id id) {
  StmtHandle s = db_->Prepare(std::string(kReleaseColumns) + "WHERE r.id = ?1");
  s.Bind(1, id);
  if (s.Step()) return ReadRelease(s);
  OM_RETURN_IF_ERROR(s.status());
  return NotFound("no release " + std::to_string(id));
}

Result<std::vector<Release>> SqliteStore::ListReleases() {
  StmtHandle s = db_->Prepare(std::string(kReleaseColumns) + "ORDER BY r.id DESC");
  std::vector<Release> releases;
  while (s.Step()) releases.push_back(ReadRelease(s));
  OM_RETURN_IF_ERROR(s.status());
  return releases;
}

Status SqliteStore::RevokeRelease(Id id, Id by, std::string_view at) {
  StmtHandle s = db_->Prepare(
      "UPDATE releases SET revoked_at = ?2, revoked_by = ?3, updated_at = ?2,"
      " version = version + 1 WHERE id = ?1 AND revoked_at = ''");
  s.Bind(1, id);
  s.Bind(2, at);
  s.Bind(3, by);
  OM_RETURN_IF_ERROR(s.Run());
  if (db_->Changes() == 0)
    return FailedPrecondition("release " + std::to_string(id) + " is already revoked");
  return Changed(kAuthCounter);
}

// ---- audit ----

// Reading the head and appending happen in one write transaction, so concurrent appenders
// (threads or processes) extend the chain one after the other.
// The anchor is read once and written once per batch, so a group commit of many entries costs
// one INSERT each.
Status SqliteStore::AppendAuditBatch(std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  bool own_transaction = sqlite3_get_autocommit(db_->handle()) != 0;
  if (own_transaction) OM_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
  auto append = [&]() -> Status {
    StmtHandle head = db_->Prepare("SELECT count, head FROM audit_anchor WHERE id = 1");
    if (!head.Step()) return head.status().ok() ? Internal("no audit anchor") : head.status();
    int64_t seq = head.Int(0);
    std::string prev = head.Text(1);
    static_cast<Stmt&>(head).Rewind();
    StmtHandle s = db_->Prepare(
        "INSERT INTO audit_log (seq, at, user_id, username, org_id, action, endpoint, detail,"
        " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    std::string now;
    for (AuditEntry& e : entries) {
      e.seq = ++seq;
      e.prev_hash = std::move(prev);
      if (e.at.empty()) {
        if (now.empty()) now = NowIso8601();
        e.at = now;
      }
      if (e.detail.empty()) e.detail = "{}";
      e.hash = Sha256Hex(AuditHashInput(e));
      s.Bind(1, e.seq);
      s.Bind(2, e.at);
      s.Bind(3, e.user_id);
      s.Bind(4, e.username);
      s.Bind(5, e.org_id);
      s.Bind(6, e.action);
      s.Bind(7, e.endpoint);
      s.Bind(8, e.detail);
      s.Bind(9, e.prev_hash);
      s.Bind(10, e.hash);
      OM_RETURN_IF_ERROR(s.Run());
      static_cast<Stmt&>(s).Rewind();
      prev = e.hash;
    }
    StmtHandle anchor = db_->Prepare("UPDATE audit_anchor SET count = ?1, head = ?2 WHERE id = 1");
    anchor.Bind(1, seq);
    anchor.Bind(2, prev);
    return anchor.Run();
  };
  Status status = append();
  if (own_transaction) {
    if (status.ok()) status = db_->Exec("COMMIT");
    if (!status.ok()) (void)db_->Exec("ROLLBACK");
  }
  return status;
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(const AuditQuery& q) {
  StmtHandle s = db_->Prepare(std::string(kAuditColumns) +
                              "WHERE (?1 = 0 OR seq < ?1) AND (?2 = '' OR action = ?2)"
                              " AND (?3 = 0 OR user_id = ?3) ORDER BY seq DESC LIMIT ?4");
  s.Bind(1, q.before);
  s.Bind(2, q.action);
  s.Bind(3, q.user_id);
  s.Bind(4, static_cast<int64_t>(std::clamp(q.limit, 1, 1000)));
  std::vector<AuditEntry> entries;
  while (s.Step()) entries.push_back(ReadAudit(s));
  OM_RETURN_IF_ERROR(s.status());
  return entries;
}

Status SqliteStore::ScanAudit(const std::function<bool(const AuditEntry&)>& visit) {
  StmtHandle s = db_->Prepare(std::string(kAuditColumns) + "ORDER BY seq");
  while (s.Step()) {
    if (!visit(ReadAudit(s))) break;
  }
  return s.status();
}

Result<std::pair<int64_t, std::string>> SqliteStore::AuditAnchor() {
  StmtHandle s = db_->Prepare("SELECT count, head FROM audit_anchor WHERE id = 1");
  if (!s.Step()) return s.status().ok() ? Internal("no audit anchor") : s.status();
  return std::pair<int64_t, std::string>(s.Int(0), s.Text(1));
}

Result<int64_t> SqliteStore::AuditJournalApplied() {
  StmtHandle s = db_->Prepare("SELECT journal_applied FROM audit_anchor WHERE id = 1");
  if (!s.Step()) return s.status().ok() ? Internal("no audit anchor") : s.status();
  return s.Int(0);
}

Status SqliteStore::SetAuditJournalApplied(int64_t jseq) {
  StmtHandle s = db_->Prepare("UPDATE audit_anchor SET journal_applied = ?1 WHERE id = 1");
  s.Bind(1, jseq);
  return s.Run();
}

}  // namespace om::sqlite
