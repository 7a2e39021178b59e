// libFuzzer target for the audit journal file (store/audit_journal.h), which the server reads
// back after a crash: whatever the bytes, reading must not crash, must keep only whole records
// with rising numbers, and those records must encode back to exactly the bytes they came from.
// It also checks the two CRC-32C paths agree. Run through scripts/fuzz (-DOM_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/checksum.h"
#include "store/audit_journal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (om::Crc32c(bytes) != om::Crc32cPortable(bytes)) __builtin_trap();
  om::JournalScan scan = om::ParseAuditJournal(bytes);
  if (scan.valid_bytes > size) __builtin_trap();
  if (scan.problem.empty() != (scan.valid_bytes == size)) __builtin_trap();
  std::string again;
  int64_t last = 0;
  for (const om::JournalRecord& r : scan.records) {
    if (r.jseq <= last) __builtin_trap();
    last = r.jseq;
    om::EncodeJournalRecord(r, again);
  }
  if (again != bytes.substr(0, scan.valid_bytes)) __builtin_trap();
  return 0;
}
