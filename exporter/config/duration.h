#pragma once
// Duration strings of the configuration ("30s", "8h", "-7h", "500ms", "1h30m"), parsed once
// at load time so the rest of the program only sees std::chrono.
//
// Grammar: an optional sign, then one or more <number><unit> terms, unit one of ms, s, m, h, d;
// numbers may carry a decimal fraction ("1.5h"). The total must be a whole number of
// milliseconds. A bare "0" is accepted; any other number without a unit is refused, because
// "600" could mean seconds or milliseconds and config typos must fail loudly.
// Pure functions: thread-safe.

#include <chrono>
#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

// Parses `text`; on failure an Error (kInvalidArgument) whose message says what is wrong
// without repeating the input (callers add context).
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// The shortest string ParseDuration maps back to `d`, e.g. "1h30m", "-7h", "500ms", "0s".
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace five9exp
