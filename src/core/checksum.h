// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and LevelDB logs: detects a record cut
// short or damaged on disk. Uses the SSE4.2 instruction where the CPU has it (8 bytes per
// step), a table otherwise; both give the same value.
//
//   uint32_t sum = Crc32c(payload);   // Crc32c("123456789") == 0xE3069283
#pragma once

#include <cstdint>
#include <string_view>

namespace om {

uint32_t Crc32c(std::string_view bytes);
// The table version, whatever the CPU (for tests).
uint32_t Crc32cPortable(std::string_view bytes);

}  // namespace om
