// Fields every stored record carries (DESIGN.md "Records"): identity, optimistic-concurrency
// version, owner, classification, compartment, and the import batch and row it came from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace om {

using Id = int64_t;  // 64-bit, ordered (assigned by the store); 0 = not yet stored

enum class Classification { kPublic, kInternal, kRestricted };
const char* ClassificationName(Classification c);
bool ParseClassification(std::string_view text, Classification& out);

struct RecordMeta {
  Id id = 0;
  std::string created_at;  // ISO 8601 UTC
  std::string updated_at;
  int64_t version = 0;  // starts at 1, +1 on every change; exposed as the ETag
  Id org_id = 0;        // owner organization (0 = none)
  Classification classification = Classification::kInternal;
  std::string compartment = "none";  // none, humanitarian, protection, security, ...
  Id source_batch = 0;               // import batch id, 0 when entered by hand
  int64_t source_row = 0;            // line in the imported file
};

}  // namespace om
