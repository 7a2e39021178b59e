#include "http/dispatch.h"

#include <boost/url.hpp>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "core/crypto.h"
#include "core/log.h"
#include "core/text.h"
#include "http/static_files.h"
#include "service/auth.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/sqlite_store.h"

namespace om::http {
namespace {

struct CachedResponse {
  int64_t data_version = 0;
  Response response;
};

struct CachedPrincipal {
  int64_t auth_version = 0;
  std::chrono::steady_clock::time_point until;
  Principal principal;
};

constexpr size_t kCacheEntries = 512;

bool ParseTarget(Request& req) {
  auto url = boost::urls::parse_origin_form(req.target);
  if (!url) return false;
  req.path = std::string(url->path());
  for (auto param : url->params()) req.query[std::string(param.key)] = std::string(param.value);
  return true;
}

bool SafeMethod(const std::string& method) { return method == "GET" || method == "HEAD"; }

}  // namespace

// The checkpointer of a database, for every connection of this process: it lives until exit,
// after the threads' connections (thread-local) have closed.
static sqlite::Checkpointer* CheckpointerFor(const std::string& path) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::unique_ptr<sqlite::Checkpointer>> checkpointers;
  std::lock_guard lock(mutex);
  auto& c = checkpointers[path];
  if (c == nullptr) c = std::make_unique<sqlite::Checkpointer>(path);
  return c.get();
}

Dispatcher::Dispatcher(const ServerOptions& options)
    : options_(options),
      router_(BuildRouter()),
      audit_(std::make_unique<AuditWriter>([this](std::vector<AuditEntry>& batch) -> Status {
        if (journal_ == nullptr) return FailedPrecondition("the audit journal is not open");
        return journal_->Append(batch);
      })) {}

Status Dispatcher::CheckDatabase() {
  OM_RETURN_IF_ERROR(InitCrypto());
  OM_TRY(Store * store, ThreadStore());
  OM_TRY(int version, store->SchemaVersion());
  if (version == 0)
    return FailedPrecondition("database is empty: run `onemission migrate` or `onemission demo`");
  const std::string& path = options_.db_path;
  // The journal's connection only appends to the audit log: a small cache will do (a full one
  // would fill with pages of the log it never reads again).
  OM_TRY(journal_, AuditJournal::Open(path, [path]() -> Result<std::unique_ptr<Store>> {
           return OpenSqliteStore(path, CheckpointerFor(path), 2);
         }));
  return Status::Ok();
}

Result<Store*> Dispatcher::ThreadStore() {
  thread_local std::unordered_map<std::string, std::unique_ptr<Store>> stores;
  auto it = stores.find(options_.db_path);
  if (it != stores.end()) return it->second.get();
  OM_TRY(auto store, OpenSqliteStore(options_.db_path, CheckpointerFor(options_.db_path)));
  OM_RETURN_IF_ERROR(store->Migrate());
  Store* raw = store.get();
  stores.emplace(options_.db_path, std::move(store));
  return raw;
}

Response Dispatcher::TooLarge() const {
  return Problem(413, "too-large", "Payload too large", "request bodies are limited to 32 MiB");
}

// The principal of a bearer token or session cookie, from a per-thread cache that is dropped
// whenever users, tokens, sessions or releases change, and kept at most until the session or a
// release it relies on ends (and never more than a minute).
Result<Principal> Dispatcher::Authenticate(const Request& req, Store& store, bool& by_cookie) {
  thread_local std::unordered_map<std::string, CachedPrincipal> cache;
  std::string key;
  by_cookie = false;
  if (StartsWith(req.authorization, "Bearer ")) {
    key = "t" + std::string(Trim(std::string_view(req.authorization).substr(7)));
  } else if (std::string cookie = req.Cookie("om_session"); !cookie.empty()) {
    key = "s" + cookie;
    by_cookie = true;
  } else {
    return Unauthenticated("sign in first: POST /api/v1/session, or send a bearer token");
  }
  OM_TRY(int64_t version, store.AuthVersion());
  auto now = std::chrono::steady_clock::now();
  if (auto it = cache.find(key); it != cache.end()) {
    if (it->second.auth_version == version && now < it->second.until) return it->second.principal;
    cache.erase(it);
  }
  std::string_view secret = std::string_view(key).substr(1);
  OM_TRY(Authenticated a,
         by_cookie ? AuthenticateSession(store, secret) : AuthenticateToken(store, secret));
  if (cache.size() >= kCacheEntries) cache.clear();
  cache[key] = {version, now + std::chrono::seconds(a.valid_for), a.principal};
  return a.principal;
}

Response Dispatcher::Route(Request& req, Store& store, const Principal& principal,
                           const om::http::Route* route) {
  if (route != nullptr) {
    Context ctx{store, principal, journal_.get()};
    return route->handler(ctx, req);
  }
  if (req.path.rfind("/data/", 0) == 0) {
    if (auto r = ServeStatic(options_.data_root, req.path.substr(5), false)) return *r;
  } else if (auto r = ServeStatic(options_.web_root, req.path, true)) {
    return *r;
  }
  return Problem(404, "not-found", "Not found", "no resource at " + req.path);
}

