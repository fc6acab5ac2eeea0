// Benchmarks 1 and 2 of issue 7: rendering the large domain to a /metrics body.
//   BM_RenderFast            full render by Exposition (TableRenderer + merge), cold caches
//   BM_RenderPrometheusCpp   baseline: Registry::Collect + TextSerializer of the same table
//                            series (the registry is filled once, as a prometheus-cpp based
//                            exporter would keep it; filling it is not timed)
//   BM_ScrapeCacheHit        Body() with nothing changed
//   BM_ScrapeAfterDelta      Body() after a delta touching 1% of the rows of every table
//   BM_ScrapeAfterDeltaGzip  the same with gzip (blocks of unchanged lines reuse their member)
//   BM_ScrapeCacheHitGzip    Body(gzip) with nothing changed (the compressed body is cached)
//   BM_GzipZlib / BM_GzipLibdeflate  one gzip member of the whole body, per engine
//   BM_GzipBlocksCold        the body as members of 16-64 KiB blocks, none reusable
// scripts/bench.sh turns the figures into the `goal ...` lines.

#include <benchmark/benchmark.h>

#include "bench/bench_fixture.h"
#include "exporter/metrics/exposition.h"
#include "exporter/metrics/gzip_blocks.h"
#include "exporter/metrics/reference_renderer.h"
#include "exporter/metrics/self_metrics.h"

namespace five9exp::bench {
namespace {

// A store holding the shared domain's current snapshot.
std::unique_ptr<SnapshotStore> StoreWithDomain() {
  auto store = std::make_unique<SnapshotStore>();
  store->Publish(SharedLargeDomain().Snapshot());
  return store;
}

void BM_RenderFast(benchmark::State& state) {
  auto store = StoreWithDomain();
  SelfMetrics self("bench", "bench");
  size_t bytes = 0;
  size_t series = 0;
  for (auto _ : state) {
    // A new Exposition has no per-table caches: every iteration renders everything.
    Exposition exposition(*store, self, RenderOptionsByDomain(LargeDomainConfigs()));
    auto body = exposition.Body(false);
    bytes = body->size();
    benchmark::DoNotOptimize(body->data());
    if (series == 0) series = CountSeries(*body);
  }
  state.counters["series"] = static_cast<double>(series);
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderFast)->Unit(benchmark::kMillisecond)->Iterations(8);

void BM_RenderPrometheusCpp(benchmark::State& state) {
  auto snapshot = SharedLargeDomain().Snapshot();
  ReferenceRenderer reference;
  for (const auto& [type, table] : snapshot->tables) reference.AddTable(snapshot->domain, table);
  size_t bytes = 0;
  size_t series = 0;
  for (auto _ : state) {
    std::string body = reference.Render();
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
    if (series == 0) series = CountSeries(body);
  }
  state.counters["series"] = static_cast<double>(series);
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderPrometheusCpp)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ScrapeCacheHit(benchmark::State& state) {
  auto store = StoreWithDomain();
  SelfMetrics self("bench", "bench");
  Exposition exposition(*store, self, RenderOptionsByDomain(LargeDomainConfigs()));
  exposition.Body(false);  // warm
  for (auto _ : state) {
    auto body = exposition.Body(false);
    benchmark::DoNotOptimize(body.get());
  }
}
BENCHMARK(BM_ScrapeCacheHit)->Unit(benchmark::kMicrosecond);

void BM_ScrapeCacheHitGzip(benchmark::State& state) {
  auto store = StoreWithDomain();
  SelfMetrics self("bench", "bench");
  Exposition exposition(*store, self, RenderOptionsByDomain(LargeDomainConfigs()));
  exposition.Body(true);  // warm: compressed once for this version
  for (auto _ : state) {
    auto body = exposition.Body(true);
    benchmark::DoNotOptimize(body.get());
  }
}
BENCHMARK(BM_ScrapeCacheHitGzip)->Unit(benchmark::kMicrosecond);

// The plain body of the shared domain, rendered once.
const std::string& PlainBody() {
  static const std::string body = [] {
    auto store = StoreWithDomain();
    SelfMetrics self("bench", "bench");
    Exposition exposition(*store, self, RenderOptionsByDomain(LargeDomainConfigs()));
    return *exposition.Body(false);
  }();
  return body;
}

void Gzip(benchmark::State& state, GzipEngine engine) {
  const std::string& plain = PlainBody();
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string gz = GzipCompress(plain, 1, engine);
    bytes = gz.size();
    benchmark::DoNotOptimize(gz.data());
  }
  state.counters["ratio"] = static_cast<double>(plain.size()) / static_cast<double>(bytes);
}
void BM_GzipZlib(benchmark::State& state) { Gzip(state, GzipEngine::kZlib); }
BENCHMARK(BM_GzipZlib)->Unit(benchmark::kMillisecond)->Iterations(4);
void BM_GzipLibdeflate(benchmark::State& state) { Gzip(state, GzipEngine::kLibdeflate); }
BENCHMARK(BM_GzipLibdeflate)->Unit(benchmark::kMillisecond)->Iterations(4);

void BM_GzipBlocksCold(benchmark::State& state) {
  const std::string& plain = PlainBody();
  size_t bytes = 0, blocks = 0;
  for (auto _ : state) {
    BlockGzip gzip;
    const std::string gz = gzip.Compress(plain);
    bytes = gz.size();
    blocks = gzip.last_blocks();
    benchmark::DoNotOptimize(gz.data());
  }
  state.counters["ratio"] = static_cast<double>(plain.size()) / static_cast<double>(bytes);
  state.counters["blocks"] = static_cast<double>(blocks);
}
BENCHMARK(BM_GzipBlocksCold)->Unit(benchmark::kMillisecond)->Iterations(4);

// Applies a 1%-of-rows delta to every table of the shared domain and publishes it.
void ApplyOnePercentDelta(SnapshotStore& store, int round) {
  LargeDomain& domain = SharedLargeDomain();
  const auto snapshot = domain.Snapshot();
  for (const auto& [type, table] : snapshot->tables) {
    const StatisticsUpdate delta = MakeRowsDelta(table, 0.01, round);
    if (delta.data_update.empty()) continue;
    domain.table(type).Apply(delta, WallTime(std::chrono::seconds(1'800'000'000 + round)));
  }
  store.Publish(domain.Snapshot());
}

void ScrapeAfterDelta(benchmark::State& state, bool gzip) {
  auto store = StoreWithDomain();
  SelfMetrics self("bench", "bench");
  Exposition exposition(*store, self, RenderOptionsByDomain(LargeDomainConfigs()));
  exposition.Body(gzip);  // warm: only the delta's tables should be re-rendered
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ApplyOnePercentDelta(*store, ++round);
    state.ResumeTiming();
    auto body = exposition.Body(gzip);
    benchmark::DoNotOptimize(body.get());
  }
}

void BM_ScrapeAfterDelta(benchmark::State& state) { ScrapeAfterDelta(state, false); }
BENCHMARK(BM_ScrapeAfterDelta)->Unit(benchmark::kMillisecond)->Iterations(8);

void BM_ScrapeAfterDeltaGzip(benchmark::State& state) { ScrapeAfterDelta(state, true); }
BENCHMARK(BM_ScrapeAfterDeltaGzip)->Unit(benchmark::kMillisecond)->Iterations(4);

}  // namespace
}  // namespace five9exp::bench
