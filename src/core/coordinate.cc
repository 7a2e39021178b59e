#include "core/coordinate.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/text.h"

namespace om {

bool ParseCoordinate(std::string_view text, double limit, DecimalComma comma,
                     std::optional<double>& out) {
  std::string number(Trim(text));
  if (number.empty()) return true;
  if (number[0] == '+') number.erase(0, 1);  // from_chars takes a '-' only
  if (comma == DecimalComma::kAllowed) {
    for (char& c : number) {
      if (c == ',') c = '.';
    }
  }
  double value = 0;
  const char* end = number.data() + number.size();
  auto [ptr, ec] = std::from_chars(number.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || std::fabs(value) > limit) {
    return false;
  }
  out = value;
  return true;
}

}  // namespace om
