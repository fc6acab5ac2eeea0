#include "exporter/config/column_matcher.h"

#include "exporter/common/strings.h"

namespace five9exp {
namespace {

// Stable wording for std::regex errors (libstdc++'s what() texts vary between releases).
std::string_view RegexErrorText(std::regex_constants::error_type code) {
  using namespace std::regex_constants;
  switch (code) {
    case error_collate:
      return "invalid collating element";
    case error_ctype:
      return "invalid character class";
    case error_escape:
      return "invalid escape";
    case error_backref:
      return "invalid back reference";
    case error_brack:
      return "unbalanced [ ]";
    case error_paren:
      return "unbalanced ( )";
    case error_brace:
      return "unbalanced { }";
    case error_badbrace:
      return "invalid { } range";
    case error_range:
      return "invalid character range";
    case error_space:
      return "out of memory";
    case error_badrepeat:
      return "nothing to repeat";
    case error_complexity:
      return "too complex";
    case error_stack:
      return "too complex";
    default:
      return "invalid expression";
  }
}

}  // namespace

Result<std::regex> CompileColumnPattern(const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return MakeError(ErrorCode::kConfig, "invalid regex " + QuoteForMessage(pattern) + ": " +
                                             std::string(RegexErrorText(e.code())));
  }
}

Result<ColumnMatcher> ColumnMatcher::Compile(const std::vector<std::string>& include,
                                             const std::vector<std::string>& exclude) {
  std::vector<std::regex> lists[2];
  const std::vector<std::string>* patterns[2] = {&include, &exclude};
  const char* names[2] = {"include", "exclude"};
  for (int list = 0; list < 2; ++list) {
    for (size_t i = 0; i < patterns[list]->size(); ++i) {
      auto compiled = CompileColumnPattern((*patterns[list])[i]);
      if (!compiled) {
        return MakeError(ErrorCode::kConfig, std::string(names[list]) + "[" + std::to_string(i) +
                                                 "]: " + compiled.error().message);
      }
      lists[list].push_back(std::move(*compiled));
    }
  }
  return ColumnMatcher(std::move(lists[0]), std::move(lists[1]));
}

bool ColumnMatcher::Matches(const std::string& column) const {
  bool included = include_.empty();
  for (const std::regex& re : include_) {
    if (std::regex_search(column, re)) {
      included = true;
      break;
    }
  }
  if (!included) return false;
  for (const std::regex& re : exclude_) {
    if (std::regex_search(column, re)) return false;
  }
  return true;
}

}  // namespace five9exp
