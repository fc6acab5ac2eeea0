#pragma once
// TimeZone: how the domain's wall-clock strings (State Since, ...) map to UTC, and which
// UTC offset the exporter sends Five9 in viewSettings.timeZone.
//
// Either a fixed offset (`time_zone: -7h`, today's behaviour, no transitions) or an IANA
// zone from the system's tz database (`time_zone: America/Los_Angeles`), with daylight
// saving time. Local times that occur twice (the repeated hour when DST ends) are read as
// the earlier one; local times that do not exist (the skipped hour when DST starts) are
// read with the offset in force before the gap, so 02:30 on a spring-forward night in
// Los Angeles reads as 10:30 UTC (= 03:30 PDT). Both are the answers std::chrono's and
// date::choose::earliest's rules give; Five9 never writes a skipped time itself.
//
// The one file that includes Howard Hinnant's date/tz is time_zone.cc (docs/architecture.md
// says why that library). Zone rules are loaded once per name from /usr/share/zoneinfo
// (Debian's tzdata) and never depend on the machine's TZ or /etc/localtime.
// Immutable value type; copies are cheap; thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"

namespace five9exp {

class TimeZone {
 public:
  // UTC+0, fixed.
  TimeZone() = default;
  static TimeZone Fixed(std::chrono::milliseconds offset);
  // An IANA zone name such as "America/Los_Angeles" or "UTC"; kInvalidArgument with the
  // name when the tz database does not know it.
  static Result<TimeZone> Named(std::string_view name);

  // True for a fixed offset (no transitions).
  bool fixed() const { return zone_ == nullptr; }
  // The IANA name; "" for a fixed offset.
  const std::string& name() const { return name_; }
  // The fixed offset (only meaningful when fixed()).
  std::chrono::milliseconds fixed_offset() const { return offset_; }

  // Offset of local time from UTC at the instant `utc` (local = utc + offset).
  std::chrono::milliseconds OffsetAt(WallTime utc) const;
  // Unix milliseconds of the local civil time `local_ms` (milliseconds since
  // 1970-01-01 00:00 local), by the rules above.
  int64_t LocalToUnixMs(int64_t local_ms) const;
  // The first instant strictly after `utc` at which the offset changes; std::nullopt for
  // fixed offsets and zones without further transitions.
  std::optional<WallTime> NextTransition(WallTime utc) const;

  bool operator==(const TimeZone& other) const {
    return zone_ == other.zone_ && offset_ == other.offset_;
  }

 private:
  std::chrono::milliseconds offset_{0};  // fixed offset
  const void* zone_ = nullptr;           // const date::time_zone* of the tz database (static)
  std::string name_;
};

}  // namespace five9exp
