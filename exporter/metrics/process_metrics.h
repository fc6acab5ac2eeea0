#pragma once
// ProcessStats: the standard process_* metrics of this process, read from /proc.
// Pure function; thread-safe.

#include <optional>

namespace five9exp {

struct ProcessStats {
  std::optional<double> cpu_seconds_total;  // utime + stime
  std::optional<double> resident_memory_bytes;
  std::optional<double> virtual_memory_bytes;
  std::optional<double> start_time_seconds;  // Unix time
  std::optional<double> open_fds;
  std::optional<double> max_fds;  // soft limit
};

// Reads /proc/self; fields that cannot be read stay empty (e.g. outside Linux).
ProcessStats ReadProcessStats();

}  // namespace five9exp
