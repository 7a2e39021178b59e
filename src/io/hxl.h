// HXL (Humanitarian Exchange Language) hashtags: parsing tag specs and locating the tag row.
//
//   auto tag = ParseHxlTag("# org +impl +Name");  // {hashtag "org", attributes {"impl","name"}}
//   tag->Has("impl");                              // true
//
// Tags are case-insensitive (stored lower-case); spaces inside a spec are allowed; attributes
// come in any order. A cell that is empty or not a tag yields nullopt (an untagged column).
// See https://hxlstandard.org/standard/1-1final/ (pre-1.0 tags such as #lat_deg are accepted
// as written; mapping them is HxlActivityMap's job).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace om {

struct HxlTag {
  std::string hashtag;                  // without '#', lower-case, e.g. "org"
  std::vector<std::string> attributes;  // without '+', lower-case, in file order
  bool Has(std::string_view attribute) const;
  std::string ToString() const;  // normalized "#org+impl+name"
};

std::optional<HxlTag> ParseHxlTag(std::string_view cell);

// True when the row is an HXL hashtag row: at least one cell is a valid tag and every non-empty
// cell is a valid tag.
bool IsHxlTagRow(const std::vector<std::string_view>& cells);

}  // namespace om
