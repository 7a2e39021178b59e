// Money as an exact decimal amount (hundredths of the unit) plus an ISO 4217 currency code.
//
//   auto m = ParseAmount("1,234.5");   // 123450 hundredths
//   FormatAmount(123450)                // "1234.50"
//
// Amounts are exchanged as decimal strings, never as floating point.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace om {

struct Money {
  int64_t cents = 0;     // hundredths of the currency unit
  std::string currency;  // ISO 4217, e.g. "USD"; empty when no amount is known
  bool empty() const { return currency.empty() && cents == 0; }
  bool operator==(const Money&) const = default;
};

// Parses "1234", "1,234.56", "1 234,56", "$1,234", "USD 1234.5". Empty text gives 0.
Result<int64_t> ParseAmount(std::string_view text);
std::string FormatAmount(int64_t cents);
bool IsCurrencyCode(std::string_view code);

}  // namespace om
