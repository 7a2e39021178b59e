#include "service/summaries.h"

#include <memory>
#include <string>
#include <unordered_map>

#include "analysis/activity_cube.h"

namespace om {
namespace {

// The cube of the current data, and the rows each view (see Principal::ViewKey) may count.
struct CachedCube {
  int64_t data_version = -1;
  std::unique_ptr<ActivityCube> cube;
  std::unordered_map<std::string, ActivityCube::View> views;
};
constexpr size_t kMaxViews = 64;

// The current cube of this thread's connection, and the view of `p` in it.
Result<std::pair<const ActivityCube*, const ActivityCube::View*>> CubeFor(Store& store,
                                                                          const Principal& p) {
  thread_local std::unordered_map<uint64_t, CachedCube> cubes;
  CachedCube& cached = cubes[store.instance()];
  OM_TRY(int64_t version, store.DataVersion());
  if (cached.cube == nullptr || cached.data_version != version) {
    OM_TRY(auto facts, store.ListActivityFacts());
    OM_TRY(auto places, store.PlaceCatalog());
    OM_TRY(auto aliases, store.ListOrganizationAliases());
    cached.cube = std::make_unique<ActivityCube>(std::move(facts), places, std::move(aliases));
    cached.data_version = version;
    cached.views.clear();
  }
  std::string key = p.ViewKey();
  auto it = cached.views.find(key);
  if (it == cached.views.end()) {
    if (cached.views.size() >= kMaxViews) cached.views.clear();
    it = cached.views.emplace(key, cached.cube->Visible(p)).first;
  }
  return std::pair<const ActivityCube*, const ActivityCube::View*>(cached.cube.get(), &it->second);
}

}  // namespace

Result<Summary> SummarizeActivities(Store& store, const Principal& p, const ActivityFilter& filter,
                                    const std::vector<SummaryKey>& by) {
  OM_TRY(auto cube, CubeFor(store, p));
  return cube.first->Summarize(p, *cube.second, filter, by);
}

Result<ActivityPage> ListReadableActivities(Store& store, const Principal& p,
                                            const ActivityFilter& filter, int limit, Id after) {
  OM_TRY(auto cube, CubeFor(store, p));
  ActivityPage page;
  std::vector<Id> ids = cube.first->Page(p, *cube.second, filter, after, limit + 1, page.total);
  bool more = static_cast<int>(ids.size()) > limit;
  if (more) ids.pop_back();
  OM_TRY(page.items, store.GetActivities(p, ids));
  if (more && !ids.empty()) page.next_after = ids.back();
  return page;
}

}  // namespace om
