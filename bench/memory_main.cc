// Benchmark 4 of issue 7: resident memory of an exporter process holding the large domain,
// at rest and during scrapes. One process, the real objects (StatisticTable, SnapshotStore,
// Exposition), figures from /proc/self/status:
//   VmRSS  resident now (after malloc_trim, so freed heap is not counted as resident);
//   VmHWM  peak resident since the last reset; reset by writing "5" to /proc/self/clear_refs
//          just before each measured step, so each peak belongs to that step alone.
// Prints `key=value` lines (KiB) that scripts/bench.sh reads:
//   rest_cold_kib      domain loaded and published, nothing rendered yet
//   peak_first_kib     peak during the first scrape (every table rendered, body built)
//   rest_kib           at rest between scrapes (domain + cached tables + cached body)
//   peak_delta_kib     peak during a scrape after a 1%-of-rows delta of every table
//   peak_full_kib      peak during a scrape that re-renders everything (after a reload)
//   peak_gzip_kib      peak during a gzip scrape after a delta
// Not a Google Benchmark program: a peak needs a fresh process, not repetitions.

#include <malloc.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/large_domain.h"
#include "exporter/metrics/exposition.h"
#include "exporter/metrics/self_metrics.h"

namespace five9exp::bench {
namespace {

long StatusKib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Returns false when the kernel refuses (then VmHWM is the process-lifetime peak).
bool ResetPeak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

long RestKib() {
  malloc_trim(0);
  return StatusKib("VmRSS");
}

// Runs `scrape` after a peak reset and returns the peak in KiB.
template <typename Fn>
long PeakOf(Fn scrape, bool* reset_ok) {
  malloc_trim(0);
  *reset_ok = ResetPeak() && *reset_ok;
  scrape();
  return StatusKib("VmHWM");
}

void ApplyDelta(LargeDomain& domain, SnapshotStore& store, int round) {
  const auto snapshot = domain.Snapshot();
  for (const auto& [type, table] : snapshot->tables) {
    const StatisticsUpdate delta = MakeRowsDelta(table, 0.01, round);
    if (!delta.data_update.empty()) {
      domain.table(type).Apply(delta, WallTime(std::chrono::seconds(1'800'000'000 + round)));
    }
  }
  store.Publish(domain.Snapshot());
}

int Main() {
  const LargeDomainSpec spec;
  LargeDomain domain(spec);
  SnapshotStore store;
  store.Publish(domain.Snapshot());
  SelfMetrics self("bench", "bench");
  DomainConfig config;
  config.name = spec.domain;
  Exposition exposition(store, self, RenderOptionsByDomain({config}));

  bool reset_ok = true;
  size_t body_bytes = 0;
  const long rest_cold = RestKib();
  const long peak_first = PeakOf([&] { body_bytes = exposition.Body(false)->size(); }, &reset_ok);
  const long rest = RestKib();
  const long peak_delta = PeakOf(
      [&] {
        ApplyDelta(domain, store, 1);
        exposition.Body(false);
      },
      &reset_ok);
  const long peak_full = PeakOf(
      [&] {
        exposition.SetDomains(
            RenderOptionsByDomain({config}));  // a reload drops every cached table
        exposition.Body(false);
      },
      &reset_ok);
  const long peak_gzip = PeakOf(
      [&] {
        ApplyDelta(domain, store, 2);
        exposition.Body(true);
      },
      &reset_ok);
  const long rest_after = RestKib();

  std::cout << "body_bytes=" << body_bytes << "\n"
            << "rest_cold_kib=" << rest_cold << "\n"
            << "peak_first_kib=" << peak_first << "\n"
            << "rest_kib=" << rest << "\n"
            << "peak_delta_kib=" << peak_delta << "\n"
            << "peak_full_kib=" << peak_full << "\n"
            << "peak_gzip_kib=" << peak_gzip << "\n"
            << "rest_after_kib=" << rest_after << "\n"
            << "peak_reset_supported=" << (reset_ok ? 1 : 0) << "\n";
  return 0;
}

}  // namespace
}  // namespace five9exp::bench

int main() { return five9exp::bench::Main(); }
