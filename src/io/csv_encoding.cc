#include "io/csv_encoding.h"

#include <array>
#include <cstdint>

#include "core/text.h"

namespace om::csv_internal {
namespace {

constexpr std::array<char, 4> kSeparators = {',', ';', '\t', '|'};
constexpr int kSniffLines = 20;

// Drops a multi-byte sequence cut off by the end of the sample so it does not count as invalid.
std::string_view WithoutTruncatedTail(std::string_view s) {
  size_t n = s.size();
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    unsigned char c = static_cast<unsigned char>(s[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return need > back ? s.substr(0, n - back) : s;
  }
  return s;
}

// Each byte's index in kSeparators, or -1.
constexpr std::array<int8_t, 256> kSeparatorIndex = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (size_t i = 0; i < kSeparators.size(); ++i) {
    t[static_cast<unsigned char>(kSeparators[i])] = static_cast<int8_t>(i);
  }
  return t;
}();

int SeparatorIndex(char c) { return kSeparatorIndex[static_cast<unsigned char>(c)]; }

}  // namespace

TextEncoding DetectEncoding(std::string_view sample, size_t& bom_size, bool& big_endian) {
  big_endian = false;
  bom_size = 0;
  if (StartsWith(sample, "\xEF\xBB\xBF")) {
    bom_size = 3;
    return TextEncoding::kUtf8Bom;
  }
  if (StartsWith(sample, "\xFF\xFE") || StartsWith(sample, "\xFE\xFF")) {
    bom_size = 2;
    big_endian = sample[0] == '\xFE';
    return TextEncoding::kUtf16;
  }
  return IsValidUtf8(WithoutTruncatedTail(sample)) ? TextEncoding::kUtf8
                                                   : TextEncoding::kWindows1252;
}

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80                   ? 1
                 : (c >= 0xC2 && c <= 0xDF) ? 2
                 : (c >= 0xE0 && c <= 0xEF) ? 3
                 : (c >= 0xF0 && c <= 0xF4) ? 4
                                            : 0;
    if (len > 0 && i + len <= text.size() && IsValidUtf8(text.substr(i, len))) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += Windows1252ToUtf8(text.substr(i, 1));
      ++i;
    }
  }
  return out;
}

void Utf16Decoder::Emit(uint16_t unit, std::string& out) {
  if (high_surrogate_ != 0) {
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      uint32_t cp = 0x10000 + ((high_surrogate_ - 0xD800u) << 10) + (unit - 0xDC00u);
      high_surrogate_ = 0;
      AppendUtf8(out, cp);
      return;
    }
    high_surrogate_ = 0;
    AppendUtf8(out, 0xFFFD);  // high surrogate without its low half
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    high_surrogate_ = unit;
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    AppendUtf8(out, 0xFFFD);  // lone low surrogate
  } else {
    AppendUtf8(out, unit);
  }
}

void Utf16Decoder::Decode(std::string_view bytes, std::string& out) {
  size_t i = 0;
  if (pending_byte_ >= 0 && !bytes.empty()) {
    auto first = static_cast<uint8_t>(pending_byte_);
    auto second = static_cast<uint8_t>(bytes[0]);
    Emit(big_endian_ ? (first << 8 | second) : (second << 8 | first), out);
    pending_byte_ = -1;
    i = 1;
  }
  for (; i + 1 < bytes.size(); i += 2) {
    auto a = static_cast<uint8_t>(bytes[i]);
    auto b = static_cast<uint8_t>(bytes[i + 1]);
    Emit(static_cast<uint16_t>(big_endian_ ? (a << 8 | b) : (b << 8 | a)), out);
  }
  if (i < bytes.size()) pending_byte_ = static_cast<uint8_t>(bytes[i]);
}

void Utf16Decoder::Finish(std::string& out) {
  if (high_surrogate_ != 0 || pending_byte_ >= 0) AppendUtf8(out, 0xFFFD);
  high_surrogate_ = 0;
  pending_byte_ = -1;
}

namespace {

using SeparatorCounts = std::array<std::array<int, kSniffLines>, kSeparators.size()>;

// Bytes CountSeparators passes over: all but the separators, quotes and line ends.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  t.fill(true);
  for (char c : kSeparators) t[static_cast<unsigned char>(c)] = false;
  for (char c : {'"', '\n', '\r'}) t[static_cast<unsigned char>(c)] = false;
  return t;
}();

// Counts each candidate separator outside quotes on each of the first non-empty records.
int CountSeparators(std::string_view sample, SeparatorCounts& counts) {
  int line = 0;
  bool line_has_text = false;
  char prev = '\n';
  for (size_t i = 0; i < sample.size() && line < kSniffLines; ++i) {
    if (kPlain[static_cast<unsigned char>(sample[i])]) {  // a run of text
      while (i + 1 < sample.size() && kPlain[static_cast<unsigned char>(sample[i + 1])]) ++i;
      line_has_text = true;
      prev = sample[i];
      continue;
    }
    char c = sample[i];
    if (c == '\n' || c == '\r') {
      if (line_has_text) ++line;
      line_has_text = false;
    } else if (c == '"' &&
               (prev == '\n' || prev == '\r' || prev == ' ' || SeparatorIndex(prev) >= 0)) {
      // A quoted field: nothing inside counts, a doubled quote included. On to its end.
      line_has_text = true;
      for (;;) {
        size_t quote = sample.find('"', i + 1);
        i = quote == std::string_view::npos ? sample.size() : quote;  // may end inside it
        if (i == sample.size()) break;
        if (i + 1 < sample.size() && sample[i + 1] == '"') {
          ++i;
          continue;
        }
        break;
      }
    } else if (c == '"') {
      line_has_text = true;  // a stray quote inside a field
    } else {
      ++counts[SeparatorIndex(c)][line];
      line_has_text = true;
    }
    prev = c;
  }
  int lines = line_has_text ? line + 1 : line;
  return lines > kSniffLines ? kSniffLines : lines;
}

}  // namespace

char DetectSeparator(std::string_view sample) {
  SeparatorCounts counts{};
  int lines = CountSeparators(sample, counts);
  char best = ',';
  int best_consistent = -1;
  int best_first = 0;
  for (size_t k = 0; k < kSeparators.size(); ++k) {
    int first = counts[k][0];
    if (first == 0) continue;
    int consistent = 0;
    for (int l = 1; l < lines; ++l) consistent += counts[k][l] == first ? 1 : 0;
    if (consistent > best_consistent || (consistent == best_consistent && first > best_first)) {
      best = kSeparators[k];
      best_consistent = consistent;
      best_first = first;
    }
  }
  return best;
}

}  // namespace om::csv_internal
