#include "exporter/metrics/value_kind.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>

#include "exporter/common/strings.h"

namespace five9exp {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses exactly `len` digits at s[pos].
std::optional<int> FixedDigits(std::string_view s, size_t pos, size_t len) {
  if (pos + len > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!IsDigit(s[i])) return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of day `day` of a proleptic Gregorian month. Counted from the first
// of the month so a day past the month's end (02-31) reads as the days after it (03-03), as
// it always has: Five9 never sends one, and a cell is never refused for it.
int64_t DaysSinceEpoch(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days first = std::chrono::year(year) / std::chrono::month(month) / 1;
  return (first + days(day - 1)).time_since_epoch().count();
}

}  // namespace

bool IsMissingText(std::string_view value) {
  // Fast path: nearly every cell is a number.
  if (!value.empty() && IsDigit(value.front())) return false;
  const std::string_view v = TrimAsciiSpace(value);
  return v.empty() || v == "N/A" || v == "n/a" || v == "-" || v == "nil";
}

bool IsMissing(const CellValue& value) { return !value.has_value() || IsMissingText(*value); }

bool IsDurationColumn(std::string_view column) {
  const std::string lower = Lower(TrimAsciiSpace(column));
  auto ends_with_word = [&](std::string_view word) {
    if (lower.size() < word.size()) return false;
    if (lower.compare(lower.size() - word.size(), word.size(), word) != 0) return false;
    return lower.size() == word.size() || lower[lower.size() - word.size() - 1] == ' ';
  };
  return ends_with_word("time") || ends_with_word("duration") ||
         lower.find("queue time") != std::string::npos ||
         lower.find("time in queue") != std::string::npos ||
         lower.find("speed of answer") != std::string::npos;
}

bool IsNotNumericColumn(StatisticType type, std::string_view column) {
  // Names and words that may look numeric for some rows ("Campaign Name" = "2024") but are
  // never measurements; the first four are the SPEC's, the rest are FIELD-NOTES text columns.
  static constexpr std::string_view kTextColumns[] = {
      "Full Name",     "State",     "Reason Code", "Username",          "Skill Name",
      "Campaign Name", "Call Type", "Customer",    "Media Availability"};
  if (column == KeyColumn(type)) return true;
  for (const std::string_view text_column : kTextColumns) {
    if (column == text_column) return true;
  }
  return false;
}

std::optional<double> ParsePlainNumber(std::string_view value) {
  const std::string_view v = TrimAsciiSpace(value);
  // Validate the shape first: from_chars would also accept "inf", "nan" and exponents.
  size_t i = 0;
  const bool negative = i < v.size() && v[i] == '-';
  if (negative) ++i;
  const size_t int_start = i;
  int64_t integer = 0;
  while (i < v.size() && IsDigit(v[i])) {
    integer = i - int_start < 18 ? integer * 10 + (v[i] - '0') : integer;
    ++i;
  }
  if (i == int_start) return std::nullopt;
  // Fast path for plain integers (most cells), exact below 2^53.
  if (i == v.size() && i - int_start <= 15) {
    return static_cast<double>(negative ? -integer : integer);
  }
  if (i < v.size() && v[i] == '.') {
    ++i;
    const size_t frac_start = i;
    while (i < v.size() && IsDigit(v[i])) ++i;
    if (i == frac_start) return std::nullopt;
  }
  if (i != v.size()) return std::nullopt;
  double out = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size()) return std::nullopt;
  return out;
}

std::optional<double> ParsePairFirst(std::string_view value) {
  const std::string_view v = TrimAsciiSpace(value);
  const size_t open = v.find('(');
  if (open == std::string_view::npos || v.back() != ')') return std::nullopt;
  const auto first = ParsePlainNumber(v.substr(0, open));
  const auto second = ParsePlainNumber(v.substr(open + 1, v.size() - open - 2));
  if (!first || !second) return std::nullopt;
  return first;
}

