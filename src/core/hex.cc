#include "core/hex.h"

namespace om {

std::string ToHex(const unsigned char* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '\0');
  char* o = out.data();  // through a pointer: out[i] would re-read the string's data pointer
  for (size_t i = 0; i < size; ++i) {
    *o++ = kHex[bytes[i] >> 4];
    *o++ = kHex[bytes[i] & 15];
  }
  return out;
}

}  // namespace om
