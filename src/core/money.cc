#include "core/money.h"

#include <cstdio>
#include <cstdlib>

#include "core/text.h"

namespace om {

Result<int64_t> ParseAmount(std::string_view raw) {
  std::string_view text = Trim(raw);
  int64_t value = 0;  // of the first 16 digits: more is an error
  size_t digits = 0;
  int decimals = -1;  // digits seen after the decimal mark, -1 before it
  bool negative = false;
  // The decimal mark is the last '.' or ',' followed by 1-2 digits only.
  size_t mark = text.find_last_of(".,");
  if (mark != std::string_view::npos) {
    size_t tail = text.size() - mark - 1;
    bool tail_digits = tail >= 1 && tail <= 2 &&
                       text.find_first_not_of("0123456789", mark + 1) == std::string_view::npos;
    if (!tail_digits) mark = std::string_view::npos;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      if (++digits <= 16) value = value * 10 + (c - '0');
      if (decimals >= 0) ++decimals;
    } else if (i == mark) {
      decimals = 0;
    } else if (c == '-' && digits == 0) {
      negative = true;
    } else if (c == ',' || c == '.' || c == ' ' || c == '\'' || c == '$' ||
               (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) {
      continue;  // thousands separators, currency symbols and codes
    } else {
      return InvalidArgument("not an amount: '" + std::string(raw) + "'");
    }
  }
  if (digits == 0) {
    if (text.empty()) return int64_t{0};
    return InvalidArgument("not an amount: '" + std::string(raw) + "'");
  }
  if (digits > 16) return InvalidArgument("amount too large: '" + std::string(raw) + "'");
  if (decimals <= 0) value *= 100;
  if (decimals == 1) value *= 10;
  return negative ? -value : value;
}

std::string FormatAmount(int64_t cents) {
  uint64_t abs = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  std::string out = cents < 0 ? "-" : "";
  out += std::to_string(abs / 100);
  out += '.';
  out += static_cast<char>('0' + abs % 100 / 10);
  out += static_cast<char>('0' + abs % 10);
  return out;
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace om
