#pragma once
// When ConnectionServer's loop hands a connection's buffered bytes to a worker: once they
// hold a whole request head, and the body when it is small enough to buffer. Pure. Private
// to exporter/web.

#include <cstddef>
#include <string_view>

namespace five9exp {

// A request head longer than this is refused (431): httplib allows 8 KiB per line.
inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;

enum class Readiness { kIncomplete, kComplete, kTooLarge };

// Whether `bytes` start with a whole request the loop should hand over: the head, and
// the body when Content-Length announces at most `max_body` bytes. Anything httplib will
// refuse (bad length, too big, chunked) is handed over as soon as the head is complete.
Readiness RequestReadiness(std::string_view bytes, size_t max_body);

}  // namespace five9exp
