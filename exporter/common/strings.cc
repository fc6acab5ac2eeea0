#include "exporter/common/strings.h"

namespace five9exp {

std::string QuoteForMessage(std::string_view value, size_t max_chars) {
  std::string out = "\"";
  for (char c : value.substr(0, max_chars)) {
    if (c == '"' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > max_chars) out += "...";
  return out + "\"";
}

}  // namespace five9exp
