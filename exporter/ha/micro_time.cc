#include "exporter/ha/micro_time.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace five9exp {
namespace {

using std::chrono::microseconds;

// Reads exactly `digits` decimal digits at text[pos]; -1 when they are not all digits.
int ReadFixed(std::string_view text, size_t pos, size_t digits) {
  if (pos + digits > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

tl::unexpected<Error> Bad(std::string_view text, const char* why) {
  return MakeError(ErrorCode::kMalformedResponse, "not an RFC 3339 time (" + std::string(why) +
                                                      "): \"" + std::string(text.substr(0, 64)) +
                                                      "\"");
}

}  // namespace

std::string FormatMicroTime(WallTime time) {
  const auto since_epoch = std::chrono::duration_cast<microseconds>(time.time_since_epoch());
  auto days = std::chrono::floor<std::chrono::days>(since_epoch);
  const std::chrono::year_month_day ymd{std::chrono::sys_days(days)};
  const microseconds in_day = since_epoch - days;
  const int64_t us = in_day.count();
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(us / 3'600'000'000LL),
                static_cast<long long>(us / 60'000'000LL % 60),
                static_cast<long long>(us / 1'000'000LL % 60),
                static_cast<long long>(us % 1'000'000LL));
  return buffer;
}

Result<WallTime> ParseMicroTime(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)
  if (text.size() < 20) return Bad(text, "too short");
  const int year = ReadFixed(text, 0, 4);
  const int month = ReadFixed(text, 5, 2);
  const int day = ReadFixed(text, 8, 2);
  const int hour = ReadFixed(text, 11, 2);
  const int minute = ReadFixed(text, 14, 2);
  const int second = ReadFixed(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || text[4] != '-' ||
      text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return Bad(text, "expected YYYY-MM-DDTHH:MM:SS");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return Bad(text, "field out of range");
  // WallTime counts nanoseconds in 64 bits (years 1678..2262); outside that the arithmetic
  // below would overflow (found by the lease fuzz target: "1013-12-01T...").
  if (year < 1900 || year > 2200) return Bad(text, "year out of range 1900..2200");
  size_t pos = 19;
  int64_t fraction_us = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > 9) return Bad(text, "more than nine fraction digits");
      fraction_us += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (digits == 0) return Bad(text, "empty fraction");
  }
  std::chrono::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int oh = ReadFixed(text, pos + 1, 2);
    const int om = ReadFixed(text, pos + 4, 2);
    if (oh < 0 || om < 0 || pos + 3 >= text.size() || text[pos + 3] != ':' || oh > 23 || om > 59) {
      return Bad(text, "malformed offset");
    }
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return Bad(text, "missing zone (Z or +HH:MM)");
  }
  if (pos != text.size()) return Bad(text, "trailing characters");
  const auto local = std::chrono::sys_days(ymd) + std::chrono::hours(hour) +
                     std::chrono::minutes(minute) + std::chrono::seconds(std::min(second, 59)) +
                     microseconds(fraction_us);
  return WallTime(
      std::chrono::duration_cast<WallTime::duration>((local - offset).time_since_epoch()));
}

}  // namespace five9exp
