// Handlers for sign-in (/api/v1/session), users, API tokens, releases and the audit log.

#include <algorithm>
#include <charconv>

#include "core/date.h"
#include "core/log.h"
#include "core/text.h"
#include "http/handlers.h"
#include "service/audit.h"
#include "service/auth.h"
#include "store/audit_journal.h"

namespace om::http {

namespace json = boost::json;

namespace {

const char* kSessionCookie = "om_session";

Response Json(const json::value& v, unsigned status = 200) {
  return Response::Json(json::serialize(v), status);
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

std::optional<Response> Require(const Context& ctx, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (ctx.principal.Has(r)) return std::nullopt;
  }
  std::string names;
  for (Role r : roles) names += std::string(names.empty() ? "" : " or ") + RoleName(r);
  return Problem(403, "forbidden", "Forbidden", "this needs the " + names + " role");
}

bool ParseId(const std::string& text, Id& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && out > 0;
}

json::value OrgRef(Store& store, Id id) {
  auto org = store.GetOrganization(id);
  if (!org.ok()) return nullptr;
  return json::object{{"id", id},
                      {"name", org->name},
                      {"acronym", org->acronym},
                      {"humanitarian", org->humanitarian}};
}

json::value UserRef(Store& store, Id id) {
  if (id == 0) return nullptr;
  auto user = store.GetUser(id);
  if (!user.ok()) return json::object{{"id", id}, {"username", nullptr}};
  return json::object{{"id", id}, {"username", user->username}};
}

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::array RoleArray(RoleSet roles) {
  json::array out;
  for (int i = 0; i < kRoleCount; ++i) {
    if ((roles & RoleBit(static_cast<Role>(i))) != 0)
      out.emplace_back(RoleName(static_cast<Role>(i)));
  }
  return out;
}

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object UserToJson(Store& store, const User& u) {
  json::object o{{"id", u.id},
                 {"username", u.username},
                 {"display_name", u.display_name},
                 {"org", OrgRef(store, u.org_id)},
                 {"roles", RoleArray(u.roles)},
                 {"compartments", Strings(u.compartments)},
                 {"disabled", u.disabled},
                 {"created_at", u.created_at},
                 {"last_login_at", OrNull(u.last_login_at)}};
  auto left = SecondsUntil(u.locked_until);
  o["locked_until"] = left && *left > 0 ? json::value(u.locked_until) : json::value(nullptr);
  return o;
}

// The signed-in user as the client needs it: effective compartments.
json::object SessionUser(Store& store, const User& u, const Principal& p) {
  json::object o = UserToJson(store, u);
  o["compartments"] = Strings(p.compartments);
  return o;
}

// Body helpers: fields of a JSON object with per-field errors.
struct Body {
  json::object o;
  FieldErrors errors;
  bool Parse(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      errors.emplace_back("body", "must be a JSON object");
      return false;
    }
    o = std::move(v.get_object());
    return true;
  }
  bool Has(const char* f) const { return o.contains(f) && !o.at(f).is_null(); }
  std::string Text(const char* f) {
    if (!Has(f)) return "";
    if (!o.at(f).is_string()) {
      errors.emplace_back(f, "must be a string");
      return "";
    }
    return std::string(o.at(f).get_string());
  }
  std::vector<std::string> TextList(const char* f) {
    std::vector<std::string> out;
    if (!Has(f)) return out;
    if (!o.at(f).is_array()) {
      errors.emplace_back(f, "must be an array of strings");
      return out;
    }
    for (const auto& v : o.at(f).get_array()) {
      if (!v.is_string()) {
        errors.emplace_back(f, "must be an array of strings");
        return {};
      }
      out.emplace_back(v.get_string());
    }
    return out;
  }
  RoleSet Roles(const char* f) {
    RoleSet roles = 0;
    for (const auto& name : TextList(f)) {
      Role r{};
      if (ParseRole(name, r)) {
        roles |= RoleBit(r);
      } else {
        errors.emplace_back(f, "unknown role '" + name + "'");
      }
    }
    return roles;
  }
  Id IdField(const char* f) {
    if (!Has(f)) return 0;
    if (!o.at(f).is_int64() || o.at(f).get_int64() <= 0) {
      errors.emplace_back(f, "must be a positive integer id");
      return 0;
    }
    return o.at(f).get_int64();
  }
  Response Invalid() const {
    return Problem(400, "invalid-body", "Invalid request body",
                   errors.front().first + ": " + errors.front().second, errors);
  }
};

std::string SessionCookie(const Request& req, const std::string& value, int64_t max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (req.forwarded_proto == "https") cookie += "; Secure";
  return cookie;
}

Response::AuditNote Note(std::string action, const json::object& detail,
                         std::optional<Principal> actor = std::nullopt) {
  return {std::move(action), json::serialize(detail), std::move(actor)};
}

}  // namespace

