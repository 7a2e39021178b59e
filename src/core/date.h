// Calendar dates (no time zone), stored and exchanged as ISO 8601 "YYYY-MM-DD".
//
//   auto d = ParseDate("31/12/2021");   // also accepts 2021-12-31, 2021/12/31, 12/31/2021 when
//                                        // unambiguous, and ISO date-times (time part ignored)
//   d->ToIso();                          // "2021-12-31"
//
// Date is a regular value type; an empty (default) Date means "unknown".
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace om {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  bool empty() const { return year == 0; }
  std::string ToIso() const;  // "" when empty
  int DaysSinceEpoch() const;
  auto operator<=>(const Date&) const = default;
};

bool IsValidDate(int year, int month, int day);

// Strict ISO "YYYY-MM-DD" (used for API parameters).
Result<Date> ParseIsoDate(std::string_view text);

// Lenient: the date forms found in real 3W files. Day-first when both readings are possible
// (the convention of the field offices whose files we read). Empty text gives an empty Date.
Result<Date> ParseDate(std::string_view text);

// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowIso8601();
// UTC time `seconds` from now (negative: ago), in the same form.
std::string IsoTimeFromNow(int64_t seconds);
// Seconds from now until an ISO 8601 UTC time of that form (negative when past); nullopt when
// the text is not such a time.
std::optional<int64_t> SecondsUntil(std::string_view iso);

}  // namespace om
