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
Status ExportHxl(Store& store, const ActivityFilter& filter,
                 const std::function<void(std::string_view)>& write);

}  // namespace om
