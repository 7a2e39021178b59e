#include "service/summaries.h"

#include <memory>
#include <unordered_map>

#include "analysis/activity_cube.h"

namespace om {
namespace {

struct CachedCube {
  int64_t data_version = -1;
  std::unique_ptr<ActivityCube> cube;
};

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
  }
  return cached.cube->Summarize(p, filter, by);
}

}  // namespace om
