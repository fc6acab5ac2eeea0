#pragma once
// Value formats of Five9 statistics cells (FIELD-NOTES.md "Value formats"): every value is a
// string; durations are integer milliseconds, wall-clock times `YYYY-MM-DD HH:MM:SS` in the
// domain's zone, pairs `X (Y)`, percentages `NN.N%`. Pure functions, thread-safe.

#include <cstdint>
#include <string>

namespace five9sim {

// `epoch_ms` shifted by `zone_offset_ms`, as "YYYY-MM-DD HH:MM:SS".
std::string FormatWallClock(int64_t epoch_ms, int64_t zone_offset_ms);
// Integer milliseconds; negative values (clock skew in the model) are written as "0".
std::string FormatMs(int64_t ms);
// "X (Y)", e.g. "12 (9)".
std::string FormatPair(int64_t x, int64_t y);
// 100 * part / whole with one decimal and a '%' sign, e.g. "87.5%"; `if_empty` when whole <= 0.
std::string FormatPercent(int64_t part, int64_t whole, const std::string& if_empty);
// total / count rounded down, as integer milliseconds; "0" when count <= 0.
std::string FormatAverageMs(int64_t total_ms, int64_t count);

}  // namespace five9sim
