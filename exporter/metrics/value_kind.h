#pragma once
// Value kinds of statistic columns: how a Five9 cell string becomes a sample.
//
// A column's kind is decided once and then kept (the caller stores it; see TableRenderer,
// which also lets the checkpoint carry it across restarts): a kind pinned in the config
// (statistics.<Type>.kinds) wins; else rules on the column's name (KindFromName: "... Since"
// times, duration columns, percentage columns, counts); else the first non-missing value.
// Later values are parsed against the kept kind; a value that does not fit gives
// std::nullopt and is counted by the caller.
// Percentages: "12.5%" anywhere a percentage is expected; a bare "12.5" only in a
// percentage column (pinned or named), read in percent (0.125), never guessed from a value.
// Kinds that share a family name and unit accept each other's spelling:
//   - number and pair: "12" and "12 (9)" both give 12 (no suffix);
//   - milliseconds and H:MM:SS duration in a duration-named column: both give seconds.
// Pure functions; thread-safe.

#include <chrono>
#include <optional>
#include <string_view>

#include "exporter/common/time_zone.h"
#include "exporter/five9/types.h"

namespace five9exp {

enum class ValueKind {
  kUndecided,     // no non-missing value seen yet
  kNotNumeric,    // key column, Full Name, State, Reason Code: never a statistic family
  kText,          // first value was other text: no samples
  kNumber,        // "42", "-3", "12.5": as is
  kPair,          // "12 (9)": the first number
  kMilliseconds,  // integer in a duration-named column: ms / 1000, suffix _seconds
  kHms,           // "1:02:03", "227:00:55": seconds, suffix _seconds
  kTimestamp,     // "2026-11-28 13:59:42" in the domain's zone: Unix seconds, _timestamp_seconds
  kPercentage,    // "12.5%": 0.125, suffix _ratio
};

// Empty, nil, "N/A" and "-" (surrounding blanks ignored).
bool IsMissing(const CellValue& value);
bool IsMissingText(std::string_view value);

// "... Time", "... Duration", "... Time In Queue" and other queue-time columns,
// "Avg Speed Of Answer": columns whose integers are milliseconds.
bool IsDurationColumn(std::string_view column);

// The key column, Full Name, State, Reason Code and the other name/word columns of
// FIELD-NOTES (Username, Skill Name, Campaign Name, Call Type, Customer, Media Availability)
// are never statistic families, whatever their values look like.
bool IsNotNumericColumn(StatisticType type, std::string_view column);

// Kind of a column from its name alone: kNotNumeric for the name/word columns,
// kTimestamp for "... Since", kMilliseconds for duration columns, kPercentage for
// "%", "Percent", "Percentage", "... Rate", "... Ratio", "Service Level" columns, kNumber
// for counts ("Total ...", "... Calls", "Calls ...", "Agents ...", "VMs ...", "Number Of ...",
// "... Count"); std::nullopt when the name says nothing.
std::optional<ValueKind> KindFromName(StatisticType type, std::string_view column);
bool IsPercentageColumn(std::string_view column);

// Kind of a column from its name (KindFromName) or else its first non-missing value.
ValueKind DecideKind(StatisticType type, std::string_view column, std::string_view value);

// Stable names of the kinds a config may pin and a checkpoint may store: "number",
// "milliseconds", "duration" (H:MM:SS), "timestamp", "percentage", "pair", "text".
// kUndecided and kNotNumeric have no name ("") and are never stored.
std::string_view ValueKindName(ValueKind kind);
std::optional<ValueKind> ValueKindFromName(std::string_view name);

// Family name suffix: "", "_seconds", "_timestamp_seconds" or "_ratio".
std::string_view KindSuffix(ValueKind kind);
// Unit for HELP texts, e.g. "seconds"; "" for plain numbers.
std::string_view KindUnit(ValueKind kind);
// True for kinds that produce samples.
bool IsSampleKind(ValueKind kind);

// The sample of `value` for a column of `kind`; std::nullopt when the value does not fit.
// `duration_column` is IsDurationColumn(column name) (or a pinned milliseconds column);
// `time_zone` is the zone of the domain's wall-clock strings.
std::optional<double> ParseSample(ValueKind kind, bool duration_column, std::string_view value,
                                  const TimeZone& time_zone);
inline std::optional<double> ParseSample(ValueKind kind, bool duration_column,
                                         std::string_view value,
                                         std::chrono::milliseconds time_zone) {
  return ParseSample(kind, duration_column, value, TimeZone::Fixed(time_zone));
}

// Building blocks, exposed for tests.
std::optional<double> ParsePlainNumber(std::string_view value);  // -?\d+(\.\d+)?
std::optional<double> ParsePairFirst(std::string_view value);    // "12 (9)" -> 12
std::optional<double> ParseHms(std::string_view value);          // "H+:MM:SS" -> seconds
std::optional<double> ParsePercentage(std::string_view value);   // "12.5%" -> 0.125
// "YYYY-MM-DD HH:MM:SS" taken as local time in `time_zone` -> Unix seconds.
std::optional<double> ParseWallClock(std::string_view value, const TimeZone& time_zone);
inline std::optional<double> ParseWallClock(std::string_view value,
                                            std::chrono::milliseconds time_zone) {
  return ParseWallClock(value, TimeZone::Fixed(time_zone));
}

}  // namespace five9exp
