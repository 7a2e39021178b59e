// ParseCoordinate: one reading of a latitude or longitude cell for every importer.
//
//   std::optional<double> lat;
//   ParseCoordinate(" 34,52 ", 90, DecimalComma::kAllowed, lat);   // true, lat == 34.52
//   ParseCoordinate("", 90, DecimalComma::kRejected, lat);         // true, lat left as it was
//   ParseCoordinate("95", 90, DecimalComma::kRejected, lat);       // false: beyond the limit
//
// Accepts surrounding spaces, a sign, decimals and an exponent; a decimal comma only when
// allowed (3W files from French- and Spanish-speaking offices use it; p-code tables do not).
#pragma once

#include <optional>
#include <string_view>

namespace om {

enum class DecimalComma { kAllowed, kRejected };

// True for an empty (or blank) cell, leaving out as it was, and for a finite number within
// [-limit, limit], stored in out; false for anything else.
bool ParseCoordinate(std::string_view text, double limit, DecimalComma comma,
                     std::optional<double>& out);

}  // namespace om
