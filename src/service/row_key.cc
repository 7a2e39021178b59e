#include "service/row_key.h"

#include <sodium.h>

#include "core/hex.h"

namespace om {

RowDigest ImportRowDigest(Id owner, std::string_view identity) {
  std::string text = std::to_string(owner) + "\x1e" + std::string(identity);
  RowDigest digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return digest;
}

std::string ImportRowKey(const RowDigest& digest) { return ToHex(digest.data(), digest.size()); }

std::string ImportRowKey(Id owner, std::string_view identity) {
  return ImportRowKey(ImportRowDigest(owner, identity));
}

}  // namespace om
