#pragma once
// Metric and label naming for the /metrics body: subsystem names per statistic type, the
// object label, column-name sanitising, label-value and HELP escaping, HELP texts.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "exporter/five9/types.h"

namespace five9exp {

inline constexpr std::string_view kMetricPrefix = "five9_";

// snake_case of the type, e.g. "acd_status" for ACDStatus.
std::string_view Subsystem(StatisticType type);

// The object label of a type's rows: "agent", "skill" or "campaign".
std::string_view ObjectLabel(StatisticType type);

// Column name -> metric name part: lower-case ASCII letters and digits are kept, every run
// of other characters becomes one '_', leading/trailing '_' trimmed.
// "Calls In Queue (Visual IVR)" -> "calls_in_queue_visual_ivr". May return "".
std::string SnakeName(std::string_view column);

// "five9_<subsystem>_<snake_column><suffix>".
std::string StatisticFamilyName(StatisticType type, std::string_view snake_column,
                                std::string_view suffix);

// Appends `value` escaped for a label value (\\, \", \n). Invalid UTF-8 sequences are
// replaced by U+FFFD so that the body always stays valid UTF-8.
void AppendLabelValue(std::string& out, std::string_view value);
std::string EscapeLabelValue(std::string_view value);

// `value` with invalid UTF-8 sequences replaced by U+FFFD, nothing escaped (for label values
// handed to prometheus-cpp, which escapes but does not repair encodings).
std::string SanitizeUtf8(std::string_view value);

// Escapes a HELP text (\\ and \n), also replacing invalid UTF-8.
std::string EscapeHelp(std::string_view help);

// HELP of a statistic column family; says where the value comes from, its unit and that it
// is cached and refreshed by long polling. Not escaped.
std::string StatisticHelp(StatisticType type, std::string_view column, std::string_view unit);

}  // namespace five9exp
