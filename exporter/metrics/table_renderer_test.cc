#include "exporter/metrics/table_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter/metrics/test_tables.h"
#include "exporter/metrics/text_format_parser.h"

namespace five9exp {
namespace {

using ::testing::HasSubstr;
using testing::JoinSamples;
using testing::MakeTable;
using ::testing::Not;

std::string RenderText(TableRenderer& renderer, const TableSnapshot& table) {
  return JoinSamples(renderer.Render(table)->families);
}

DomainConfig Domain(std::string name = "acme") {
  DomainConfig domain;
  domain.name = std::move(name);
  return domain;
}

TEST(TableRendererTest, EveryValueKindWithExactSampleText) {
  SelfMetrics self("test", "abc");
  DomainConfig domain = Domain();
  domain.timestamp_time_zone = TimeZone::Fixed(std::chrono::hours(-7));
  TableRenderer stats("acme", StatisticType::kAgentStatistics, &self);
  stats.SetOptions(RenderOptionsOf(domain));
  const std::string text =
      RenderText(stats, MakeTable(StatisticType::kAgentStatistics,
                                  {"Username", "Full Name", "Total Calls", "Avg Talk Time", "Login",
                                   "Last Login", "Occupancy", "Pair", "Balance"},
                                  {{"bob", "Bob B", "42", "817255000", "227:00:55",
                                    "2026-11-28 13:59:42", "12.5%", "12 (9)", "-3.25"}}));
  EXPECT_EQ(text,
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 42\n"
            "five9_agent_statistics_avg_talk_time_seconds{domain=\"acme\",agent=\"bob\"} 817255\n"
            "five9_agent_statistics_login_seconds{domain=\"acme\",agent=\"bob\"} 817255\n"
            "five9_agent_statistics_last_login_timestamp_seconds{domain=\"acme\",agent=\"bob\"} "
            "1795899582\n"
            "five9_agent_statistics_occupancy_ratio{domain=\"acme\",agent=\"bob\"} 0.125\n"
            "five9_agent_statistics_pair{domain=\"acme\",agent=\"bob\"} 12\n"
            "five9_agent_statistics_balance{domain=\"acme\",agent=\"bob\"} -3.25\n");
  EXPECT_EQ(stats.KindOf("Avg Talk Time"), ValueKind::kMilliseconds);
  EXPECT_EQ(stats.KindOf("Full Name"), ValueKind::kNotNumeric);

  TableRenderer acd("acme", StatisticType::kAcdStatus, &self);
  acd.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(RenderText(acd, MakeTable(StatisticType::kAcdStatus,
                                      {"Skill Name", "Agents Logged In",
                                       "Calls In Queue (Visual IVR)", "Longest Queue Time"},
                                      {{"Sales", "12 (9)", "3", "1500"}})),
            "five9_acd_status_agents_logged_in{domain=\"acme\",skill=\"Sales\"} 12\n"
            "five9_acd_status_calls_in_queue_visual_ivr{domain=\"acme\",skill=\"Sales\"} 3\n"
            "five9_acd_status_longest_queue_time_seconds{domain=\"acme\",skill=\"Sales\"} 1.5\n");

  TableRenderer inbound("acme", StatisticType::kInboundCampaignStatistics, &self);
  inbound.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(RenderText(inbound, MakeTable(StatisticType::kInboundCampaignStatistics,
                                          {"Campaign Name", "Calls"}, {{"Spring", "5"}})),
            "five9_inbound_campaign_statistics_calls{domain=\"acme\",campaign=\"Spring\"} 5\n");
}

TEST(TableRendererTest, HostileObjectNamesAreEscapedAndRoundTrip) {
  TableRenderer renderer("ac\"me", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(Domain("ac\"me")));
  const std::string hostile = "x\"} 1\nevil{a=\"\\";
  const std::string text =
      RenderText(renderer, MakeTable(StatisticType::kAgentStatistics, {"Username", "Total Calls"},
                                     {{hostile, "1"}, {"Zoë 日本", "2"}, {"bad\xff", "3"}}));
  EXPECT_THAT(text, HasSubstr("agent=\"x\\\"} 1\\nevil{a=\\\"\\\\\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("agent=\"Zoë 日本\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("agent=\"bad\xEF\xBF\xBD\"} 3\n"));
  const std::string body =
      "# HELP five9_agent_statistics_total_calls x\n"
      "# TYPE five9_agent_statistics_total_calls gauge\n" +
      text;
  const auto parsed = testing::ParseTextFormat(body);
  ASSERT_EQ(parsed.error, "") << "line " << parsed.error_line;
  ASSERT_EQ(parsed.series.size(), 3u);
  std::set<std::string> agents;
  for (const auto& series : parsed.series) {
    EXPECT_EQ(series.labels.at("domain"), "ac\"me");
    agents.insert(series.labels.at("agent"));
  }
  EXPECT_TRUE(agents.contains(hostile));
  EXPECT_TRUE(agents.contains("Zoë 日本"));
}

TEST(TableRendererTest, DuplicateNameColumnsKeepTheFirst) {
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  const std::string text = RenderText(
      renderer, MakeTable(StatisticType::kAgentStatistics,
                          {"Username", "Calls-Handled", "Calls Handled", "calls handled!"},
                          {{"bob", "1", "2", "3"}}));
  EXPECT_EQ(text, "five9_agent_statistics_calls_handled{domain=\"acme\",agent=\"bob\"} 1\n");
  // A later render where the first column is missing still never gives the name away.
  const std::string later = RenderText(
      renderer,
      MakeTable(StatisticType::kAgentStatistics, {"Username", "Calls Handled"}, {{"bob", "2"}}, 2));
  EXPECT_EQ(later, "");
}

TEST(TableRendererTest, KindIsStableAndMisfitsAreCountedOnce) {
  SelfMetrics self("test", "abc");
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, &self);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  const std::vector<std::string> columns = {"Username", "Total Calls"};
  auto first = MakeTable(StatisticType::kAgentStatistics, columns, {{"bob", "42"}}, 1);
  EXPECT_EQ(RenderText(renderer, first),
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 42\n");
  EXPECT_EQ(renderer.KindOf("Total Calls"), ValueKind::kNumber);

  // A percentage in a number column does not fit: skipped and counted.
  auto second =
      MakeTable(StatisticType::kAgentStatistics, columns, {{"bob", "43"}, {"carol", "12.5%"}}, 2);
  EXPECT_EQ(RenderText(renderer, second),
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 43\n");
  EXPECT_EQ(renderer.KindOf("Total Calls"), ValueKind::kNumber);
  const std::string counted =
      "five9_exporter_unparsed_values_total{column=\"Total Calls\",domain=\"acme\",type="
      "\"AgentStatistics\"} 1\n";
  EXPECT_THAT(self.Render(), HasSubstr(counted));

  // bob changes, carol's row is the same object: not counted again.
  TableSnapshot third = second;
  third.rows[0] = testing::MakeRow(*third.columns, StatisticType::kAgentStatistics, {"bob", "44"});
  third.version = 3;
  EXPECT_EQ(RenderText(renderer, third),
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 44\n");
  EXPECT_THAT(self.Render(), HasSubstr(counted));
}

TEST(TableRendererTest, UnparsedCounterLabelsStayValidUtf8) {
  SelfMetrics self("test", "abc");
  TableRenderer renderer("acme", StatisticType::kAcdStatus, &self);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  RenderText(renderer, MakeTable(StatisticType::kAcdStatus, {"Skill Name", "Qu\"eue\xff"},
                                 {{"a", "1"}, {"b", "12.5%"}}));
  const auto parsed = testing::ParseTextFormat(self.Render());
  ASSERT_EQ(parsed.error, "") << "line " << parsed.error_line;
  bool found = false;
  for (const auto& series : parsed.series) {
    if (series.name != "five9_exporter_unparsed_values_total") continue;
    found = true;
    EXPECT_EQ(series.labels.at("column"), "Qu\"eue\xEF\xBF\xBD");
  }
  EXPECT_TRUE(found);
}

TEST(TableRendererTest, MissingValuesGiveNoSampleAndAreNotCounted) {
  SelfMetrics self("test", "abc");
  const uint64_t generation = self.generation();
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, &self);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  const std::string text = RenderText(
      renderer, MakeTable(StatisticType::kAgentStatistics, {"Username", "Total Calls"},
                          {{"a", std::nullopt}, {"b", ""}, {"c", "N/A"}, {"d", "-"}, {"e", "7"}}));
  EXPECT_EQ(text, "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"e\"} 7\n");
  EXPECT_EQ(self.generation(), generation);
  // A column whose first value is text never produces samples, even for later numbers.
  TableRenderer text_column("acme", StatisticType::kAgentState, &self);
  text_column.SetOptions(RenderOptionsOf(Domain()));
  EXPECT_EQ(RenderText(text_column, MakeTable(StatisticType::kAgentState, {"Username", "Station"},
                                              {{"a", "Inbound"}, {"b", "7"}})),
            "");
}

TEST(TableRendererTest, AgentStateAndInfoFamilies) {
  const auto table =
      MakeTable(StatisticType::kAgentState, {"Username", "Full Name", "State", "Reason Code"},
                {{"bob", "Bob \"B\"", "Not Ready", "Lunch"},
                 {"amy", "Amy", "Ready", std::nullopt},
                 {"zed", "Zed", std::nullopt, std::nullopt}});
  TableRenderer renderer("acme", StatisticType::kAgentState, nullptr);
  DomainConfig domain = Domain();
  renderer.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(RenderText(renderer, table),
            "five9_agent_state{domain=\"acme\",agent=\"amy\",state=\"Ready\",reason=\"\"} 1\n"
            "five9_agent_state{domain=\"acme\",agent=\"bob\",state=\"Not Ready\",reason="
            "\"Lunch\"} 1\n"
            "five9_agent_info{domain=\"acme\",agent=\"amy\",full_name=\"Amy\"} 1\n"
            "five9_agent_info{domain=\"acme\",agent=\"bob\",full_name=\"Bob \\\"B\\\"\"} 1\n"
            "five9_agent_info{domain=\"acme\",agent=\"zed\",full_name=\"Zed\"} 1\n");
  domain.agent_info = false;
  renderer.SetOptions(RenderOptionsOf(domain));
  EXPECT_THAT(RenderText(renderer, table), Not(HasSubstr("five9_agent_info")));
}

TEST(TableRendererTest, CampaignStateSeries) {
  TableRenderer renderer("acme", StatisticType::kCampaignState, nullptr);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  const std::string text =
      RenderText(renderer, MakeTable(StatisticType::kCampaignState, {"Campaign Name", "State"},
                                     {{"Spring", "RUNNING"}, {"Winter", "PAUSED"}}));
  EXPECT_EQ(text,
            "five9_campaign_state{domain=\"acme\",campaign=\"Spring\",state=\"NOT_RUNNING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Spring\",state=\"STARTING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Spring\",state=\"RUNNING\"} 1\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Spring\",state=\"STOPPING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Spring\",state=\"RESETTING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"NOT_RUNNING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"STARTING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"RUNNING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"STOPPING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"RESETTING\"} 0\n"
            "five9_campaign_state{domain=\"acme\",campaign=\"Winter\",state=\"PAUSED\"} 1\n");
}

// A pattern that does not compile is an error where the Config is made (located, at load),
// never a filter that matches everything (before: an empty catch in the renderer).
TEST(TableRendererTest, ABadColumnPatternIsAnErrorNotAMatchAll) {
  auto bad = ColumnMatcher::Compile({"Calls"}, {"^Total", "(unclosed"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kConfig);
  EXPECT_EQ(bad.error().message, "exclude[1]: invalid regex \"(unclosed\": unbalanced ( )");
  auto good = ColumnMatcher::Compile({"Calls"}, {"^Total"});
  ASSERT_TRUE(good);
  EXPECT_TRUE(good->Matches("Avg Calls"));
  EXPECT_FALSE(good->Matches("Total Calls"));
  EXPECT_FALSE(good->Matches("Sales"));
}

TEST(TableRendererTest, ColumnFilters) {
  DomainConfig domain = Domain();
  domain.statistics[StatisticType::kAgentStatistics].columns.include = {"Calls", "Time$"};
  domain.statistics[StatisticType::kAgentStatistics].columns.exclude = {"^Total Inbound"};
  domain.statistics[StatisticType::kAgentStatistics].columns.matcher =
      *ColumnMatcher::Compile({"Calls", "Time$"}, {"^Total Inbound"});
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(RenderText(renderer, MakeTable(StatisticType::kAgentStatistics,
                                           {"Username", "Total Calls", "Total Inbound Calls",
                                            "Avg Talk Time", "Sales"},
                                           {{"bob", "1", "2", "3000", "4"}})),
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 1\n"
            "five9_agent_statistics_avg_talk_time_seconds{domain=\"acme\",agent=\"bob\"} 3\n");
}

TEST(TableRendererTest, CacheByVersionAndDeletedObjectsVanish) {
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  const std::vector<std::string> columns = {"Username", "Total Calls"};
  auto v1 = MakeTable(StatisticType::kAgentStatistics, columns, {{"bob", "1"}, {"amy", "2"}}, 1);
  const auto first = renderer.Render(v1);
  TableSnapshot copy = v1;                  // a new DomainSnapshot copies the table; same version
  copy.updated += std::chrono::seconds(5);  // e.g. an empty getStatisticsUpdate
  EXPECT_EQ(renderer.Render(copy), first);
  EXPECT_EQ(renderer.render_count(), 1u);

  TableSnapshot v2 = v1;
  v2.rows.erase(v2.rows.begin());  // amy deleted (deletedObjects)
  v2.version = 2;
  const auto second = renderer.Render(v2);
  EXPECT_NE(second, first);
  EXPECT_EQ(renderer.render_count(), 2u);
  EXPECT_EQ(JoinSamples(second->families),
            "five9_agent_statistics_total_calls{domain=\"acme\",agent=\"bob\"} 1\n");
}

// After a delta only changed rows are formatted again; the rest is copied from the previous
// render. The result must equal a fresh render of the same table, round after round
// (changed, emptied, unparsable, added and deleted rows).
TEST(TableRendererTest, DeltaRenderEqualsFreshRender) {
  const std::vector<std::string> columns = {"Username",      "Full Name",    "Total Calls",
                                            "Avg Talk Time", "Abandon Rate", "Sale"};
  std::vector<std::vector<CellValue>> cells;
  for (int i = 0; i < 40; ++i) {
    cells.push_back({"agent" + std::to_string(100 + i), "Name \"" + std::to_string(i) + "\"",
                     std::to_string(i), std::to_string(i * 1000), std::to_string(i) + ".5%",
                     i % 7 == 0 ? CellValue() : CellValue(std::to_string(i % 3))});
  }
  TableSnapshot table = MakeTable(StatisticType::kAgentStatistics, columns, cells, 1);
  SelfMetrics self("test", "abc");
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, &self);
  renderer.SetOptions(RenderOptionsOf(Domain()));
  renderer.Render(table);

  for (int round = 1; round <= 4; ++round) {
    TableSnapshot next = table;
    next.version = table.version + 1;
    for (size_t r = static_cast<size_t>(round); r < next.rows.size(); r += 5) {
      auto row = std::make_shared<TableRow>(*next.rows[r]);  // copy-on-write, as Apply does
      row->cells[2] = std::to_string(round * 100 + static_cast<int>(r));
      row->cells[3] = r % 2 == 0 ? CellValue("N/A") : CellValue("not a number");
      row->cells[5] = CellValue(std::to_string(round));
      next.rows[r] = std::move(row);
    }
    next.rows.erase(next.rows.begin() + round);  // deletedObjects
    auto added = std::make_shared<TableRow>();   // addedObjects, sorted in at the end
    added->key = "zz" + std::to_string(round);
    added->cells = {added->key, "New", "7", "8000", "1.0%", "1"};
    next.rows.push_back(std::move(added));

    const auto incremental = renderer.Render(next);
    TableRenderer fresh("acme", StatisticType::kAgentStatistics, nullptr);
    fresh.SetOptions(RenderOptionsOf(Domain()));
    const auto expected = fresh.Render(next);
    ASSERT_EQ(incremental->families.size(), expected->families.size()) << "round " << round;
    for (size_t f = 0; f < expected->families.size(); ++f) {
      EXPECT_EQ(incremental->families[f].name, expected->families[f].name);
      EXPECT_EQ(incremental->families[f].help, expected->families[f].help);
      EXPECT_EQ(incremental->families[f].samples, expected->families[f].samples)
          << "round " << round << " family " << expected->families[f].name;
    }
    EXPECT_EQ(testing::ParseTextFormat(JoinSamples(incremental->families)).error, "");
    table = std::move(next);
  }
  EXPECT_EQ(renderer.render_count(), 5u);
}

}  // namespace
}  // namespace five9exp

namespace five9exp {
namespace {

TEST(TableRendererKindsTest, PinnedKindWinsOverNameAndValue) {
  DomainConfig domain = Domain();
  // "Wrap" would be a plain number from its value; pinned it is milliseconds.
  domain.statistics[StatisticType::kAgentStatistics].kinds = {{"Wrap", "milliseconds"},
                                                              {"Quality", "percentage"}};
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(renderer.KindOf("Wrap"), ValueKind::kMilliseconds);
  EXPECT_EQ(RenderText(renderer, testing::MakeTable(StatisticType::kAgentStatistics,
                                                    {"Username", "Wrap", "Quality"},
                                                    {{"bob", "1500", "12.5"}, {"eve", "", "7%"}})),
            "five9_agent_statistics_wrap_seconds{domain=\"acme\",agent=\"bob\"} 1.5\n"
            "five9_agent_statistics_quality_ratio{domain=\"acme\",agent=\"bob\"} 0.125\n"
            "five9_agent_statistics_quality_ratio{domain=\"acme\",agent=\"eve\"} 0.07\n");
}

TEST(TableRendererKindsTest, APinChangedOnReloadRenamesTheFamily) {
  DomainConfig domain = Domain();
  TableRenderer renderer("acme", StatisticType::kAgentStatistics, nullptr);
  renderer.SetOptions(RenderOptionsOf(domain));
  const auto table =
      testing::MakeTable(StatisticType::kAgentStatistics, {"Username", "Wrap"}, {{"bob", "1500"}});
  EXPECT_EQ(RenderText(renderer, table),
            "five9_agent_statistics_wrap{domain=\"acme\",agent=\"bob\"} 1500\n");
  domain.statistics[StatisticType::kAgentStatistics].kinds = {{"Wrap", "milliseconds"}};
  renderer.SetOptions(RenderOptionsOf(domain));
  EXPECT_EQ(RenderText(renderer, table),
            "five9_agent_statistics_wrap_seconds{domain=\"acme\",agent=\"bob\"} 1.5\n");
}

TEST(TableRendererKindsTest, SeededKindsKeepNamesAcrossARestart) {
  // First process: the column's first value is "0", so it is a plain number ...
  const std::vector<std::string> columns = {"Username", "Quality"};
  TableRenderer before("acme", StatisticType::kAgentStatistics, nullptr);
  before.SetOptions(RenderOptionsOf(Domain()));
  EXPECT_EQ(RenderText(before, testing::MakeTable(StatisticType::kAgentStatistics, columns,
                                                  {{"bob", "0"}})),
            "five9_agent_statistics_quality{domain=\"acme\",agent=\"bob\"} 0\n");
  const auto kinds = before.Kinds();
  ASSERT_EQ(kinds.size(), 1u);  // Username is never stored
  EXPECT_EQ(kinds.at("Quality"), ValueKind::kNumber);

  // ... and after a restart whose first value is "1:02:03" it stays a number (the value
  // does not fit and is skipped) instead of becoming a duration family.
  TableRenderer after("acme", StatisticType::kAgentStatistics, nullptr);
  after.SetOptions(RenderOptionsOf(Domain()));
  after.SeedKinds(kinds);
  EXPECT_EQ(RenderText(after, testing::MakeTable(StatisticType::kAgentStatistics, columns,
                                                 {{"bob", "1:02:03"}, {"eve", "4"}})),
            "five9_agent_statistics_quality{domain=\"acme\",agent=\"eve\"} 4\n");
  EXPECT_EQ(after.KindOf("Quality"), ValueKind::kNumber);

  // Without the seed the same first value decides a different family.
  TableRenderer cold("acme", StatisticType::kAgentStatistics, nullptr);
  cold.SetOptions(RenderOptionsOf(Domain()));
  EXPECT_THAT(RenderText(cold, testing::MakeTable(StatisticType::kAgentStatistics, columns,
                                                  {{"bob", "1:02:03"}})),
              HasSubstr("five9_agent_statistics_quality_seconds"));
}

TEST(TableRendererKindsTest, WallClockColumnsReadInTheIanaZone) {
  auto la = TimeZone::Named("America/Los_Angeles");
  ASSERT_TRUE(la.has_value()) << la.error().message;
  DomainConfig domain = Domain();
  domain.timestamp_time_zone = *la;
  TableRenderer renderer("acme", StatisticType::kAgentState, nullptr);
  renderer.SetOptions(RenderOptionsOf(domain));
  // July (PDT, UTC-7) and December (PST, UTC-8): 1784116800 = 2026-07-15 12:00 UTC,
  // 1797336000 = 2026-12-15 12:00 UTC.
  EXPECT_THAT(RenderText(renderer, testing::MakeTable(StatisticType::kAgentState,
                                                      {"Username", "State", "State Since"},
                                                      {{"bob", "Ready", "2026-07-15 12:00:00"},
                                                       {"eve", "Ready", "2026-12-15 12:00:00"}})),
              HasSubstr("five9_agent_state_state_since_timestamp_seconds{domain=\"acme\",agent="
                        "\"bob\"} 1784142000\n"
                        "five9_agent_state_state_since_timestamp_seconds{domain=\"acme\",agent="
                        "\"eve\"} 1797364800\n"));
}

}  // namespace
}  // namespace five9exp
