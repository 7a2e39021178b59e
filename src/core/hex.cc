#include "core/hex.h"

#include <array>
#include <cstring>

namespace om {
namespace {

// Each byte's two hex digits: one load and one store a byte instead of two of each.
constexpr auto kHexPairs = [] {
  constexpr char kHex[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> pairs{};
  for (int b = 0; b < 256; ++b) pairs[b] = {kHex[b >> 4], kHex[b & 15]};
  return pairs;
}();

}  // namespace

std::string ToHex(const unsigned char* bytes, size_t size) {
  std::string out;
  ToHex(bytes, size, out);
  return out;
}

void ToHex(const unsigned char* bytes, size_t size, std::string& out) {
  out.resize(size * 2);
  char* o = out.data();  // through a pointer: out[i] would re-read the string's data pointer
  for (size_t i = 0; i < size; ++i, o += 2) std::memcpy(o, kHexPairs[bytes[i]].data(), 2);
}

}  // namespace om
