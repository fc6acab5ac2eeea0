#include "exporter/config/config_view.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "exporter/config/config_loader.h"
#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

constexpr char kPassword[] = "pw-Secret-4711";
constexpr char kFilePassword[] = "file-Secret-99";
constexpr char kToken[] = "tok-Secret-0815";
constexpr char kInlineToken[] = "inline-Secret-77";

size_t Count(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

class ConfigViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("F9VIEW_PASSWORD", kPassword, 1);
    setenv("F9VIEW_TOKEN", kToken, 1);
    dir_.Write("pw", kFilePassword);
    yaml_ = R"(allow_inline_secrets: true
web: {listen_address: "127.0.0.1:0"}
admin:
  rate_limit_burst: 7
  tokens:
    - {name: bot, token_env: F9VIEW_TOKEN, roles: [read, chat]}
    - {name: "inline", token: )" +
            std::string(kInlineToken) + R"(, roles: [session]}
domains:
  - name: acme
    endpoint: https://api.five9.com/x
    username: "api \"user\""
    password_env: F9VIEW_PASSWORD
    view_settings: {time_zone: -7h, shift_start: 8h30m, force_logout_session: false}
    statistics:
      AgentStatistics: {columns: {exclude: ["^Full Name$", "a\\b"]}}
  - name: beta
    endpoint: https://api.five9.eu/x
    username: u2
    password_file: )" +
            dir_.path() + R"(/pw
    budget_share: 0.25
    max_long_poll: 1500ms
)";
  }

  TempDirForTest dir_;
  std::string yaml_;
};

TEST_F(ConfigViewTest, EverySecretIsRedacted) {
  auto config = ParseConfig(yaml_, "five9.yaml");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const std::string view = RedactedConfigYaml(*config);
  for (std::string_view secret : {kPassword, kFilePassword, kToken, kInlineToken}) {
    EXPECT_EQ(view.find(secret), std::string::npos) << secret << " leaked:\n" << view;
  }
  EXPECT_EQ(Count(view, "\"<redacted>\""), 4u) << view;
  EXPECT_NE(view.find("token: \"<redacted>\"  # from env:F9VIEW_TOKEN"), std::string::npos);
  EXPECT_NE(view.find("token: \"<redacted>\"  # from inline"), std::string::npos);
  EXPECT_NE(view.find("password: \"<redacted>\"  # from file:" + dir_.path() + "/pw"),
            std::string::npos);
  EXPECT_NE(view.find("time_zone: \"-7h\""), std::string::npos) << view;
  EXPECT_NE(view.find("shift_start: \"8h30m\""), std::string::npos) << view;
  EXPECT_NE(view.find("budget_share: 0.25"), std::string::npos) << view;
  EXPECT_NE(view.find("username: \"api \\\"user\\\"\""), std::string::npos) << view;
}

// The view is the file's own language: reading it back gives the same configuration (with
// every secret now "<redacted>").
TEST_F(ConfigViewTest, ViewParsesBackToTheSameConfig) {
  // One token only: two tokens redacted to the same text would share a secret.
  std::string yaml = yaml_;
  const size_t inline_token = yaml.find("    - {name: \"inline\"");
  yaml.erase(inline_token, yaml.find('\n', inline_token) + 1 - inline_token);
  auto config = ParseConfig(yaml, "five9.yaml");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const std::string view = RedactedConfigYaml(*config);
  auto again = ParseConfig(view, "five9.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << view;
  ASSERT_EQ(again->domains.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const DomainConfig& a = config->domains[i];
    const DomainConfig& b = again->domains[i];
    EXPECT_EQ(b.password, "<redacted>");
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.endpoint, b.endpoint);
    EXPECT_EQ(a.username, b.username);
    EXPECT_EQ(a.view_settings, b.view_settings);
    EXPECT_EQ(a.timestamp_time_zone, b.timestamp_time_zone);
    EXPECT_EQ(a.budget_share, b.budget_share);
    EXPECT_EQ(a.max_long_poll, b.max_long_poll);
    EXPECT_EQ(a.counters_refresh, b.counters_refresh);
    EXPECT_EQ(a.request_timeout, b.request_timeout);
    for (StatisticType type : kAllStatisticTypes) {
      EXPECT_EQ(a.statistics.at(type).weight, b.statistics.at(type).weight);
      EXPECT_EQ(a.statistics.at(type).enabled, b.statistics.at(type).enabled);
      EXPECT_EQ(a.statistics.at(type).columns.include, b.statistics.at(type).columns.include);
      EXPECT_EQ(a.statistics.at(type).columns.exclude, b.statistics.at(type).columns.exclude);
    }
  }
  EXPECT_EQ(config->domains[0].statistics.at(StatisticType::kAgentStatistics).columns.exclude,
            (std::vector<std::string>{"^Full Name$", "a\\b"}));
  EXPECT_EQ(again->admin.rate_limit_burst, 7);
  ASSERT_EQ(again->admin.tokens.size(), 1u);
  EXPECT_EQ(again->admin.tokens[0].roles, (std::vector<std::string>{"read", "chat"}));
}

}  // namespace
}  // namespace five9exp
