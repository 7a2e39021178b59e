#include "core/hex.h"

namespace om {

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string out;
  ToHex(bytes, size, out);
  return out;
}

void ToHex(const unsigned char* bytes, size_t size, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.resize(size * 2);
  char* o = out.data();  // through a pointer: out[i] would re-read the string's data pointer
  for (size_t i = 0; i < size; ++i) {
    *o++ = kHex[bytes[i] >> 4];
    *o++ = kHex[bytes[i] & 15];
  }
}

}  // namespace om
