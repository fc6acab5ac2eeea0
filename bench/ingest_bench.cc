// Benchmark 3 of issue 7: ingest of one getStatisticsUpdate answer with 20,000 itemUpdates.
//   BM_IngestParseApply   ParseGetStatisticsUpdateResponse + StatisticTable::Apply + Snapshot
//                         on the large domain's AgentStatistics table (two answers alternate
//                         so every Apply really changes cells)
//   BM_IngestLibxml2Reader  baseline: libxml2's plainest pass over the same bytes, an
//                         xmlTextReader loop that does nothing with the nodes
// The SOAP bodies are written by the simulator's own encoder (simulator/soap_codec.h), so
// they have Five9's shape. The bench links libxml2 only for this baseline.

#include <benchmark/benchmark.h>
#include <libxml/xmlreader.h>

#include "bench/bench_fixture.h"
#include "exporter/five9/response_parser.h"
#include "simulator/soap_codec.h"

namespace five9exp::bench {
namespace {

constexpr int kItems = 20'000;

// The two getStatisticsUpdate answers used in turn.
const std::vector<std::string>& UpdateBodies() {
  static const std::vector<std::string> bodies = [] {
    const auto snapshot = SharedLargeDomain().Snapshot();
    const auto& columns = *snapshot->tables.at(StatisticType::kAgentStatistics).columns;
    std::vector<std::string> out;
    for (int round = 0; round < 2; ++round) {
      XmlWriter writer;
      five9sim::WriteStatisticsUpdate(
          writer, MakeAgentStatisticsUpdate(SharedLargeDomain().spec(), columns, kItems, round));
      out.push_back(five9sim::ResponseEnvelope("getStatisticsUpdate", writer.str()));
    }
    return out;
  }();
  return bodies;
}

void BM_IngestParseApply(benchmark::State& state) {
  StatisticTable& table = SharedLargeDomain().table(StatisticType::kAgentStatistics);
  std::vector<SoapHttpResponse> responses;
  for (const std::string& body : UpdateBodies()) {
    responses.push_back(SoapHttpResponse{200, "text/xml; charset=utf-8", body});
  }
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const SoapHttpResponse& response = responses[i++ % responses.size()];
    auto update = ParseGetStatisticsUpdateResponse(response, StatisticType::kAgentStatistics);
    if (!update || !*update || (*update)->data_update.size() != kItems) {
      state.SkipWithError("the update did not parse");
      break;
    }
    const auto result = table.Apply(**update, WallTime(std::chrono::seconds(1'800'000'000)));
    if (result != StatisticTable::ApplyResult::kApplied) {
      state.SkipWithError("the update was not applied");
      break;
    }
    TableSnapshot snapshot = table.Snapshot();
    benchmark::DoNotOptimize(snapshot.rows.data());
    bytes += static_cast<int64_t>(response.body.size());
  }
  state.SetBytesProcessed(bytes);
  state.counters["items"] = kItems;
}
BENCHMARK(BM_IngestParseApply)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_IngestLibxml2Reader(benchmark::State& state) {
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& body = UpdateBodies()[i++ % UpdateBodies().size()];
    xmlTextReaderPtr reader = xmlReaderForMemory(body.data(), static_cast<int>(body.size()),
                                                 nullptr, nullptr, XML_PARSE_NONET);
    if (reader == nullptr) {
      state.SkipWithError("xmlReaderForMemory failed");
      break;
    }
    int status;
    while ((status = xmlTextReaderRead(reader)) == 1) {
    }
    xmlFreeTextReader(reader);
    if (status != 0) {
      state.SkipWithError("libxml2 reader failed");
      break;
    }
    bytes += static_cast<int64_t>(body.size());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_IngestLibxml2Reader)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Where the ingest time goes (informational): the DOM parse of exporter/five9/xml.h alone,
// the whole response parse (the streaming getStatisticsUpdate parser, DOM fallback), and Apply +
// Snapshot alone.
void BM_IngestPartDomParse(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    auto document = XmlDocument::Parse(UpdateBodies()[i++ % UpdateBodies().size()]);
    if (!document) {
      state.SkipWithError("parse failed");
      break;
    }
    benchmark::DoNotOptimize(document->doc());
  }
}
BENCHMARK(BM_IngestPartDomParse)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_IngestPartResponseParse(benchmark::State& state) {
  std::vector<SoapHttpResponse> responses;
  for (const std::string& body : UpdateBodies())
    responses.push_back(SoapHttpResponse{200, "", body});
  size_t i = 0;
  for (auto _ : state) {
    auto update = ParseGetStatisticsUpdateResponse(responses[i++ % responses.size()],
                                                   StatisticType::kAgentStatistics);
    benchmark::DoNotOptimize(update.has_value());
  }
}
BENCHMARK(BM_IngestPartResponseParse)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_IngestPartApply(benchmark::State& state) {
  StatisticTable& table = SharedLargeDomain().table(StatisticType::kAgentStatistics);
  std::vector<StatisticsUpdate> updates;
  for (const std::string& body : UpdateBodies()) {
    updates.push_back(**ParseGetStatisticsUpdateResponse(SoapHttpResponse{200, "", body},
                                                         StatisticType::kAgentStatistics));
  }
  size_t i = 0;
  for (auto _ : state) {
    table.Apply(updates[i++ % updates.size()], WallTime(std::chrono::seconds(1'800'000'000)));
    TableSnapshot snapshot = table.Snapshot();
    benchmark::DoNotOptimize(snapshot.rows.data());
  }
}
BENCHMARK(BM_IngestPartApply)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace
}  // namespace five9exp::bench
