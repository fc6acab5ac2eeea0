#include "exporter/metrics/exposition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "exporter/metrics/reference_renderer.h"
#include "exporter/metrics/table_renderer.h"
#include "exporter/metrics/test_tables.h"
#include "exporter/metrics/text_format_parser.h"
#include "exporter/testing/codecs.h"

namespace five9exp {
namespace {

using ::testing::HasSubstr;
using testing::MakeTable;
using ::testing::Not;
using testing::ParseTextFormat;

std::shared_ptr<DomainSnapshot> MakeDomain(const std::string& name, uint64_t version = 1) {
  auto domain = std::make_shared<DomainSnapshot>();
  domain->domain = name;
  domain->up = true;
  domain->version = version;
  domain->tables[StatisticType::kAgentState] = MakeTable(
      StatisticType::kAgentState,
      {"Username", "Full Name", "State", "State Since", "State Duration", "Reason Code"},
      {{"bob@" + name, "Bob \"Quote\" \\", "Not Ready", "2026-11-28 13:59:42", "61000", "Lunch"},
       {"amy@" + name, "Amy\nNewline", "Ready", "2026-11-28 14:00:00", "1000", std::nullopt}});
  domain->tables[StatisticType::kAgentStatistics] =
      MakeTable(StatisticType::kAgentStatistics,
                {"Username", "Full Name", "Total Calls", "Avg Talk Time", "Sale", "Sale!"},
                {{"bob@" + name, "Bob", "10", "30000", "2", "9"},
                 {"amy@" + name, "Amy", "4", "N/A", "-", "1"}});
  domain->tables[StatisticType::kAcdStatus] =
      MakeTable(StatisticType::kAcdStatus,
                {"Skill Name", "Agents Logged In", "Calls In Queue (Visual IVR)",
                 "Current Longest Queue Time"},
                {{"Sales", "12 (9)", "3", "45000"}, {"Support", "0 (0)", "0", "0"}});
  domain->tables[StatisticType::kCampaignState] =
      MakeTable(StatisticType::kCampaignState, {"Campaign Name", "State", "State Since"},
                {{"Spring", "RUNNING", "2026-11-28 08:00:00"}, {"Odd", "WEIRD", ""}});
  domain->tables[StatisticType::kOutboundCampaignStatistics] =
      MakeTable(StatisticType::kOutboundCampaignStatistics,
                {"Campaign Name", "Dialed", "Abandon Rate"}, {{"Spring", "100", "2.5%"}});
  domain->limits = {
      LimitTimeoutState{60, {{"QueryStatistics", 2, 1}, {"QueryChangedStatistics", 30, 4}}},
      LimitTimeoutState{3600, {{"QueryStatistics", 15, 3}}}};
  domain->user_limits = UserLimits{5, 1, 10, 2};
  return domain;
}

std::vector<DomainConfig> Configs() {
  DomainConfig acme;
  acme.name = "acme";
  DomainConfig beta;
  beta.name = "beta";
  beta.agent_info = false;
  return {acme, beta};
}

class ExpositionTest : public ::testing::Test {
 protected:
  SnapshotStore store_;
  SelfMetrics self_{"1.2.3", "deadbee"};
};

// Metrics gets the four render options, never a whole DomainConfig (whose password it has
// no business holding): before, Exposition took std::vector<DomainConfig>.
static_assert(!std::is_constructible_v<Exposition, const SnapshotStore&, SelfMetrics&,
                                       std::vector<DomainConfig>>);
static_assert(std::is_constructible_v<Exposition, const SnapshotStore&, SelfMetrics&,
                                      std::map<std::string, RenderOptions>>);

TEST_F(ExpositionTest, BodyIsValidTextFormatWithEveryFamilyOnce) {
  store_.Publish(MakeDomain("acme"));
  store_.Publish(MakeDomain("beta"));
  self_.ObserveApiCall("acme", "getStatisticsUpdate", "ok", std::chrono::milliseconds(120));
  self_.CountFullReload("acme", "AgentState", "UnknownTimestampFault");
  self_.CountAdminRequest("start_campaign", 200);
  Exposition exposition(store_, self_, RenderOptionsByDomain(Configs()));
  const auto body = exposition.Body(false);
  const auto parsed = ParseTextFormat(*body);
  ASSERT_EQ(parsed.error, "") << "line " << parsed.error_line << "\n" << *body;

  // Every sample belongs to a family with HELP and TYPE.
  for (const auto& [family, type] : parsed.types) EXPECT_TRUE(parsed.helps.contains(family));
  for (const char* family : {"five9_agent_state",
                             "five9_agent_info",
                             "five9_campaign_state",
                             "five9_up",
                             "five9_domain_limit",
                             "five9_domain_limit_used",
                             "five9_user_limit",
                             "five9_users_logged_in",
                             "five9_exporter_statistics_ready",
                             "five9_exporter_statistics_updated_timestamp_seconds",
                             "five9_exporter_statistics_objects",
                             "five9_exporter_api_calls_total",
                             "five9_exporter_api_call_duration_seconds",
                             "five9_exporter_full_reloads_total",
                             "five9_exporter_admin_requests_total",
                             "five9_exporter_build_info",
                             "process_cpu_seconds_total",
                             "process_resident_memory_bytes",
                             "process_virtual_memory_bytes",
                             "process_start_time_seconds",
                             "process_open_fds",
                             "process_max_fds",
                             "five9_agent_state_state_since_timestamp_seconds",
                             "five9_agent_state_state_duration_seconds",
                             "five9_agent_statistics_total_calls",
                             "five9_acd_status_agents_logged_in",
                             "five9_acd_status_calls_in_queue_visual_ivr",
                             "five9_acd_status_current_longest_queue_time_seconds",
                             "five9_outbound_campaign_statistics_abandon_rate_ratio"}) {
    EXPECT_TRUE(parsed.types.contains(family)) << family;
  }
  EXPECT_EQ(parsed.types.at("five9_exporter_api_calls_total"), "counter");
  // The web server's connection families are process-wide: present from the start, at 0.
  EXPECT_EQ(parsed.types.at("five9_exporter_http_connections"), "gauge");
  EXPECT_EQ(parsed.types.at("five9_exporter_http_connections_dropped_total"), "counter");
  EXPECT_EQ(parsed.types.at("five9_exporter_api_call_duration_seconds"), "histogram");
  EXPECT_EQ(parsed.types.at("five9_agent_statistics_total_calls"), "gauge");
  EXPECT_THAT(parsed.helps.at("five9_agent_statistics_total_calls"), HasSubstr("long polling"));

  // Both domains share the families; agent_info is switched off for beta only.
  std::map<std::string, int> info_by_domain;
  for (const auto& series : parsed.series) {
    EXPECT_TRUE(series.labels.contains("domain") || series.name.starts_with("process_") ||
                series.name.starts_with("five9_exporter_build_info") ||
                series.name.starts_with("five9_exporter_admin_requests") ||
                series.name.starts_with("five9_exporter_http_connections"))
        << series.name;
    if (series.name == "five9_agent_info") ++info_by_domain[series.labels.at("domain")];
  }
  EXPECT_EQ(info_by_domain["acme"], 2);
  EXPECT_EQ(info_by_domain["beta"], 0);
  EXPECT_THAT(*body, HasSubstr("five9_domain_limit{domain=\"acme\",operation=\"QueryStatistics\","
                               "window_seconds=\"3600\"} 15\n"));
  EXPECT_THAT(*body, HasSubstr("five9_domain_limit_used{domain=\"beta\",operation="
                               "\"QueryChangedStatistics\",window_seconds=\"60\"} 4\n"));
  EXPECT_THAT(*body, HasSubstr("five9_users_logged_in{domain=\"acme\",kind=\"supervisor\"} 2\n"));
  EXPECT_THAT(*body, HasSubstr("five9_user_limit{domain=\"acme\",kind=\"mobile\"} 5\n"));
  EXPECT_THAT(*body, HasSubstr("five9_up{domain=\"acme\"} 1\n"));
  EXPECT_THAT(*body, HasSubstr("five9_exporter_statistics_objects{domain=\"acme\",type="
                               "\"AgentState\"} 2\n"));
  EXPECT_THAT(*body, HasSubstr("five9_exporter_statistics_updated_timestamp_seconds{domain="
                               "\"acme\",type=\"ACDStatus\"} 1800000000\n"));
  EXPECT_THAT(*body,
              HasSubstr("five9_exporter_build_info{revision=\"deadbee\",version=\"1.2.3\"} 1"));
  // "Sale" and "Sale!" map to one name: the first column wins, no duplicate series.
  EXPECT_THAT(*body,
              HasSubstr("five9_agent_statistics_sale{domain=\"acme\",agent=\"bob@acme\"} 2\n"));
  EXPECT_THAT(*body, Not(HasSubstr(" 9\n")));
  EXPECT_THAT(*body, Not(HasSubstr("# TIMESTAMP")));
}

TEST_F(ExpositionTest, PromtoolAcceptsTheBody) {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0) GTEST_SKIP() << "promtool absent";
  store_.Publish(MakeDomain("acme"));
  store_.Publish(MakeDomain("beta"));
  self_.ObserveApiCall("acme", "getStatistics", "OperationsLimitExceededFault",
                       std::chrono::milliseconds(20));
  Exposition exposition(store_, self_, RenderOptionsByDomain(Configs()));
  const auto body = exposition.Body(false);
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string stem = "metrics_test_" + std::to_string(getpid());
  const auto input = dir / (stem + ".prom");
  const auto output = dir / (stem + ".out");
  std::ofstream(input) << *body;
  const std::string command = std::string(promtool) + " check metrics < " + input.string() + " > " +
                              output.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(output);
  const std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(input);
  std::filesystem::remove(output);
  EXPECT_EQ(status, 0) << report;
}

TEST_F(ExpositionTest, CacheHitReturnsTheSameBufferAndChangesReRender) {
  auto acme = MakeDomain("acme");
  store_.Publish(acme);
  Exposition exposition(store_, self_, RenderOptionsByDomain(Configs()));
  const auto first = exposition.Body(false);
  EXPECT_EQ(exposition.Body(false), first);
  const auto gz = exposition.Body(true);
  EXPECT_EQ(exposition.Body(true), gz);
  EXPECT_EQ(Gunzip(*gz), *first);

  // A new snapshot where bob's Total Calls changed and amy was deleted.
  auto changed = std::make_shared<DomainSnapshot>(*acme);
  TableSnapshot& stats = changed->tables[StatisticType::kAgentStatistics];
  stats.rows = {testing::MakeRow(*stats.columns, StatisticType::kAgentStatistics,
                                 {"bob@acme", "Bob", "11", "30000", "2", "9"})};
  stats.version = 2;
  changed->version = 2;
  store_.Publish(changed);
  const auto second = exposition.Body(false);
  EXPECT_NE(second, first);
  EXPECT_THAT(*second, HasSubstr("five9_agent_statistics_total_calls{domain=\"acme\",agent="
                                 "\"bob@acme\"} 11\n"));
  EXPECT_THAT(*second, Not(HasSubstr("five9_agent_statistics_total_calls{domain=\"acme\","
                                     "agent=\"amy@acme\"}")));
  EXPECT_EQ(Gunzip(*exposition.Body(true)), *second);

  // Self-metrics moving re-renders too.
  self_.CountAdminRequest("stop_campaign", 409);
  const auto third = exposition.Body(false);
  EXPECT_NE(third, second);
  EXPECT_THAT(*third, HasSubstr("five9_exporter_admin_requests_total{action=\"stop_campaign\","
                                "code=\"409\"} 1\n"));
  EXPECT_EQ(exposition.Body(false), third);

  // A removed domain loses every series.
  store_.Remove("acme");
  EXPECT_THAT(*exposition.Body(false), Not(HasSubstr("domain=\"acme\"")));
}

TEST_F(ExpositionTest, UnparsedValuesAreCountedPerColumn) {
  auto acme = MakeDomain("acme");
  store_.Publish(acme);
  Exposition exposition(store_, self_, RenderOptionsByDomain(Configs()));
  ASSERT_THAT(*exposition.Body(false), Not(HasSubstr("five9_exporter_unparsed_values_total{")));
  auto changed = std::make_shared<DomainSnapshot>(*acme);
  TableSnapshot& acd = changed->tables[StatisticType::kAcdStatus];
  acd.rows.push_back(
      testing::MakeRow(*acd.columns, StatisticType::kAcdStatus, {"Tech", "1 (1)", "lots", "1000"}));
  acd.version = 2;
  store_.Publish(changed);
  const auto body = exposition.Body(false);
  EXPECT_THAT(*body, HasSubstr("five9_exporter_unparsed_values_total{column=\"Calls In Queue "
                               "(Visual IVR)\",domain=\"acme\",type=\"ACDStatus\"} 1\n"));
  // The count is in the body that was returned: a second call is a cache hit.
  EXPECT_EQ(exposition.Body(false), body);
}

// The scheduler's allocation reaches Prometheus: one five9_exporter_poll_share sample per
// enabled type, the share as a fraction, and a changed allocation is a new body.
TEST_F(ExpositionTest, PollSharesAreExportedPerType) {
  auto acme = MakeDomain("acme");
  acme->poll_shares = {PollShare{StatisticType::kAgentState, true, 0.625, 1.5},
                       PollShare{StatisticType::kCampaignState, false, 0.375, 0.01}};
  store_.Publish(acme);
  Exposition exposition(store_, self_, RenderOptionsByDomain(Configs()));
  const auto body = exposition.Body(false);
  EXPECT_THAT(*body, HasSubstr("# TYPE five9_exporter_poll_share gauge\n"));
  EXPECT_THAT(*body,
              HasSubstr("five9_exporter_poll_share{domain=\"acme\",type=\"AgentState\"} 0.625\n"));
  EXPECT_THAT(
      *body,
      HasSubstr("five9_exporter_poll_share{domain=\"acme\",type=\"CampaignState\"} 0.375\n"));
  EXPECT_THAT(*body,
              Not(HasSubstr("five9_exporter_poll_share{domain=\"acme\",type=\"ACDStatus\"}")));

  auto moved = std::make_shared<DomainSnapshot>(*acme);
  moved->version = 2;
  moved->poll_shares[0].share = 0.75;
  moved->poll_shares[1].share = 0.25;
  store_.Publish(moved);
  EXPECT_THAT(*exposition.Body(false),
              HasSubstr("five9_exporter_poll_share{domain=\"acme\",type=\"AgentState\"} 0.75\n"));
}

// Value kinds travel in checkpoints: a restarted exporter decides every column as before,
// even when the first value it now sees would suggest another kind.
TEST_F(ExpositionTest, SeededKindsWinOverTheFirstValueSeen) {
  store_.Publish(MakeDomain("acme"));
  Exposition before(store_, self_, RenderOptionsByDomain(Configs()));
  before.Body(false);
  const ColumnKinds kinds = before.Kinds("acme");
  ASSERT_EQ(kinds.at(StatisticType::kAgentStatistics).at("Sale"), "number");
  EXPECT_FALSE(kinds.at(StatisticType::kAgentState).contains("State"))
      << "not-numeric columns have no kind to keep";

  auto restarted = std::make_shared<DomainSnapshot>();
  restarted->domain = "acme";
  restarted->tables[StatisticType::kAgentStatistics] =
      MakeTable(StatisticType::kAgentStatistics, {"Username", "Sale"},
                {{"amy@acme", "many"}, {"bob@acme", "3"}});
  SnapshotStore store;
  store.Publish(restarted);
  Exposition cold(store, self_, RenderOptionsByDomain(Configs()));
  EXPECT_THAT(*cold.Body(false), Not(HasSubstr("five9_agent_statistics_sale{")))
      << "\"many\" first makes the column text";
  Exposition warm(store, self_, RenderOptionsByDomain(Configs()));
  warm.SeedKinds("acme", kinds);
  EXPECT_EQ(warm.Kinds("acme").at(StatisticType::kAgentStatistics).at("Sale"), "number")
      << "seeded kinds are kept before the first render";
  EXPECT_THAT(*warm.Body(false), HasSubstr("five9_agent_statistics_sale{"));
}

// The fast path and a prometheus-cpp rendering of the same tables give the same series.
TEST_F(ExpositionTest, FastRenderingMatchesPrometheusCpp) {
  ReferenceRenderer reference;
  std::string fast;
  std::map<std::string, std::string> helps;
  for (const std::string name : {"acme", "beta"}) {
    const auto domain = MakeDomain(name);
    for (const auto& [type, table] : domain->tables) {
      reference.AddTable(name, table);
      TableRenderer renderer(name, type, nullptr);
      RenderOptions options;
      options.agent_info = false;
      renderer.SetOptions(options);
      for (const auto& family : renderer.Render(table)->families) {
        if (family.name == "five9_agent_state" || family.name == "five9_campaign_state") continue;
        if (helps.emplace(family.name, family.help).second) {
          fast +=
              "# HELP " + family.name + " " + family.help + "\n# TYPE " + family.name + " gauge\n";
        }
        fast += family.samples;
      }
    }
  }
  // Same family order is not guaranteed across domains; compare series sets.
  const auto fast_parsed = ParseTextFormat(fast);
  const auto reference_text = reference.Render();
  const auto reference_parsed = ParseTextFormat(reference_text);
  ASSERT_EQ(reference_parsed.error, "") << reference_text;
  // The hand-joined text above interleaves families of two domains; only values matter here.
  std::map<std::pair<std::string, std::map<std::string, std::string>>, double> a, b;
  auto collect = [](std::string_view text, auto& out) {
    // Parse line by line without the contiguity check.
    std::string family_text;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t end = text.find('\n', pos);
      std::string line(text.substr(pos, end - pos));
      pos = end + 1;
      if (line.empty() || line[0] == '#') continue;
      const auto one = ParseTextFormat(line + "\n");
      ASSERT_EQ(one.error, "") << line;
      ASSERT_EQ(one.series.size(), 1u);
      out[{one.series[0].name, one.series[0].labels}] = one.series[0].value;
    }
  };
  collect(fast, a);
  collect(reference_text, b);
  ASSERT_GT(a.size(), 20u);
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [key, value] : a) {
    auto it = b.find(key);
    ASSERT_NE(it, b.end()) << key.first;
    EXPECT_NEAR(value, it->second, std::abs(value) * 1e-12) << key.first;
  }
  (void)fast_parsed;
}

}  // namespace
}  // namespace five9exp