// ---- session ----

Response CreateSession(Context& ctx, const Request& req) {
  // Only a script can send JSON: a form on another site cannot sign a browser in (login CSRF).
  if (req.content_type.rfind("application/json", 0) != 0) {
    return Problem(415, "unsupported-media-type", "Unsupported media type",
                   "send the credentials as application/json");
  }
  Body body;
  if (!body.Parse(req.body)) return body.Invalid();
  std::string username = body.Text("username");
  std::string password = body.Text("password");
  if (username.empty()) body.errors.emplace_back("username", "is required");
  if (password.empty()) body.errors.emplace_back("password", "is required");
  if (!body.errors.empty()) return body.Invalid();
  LoginOutcome out = Login(ctx.store, username, password);
  Principal who;
  who.username = username.substr(0, 100);
  json::object detail{{"remote", req.remote}};
  if (!out.status.ok()) {
    Response r;
    if (out.retry_after > 0) {
      r = Problem(429, "too-many-attempts", "Too many sign-in attempts", out.status.message());
      r.headers.emplace_back("Retry-After", std::to_string(out.retry_after));
      detail["throttled"] = true;
    } else if (out.status.code() == StatusCode::kPermissionDenied) {
      r = Problem(403, "account-locked", "Account locked", out.status.message());
      detail["locked"] = true;
    } else if (out.status.code() == StatusCode::kUnauthenticated) {
      r = Problem(401, "unauthenticated", "Sign-in failed", out.status.message());
    } else {
      return ProblemFromStatus(out.status);
    }
    if (out.user.id != 0) {
      who.user_id = out.user.id;
      who.org_id = out.user.org_id;
    }
    r.audit = Note("login-failed", detail, who);
    return r;
  }
  auto principal = PrincipalFor(ctx.store, out.user);
  if (!principal.ok()) return ProblemFromStatus(principal.status());
  // A session cookie planted before sign-in is ended, never promoted (session fixation).
  if (std::string old = req.Cookie(kSessionCookie); !old.empty()) (void)Logout(ctx.store, old);
  Response r = Json(json::object{{"user", SessionUser(ctx.store, out.user, *principal)},
                                 {"csrf_token", out.csrf_token}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(req, out.session_token, kSessionSeconds));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.audit = Note("login", detail, *principal);
  return r;
}

Response GetSession(Context& ctx, const Request& req) {
  auto user = ctx.store.GetUser(ctx.principal.user_id);
  if (!user.ok()) return ProblemFromStatus(user.status());
  std::string cookie = req.Cookie(kSessionCookie);
  Response r = Json(json::object{
      {"user", SessionUser(ctx.store, *user, ctx.principal)},
      {"csrf_token", cookie.empty() ? json::value(nullptr) : json::value(CsrfTokenFor(cookie))}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response DeleteSession(Context& ctx, const Request& req) {
  std::string cookie = req.Cookie(kSessionCookie);
  if (!cookie.empty()) {
    if (Status s = Logout(ctx.store, cookie); !s.ok()) return ProblemFromStatus(s);
  }
  Response r = NoContent();
  r.headers.emplace_back("Set-Cookie", SessionCookie(req, "", 0));
  r.audit = Note("logout", {});
  return r;
}

// ---- users ----

Response ListUsers(Context& ctx, const Request&) {
  if (auto denied = Require(ctx, {Role::kAdmin})) return *denied;
  auto users = ctx.store.ListUsers();
  if (!users.ok()) return ProblemFromStatus(users.status());
  json::array items;
  for (const User& u : *users) items.push_back(UserToJson(ctx.store, u));
  return Json(json::object{{"items", std::move(items)}});
}

Response CreateUser(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kAdmin})) return *denied;
  Body body;
  if (!body.Parse(req.body)) return body.Invalid();
  User u;
  u.username = body.Text("username");
  u.display_name = body.Text("display_name");
  u.org_id = body.IdField("org");
  u.roles = body.Roles("roles");
  u.compartments = body.TextList("compartments");
  std::string password = body.Text("password");
  if (Trim(u.username).empty()) body.errors.emplace_back("username", "is required");
  if (u.org_id == 0) body.errors.emplace_back("org", "is required");
  if (!body.errors.empty()) return body.Invalid();
  auto created = AddUser(ctx.store, u, password);
  if (!created.ok()) return ProblemFromStatus(created.status());
  Response r = Json(UserToJson(ctx.store, *created), 201);
  r.headers.emplace_back("Location", "/api/v1/users/" + std::to_string(created->id));
  r.audit = Note("user-add", {{"user", created->username}, {"roles", RoleList(created->roles)}});
  return r;
}

Response UpdateUser(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kAdmin})) return *denied;
  Id id = 0;
  if (!ParseId(req.params[0], id)) return Problem(404, "not-found", "Not found", "no such user");
  auto user = ctx.store.GetUser(id);
  if (!user.ok()) return ProblemFromStatus(user.status());
  Body body;
  if (!body.Parse(req.body)) return body.Invalid();
  User u = *user;
  json::object changes;
  if (body.Has("display_name")) u.display_name = body.Text("display_name");
  if (body.Has("roles")) {
    u.roles = body.Roles("roles");
    changes["roles"] = RoleList(u.roles);
  }
  if (body.Has("compartments")) {
    u.compartments = body.TextList("compartments");
    changes["compartments"] = Strings(u.compartments);
  }
  if (body.Has("disabled")) {
    if (!body.o.at("disabled").is_bool()) {
      body.errors.emplace_back("disabled", "must be true or false");
    } else {
      u.disabled = body.o.at("disabled").get_bool();
      changes["disabled"] = u.disabled;
    }
  }
  if (!body.errors.empty()) return body.Invalid();
  auto org = ctx.store.GetOrganization(u.org_id);
  if (!org.ok()) return ProblemFromStatus(org.status());
  for (const auto& c : u.compartments) {
    if (Status s = CheckGrant(c, org->humanitarian); !s.ok())
      return Problem(400, "invalid-body", "Invalid request body", s.message(),
                     {{"compartments", s.message()}});
  }
  if (Status s = ctx.store.UpdateUser(u); !s.ok()) return ProblemFromStatus(s);
  if (u.disabled) (void)ctx.store.DeleteUserSessions(u.id);
  changes["user"] = u.username;
  Response r = Json(UserToJson(ctx.store, u));
  r.audit = Note("user-update", changes);
  return r;
}

