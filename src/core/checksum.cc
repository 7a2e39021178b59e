#include "core/checksum.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

namespace om {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78;  // reflected

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? (c >> 1) ^ kPolynomial : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();

uint32_t Table(std::string_view bytes) {
  uint32_t crc = 0xFFFFFFFF;
  for (char b : bytes) crc = kTable[(crc ^ static_cast<unsigned char>(b)) & 0xff] ^ (crc >> 8);
  return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Instruction(std::string_view bytes) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  uint64_t crc = 0xFFFFFFFF;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word = 0;
    std::memcpy(&word, p, 8);
    crc = _mm_crc32_u64(crc, word);
  }
  auto crc32 = static_cast<uint32_t>(crc);
  for (; n > 0; ++p, --n) crc32 = _mm_crc32_u8(crc32, static_cast<unsigned char>(*p));
  return ~crc32;
}
#endif

}  // namespace

uint32_t Crc32cPortable(std::string_view bytes) { return Table(bytes); }

uint32_t Crc32c(std::string_view bytes) {
#if defined(__x86_64__)
  // Asked of the CPU here, on first use: __builtin_cpu_supports would link libgcc's CPU probe,
  // which runs at every start and issues a dozen CPUID instructions, each a trip to the
  // hypervisor on a virtual machine (7 us apiece on the benchmark machine).
  static const bool sse42 = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_SSE4_2) != 0;
  }();
  if (sse42) return Instruction(bytes);
#endif
  return Table(bytes);
}

}  // namespace om
