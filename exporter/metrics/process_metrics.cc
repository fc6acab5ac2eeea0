#include "exporter/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace five9exp {
namespace {

std::optional<double> BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return std::nullopt;
}

std::optional<double> CountOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the descriptor opendir itself holds
}

}  // namespace

ProcessStats ReadProcessStats() {
  ProcessStats stats;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));

  std::ifstream stat_file("/proc/self/stat");
  std::string stat;
  if (std::getline(stat_file, stat)) {
    // The command name (field 2) may contain blanks and parentheses: skip past the last ')'.
    const size_t close = stat.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(stat.substr(close + 2));
      std::vector<std::string> f;
      for (std::string field; fields >> field;) f.push_back(field);
      // f[0] is field 3 (state); utime=14, stime=15, starttime=22, vsize=23, rss=24.
      if (f.size() > 21 && ticks > 0) {
        try {
          stats.cpu_seconds_total = (std::stod(f[11]) + std::stod(f[12])) / ticks;
          stats.virtual_memory_bytes = std::stod(f[20]);
          stats.resident_memory_bytes = std::stod(f[21]) * page_size;
          if (const auto boot = BootTimeSeconds()) {
            stats.start_time_seconds = *boot + std::stod(f[19]) / ticks;
          }
        } catch (const std::exception&) {
          // A malformed /proc line leaves the fields empty.
        }
      }
    }
  }
  stats.open_fds = CountOpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.max_fds = static_cast<double>(limit.rlim_cur);
  }
  return stats;
}

}  // namespace five9exp
