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

}  // namespace

Result<Summary> SummarizeActivities(Store& store, const Principal& p, const ActivityFilter& filter,
                                    const std::vector<SummaryKey>& by) {
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
  return cached.cube->Summarize(p, it->second, filter, by);
}

Result<int64_t> CountReadableActivities(Store& store, const Principal& p,
                                        const ActivityFilter& filter) {
  OM_TRY(Summary s, SummarizeActivities(store, p, filter, {}));
  return s.total.count - s.aggregate_only;
}

}  // namespace om
