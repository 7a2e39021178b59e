#include "core/text.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace om {
namespace {

// Windows-1252 0x80..0x9F code points (0 = undefined, mapped to U+FFFD).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Folds one Latin-1 supplement code point (U+00C0..U+00FF) to its lower-case base letter.
char FoldLatin1(uint32_t cp) {
  static constexpr char kMap[] =
      "aaaaaaaceeeeiiii"   // C0-CF
      "dnooooo*ouuuuyts"   // D0-DF (D7 is the multiplication sign, DF sharp s)
      "aaaaaaaceeeeiiii"   // E0-EF
      "dnooooo/ouuuuyty";  // F0-FF
  return kMap[cp - 0xC0];
}

// Each byte folded as AppendFolded folds it when alone: ASCII letters to lower case, other ASCII
// as it is; 0 for the bytes that need a look at their context (whitespace, bytes of UTF-8, NUL).
constexpr std::array<char, 256> kAsciiFold = [] {
  std::array<char, 256> t{};
  for (int c = 1; c < 0x80; ++c) t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (char space : {' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(space)] = 0;
  return t;
}();

}  // namespace

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ToUpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string FoldName(std::string_view text) {
  std::string out;
  AppendFolded(out, text);
  return out;
}

void AppendFolded(std::string& out, std::string_view text) {
  // Never longer than the text: two-byte letters fold to one byte, runs of spaces to one.
  size_t start = out.size();
  out.resize(start + text.size());
  char* const begin = out.data() + start;
  char* o = begin;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char folded = kAsciiFold[c];
    if (folded == 0) {                         // a space, a byte of UTF-8 or NUL
      if (c == 0xC3 && i + 1 < text.size()) {  // U+00C0..U+00FF
        unsigned char next = static_cast<unsigned char>(text[i + 1]);
        if (next >= 0x80 && next <= 0xBF) {
          folded = FoldLatin1(0xC0 | (next & 0x3F));
          ++i;
        } else {
          folded = static_cast<char>(c);
        }
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0) {
        pending_space = o != begin;
        continue;
      } else if (c == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0xA0) {  // no-break space
        ++i;
        pending_space = o != begin;
        continue;
      } else {
        folded = static_cast<char>(c);
      }
    }
    *o = ' ';  // kept only when a space is pending
    o += pending_space;
    pending_space = false;
    *o++ = folded;
  }
  out.resize(start + static_cast<size_t>(o - begin));
}

std::pair<std::string, std::string> SplitAcronym(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.size() > 3 && text.back() == ')') {
    size_t open = text.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      std::string_view acronym = Trim(text.substr(open + 1, text.size() - open - 2));
      std::string_view name = Trim(text.substr(0, open));
      if (!acronym.empty() && !name.empty()) return {std::string(name), std::string(acronym)};
    }
  }
  return {std::string(text), std::string()};
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

// The number of ASCII bytes text starts with, 16 or 8 at a time.
size_t AsciiPrefix(std::string_view text) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= text.size(); i += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (auto high = static_cast<unsigned>(_mm_movemask_epi8(block)); high != 0) {
      return i + static_cast<size_t>(std::countr_zero(high));
    }
  }
#endif
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    if (uint64_t high = word & 0x8080808080808080u; high != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return i + static_cast<size_t>(std::countr_zero(high)) / 8;  // the lowest byte first
      }
      break;
    }
  }
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0x80) == 0) ++i;
  return i;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    i += AsciiPrefix(text.substr(i));  // most of a 3W file's text, even in Spanish or French
    if (i == text.size()) break;
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size() && extra > 0) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string Windows1252ToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else if (c < 0xA0) {
      uint16_t cp = kCp1252High[c - 0x80];
      AppendUtf8(out, cp ? cp : 0xFFFD);
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

std::vector<std::string_view> SplitView(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// W. Mula's "SIMD-friendly" search: a position can start a match only where both the needle's
// first byte and its last byte (at that position + m - 1) are in place; SSE2 tests 16 positions
// at once and memcmp checks the few that pass.
bool Contains(std::string_view text, std::string_view needle) {
  size_t m = needle.size(), n = text.size();
  if (m == 0) return true;
  if (m > n) return false;
  if (m == 1) return std::memchr(text.data(), needle[0], n) != nullptr;
  const char* t = text.data();
  const char* p = needle.data();
  size_t i = 0;  // the next position not yet tested
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(p[0]);
  const __m128i last = _mm_set1_epi8(p[m - 1]);
  for (; i + m - 1 + 16 <= n; i += 16) {
    __m128i at_first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    __m128i at_last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i + m - 1));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(at_first, first), _mm_cmpeq_epi8(at_last, last))));
    for (; mask != 0; mask &= mask - 1) {
      size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(t + at + 1, p + 1, m - 2) == 0) return true;
    }
  }
#endif
  for (; i + m <= n; ++i) {
    if (t[i] == p[0] && t[i + m - 1] == p[m - 1] && std::memcmp(t + i + 1, p + 1, m - 2) == 0)
      return true;
  }
  return false;
}

}  // namespace om
