#include "service/row_key.h"

#include <sodium.h>

#include "core/hex.h"

namespace om {

std::string ImportRowKey(Id owner, std::string_view identity) {
  std::string text = std::to_string(owner) + "\x1e" + std::string(identity);
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return ToHex(hash, sizeof hash);
}

}  // namespace om
