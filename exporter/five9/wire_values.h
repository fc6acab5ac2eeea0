#pragma once
// Numbers as Five9 writes them in SOAP answers, shared by the DOM and the streaming readers
// so both accept exactly the same text.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "exporter/common/strings.h"

namespace five9exp {

// xs:long: optional surrounding white space and a leading '+'; nullopt when not a number.
inline std::optional<int64_t> WireInt64(std::string_view text) {
  text = TrimAsciiSpace(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace five9exp
