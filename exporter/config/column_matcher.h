#pragma once
// Column patterns of a statistic type (statistics.<Type>.columns), compiled once when the
// configuration is loaded so a pattern that does not compile is a located config error,
// never a filter that silently matches everything. Copyable, immutable after construction;
// Matches() is thread-safe.

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/error.h"

namespace five9exp {

// One ECMAScript pattern compiled, or kConfig "invalid regex \"(x\": unbalanced ( )" with
// a wording that does not depend on the standard library's release.
Result<std::regex> CompileColumnPattern(const std::string& pattern);

class ColumnMatcher {
 public:
  // Matches every column.
  ColumnMatcher() = default;
  ColumnMatcher(std::vector<std::regex> include, std::vector<std::regex> exclude)
      : include_(std::move(include)), exclude_(std::move(exclude)) {}
  // For Configs built in code: kConfig naming the first list and index that fails.
  static Result<ColumnMatcher> Compile(const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude);

  // Included when `include` is empty or a pattern of it is found in the name, and no
  // pattern of `exclude` is (std::regex_search).
  bool Matches(const std::string& column) const;

 private:
  std::vector<std::regex> include_;
  std::vector<std::regex> exclude_;
};

}  // namespace five9exp
