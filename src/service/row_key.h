// The key an imported row is stored under: a digest of the reporting organization and the row's
// identity (its own id, or its who/what/where/when), so re-imports find the rows they made.
//
//   a.row_key = ImportRowKey(owner, "id:745459");
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/record.h"

namespace om {

using RowDigest = std::array<uint8_t, 16>;
RowDigest ImportRowDigest(Id owner, std::string_view identity);

// ImportRowDigest for the rows of one owner: the hash state after the owner's part is computed
// once and copied for each row, instead of set up and fed the owner again row after row.
class RowDigester {
 public:
  explicit RowDigester(Id owner);
  RowDigest Digest(std::string_view identity) const;

 private:
  crypto_generichash_state owner_state_;
};

// The digest in hex: the stored key.
std::string ImportRowKey(const RowDigest& digest);
void ImportRowKey(const RowDigest& digest, std::string& key);  // into key's own storage
std::string ImportRowKey(Id owner, std::string_view identity);

}  // namespace om
