#pragma once
// Small string helpers shared by every module (the one home of trimming, so the rule for
// what counts as white space is written once). Views in, views out, except where a
// new string is the point.

#include <cstddef>
#include <string>
#include <string_view>

namespace five9exp {

// Space, tab, CR and LF: the white space of config values, secrets, HTTP headers and
// Five9's cell values (form feed / vertical tab are not trimmed: never seen in them).
constexpr bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// `s` without leading and trailing IsAsciiSpace characters (a view into `s`).
constexpr std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// `value` in double quotes for an error message: `"` and `\` escaped, control characters
// shown as '?', cut after `max_chars` with "..." so a pasted blob cannot flood the log.
std::string QuoteForMessage(std::string_view value, size_t max_chars = 64);

}  // namespace five9exp
