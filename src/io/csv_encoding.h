// Byte-level helpers behind CsvReader: encoding detection, UTF-16 decoding and separator sniffing.
//
//   size_t bom = 0;
//   TextEncoding enc = DetectEncoding(first_chunk, bom);  // bom = bytes to skip
//   Utf16Decoder dec(/*big_endian=*/false);
//   dec.Decode(chunk, out_utf8);  dec.Finish(out_utf8);   // chunks may split code units anywhere
//   char sep = DetectSeparator(decoded_sample);            // ',' when nothing else fits
//
// Internal to src/io (CsvReader is the public API). Pure functions; the decoder is a small value
// that carries the bytes of an incomplete code unit or surrogate pair between chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/csv_reader.h"

namespace om::csv_internal {

// Looks at the BOM and, without one, checks whether the sample is valid UTF-8 (an incomplete
// sequence cut off at the end of the sample is allowed). Sets bom_size to the bytes to skip.
// For UTF-16, big_endian tells the byte order.
TextEncoding DetectEncoding(std::string_view sample, size_t& bom_size, bool& big_endian);

class Utf16Decoder {
 public:
  explicit Utf16Decoder(bool big_endian) : big_endian_(big_endian) {}
  // Appends the UTF-8 for the complete code points in bytes (plus any carried over).
  void Decode(std::string_view bytes, std::string& out);
  // Flushes an incomplete unit or lone surrogate at end of input as U+FFFD.
  void Finish(std::string& out);

 private:
  void Emit(uint16_t unit, std::string& out);
  bool big_endian_;
  int pending_byte_ = -1;  // first byte of a code unit split across chunks
  uint16_t high_surrogate_ = 0;
};

// Picks the separator among ',' ';' '\t' '|' from the first records of the sample (outside
// quotes): the one that appears on the first line and most consistently on the following ones.
char DetectSeparator(std::string_view sample);

// Keeps the valid UTF-8 sequences of text and reads every other byte as Windows-1252.
std::string RepairUtf8(std::string_view text);

}  // namespace om::csv_internal
