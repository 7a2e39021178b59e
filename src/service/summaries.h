// Activity summaries for the API: answered from an in-memory ActivityCube, rebuilt whenever the
// database has changed since the last build.
//
//   OM_TRY(Summary s, SummarizeActivities(store, principal, filter, {SummaryKey::kAdm1}));
//
// Thread-safe: each thread keeps the cube of its own store connection.
#pragma once

#include <vector>

#include "store/store.h"

namespace om {

Result<Summary> SummarizeActivities(Store& store, const Principal& p, const ActivityFilter& filter,
                                    const std::vector<SummaryKey>& by);

}  // namespace om