std::optional<double> ParseHms(std::string_view value) {
  const std::string_view v = TrimAsciiSpace(value);
  size_t i = 0;
  bool negative = false;
  if (i < v.size() && v[i] == '-') {
    negative = true;
    ++i;
  }
  int64_t hours = 0;
  const size_t hours_start = i;
  while (i < v.size() && IsDigit(v[i]) && i - hours_start < 12) {
    hours = hours * 10 + (v[i] - '0');
    ++i;
  }
  if (i == hours_start || i + 6 != v.size() || v[i] != ':' || v[i + 3] != ':') return std::nullopt;
  const auto minutes = FixedDigits(v, i + 1, 2);
  const auto seconds = FixedDigits(v, i + 4, 2);
  if (!minutes || !seconds || *minutes > 59 || *seconds > 59) return std::nullopt;
  const double total = static_cast<double>(hours * 3600 + *minutes * 60 + *seconds);
  return negative ? -total : total;
}

std::optional<double> ParsePercentage(std::string_view value) {
  const std::string_view v = TrimAsciiSpace(value);
  if (v.empty() || v.back() != '%') return std::nullopt;
  const auto number = ParsePlainNumber(v.substr(0, v.size() - 1));
  if (!number) return std::nullopt;
  return *number / 100.0;
}

std::optional<double> ParseWallClock(std::string_view value, const TimeZone& time_zone) {
  const std::string_view v = TrimAsciiSpace(value);
  if (v.size() != 19 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' ||
      v[16] != ':') {
    return std::nullopt;
  }
  const auto year = FixedDigits(v, 0, 4);
  const auto month = FixedDigits(v, 5, 2);
  const auto day = FixedDigits(v, 8, 2);
  const auto hour = FixedDigits(v, 11, 2);
  const auto minute = FixedDigits(v, 14, 2);
  const auto second = FixedDigits(v, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  const int64_t days =
      DaysSinceEpoch(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const int64_t local = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  // Kept in ms to honour sub-second fixed offsets.
  return static_cast<double>(time_zone.LocalToUnixMs(local * 1000)) / 1000.0;
}

bool IsPercentageColumn(std::string_view column) {
  const std::string lower = Lower(TrimAsciiSpace(column));
  auto has_word = [&](std::string_view word) {
    for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
      const bool starts = at == 0 || lower[at - 1] == ' ' || lower[at - 1] == '(';
      const size_t after = at + word.size();
      const bool ends = after == lower.size() || lower[after] == ' ' || lower[after] == ')';
      if (starts && ends) return true;
    }
    return false;
  };
  return lower.find('%') != std::string::npos || has_word("percent") || has_word("percentage") ||
         has_word("pct") || has_word("rate") || has_word("ratio") ||
         lower.find("service level") != std::string::npos;
}

std::optional<ValueKind> KindFromName(StatisticType type, std::string_view column) {
  if (IsNotNumericColumn(type, column)) return ValueKind::kNotNumeric;
  const std::string lower = Lower(TrimAsciiSpace(column));
  auto ends_with = [&](std::string_view tail) {
    return lower.size() >= tail.size() &&
           lower.compare(lower.size() - tail.size(), tail.size(), tail) == 0;
  };
  auto starts_with = [&](std::string_view head) { return lower.starts_with(head); };
  if (ends_with(" since") || lower == "since") return ValueKind::kTimestamp;
  if (IsDurationColumn(column)) return ValueKind::kMilliseconds;
  if (IsPercentageColumn(column)) return ValueKind::kPercentage;
  if (starts_with("total ") || starts_with("calls ") || starts_with("agents ") ||
      starts_with("vms ") || starts_with("number of ") || ends_with(" calls") ||
      ends_with(" count") || ends_with(" vms") || ends_with(" callbacks")) {
    return ValueKind::kNumber;
  }
  return std::nullopt;
}

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNumber:
      return "number";
    case ValueKind::kMilliseconds:
      return "milliseconds";
    case ValueKind::kHms:
      return "duration";
    case ValueKind::kTimestamp:
      return "timestamp";
    case ValueKind::kPercentage:
      return "percentage";
    case ValueKind::kPair:
      return "pair";
    case ValueKind::kText:
      return "text";
    default:
      return "";
  }
}

