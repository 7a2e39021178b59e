// Small text helpers shared by importers and the registry.
//
//   FoldName("  Save the  Children (SCI) ")  == "save the children (sci)"
//   SplitAcronym("Save the Children (SCI)")   == {"Save the Children", "SCI"}
//
// All functions take and return UTF-8. Folding lower-cases ASCII and the Latin-1 letters that
// appear in the field's French, Spanish and Portuguese names, strips accents, and collapses
// whitespace, so that name variants from different files compare equal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace om {

// Without leading and trailing ASCII whitespace (space, \t \n \v \f \r). Inline: the import
// trims dozens of values a row.
inline std::string_view Trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  size_t begin = 0, end = text.size();
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}
std::string ToLowerAscii(std::string_view text);
std::string ToUpperAscii(std::string_view text);

// Lower-case, accent-free, single-spaced; punctuation kept.
std::string FoldName(std::string_view text);
// FoldName(text) appended to `out`, in the storage it has when that is large enough.
void AppendFolded(std::string& out, std::string_view text);

// "Name (ACR)" -> {"Name", "ACR"}; a name without a trailing bracket gives {"Name", ""}.
std::pair<std::string, std::string> SplitAcronym(std::string_view text);

// Appends one Unicode code point as UTF-8.
void AppendUtf8(std::string& out, uint32_t code_point);

// True when text is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// Interprets bytes as Windows-1252 (a superset of printable Latin-1) and returns UTF-8.
std::string Windows1252ToUtf8(std::string_view bytes);

std::vector<std::string_view> SplitView(std::string_view text, char sep);
bool StartsWith(std::string_view text, std::string_view prefix);

// True when `needle` occurs in `text` (bytes; an empty needle occurs everywhere). Made for many
// short texts searched for one short needle: no per-call setup, 16 positions compared at a time.
bool Contains(std::string_view text, std::string_view needle);

}  // namespace om
