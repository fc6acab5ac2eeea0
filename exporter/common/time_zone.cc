// The one file that includes Howard Hinnant's date/tz (USE_OS_TZDB: the system zoneinfo).
#include "exporter/common/time_zone.h"

#include <date/tz.h>

#include <exception>

namespace five9exp {
namespace {

using std::chrono::milliseconds;

const date::time_zone* ZoneOf(const void* zone) {
  return static_cast<const date::time_zone*>(zone);
}

}  // namespace

TimeZone TimeZone::Fixed(milliseconds offset) {
  TimeZone zone;
  zone.offset_ = offset;
  return zone;
}

Result<TimeZone> TimeZone::Named(std::string_view name) {
  try {
    const date::time_zone* found = date::locate_zone(name);
    TimeZone zone;
    zone.zone_ = found;
    zone.name_ = std::string(name);
    return zone;
  } catch (const std::exception&) {
    // locate_zone throws runtime_error for unknown names and when no tz database is found.
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown time zone \"" + std::string(name) +
                         "\" (an offset like -7h or an IANA name from /usr/share/zoneinfo, "
                         "package tzdata)");
  }
}

milliseconds TimeZone::OffsetAt(WallTime utc) const {
  if (fixed()) return offset_;
  const auto info =
      ZoneOf(zone_)->get_info(std::chrono::time_point_cast<std::chrono::seconds>(utc));
  return std::chrono::duration_cast<milliseconds>(info.offset);
}

int64_t TimeZone::LocalToUnixMs(int64_t local_ms) const {
  if (fixed()) return local_ms - offset_.count();
  const date::local_seconds local{
      std::chrono::seconds(local_ms >= 0 ? local_ms / 1000 : -((-local_ms + 999) / 1000))};
  const date::local_info info = ZoneOf(zone_)->get_info(local);
  // unique and ambiguous: `first` is the (earlier) offset; nonexistent: `first` is the
  // offset before the gap.
  const int64_t offset_ms = std::chrono::duration_cast<milliseconds>(info.first.offset).count();
  return local_ms - offset_ms;
}

std::optional<WallTime> TimeZone::NextTransition(WallTime utc) const {
  if (fixed()) return std::nullopt;
  // The far-future sentinel of the last period: no transition after it.
  const date::sys_seconds kNever{std::chrono::seconds(INT64_C(253402300799))};
  const date::time_zone* zone = ZoneOf(zone_);
  const auto now = std::chrono::floor<std::chrono::seconds>(utc);
  const auto offset = zone->get_info(now).offset;
  date::sys_seconds at = now;
  // Some periods change only the abbreviation or split the offset differently: skip
  // them (bounded: real zones change offset within a few periods).
  for (int i = 0; i < 64; ++i) {
    const date::sys_info info = zone->get_info(at);
    if (info.end >= kNever) return std::nullopt;
    at = info.end;
    if (zone->get_info(at).offset != offset) {
      return std::chrono::time_point_cast<WallTime::duration>(at);
    }
  }
  return std::nullopt;
}

}  // namespace five9exp
