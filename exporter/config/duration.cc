#include "exporter/config/duration.h"

#include <cstdint>
#include <limits>

namespace five9exp {
namespace {

// Milliseconds per unit; the unit is matched longest-first so "ms" is not read as "m".
int64_t UnitMillis(std::string_view text, size_t* length) {
  if (text.starts_with("ms")) {
    *length = 2;
    return 1;
  }
  if (text.empty()) return 0;
  *length = 1;
  switch (text.front()) {
    case 's':
      return 1000;
    case 'm':
      return 60 * 1000;
    case 'h':
      return 3600 * 1000;
    case 'd':
      return 24 * 3600 * 1000;
    default:
      return 0;
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto bad = [](std::string message) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        message + " (expected a duration like \"30s\", \"500ms\", \"1h30m\", \"-7h\")");
  };
  if (text.empty()) return bad("empty duration");
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return bad("missing number");
  // Sum in units of 1/1000 ms so fractions like "1.5ms" are detected as not whole, and use
  // a bound that keeps every product below int64 overflow.
  constexpr int64_t kMaxMillis = std::numeric_limits<int64_t>::max() / 1'000'000;
  int64_t total_micro_millis = 0;  // thousandths of a millisecond
  while (!text.empty()) {
    if (!IsDigit(text.front()) && text.front() != '.') return bad("missing number");
    int64_t whole = 0;
    size_t i = 0;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      whole = whole * 10 + (text[i] - '0');
      if (whole > kMaxMillis) return bad("duration too large");
    }
    const bool had_whole_digits = i > 0;
    int64_t frac_numerator = 0;  // fraction scaled to 1e6
    int64_t frac_scale = 1'000'000;
    if (i < text.size() && text[i] == '.') {
      ++i;
      size_t frac_digits = 0;
      for (; i < text.size() && IsDigit(text[i]); ++i, ++frac_digits) {
        if (frac_scale > 1) {
          frac_scale /= 10;
          frac_numerator += (text[i] - '0') * frac_scale;
        } else if (text[i] != '0') {
          return bad("too many decimal places");
        }
      }
      if (frac_digits == 0 && !had_whole_digits) return bad("missing number");
    } else if (!had_whole_digits) {
      return bad("missing number");
    }
    text.remove_prefix(i);
    size_t unit_length = 0;
    const int64_t unit = UnitMillis(text, &unit_length);
    if (unit == 0) {
      return bad(text.empty() ? "missing unit" : "unknown unit");
    }
    text.remove_prefix(unit_length);
    if (whole > kMaxMillis / unit) return bad("duration too large");
    // frac_numerator / 1e6 of a unit, expressed in thousandths of a millisecond.
    const int64_t term = whole * unit * 1000 + frac_numerator * unit / 1000;
    if (frac_numerator * unit % 1000 != 0) return bad("not a whole number of milliseconds");
    total_micro_millis += term;
    if (total_micro_millis / 1000 > kMaxMillis) return bad("duration too large");
  }
  if (total_micro_millis % 1000 != 0) return bad("not a whole number of milliseconds");
  const int64_t millis = total_micro_millis / 1000;
  return std::chrono::milliseconds(negative ? -millis : millis);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  struct Unit {
    int64_t millis;
    const char* suffix;
  };
  // Days are not used: "48h" reads better than "2d" for the durations in this config.
  static constexpr Unit kUnits[] = {{3600 * 1000, "h"}, {60 * 1000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const Unit& unit : kUnits) {
    if (ms >= unit.millis) {
      out += std::to_string(ms / unit.millis);
      out += unit.suffix;
      ms %= unit.millis;
    }
  }
  return out;
}

}  // namespace five9exp