Response ResetUserPassword(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kAdmin})) return *denied;
  Id id = 0;
  if (!ParseId(req.params[0], id)) return Problem(404, "not-found", "Not found", "no such user");
  Body body;
  if (!body.Parse(req.body)) return body.Invalid();
  std::string password = body.Text("password");
  if (!body.errors.empty()) return body.Invalid();
  if (Status s = SetPassword(ctx.store, id, password); !s.ok()) return ProblemFromStatus(s);
  Response r = NoContent();
  r.audit = Note("user-password", {{"user_id", id}});
  return r;
}

// ---- API tokens ----

Response ListTokens(Context& ctx, const Request&) {
  bool admin = ctx.principal.Has(Role::kAdmin);
  auto tokens = ctx.store.ListApiTokens(admin ? 0 : ctx.principal.user_id);
  if (!tokens.ok()) return ProblemFromStatus(tokens.status());
  json::array items;
  for (const ApiToken& t : *tokens) {
    items.push_back(json::object{{"id", t.id},
                                 {"name", t.name},
                                 {"user", UserRef(ctx.store, t.user_id)},
                                 {"created_at", t.created_at},
                                 {"last_used_at", OrNull(t.last_used_at)},
                                 {"revoked_at", OrNull(t.revoked_at)}});
  }
  return Json(json::object{{"items", std::move(items)}});
}

