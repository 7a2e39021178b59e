#include "core/date.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "core/text.h"

namespace om {
namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Writes the last `digits` decimal digits of a non-negative `value` at `at`: dates and stamps are
// made by hand, as they are written for every imported row (snprintf showed in profiles).
void PutDigits(char* at, int value, int digits) {
  for (int i = digits - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
}

// Splits "12/31/2021" into numeric fields; fails on anything but digits and one separator kind.
// Exactly three numbers of 1 to 4 digits separated by `sep` ("2021-07-01", "1/7/21").
bool SplitThreeNumbers(std::string_view text, char sep, int (&out)[3]) {
  int parts = 0, digits = 0, value = 0;
  for (char c : text) {
    if (c == sep) {
      if (parts == 2 || digits == 0) return false;
      out[parts++] = value;
      value = digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 4) {
      value = value * 10 + (c - '0');
      ++digits;
    } else {
      return false;  // not a digit, or a fifth one
    }
  }
  if (parts != 2 || digits == 0) return false;
  out[2] = value;
  return true;
}

Result<Date> Make(int y, int m, int d, std::string_view original) {
  if (!IsValidDate(y, m, d)) {
    return InvalidArgument("not a valid date: '" + std::string(original) + "'");
  }
  return Date{y, m, d};
}

}  // namespace

bool IsValidDate(int year, int month, int day) {
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string Date::ToIso() const {
  if (empty()) return {};
  char buf[] = "0000-00-00";
  PutDigits(buf, year, 4);
  PutDigits(buf + 5, month, 2);
  PutDigits(buf + 8, day, 2);
  return std::string(buf, sizeof buf - 1);
}

int Date::DaysSinceEpoch() const {
  // Howard Hinnant's days_from_civil.
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Result<Date> ParseIsoDate(std::string_view text) {
  int parts[3];
  if (text.size() != 10 || !SplitThreeNumbers(text, '-', parts)) {
    return InvalidArgument("expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  return Make(parts[0], parts[1], parts[2], text);
}

Result<Date> ParseDate(std::string_view raw) {
  std::string_view text = Trim(raw);
  if (text.empty()) return Date{};
  int p[3];
  // Three numbers, read as year, month and day.
  auto from_parts = [&p, raw] {
    if (p[0] > 31) return Make(p[0], p[1], p[2], raw);  // Y-M-D
    int year = p[2] < 100 ? 2000 + p[2] : p[2];
    if (p[1] > 12 && p[0] <= 12) return Make(year, p[0], p[1], raw);  // M/D/Y, unambiguous
    return Make(year, p[1], p[0], raw);                               // D/M/Y
  };
  // The two shapes nearly every file uses, "2021-07-01" and "01/07/2021" (or with '-' or '.'),
  // read in place: what the loop below would read from them, without its searches.
  if (text.size() == 10) {
    auto number = [text](size_t at, size_t digits, int& out) {
      out = 0;
      for (size_t i = at; i < at + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
      }
      return true;
    };
    auto is_sep = [](char c) { return c == '-' || c == '/' || c == '.'; };
    if (is_sep(text[4]) && text[7] == text[4] && number(0, 4, p[0]) && number(5, 2, p[1]) &&
        number(8, 2, p[2])) {
      return from_parts();
    }
    if (is_sep(text[2]) && text[5] == text[2] && number(0, 2, p[0]) && number(3, 2, p[1]) &&
        number(6, 4, p[2])) {
      return from_parts();
    }
  }
  // Date-times: keep the date part ("2021-07-01T00:00:00Z", "2021-07-01 10:00"). (The shapes
  // above hold neither letter nor space: nothing to cut from them.)
  if (size_t cut = text.find_first_of("T "); cut != std::string_view::npos && cut >= 8) {
    text = text.substr(0, cut);
  }
  for (char sep : {'-', '/', '.'}) {
    if (text.find(sep) == std::string_view::npos) continue;
    if (!SplitThreeNumbers(text, sep, p)) break;
    return from_parts();
  }
  if (text.size() == 8 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int v = std::stoi(std::string(text));
    return Make(v / 10000, v / 100 % 100, v % 100, raw);  // YYYYMMDD
  }
  return InvalidArgument("not a date: '" + std::string(raw) + "'");
}

std::string NowIso8601() { return IsoTimeFromNow(0); }

std::string IsoTimeFromNow(int64_t seconds) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(seconds);
  // Made once a second per thread (an import stamps every organization it creates). Not with
  // strftime, which reads the time zone (/etc/localtime) on first use, nor snprintf (twice the
  // instructions of strftime): a UTC stamp needs neither.
  thread_local std::time_t made_for = -1;
  thread_local std::string made;
  if (t != made_for) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    int year = tm.tm_year + 1900;
    if (year < 0 || year > 9999) {  // outside what four digits hold: no cache, the long form
      char buf[48];
      std::snprintf(buf, sizeof buf, "%d-%02d-%02dT%02d:%02d:%02dZ", year, tm.tm_mon + 1,
                    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
      return buf;
    }
    char buf[] = "0000-00-00T00:00:00Z";
    PutDigits(buf, year, 4);
    PutDigits(buf + 5, tm.tm_mon + 1, 2);
    PutDigits(buf + 8, tm.tm_mday, 2);
    PutDigits(buf + 11, tm.tm_hour, 2);
    PutDigits(buf + 14, tm.tm_min, 2);
    PutDigits(buf + 17, tm.tm_sec, 2);
    made.assign(buf, sizeof buf - 1);
    made_for = t;
  }
  return made;
}

std::optional<int64_t> SecondsUntil(std::string_view iso) {
  if (iso.size() != 20 || iso[10] != 'T' || iso[19] != 'Z') return std::nullopt;
  std::tm tm{};
  std::string text(iso);
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return std::nullopt;
  return static_cast<int64_t>(timegm(&tm) - std::time(nullptr));
}

}  // namespace om
