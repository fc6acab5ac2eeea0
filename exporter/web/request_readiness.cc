#include "exporter/web/request_readiness.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace five9exp {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Readiness RequestReadiness(std::string_view bytes, size_t max_body) {
  const size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    return bytes.size() > kMaxRequestHeadBytes ? Readiness::kTooLarge : Readiness::kIncomplete;
  }
  if (head_end > kMaxRequestHeadBytes) return Readiness::kTooLarge;
  std::string_view head = bytes.substr(0, head_end + 2);
  std::optional<size_t> content_length;
  for (size_t start = head.find("\r\n"); start != std::string_view::npos;) {
    start += 2;
    const size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos) break;
    const std::string_view line = head.substr(start, end - start);
    start = end;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    if (EqualsIgnoringCase(name, "transfer-encoding")) return Readiness::kComplete;
    if (!EqualsIgnoringCase(name, "content-length")) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    size_t length = 0;
    for (char ch : value) {
      if (ch < '0' || ch > '9' || length > max_body) return Readiness::kComplete;
      length = length * 10 + static_cast<size_t>(ch - '0');
    }
    content_length = length;
  }
  if (!content_length || *content_length > max_body) return Readiness::kComplete;
  return bytes.size() >= head_end + 4 + *content_length ? Readiness::kComplete
                                                        : Readiness::kIncomplete;
}

}  // namespace five9exp