Response CreateToken(Context& ctx, const Request& req) {
  Body body;
  if (!req.body.empty() && !body.Parse(req.body)) return body.Invalid();
  std::string name = body.Text("name");
  if (!body.errors.empty()) return body.Invalid();
  if (name.size() > 100) return InvalidParameters({{"name", "at most 100 characters"}});
  auto issued = IssueApiToken(ctx.store, ctx.principal.user_id, name);
  if (!issued.ok()) return ProblemFromStatus(issued.status());
  Response r =
      Json(json::object{{"id", issued->first.id}, {"name", name}, {"token", issued->second}}, 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.audit = Note("token-create", {{"token_id", issued->first.id}, {"name", name}});
  return r;
}

Response RevokeToken(Context& ctx, const Request& req) {
  Id id = 0;
  auto not_found = Problem(404, "not-found", "Not found", "no such token");
  if (!ParseId(req.params[0], id)) return not_found;
  auto token = ctx.store.GetApiToken(id);
  if (!token.ok()) return not_found;
  if (token->user_id != ctx.principal.user_id && !ctx.principal.Has(Role::kAdmin)) return not_found;
  if (Status s = ctx.store.RevokeApiToken(id, NowIso8601()); !s.ok()) return ProblemFromStatus(s);
  Response r = NoContent();
  r.audit = Note("token-revoke", {{"token_id", id}});
  return r;
}

// ---- releases ----

namespace {

json::object ReleaseToJson(Store& store, const Release& r) {
  json::array orgs;
  for (Id id : r.recipient_orgs) {
    auto org = store.GetOrganization(id);
    orgs.push_back(json::object{{"id", id}, {"name", org.ok() ? org->name : ""}});
  }
  json::array roles = RoleArray(r.recipient_roles);
  return {{"id", r.meta.id},
          {"compartment", r.scope.compartment},
          {"sector", OrNull(r.scope.sector)},
          {"place", OrNull(r.scope.place)},
          {"from", OrNull(r.scope.from.ToIso())},
          {"to", OrNull(r.scope.to.ToIso())},
          {"recipient_orgs", std::move(orgs)},
          {"recipient_roles", std::move(roles)},
          {"level", ReleaseLevelName(r.level)},
          {"reason", r.reason},
          {"expires_at", r.expires_at},
          {"created_at", r.meta.created_at},
          {"created_by", UserRef(store, r.created_by)},
          {"revoked_at", OrNull(r.revoked_at)},
          {"revoked_by", UserRef(store, r.revoked_by)},
          {"active", r.ActiveAt(NowIso8601())}};
}

// "YYYY-MM-DD" (end of that day, UTC) or a full "YYYY-MM-DDTHH:MM:SSZ".
bool ParseExpiry(const std::string& text, std::string& out) {
  if (SecondsUntil(text)) {
    out = text;
    return true;
  }
  auto d = ParseIsoDate(text);
  if (!d.ok()) return false;
  out = d->ToIso() + "T23:59:59Z";
  return true;
}

}  // namespace

Response ListReleases(Context& ctx, const Request&) {
  auto releases = ctx.store.ListReleases();
  if (!releases.ok()) return ProblemFromStatus(releases.status());
  bool all = ctx.principal.Has(Role::kHc) || ctx.principal.Has(Role::kAdmin);
  json::array items;
  for (const Release& r : *releases) {
    if (!all && !std::binary_search(ctx.principal.release_ids.begin(),
                                    ctx.principal.release_ids.end(), r.meta.id)) {
      continue;
    }
    items.push_back(ReleaseToJson(ctx.store, r));
  }
  return Json(json::object{{"items", std::move(items)}});
}

Response CreateRelease(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kHc})) return *denied;
  Body body;
  if (!body.Parse(req.body)) return body.Invalid();
  Release r;
  r.scope.compartment = body.Text("compartment");
  if (r.scope.compartment.empty())
    body.errors.emplace_back("compartment", "is required");
  else if (!IsValidCompartmentName(r.scope.compartment) || r.scope.compartment == kNoCompartment)
    body.errors.emplace_back("compartment", "not a compartment name");
  r.scope.sector = body.Text("sector");
  r.scope.place = std::string(Trim(body.Text("place")));
  if (!r.scope.place.empty()) {
    auto place = ctx.store.GetPlace(r.scope.place);
    if (!place.ok() || !place->has_value())
      body.errors.emplace_back("place", "unknown p-code '" + r.scope.place + "'");
  }
  for (auto [name, date] : {std::pair{"from", &r.scope.from}, std::pair{"to", &r.scope.to}}) {
    std::string text = body.Text(name);
    if (text.empty()) continue;
    auto d = ParseIsoDate(text);
    if (d.ok()) {
      *date = *d;
    } else {
      body.errors.emplace_back(name, "must be YYYY-MM-DD");
    }
  }
  if (body.Has("recipient_orgs")) {
    if (!body.o.at("recipient_orgs").is_array()) {
      body.errors.emplace_back("recipient_orgs", "must be an array of organization ids");
    } else {
      for (const auto& v : body.o.at("recipient_orgs").get_array()) {
        if (!v.is_int64() || !ctx.store.GetOrganization(v.get_int64()).ok()) {
          body.errors.emplace_back("recipient_orgs", "unknown organization " + json::serialize(v));
        } else {
          r.recipient_orgs.push_back(v.get_int64());
        }
      }
    }
  }
  r.recipient_roles = body.Roles("recipient_roles");
  if (r.recipient_orgs.empty() && r.recipient_roles == 0)
    body.errors.emplace_back("recipient_orgs", "name at least one organization or role");
  std::string level = body.Text("level");
  if (!ParseReleaseLevel(level, r.level))
    body.errors.emplace_back("level", "must be aggregate or full");
  r.reason = std::string(Trim(body.Text("reason")));
  if (r.reason.empty()) body.errors.emplace_back("reason", "is required");
  std::string expires = body.Text("expires_at");
  if (!ParseExpiry(expires, r.expires_at)) {
    body.errors.emplace_back("expires_at", "is required: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  } else if (r.expires_at <= NowIso8601()) {
    body.errors.emplace_back("expires_at", "is in the past");
  }
  if (!body.errors.empty()) return body.Invalid();
  r.meta.org_id = ctx.principal.org_id;
  r.created_by = ctx.principal.user_id;
  auto created = ctx.store.CreateRelease(r);
  if (!created.ok()) return ProblemFromStatus(created.status());
  json::object out = ReleaseToJson(ctx.store, *created);
  Response resp = Json(out, 201);
  resp.headers.emplace_back("Location", "/api/v1/releases/" + std::to_string(created->meta.id));
  resp.audit = Note("release", out);
  return resp;
}

