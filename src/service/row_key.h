// The key an imported row is stored under: a digest of the reporting organization and the row's
// identity (its own id, or its who/what/where/when), so re-imports find the rows they made.
//
//   a.row_key = ImportRowKey(owner, "id:745459");
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/record.h"

namespace om {

using RowDigest = std::array<uint8_t, 16>;
RowDigest ImportRowDigest(Id owner, std::string_view identity);
// The digest in hex: the stored key.
std::string ImportRowKey(const RowDigest& digest);
void ImportRowKey(const RowDigest& digest, std::string& key);  // into key's own storage
std::string ImportRowKey(Id owner, std::string_view identity);

}  // namespace om
