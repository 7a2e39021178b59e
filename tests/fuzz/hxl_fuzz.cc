// libFuzzer target for the 3W import path: CsvReader (from a string, as a chunked stream, and
// by its general path alone), HxlActivityTable and ReadPcodes over arbitrary bytes. Beyond "no
// crash, no sanitizer report" it checks that every field the reader returns is valid UTF-8 and
// that the three readers agree.
// Run through scripts/fuzz, which builds with -DOM_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/text.h"
#include "io/csv_reader.h"
#include "io/hxl_activity_map.h"
#include "io/pcodes_reader.h"

namespace {

// The string, the stream and the general path alone (no one-pass fast path) read the same
// records.
void CheckCsv(const std::string& input) {
  auto from_string = om::CsvReader::FromString(input);
  auto from_stream =
      om::CsvReader::FromStream(std::make_unique<std::istringstream>(input), input.size());
  auto general = om::CsvReader::FromString(input);
  general->SetFastPathForTesting(false);
  om::CsvRecord a;
  om::CsvRecord b;
  om::CsvRecord c;
  while (true) {
    bool more_a = from_string->Next(a);
    bool more_b = from_stream->Next(b);
    bool more_c = general->Next(c);
    if (more_a != more_b || more_a != more_c) __builtin_trap();
    if (!more_a) break;
    if (a.fields != b.fields || a.line != b.line) __builtin_trap();
    if (a.fields != c.fields || a.line != c.line) __builtin_trap();
    for (std::string_view field : a.fields) {
      if (!om::IsValidUtf8(field)) __builtin_trap();
    }
  }
}

void CheckHxl(const std::string& input) {
  auto table = om::HxlActivityTable::Open(om::CsvReader::FromString(input));
  if (!table.ok()) return;
  om::RawActivity row;
  int64_t last_line = (*table)->tag_line();
  while ((*table)->Next(row)) {
    if (row.line <= last_line) __builtin_trap();
    last_line = row.line;
  }
}

void CheckPcodes(const std::string& input) {
  auto table = om::ReadPcodes(om::CsvReader::FromString(input));
  if (!table.ok()) return;
  for (const om::Place& place : table->places) {
    if (place.pcode.empty() || place.level < 0 || place.level > 3) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  CheckCsv(input);
  CheckHxl(input);
  CheckPcodes(input);
  return 0;
}
