#include "simulator/model/value_format.h"

#include <cstdio>

namespace five9sim {
namespace {

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm): no time-zone database is
// needed for a fixed offset.
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string FormatWallClock(int64_t epoch_ms, int64_t zone_offset_ms) {
  const int64_t local_s = FloorDiv(epoch_ms + zone_offset_ms, 1000);
  const int64_t days = FloorDiv(local_s, 86400);
  const int64_t secs = local_s - days * 86400;
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, year, month, day);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                static_cast<long long>(year), month, day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buffer;
}

std::string FormatMs(int64_t ms) { return std::to_string(ms < 0 ? 0 : ms); }

std::string FormatPair(int64_t x, int64_t y) {
  return std::to_string(x) + " (" + std::to_string(y) + ")";
}

std::string FormatPercent(int64_t part, int64_t whole, const std::string& if_empty) {
  if (whole <= 0) return if_empty;
  // Integer arithmetic keeps the text identical on every platform (determinism).
  const int64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::string FormatAverageMs(int64_t total_ms, int64_t count) {
  if (count <= 0) return "0";
  return FormatMs(total_ms / count);
}

}  // namespace five9sim
