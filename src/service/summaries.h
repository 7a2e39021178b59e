// Activity summaries and list pages for the API: answered from an in-memory ActivityCube,
// rebuilt whenever the database has changed since the last build.
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

// A page of the activities `p` may read that match the filter, with their total: the ids and
// the count from the cube (no scan of the table), the records from the store, which checks
// the policy again and removes sensitive fields.
Result<ActivityPage> ListReadableActivities(Store& store, const Principal& p,
                                            const ActivityFilter& filter, int limit, Id after);

}  // namespace om
