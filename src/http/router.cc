#include "http/router.h"

#include "core/text.h"

namespace om::http {
namespace {

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  for (std::string_view part : SplitView(path, '/')) {
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, const std::string& pattern, Handler handler, RouteDoc doc) {
  Route r{std::move(method), pattern, Segments(pattern), std::move(handler), std::move(doc)};
  routes_.push_back(std::move(r));
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::vector<std::string>& params, bool& path_known) const {
  std::vector<std::string> parts = Segments(path);
  path_known = false;
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::vector<std::string> found;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        found.push_back(parts[i]);
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    if (r.method != method) {
      path_known = true;
      continue;
    }
    params = std::move(found);
    return &r;
  }
  return nullptr;
}

}  // namespace om::http