std::optional<ValueKind> ValueKindFromName(std::string_view name) {
  static constexpr ValueKind kNamed[] = {
      ValueKind::kNumber,     ValueKind::kMilliseconds, ValueKind::kHms, ValueKind::kTimestamp,
      ValueKind::kPercentage, ValueKind::kPair,         ValueKind::kText};
  for (ValueKind kind : kNamed) {
    if (ValueKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

ValueKind DecideKind(StatisticType type, std::string_view column, std::string_view value) {
  if (auto named = KindFromName(type, column)) {
    // A count written "12 (9)" keeps the pair's HELP text; family and unit are the same.
    if (*named == ValueKind::kNumber && !ParsePlainNumber(value) && ParsePairFirst(value)) {
      return ValueKind::kPair;
    }
    return *named;
  }
  if (IsMissingText(value)) return ValueKind::kUndecided;
  const bool duration_column = IsDurationColumn(column);
  if (ParsePlainNumber(value)) {
    return duration_column ? ValueKind::kMilliseconds : ValueKind::kNumber;
  }
  if (ParseHms(value)) return ValueKind::kHms;
  if (ParseWallClock(value, std::chrono::milliseconds(0))) return ValueKind::kTimestamp;
  if (ParsePercentage(value)) return ValueKind::kPercentage;
  if (ParsePairFirst(value)) return ValueKind::kPair;
  return ValueKind::kText;
}

std::string_view KindSuffix(ValueKind kind) {
  switch (kind) {
    case ValueKind::kMilliseconds:
    case ValueKind::kHms:
      return "_seconds";
    case ValueKind::kTimestamp:
      return "_timestamp_seconds";
    case ValueKind::kPercentage:
      return "_ratio";
    default:
      return "";
  }
}

std::string_view KindUnit(ValueKind kind) {
  switch (kind) {
    case ValueKind::kMilliseconds:
    case ValueKind::kHms:
      return "seconds";
    case ValueKind::kTimestamp:
      return "Unix time in seconds";
    case ValueKind::kPercentage:
      return "ratio, 1 = 100%";
    case ValueKind::kPair:
      return "first number of \"X (Y)\"";
    default:
      return "";
  }
}

bool IsSampleKind(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNumber:
    case ValueKind::kPair:
    case ValueKind::kMilliseconds:
    case ValueKind::kHms:
    case ValueKind::kTimestamp:
    case ValueKind::kPercentage:
      return true;
    default:
      return false;
  }
}

std::optional<double> ParseSample(ValueKind kind, bool duration_column, std::string_view value,
                                  const TimeZone& time_zone) {
  switch (kind) {
    case ValueKind::kNumber:
    case ValueKind::kPair:
      // Same family and unit: a pair column may show a bare number and vice versa.
      if (auto n = ParsePlainNumber(value)) return n;
      return ParsePairFirst(value);
    case ValueKind::kMilliseconds:
    case ValueKind::kHms:
      if (auto s = ParseHms(value)) return s;
      // A bare number is milliseconds only where the column name says "duration";
      // elsewhere it is ambiguous (ms or s) and therefore does not fit.
      if (duration_column) {
        if (auto ms = ParsePlainNumber(value)) return *ms / 1000.0;
      }
      return std::nullopt;
    case ValueKind::kTimestamp:
      return ParseWallClock(value, time_zone);
    case ValueKind::kPercentage:
      if (auto ratio = ParsePercentage(value)) return ratio;
      // The column is a percentage by name or pin: a bare number is in percent.
      if (auto percent = ParsePlainNumber(value)) return *percent / 100.0;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace five9exp
