#include "io/hxl.h"

#include <algorithm>

#include "core/text.h"

namespace om {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsTagChar(char c) { return IsLetter(c) || (c >= '0' && c <= '9') || c == '_'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// A tiny cursor over one cell.
class TagScanner {
 public:
  explicit TagScanner(std::string_view text) : text_(text) {}
  void SkipSpaces() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }
  bool Consume(char c) {
    SkipSpaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      SkipSpaces();
      return true;
    }
    return false;
  }
  // Reads [a-z0-9_]+ lower-cased; "" when none.
  std::string Word() {
    std::string word;
    while (pos_ < text_.size() && IsTagChar(text_[pos_])) word += Lower(text_[pos_++]);
    return word;
  }
  bool AtEnd() {
    SkipSpaces();
    return pos_ == text_.size();
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool HxlTag::Has(std::string_view attribute) const {
  return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
}

std::string HxlTag::ToString() const {
  std::string out = "#" + hashtag;
  for (const std::string& a : attributes) out += "+" + a;
  return out;
}

std::optional<HxlTag> ParseHxlTag(std::string_view cell) {
  TagScanner scan(cell);
  if (!scan.Consume('#')) return std::nullopt;
  HxlTag tag;
  tag.hashtag = scan.Word();
  if (tag.hashtag.empty() || !IsLetter(tag.hashtag[0])) return std::nullopt;
  while (scan.Consume('+')) {
    std::string attribute = scan.Word();
    if (attribute.empty()) return std::nullopt;
    tag.attributes.push_back(std::move(attribute));
  }
  if (scan.Consume('/')) {  // pre-1.0 language suffix "#sector/fr" = HXL 1.x "+i_fr"
    std::string language = scan.Word();
    if (language.empty()) return std::nullopt;
    tag.attributes.push_back("i_" + language);
  }
  if (!scan.AtEnd()) return std::nullopt;
  return tag;
}

bool IsHxlTagRow(const std::vector<std::string_view>& cells) {
  bool any_tag = false;
  for (std::string_view cell : cells) {
    if (Trim(cell).empty()) continue;
    if (!ParseHxlTag(cell)) return false;
    any_tag = true;
  }
  return any_tag;
}

}  // namespace om
