#pragma once
// Kubernetes MicroTime (RFC 3339 with microseconds), the format of a Lease's acquireTime
// and renewTime. The API server accepts exactly six fraction digits on write; on read we
// accept any RFC 3339 date-time (fraction of 0-9 digits, `Z` or a numeric offset).
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"

namespace five9exp {

// "2026-12-01T23:13:53.123456Z": UTC, always six fraction digits (truncated, not rounded).
std::string FormatMicroTime(WallTime time);

// Parses an RFC 3339 date-time. kMalformedResponse names what is wrong.
Result<WallTime> ParseMicroTime(std::string_view text);

}  // namespace five9exp
