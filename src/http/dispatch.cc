#include "http/dispatch.h"

#include <spdlog/spdlog.h>

#include <boost/url.hpp>
#include <chrono>
#include <unordered_map>

#include "http/static_files.h"

namespace om::http {
namespace {

struct CachedResponse {
  int64_t data_version = 0;
  Response response;
};

constexpr size_t kCacheEntries = 512;

bool ParseTarget(Request& req) {
  auto url = boost::urls::parse_origin_form(req.target);
  if (!url) return false;
  req.path = std::string(url->path());
  for (auto param : url->params()) req.query[std::string(param.key)] = std::string(param.value);
  return true;
}

}  // namespace

Dispatcher::Dispatcher(const ServerOptions& options) : options_(options), router_(BuildRouter()) {}

Status Dispatcher::CheckDatabase() {
  OM_TRY(Store * store, ThreadStore());
  OM_TRY(int version, store->SchemaVersion());
  if (version == 0)
    return FailedPrecondition("database is empty: run `onemission migrate` or `onemission demo`");
  return Status::Ok();
}

Result<Store*> Dispatcher::ThreadStore() {
  thread_local std::unordered_map<std::string, std::unique_ptr<Store>> stores;
  auto it = stores.find(options_.db_path);
  if (it != stores.end()) return it->second.get();
  OM_TRY(auto store, OpenSqliteStore(options_.db_path));
  OM_RETURN_IF_ERROR(store->Migrate());
  Store* raw = store.get();
  stores.emplace(options_.db_path, std::move(store));
  return raw;
}

Response Dispatcher::TooLarge() const {
  return Problem(413, "too-large", "Payload too large", "request bodies are limited to 32 MiB");
}

Response Dispatcher::Route(Request& req, Store& store) {
  bool path_known = false;
  const om::http::Route* route = router_.Match(req.method, req.path, req.params, path_known);
  if (route != nullptr) {
    Context ctx{store};
    return route->handler(ctx, req);
  }
  if (path_known)
    return Problem(405, "method-not-allowed", "Method not allowed",
                   req.method + " is not allowed on " + req.path);
  bool api = req.path.rfind("/api/", 0) == 0;
  if (!api && req.method == "GET") {
    if (req.path.rfind("/data/", 0) == 0) {
      if (auto r = ServeStatic(options_.data_root, req.path.substr(5), false)) return *r;
    } else if (auto r = ServeStatic(options_.web_root, req.path, true)) {
      return *r;
    }
  }
  return Problem(404, "not-found", "Not found", "no resource at " + req.path);
}

Response Dispatcher::Handle(Request& req) {
  auto started = std::chrono::steady_clock::now();
  Response response;
  try {
    if (!ParseTarget(req)) {
      response = Problem(400, "bad-target", "Bad request target", "the URL could not be parsed");
    } else if (auto store = ThreadStore(); !store.ok()) {
      spdlog::error("database: {}", store.status().ToString());
      response =
          Problem(503, "unavailable", "Database unavailable", "the database cannot be opened");
    } else if (req.method == "GET" && req.path == "/api/v1/activities") {
      // Cache of encoded list pages, valid while the database is unchanged.
      thread_local std::unordered_map<std::string, CachedResponse> cache;
      auto version = (*store)->DataVersion();
      auto it = cache.find(req.target);
      if (version.ok() && it != cache.end() && it->second.data_version == *version) {
        response = it->second.response;  // headers only: the body is shared, not copied
      } else {
        response = Route(req, **store);
        if (version.ok() && response.status == 200) {
          response.shared_body = std::make_shared<const std::string>(std::move(response.body));
          response.body.clear();
          if (cache.size() >= kCacheEntries) cache.clear();
          cache[req.target] = {*version, response};
        }
      }
    } else {
      response = Route(req, **store);
    }
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", req.method, req.target, e.what());
    response =
        Problem(500, "internal", "Internal error", "the server could not complete the request");
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CountRequest(response.status, seconds);
  if (response.status >= 500) spdlog::error("{} {} -> {}", req.method, req.target, response.status);
  return response;
}

}  // namespace om::http
