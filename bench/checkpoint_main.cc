// Checkpoint benchmark (issue 11): size, encode, atomic write (fsync + rename + folder
// fsync), read + decode, and restore into live tables, for the large-domain fixture. Each
// figure is the median of several runs, printed beside baselines measured in the same run:
//   baseline_load_ms   StatisticTable::Load of the same getStatistics answers in memory
//                      (what a cold start does once the 9 QueryStatistics calls answered);
//   baseline_write_ms  a plain write of the same bytes without fsync or rename.
// Prints `key=value` lines that scripts/bench.sh reads. Writes into $TMPDIR (or /tmp).
// Not a Google Benchmark program: one fsync'ed file per run, few runs.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench/large_domain.h"
#include "exporter/statistics/checkpoint.h"
#include "exporter/statistics/checkpoint_file.h"

namespace five9exp::bench {
namespace {

constexpr int kRuns = 5;

double MedianMs(const std::function<void()>& step) {
  std::vector<double> times;
  for (int i = 0; i < kRuns; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[kRuns / 2];
}

int Main() {
  const LargeDomainSpec spec;
  const std::vector<Statistics> loads = BuildLargeDomainStatistics(spec);
  LargeDomain domain(spec);
  std::shared_ptr<const DomainSnapshot> snapshot = domain.Snapshot();
  DomainConfig config;
  config.name = spec.domain;
  config.endpoint = "http://127.0.0.1:1/ws";
  config.username = "bench";
  const WallTime now = std::chrono::system_clock::now();
  std::vector<WallTime> calls;
  for (int i = 0; i < 192; ++i) calls.push_back(now - std::chrono::minutes(7 * i));

  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/five9-ckpt-bench.XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string path = CheckpointPath(dir, config.name);

  std::string bytes;
  const double encode_ms = MedianMs(
      [&] { bytes = EncodeCheckpoint(CheckpointFromSnapshot(*snapshot, config, calls, {}, now)); });
  bool write_ok = true;
  const double write_ms = MedianMs([&] { write_ok &= bool(WriteFileAtomically(path, bytes)); });
  const double baseline_write_ms = MedianMs([&] {
    std::ofstream out(dir + "/plain", std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
  size_t restored_rows = 0;
  bool load_ok = true;
  const double load_ms = MedianMs([&] {
    auto file = ReadSmallFile(path, kMaxCheckpointBytes);
    if (!file || !file->has_value()) {
      load_ok = false;
      return;
    }
    auto checkpoint = AcceptCheckpoint(**file, config, std::chrono::system_clock::now());
    if (!checkpoint) {
      load_ok = false;
      return;
    }
    restored_rows = 0;
    for (const auto& [type, table] : checkpoint->tables) {
      StatisticTable live(type);
      live.Restore(table);
      restored_rows += live.row_count();
    }
  });
  const double baseline_load_ms = MedianMs([&] {
    for (const Statistics& statistics : loads) {
      StatisticTable live(statistics.type);
      live.Load(statistics, now);
    }
  });
  std::filesystem::remove_all(dir);
  if (!write_ok || !load_ok) {
    std::fprintf(stderr, "checkpoint bench: write or load failed\n");
    return 1;
  }
  std::printf("checkpoint_bytes=%zu\n", bytes.size());
  std::printf("checkpoint_rows=%zu\n", restored_rows);
  std::printf("encode_ms=%.2f\n", encode_ms);
  std::printf("write_ms=%.2f\n", write_ms);
  std::printf("baseline_write_ms=%.2f\n", baseline_write_ms);
  std::printf("load_ms=%.2f\n", load_ms);
  std::printf("baseline_load_ms=%.2f\n", baseline_load_ms);
  return 0;
}

}  // namespace
}  // namespace five9exp::bench

int main() { return five9exp::bench::Main(); }
