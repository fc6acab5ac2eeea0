#pragma once
// Test-only strict parser of the Prometheus text format 0.0.4, used to prove that /metrics
// bodies are valid: names and label names well formed, label values only with \\ \" \n
// escapes and valid UTF-8, HELP/TYPE at most once per family and before its samples,
// samples of a family contiguous, no duplicate series, no timestamps.
// Pure function; thread-safe.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace five9exp::testing {

struct ParsedSeries {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
  bool operator<(const ParsedSeries& other) const {
    return std::tie(name, labels) < std::tie(other.name, other.labels);
  }
};

struct ParsedText {
  std::vector<ParsedSeries> series;          // in body order
  std::map<std::string, std::string> types;  // family -> TYPE
  std::map<std::string, std::string> helps;  // family -> HELP (unescaped)
  std::string error;                         // empty when the body is valid
  int error_line = 0;
};

ParsedText ParseTextFormat(std::string_view body);

}  // namespace five9exp::testing
