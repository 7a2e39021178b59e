// Streaming CSV reader for the files field offices actually send.
//
//   OM_TRY(auto reader, CsvReader::OpenFile("3w.csv"));
//   CsvRecord rec;
//   while (reader->Next(rec)) { use(rec.fields, rec.line); }  // views, valid until the next Next
//   if (!reader->status().ok()) ...   // I/O error while reading
//
// Copes with: UTF-8 with or without BOM, Windows-1252 / Latin-1 (detected; converted to UTF-8,
// a stray byte never fails the read), UTF-16 with BOM, CRLF / LF / CR line ends, RFC 4180 quoting
// with embedded separators, quotes and newlines, ',' ';' '\t' or '|' separators (detected from
// the first lines), empty lines (skipped and not returned). Memory stays constant in the file
// size: the reader holds one buffer and the current record. Fields are not copied out of the
// buffer unless they must be rewritten. Not thread-safe.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace om {

enum class TextEncoding { kUtf8, kUtf8Bom, kWindows1252, kUtf16 };
const char* TextEncodingName(TextEncoding e);

// One record. Its fields are views of the reader's buffer (most fields, as they are in the file)
// or of `storage` (fields the reader had to rewrite: doubled quotes, a repaired encoding, a
// record across two reads): valid until the next call to CsvReader::Next, with any record.
// Keep what must outlive that with ToStrings(). Moves keep the views valid; copies would not.
struct CsvRecord {
  std::vector<std::string_view> fields;  // UTF-8, unquoted; surrounding spaces kept
  int64_t line = 0;                      // 1-based physical line where the record starts
  std::vector<std::string> storage;      // the reader's

  std::vector<std::string> ToStrings() const { return {fields.begin(), fields.end()}; }

  CsvRecord() = default;
  CsvRecord(CsvRecord&&) = default;
  CsvRecord& operator=(CsvRecord&&) = default;
  CsvRecord(const CsvRecord&) = delete;
  CsvRecord& operator=(const CsvRecord&) = delete;
};

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> OpenFile(const std::string& path);
  static std::unique_ptr<CsvReader> FromString(std::string data);
  static std::unique_ptr<CsvReader> FromStream(std::unique_ptr<std::istream> in,
                                               uint64_t total_bytes);
  ~CsvReader();

  // Reads the next non-empty record; false at end of input or on an I/O error (see status()).
  bool Next(CsvRecord& record);
  const Status& status() const;

  // Off: every record is read by the general, byte-by-byte path instead of the one-pass path the
  // common records take (to check the two agree).
  void SetFastPathForTesting(bool on);

  char separator() const;
  TextEncoding encoding() const;
  uint64_t bytes_read() const;   // for progress reporting
  uint64_t total_bytes() const;  // 0 when unknown

 private:
  struct Impl;
  explicit CsvReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes one CSV record (RFC 4180 quoting where needed, "\r\n" line end) to out.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields, char sep = ',');

}  // namespace om
