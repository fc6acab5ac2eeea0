// The keys of SPEC "Numbers users can trust": IANA time zones, pinned kinds, limits and
// pseudonyms.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "exporter/config/config_loader.h"
#include "exporter/config/config_view.h"

namespace five9exp {
namespace {

using std::chrono::hours;

constexpr char kKey[] = "pseudonym-Key-9731";

std::string Domain(const std::string& extra) {
  return "domains:\n"
         "  - name: acme\n"
         "    endpoint: https://api.five9.com/wssupervisor/v4/SupervisorWebService\n"
         "    username: api-user@acme.example\n"
         "    password_env: F9TEST_PASSWORD\n" +
         extra;
}

class NumbersConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("F9TEST_PASSWORD", "pw-Secret-4711", 1);
    setenv("F9TEST_PSEUDONYM_KEY", kKey, 1);
  }
  static DomainConfig Good(const std::string& extra) {
    auto config = ParseConfig(Domain(extra), "config.yaml");
    EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().message);
    return config ? config->domains.at(0) : DomainConfig{};
  }
  static std::string Bad(const std::string& extra) {
    auto config = ParseConfig(Domain(extra), "config.yaml");
    EXPECT_FALSE(config.has_value());
    if (config) return "";
    EXPECT_EQ(config.error().message.find(kKey), std::string::npos);
    return config.error().message;
  }
};

TEST_F(NumbersConfigTest, IanaTimeZoneForViewSettingsAndTimestamps) {
  const DomainConfig d = Good("    view_settings: {time_zone: America/Los_Angeles}\n");
  EXPECT_FALSE(d.time_zone.fixed());
  EXPECT_EQ(d.time_zone.name(), "America/Los_Angeles");
  EXPECT_EQ(d.timestamp_time_zone, d.time_zone);  // defaults to the view settings' zone
  // The offset sent until the poller computes its own is the zone's offset now.
  const auto now_offset = d.time_zone.OffsetAt(std::chrono::system_clock::now());
  EXPECT_EQ(d.view_settings.time_zone_ms, now_offset.count());
  EXPECT_TRUE(now_offset == hours(-7) || now_offset == hours(-8));
}

TEST_F(NumbersConfigTest, FixedOffsetsKeepWorking) {
  const DomainConfig d =
      Good("    view_settings: {time_zone: -7h}\n    timestamp_time_zone: America/New_York\n");
  EXPECT_TRUE(d.time_zone.fixed());
  EXPECT_EQ(d.time_zone.fixed_offset(), hours(-7));
  EXPECT_EQ(d.view_settings.time_zone_ms, -7 * 3600 * 1000);
  EXPECT_EQ(d.timestamp_time_zone.name(), "America/New_York");
}

TEST_F(NumbersConfigTest, UnknownZoneAndOutOfRangeOffsetAreErrors) {
  EXPECT_NE(Bad("    view_settings: {time_zone: America/Springfield}\n")
                .find("unknown time zone \"America/Springfield\""),
            std::string::npos);
  EXPECT_NE(Bad("    timestamp_time_zone: 15h\n").find("must be from -14h to 14h"),
            std::string::npos);
}

TEST_F(NumbersConfigTest, PinnedKinds) {
  const DomainConfig d = Good(
      "    statistics:\n"
      "      AgentStatistics: {kinds: {\"Wrap\": milliseconds, \"Quality Score\": percentage}}\n");
  const auto& kinds = d.statistics.at(StatisticType::kAgentStatistics).kinds;
  EXPECT_EQ(kinds.at("Wrap"), "milliseconds");
  EXPECT_EQ(kinds.at("Quality Score"), "percentage");
  EXPECT_NE(
      Bad("    statistics:\n      AgentStatistics: {kinds: {\"Wrap\": seconds}}\n").find("Wrap"),
      std::string::npos);
}

TEST_F(NumbersConfigTest, LimitsDefaultsAndOverrides) {
  const DomainConfig defaults = Good("");
  EXPECT_EQ(defaults.limits.max_series_per_domain, 500'000u);
  EXPECT_EQ(defaults.limits.max_columns_per_type, 200u);
  const DomainConfig d =
      Good("    limits: {max_series_per_domain: 1000, max_columns_per_type: 5}\n");
  EXPECT_EQ(d.limits.max_series_per_domain, 1000u);
  EXPECT_EQ(d.limits.max_columns_per_type, 5u);
  EXPECT_NE(Bad("    limits: {max_series: 5}\n").find("max_series"), std::string::npos);
  EXPECT_NE(Bad("    limits: {max_columns_per_type: 0}\n").find("max_columns_per_type"),
            std::string::npos);
}

TEST_F(NumbersConfigTest, PseudonymsNeedAKeyAndTurnAgentInfoOff) {
  const DomainConfig d =
      Good("    agent_labels: pseudonym\n    pseudonym_key_env: F9TEST_PSEUDONYM_KEY\n");
  EXPECT_EQ(d.agent_labels, AgentLabels::kPseudonym);
  EXPECT_EQ(d.pseudonym_key, kKey);
  EXPECT_EQ(d.pseudonym_key_source, "env:F9TEST_PSEUDONYM_KEY");
  EXPECT_FALSE(d.agent_info);
  EXPECT_EQ(Good("").agent_labels, AgentLabels::kUsername);
  EXPECT_NE(Bad("    agent_labels: pseudonym\n").find("missing pseudonym_key_file"),
            std::string::npos);
  EXPECT_NE(Bad("    agent_labels: hashed\n").find("agent_labels"), std::string::npos);
}

TEST_F(NumbersConfigTest, TheViewRedactsTheKeyAndReadsBack) {
  // Inline secrets allowed: the view reads back with "<redacted>" in every secret.
  auto config =
      ParseConfig("allow_inline_secrets: true\n" +
                      Domain("    agent_labels: pseudonym\n"
                             "    pseudonym_key_env: F9TEST_PSEUDONYM_KEY\n"
                             "    view_settings: {time_zone: America/Los_Angeles}\n"
                             "    limits: {max_series_per_domain: 1000}\n"
                             "    statistics:\n"
                             "      ACDStatus: {kinds: {\"Service Level\": percentage}}\n"),
                  "config.yaml");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const std::string view = RedactedConfigYaml(*config);
  EXPECT_EQ(view.find(kKey), std::string::npos) << view;
  EXPECT_NE(view.find("agent_labels: pseudonym"), std::string::npos) << view;
  EXPECT_NE(view.find("America/Los_Angeles"), std::string::npos) << view;
  auto again = ParseConfig(view, "config.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << view;
  const DomainConfig& b = again->domains.at(0);
  EXPECT_EQ(b.time_zone, config->domains[0].time_zone);
  EXPECT_EQ(b.limits.max_series_per_domain, 1000u);
  EXPECT_EQ(b.agent_labels, AgentLabels::kPseudonym);
  EXPECT_EQ(b.statistics.at(StatisticType::kAcdStatus).kinds.at("Service Level"), "percentage");
}

}  // namespace
}  // namespace five9exp