Response RevokeRelease(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kHc})) return *denied;
  Id id = 0;
  if (!ParseId(req.params[0], id)) return Problem(404, "not-found", "Not found", "no such release");
  auto release = ctx.store.GetRelease(id);
  if (!release.ok()) return ProblemFromStatus(release.status());
  Status s = ctx.store.RevokeRelease(id, ctx.principal.user_id, NowIso8601());
  if (!s.ok()) return ProblemFromStatus(s);
  Response r = NoContent();
  r.audit = Note("revoke", {{"release_id", id}});
  return r;
}

// ---- audit ----

Response ListAudit(Context& ctx, const Request& req) {
  if (auto denied = Require(ctx, {Role::kAdmin, Role::kHc})) return *denied;
  Store::AuditQuery q;
  FieldErrors errors;
  if (const std::string& limit = req.Query("limit"); !limit.empty()) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), n);
    if (ec != std::errc() || ptr != limit.data() + limit.size() || n < 1 || n > 1000)
      errors.emplace_back("limit", "must be 1..1000");
    q.limit = static_cast<int>(n);
  }
  if (const std::string& cursor = req.Query("cursor"); !cursor.empty()) {
    if (!ParseId(cursor, q.before))
      errors.emplace_back("cursor", "not a cursor returned by this API");
  }
  q.action = req.Query("action");
  if (const std::string& user = req.Query("user"); !user.empty()) {
    auto found = ctx.store.FindUser(user);
    if (found.ok() && found->has_value()) {
      q.user_id = (*found)->id;
    } else if (!ParseId(user, q.user_id)) {
      errors.emplace_back("user", "no user '" + user + "'");
    }
  }
  if (!errors.empty()) return InvalidParameters(errors);
  // Readers see every entry written so far, not only those the journal already copied.
  if (ctx.audit_journal != nullptr) {
    if (Status s = ctx.audit_journal->Sync(); !s.ok()) {
      Log().error("audit journal: {}", s.ToString());
      return Problem(503, "audit-unavailable", "Audit log unavailable",
                     "the audit log cannot be brought up to date");
    }
  }
  auto entries = ctx.store.ListAudit(q);
  if (!entries.ok()) return ProblemFromStatus(entries.status());
  json::array items;
  for (const AuditEntry& e : *entries) {
    boost::system::error_code ec;
    json::value detail = json::parse(e.detail, ec);
    items.push_back(json::object{
        {"seq", e.seq},
        {"at", e.at},
        {"user", e.user_id == 0 && e.username.empty()
                     ? json::value(nullptr)
                     : json::value(json::object{{"id", e.user_id}, {"username", e.username}})},
        {"org_id", e.org_id},
        {"action", e.action},
        {"endpoint", e.endpoint},
        {"detail", ec ? json::value(e.detail) : detail},
        {"hash", e.hash}});
  }
  json::value next = nullptr;
  if (static_cast<int>(entries->size()) == q.limit && !entries->empty())
    next = json::value(std::to_string(entries->back().seq));
  return Json(json::object{{"items", std::move(items)}, {"next_cursor", next}});
}

}  // namespace om::http
