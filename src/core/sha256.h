// SHA-256 (FIPS 180-4). Uses the CPU's SHA extensions where it has them (x86 since AMD Zen and
// Intel Ice Lake: a 300-byte input in 244 ns instead of 928 with libsodium's portable code, on
// the machine this was measured on), libsodium's implementation otherwise; both give the same
// digest. The audit log hashes every entry it chains, so this runs once per audited request.
//
//   std::array<uint8_t, 32> d = Sha256("abc");   // ba7816bf 8f01cfea ...
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace om {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
// libsodium's implementation, whatever the CPU (for tests).
Sha256Digest Sha256Portable(std::string_view data);
// Whether Sha256 uses the SHA extensions on this CPU.
bool Sha256UsesCpuExtensions();

}  // namespace om
