#include "exporter/metrics/cardinality_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter/metrics/exposition.h"
#include "exporter/metrics/test_tables.h"
#include "exporter/metrics/text_format_parser.h"

namespace five9exp {
namespace {

using ::testing::HasSubstr;
using testing::MakeTable;
using ::testing::Not;

// A rendered table whose column families have the given (sequence, samples).
RenderedTable Rendered(const std::vector<std::pair<uint64_t, size_t>>& columns) {
  RenderedTable table;
  for (const auto& [sequence, samples] : columns) {
    table.column_families.push_back({table.families.size(), sequence, samples});
    table.families.push_back(FamilyText{"f" + std::to_string(sequence), "", "gauge", {}});
  }
  // A state family is not a column family: never counted, never dropped.
  table.families.push_back(FamilyText{"five9_agent_state", "", "gauge", {}});
  return table;
}

LimitsConfig Limits(size_t series, size_t columns) {
  return LimitsConfig{.max_series_per_domain = series, .max_columns_per_type = columns};
}

TEST(CardinalityGuardTest, NothingDroppedUnderTheCaps) {
  const RenderedTable agents = Rendered({{1, 10}, {2, 10}});
  const GuardVerdict verdict =
      GuardCardinality({{StatisticType::kAgentStatistics, &agents}}, Limits(20, 2));
  EXPECT_EQ(verdict.dropped.at(0), std::vector<bool>(3, false));
  EXPECT_EQ(verdict.by_type.at(StatisticType::kAgentStatistics), DroppedFamilies{});
}

TEST(CardinalityGuardTest, ColumnCapDropsTheNewestColumnsOfTheType) {
  // Families listed out of age order: the guard goes by sequence, not position.
  const RenderedTable agents = Rendered({{5, 10}, {1, 10}, {9, 7}, {3, 10}});
  const RenderedTable skills = Rendered({{2, 4}, {4, 4}});
  const GuardVerdict verdict = GuardCardinality(
      {{StatisticType::kAgentStatistics, &agents}, {StatisticType::kAcdStatus, &skills}},
      Limits(1'000, 2));
  // Oldest two of AgentStatistics stay (sequences 1 and 3); 5 and 9 go.
  EXPECT_EQ(verdict.dropped.at(0), (std::vector<bool>{true, false, true, false, false}));
  EXPECT_EQ(verdict.dropped.at(1), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(verdict.by_type.at(StatisticType::kAgentStatistics),
            (DroppedFamilies{.columns = 2, .series = 17}));
  EXPECT_EQ(verdict.by_type.at(StatisticType::kAcdStatus), DroppedFamilies{});
}

TEST(CardinalityGuardTest, SeriesCapKeepsTheOldestWholeFamiliesAcrossTypes) {
  const RenderedTable agents = Rendered({{1, 10}, {4, 10}, {6, 1}});
  const RenderedTable skills = Rendered({{2, 5}, {5, 5}});
  const GuardVerdict verdict = GuardCardinality(
      {{StatisticType::kAgentStatistics, &agents}, {StatisticType::kAcdStatus, &skills}},
      Limits(24, 200));
  // 1 (10) + 2 (5) = 15 fit; 4 (10) would make 25 > 24: it and every newer family go, even
  // the one-sample family 6 that would still fit (no family takes an older one's place).
  EXPECT_EQ(verdict.dropped.at(0), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(verdict.dropped.at(1), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(verdict.by_type.at(StatisticType::kAgentStatistics),
            (DroppedFamilies{.columns = 2, .series = 11}));
  EXPECT_EQ(verdict.by_type.at(StatisticType::kAcdStatus),
            (DroppedFamilies{.columns = 1, .series = 5}));
}

TEST(CardinalityGuardTest, FamiliesDroppedByTheColumnCapDoNotCountAgainstTheSeriesCap) {
  const RenderedTable agents = Rendered({{1, 10}, {2, 10}, {3, 10}});
  const RenderedTable skills = Rendered({{4, 10}});
  const GuardVerdict verdict = GuardCardinality(
      {{StatisticType::kAgentStatistics, &agents}, {StatisticType::kAcdStatus, &skills}},
      Limits(30, 2));
  EXPECT_EQ(verdict.dropped.at(0), (std::vector<bool>{false, false, true, false}));
  EXPECT_EQ(verdict.dropped.at(1), (std::vector<bool>{false, false}));
}

// Through the Exposition: what /metrics carries under a cap.
class GuardedExpositionTest : public ::testing::Test {
 protected:
  // An AgentStatistics table with `dispositions` custom disposition columns after the
  // standard ones, for `agents` agents.
  static TableSnapshot AgentStatistics(int agents, const std::vector<std::string>& dispositions,
                                       uint64_t version) {
    std::vector<std::string> columns = {"Username", "Full Name", "Total Calls", "Avg Talk Time"};
    for (const std::string& d : dispositions) columns.push_back(d);
    std::vector<std::vector<CellValue>> rows;
    for (int a = 0; a < agents; ++a) {
      std::vector<CellValue> cells = {"agent" + std::to_string(a), "Agent", "3", "1000"};
      for (size_t d = 0; d < dispositions.size(); ++d) cells.push_back("1");
      rows.push_back(std::move(cells));
    }
    return MakeTable(StatisticType::kAgentStatistics, columns, rows, version);
  }
  void Publish(TableSnapshot agent_statistics) {
    auto domain = std::make_shared<DomainSnapshot>();
    domain->domain = "acme";
    domain->version = ++version_;
    domain->tables[StatisticType::kAgentState] =
        MakeTable(StatisticType::kAgentState, {"Username", "Full Name", "State"},
                  {{"agent0", "Agent Zero", "Ready"}, {"agent1", "Agent One", "Ready"}});
    domain->tables[StatisticType::kAgentStatistics] = std::move(agent_statistics);
    store_.Publish(domain);
  }
  static std::map<std::string, RenderOptions> WithLimits(size_t series, size_t columns) {
    RenderOptions options;
    options.limits = Limits(series, columns);
    return {{"acme", options}};
  }

  SnapshotStore store_;
  SelfMetrics self_{"1.2.3", "deadbee"};
  uint64_t version_ = 0;
};

TEST_F(GuardedExpositionTest, ADispositionAddedAtRunTimeIsDroppedFirstAndSaysSo) {
  // Two agents: total calls and avg talk time are 2 samples each; the cap holds 5.
  Exposition exposition(store_, self_, WithLimits(5, 200));
  Publish(AgentStatistics(2, {}, 1));
  std::string body = *exposition.Body(false);
  EXPECT_THAT(body, HasSubstr("five9_agent_statistics_total_calls{"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_series_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 0\n"));

  // Five9 adds a disposition column (ConfigurationChanged): the newest column is dropped whole.
  Publish(AgentStatistics(2, {"Promo Sale"}, 2));
  body = *exposition.Body(false);
  const auto parsed = testing::ParseTextFormat(body);
  ASSERT_EQ(parsed.error, "") << body;
  EXPECT_THAT(body, Not(HasSubstr("five9_agent_statistics_promo_sale")));
  EXPECT_THAT(body, HasSubstr("five9_agent_statistics_total_calls{domain=\"acme\",agent="
                              "\"agent1\"} 3\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_series_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 2\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_columns_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 1\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_columns_dropped{domain=\"acme\",type="
                              "\"AgentState\"} 0\n"));
  // State and info families do not count and stay.
  EXPECT_THAT(body, HasSubstr("five9_agent_state{"));
  EXPECT_THAT(body, HasSubstr("five9_agent_info{"));
  const auto dropped = exposition.Dropped();
  EXPECT_EQ(dropped.at("acme").at(StatisticType::kAgentStatistics),
            (DroppedFamilies{.columns = 1, .series = 2}));

  // A larger cap on reload brings the family back at once (the renderer kept it).
  exposition.SetDomains(WithLimits(6, 200));
  body = *exposition.Body(false);
  EXPECT_THAT(body, HasSubstr("five9_agent_statistics_promo_sale{domain=\"acme\",agent="
                              "\"agent0\"} 1\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_series_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 0\n"));
}

TEST_F(GuardedExpositionTest, ColumnCapCountsOnlyStatisticColumnFamilies) {
  Exposition exposition(store_, self_, WithLimits(500'000, 1));
  Publish(AgentStatistics(2, {"Promo Sale"}, 1));
  const std::string body = *exposition.Body(false);
  // Total Calls is the oldest column; Avg Talk Time and Promo Sale go.
  EXPECT_THAT(body, HasSubstr("five9_agent_statistics_total_calls{"));
  EXPECT_THAT(body, Not(HasSubstr("five9_agent_statistics_avg_talk_time")));
  EXPECT_THAT(body, Not(HasSubstr("five9_agent_statistics_promo_sale")));
  EXPECT_THAT(body, HasSubstr("five9_exporter_columns_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 2\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_series_dropped{domain=\"acme\",type="
                              "\"AgentStatistics\"} 4\n"));
}

}  // namespace
}  // namespace five9exp
