// Activity use cases above the store: resolving an organization filter given as id, name or
// acronym, and exporting activities as HXL.
//
//   OM_TRY(auto ids, ResolveOrganizationFilter(store, "UNICEF"));
//   OM_RETURN_IF_ERROR(ExportHxl(store, filter, [&](std::string_view chunk) { out << chunk; }));
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace om {

// An id ("17"), or a name or acronym matched exactly after folding, else every organization
// whose folded name or acronym contains the text. May be empty (no organization matches).
Result<std::vector<Id>> ResolveOrganizationFilter(Store& store, std::string_view text);

// Writes the matching activities as an HXL-tagged CSV (header row, tag row, data rows), in
// chunks of a few hundred rows. Re-importing the file gives the same activities.
// Only what `p` may read goes out, sensitive fields removed; `exported` (optional) receives the
// ids of compartmented or restricted rows written, for the audit log.
Status ExportHxl(Store& store, const Principal& p, const ActivityFilter& filter,
                 const std::function<void(std::string_view)>& write, int64_t* rows = nullptr,
                 std::vector<Id>* audited = nullptr);

// Sentinels for fields a writer did not give: filled in by PrepareActivityWrite.
inline constexpr uint32_t kDefaultSensitivity = 0xffffffff;

// Checks that `p` may write this activity and completes it: writers need the planner or admin
// role; new records belong to the writer's organization; only the owner organization changes
// or deletes a record (`current`); an empty compartment becomes the default one (see
// DefaultCompartment), and a writer may file records only in compartments it holds.
Status PrepareActivityWrite(Store& store, const Principal& p, Activity& a, const Activity* current);
Status CheckActivityOwner(const Principal& p, const Activity& current);

}  // namespace om
