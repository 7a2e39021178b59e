// The key an imported row is stored under: a digest of the reporting organization and the row's
// identity (its own id, or its who/what/where/when), so re-imports find the rows they made.
//
//   a.row_key = ImportRowKey(owner, "id:745459");
#pragma once

#include <string>
#include <string_view>

#include "domain/record.h"

namespace om {

std::string ImportRowKey(Id owner, std::string_view identity);

}  // namespace om