Response Dispatcher::Run(Request& req, Store& store) {
  // HEAD is GET whose body the connection leaves out (Session::Write): same access checks, same
  // audit entry (the length of a response is information too).
  if (req.method == "HEAD") req.method = "GET";
  bool path_known = false;
  const om::http::Route* route = router_.Match(req.method, req.path, req.params, path_known);
  bool api = req.path.rfind("/api/", 0) == 0;
  if (route == nullptr) {
    if (path_known)
      return Problem(405, "method-not-allowed", "Method not allowed",
                     req.method + " is not allowed on " + req.path);
    if (api || req.method != "GET")
      return Problem(404, "not-found", "Not found", "no resource at " + req.path);
    // The client application itself is public; the data files it loads are not.
    if (req.path.rfind("/data/", 0) != 0) return Route(req, store, Principal{}, nullptr);
  }
  if (route != nullptr && route->doc.public_route) return Route(req, store, Principal{}, route);

  bool by_cookie = false;
  auto principal = Authenticate(req, store, by_cookie);
  if (!principal.ok()) {
    if (principal.status().code() != StatusCode::kUnauthenticated)
      throw std::runtime_error(principal.status().ToString());
    Response r =
        Problem(401, "unauthenticated", "Authentication required", principal.status().message());
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  // Cookies ride along with requests other sites make; writes must prove they come from our
  // page. Bearer tokens are never sent by a browser on its own.
  if (by_cookie && !SafeMethod(req.method) &&
      !ConstantTimeEquals(req.csrf_token, CsrfTokenFor(req.Cookie("om_session")))) {
    return Problem(403, "csrf", "Missing or wrong CSRF token",
                   "send the csrf_token of your session in the X-CSRF-Token header");
  }
  if (req.method == "GET" && req.path == "/api/v1/activities") {
    // Encoded list pages, per caller view, valid while the data are unchanged.
    thread_local std::unordered_map<std::string, CachedResponse> cache;
    auto version = store.DataVersion();
    std::string key = principal->ViewKey() + "\n" + req.target;
    auto it = cache.find(key);
    if (version.ok() && it != cache.end() && it->second.data_version == *version) {
      Response r = it->second.response;  // the body is shared, not copied
      if (r.audit) r.audit->actor = *principal;
      return r;
    }
    Response r = Route(req, store, *principal, route);
    if (version.ok() && r.status == 200) {
      r.shared_body = std::make_shared<const std::string>(std::move(r.body));
      r.body.clear();
      if (cache.size() >= kCacheEntries) cache.clear();
      cache[key] = {*version, r};
    }
    if (r.audit && !r.audit->actor) r.audit->actor = *principal;
    return r;
  }
  Response r = Route(req, store, *principal, route);
  if (r.audit && !r.audit->actor) r.audit->actor = *principal;
  return r;
}

void Dispatcher::Handle(Request& req, const boost::asio::any_io_executor& executor,
                        std::function<void(Response)> done) {
  auto started = std::chrono::steady_clock::now();
  Response response;
  try {
    if (!ParseTarget(req)) {
      response = Problem(400, "bad-target", "Bad request target", "the URL could not be parsed");
    } else if (auto store = ThreadStore(); !store.ok()) {
      Log().error("database: {}", store.status().ToString());
      response =
          Problem(503, "unavailable", "Database unavailable", "the database cannot be opened");
    } else {
      // Every cache this request consults compares against one reading of the versions.
      struct Unpin {
        Store& store;
        ~Unpin() { store.UnpinVersions(); }
      } unpin{**store};
      if (Status pinned = (*store)->PinVersions(); !pinned.ok())
        throw std::runtime_error(pinned.ToString());
      response = Run(req, **store);
    }
  } catch (const std::exception& e) {
    Log().error("{} {}: {}", req.method, req.path, e.what());
    response =
        Problem(500, "internal", "Internal error", "the server could not complete the request");
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CountRequest(response.status, seconds);
  if (response.status >= 500) Log().error("{} {} -> {}", req.method, req.path, response.status);
  if (!response.audit) return done(std::move(response));
  if (audit_ == nullptr) {
    return done(Problem(503, "audit-unavailable", "Audit log unavailable",
                        "the server is stopping and can no longer record reads"));
  }

  AuditEntry entry;
  const Principal anonymous;
  const Principal& actor = response.audit->actor ? *response.audit->actor : anonymous;
  entry.user_id = actor.user_id;
  entry.username = actor.username;
  entry.org_id = actor.org_id;
  entry.action = std::move(response.audit->action);
  entry.endpoint = req.method + " " + req.target;
  entry.detail = std::move(response.audit->detail);
  response.audit.reset();
  audit_->Submit(std::move(entry), executor,
                 [done = std::move(done), response = std::move(response)](const Status& s) mutable {
                   if (s.ok()) return done(std::move(response));
                   // Nothing audited leaves unrecorded.
                   done(Problem(503, "audit-unavailable", "Audit log unavailable",
                                "the request was not answered because it could not be recorded"));
                 });
}

}  // namespace om::http
