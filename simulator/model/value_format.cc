#include "simulator/model/value_format.h"

#include <chrono>
#include <cstdio>

namespace five9sim {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string FormatWallClock(int64_t epoch_ms, int64_t zone_offset_ms) {
  const int64_t local_s = FloorDiv(epoch_ms + zone_offset_ms, 1000);
  const int64_t days = FloorDiv(local_s, 86400);
  const int64_t secs = local_s - days * 86400;
  // A fixed offset needs no time-zone database: the civil date of the local day.
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(days))};
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u %02lld:%02lld:%02lld",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long long>(secs / 3600),
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
