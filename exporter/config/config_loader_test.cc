#include "exporter/config/config_loader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

#include "exporter/common/log.h"
#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kPassword[] = "pw-Secret-4711";
constexpr char kToken[] = "tok-Secret-0815";

// Lines 1-5; extra domain keys start on line 6 at column 5.
constexpr char kDomain[] =
    "domains:\n"
    "  - name: acme\n"
    "    endpoint: https://api.five9.com/wssupervisor/v4/SupervisorWebService\n"
    "    username: api-user@acme.example\n"
    "    password_env: F9TEST_PASSWORD\n";

class ConfigLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("F9TEST_PASSWORD", kPassword, 1);
    setenv("F9TEST_TOKEN", kToken, 1);
    unsetenv("F9TEST_UNSET");
    setenv("F9TEST_EMPTY", "  \n", 1);
  }
  void TearDown() override { SetLogSink(nullptr); }

  static Config Good(const std::string& yaml) {
    auto config = ParseConfig(yaml, "config.yaml");
    EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().message);
    return config.value_or(Config{});
  }
  // The error of a bad file; also checks that no secret leaked into it.
  static std::string Bad(const std::string& yaml, const ConfigOverrides& overrides = {}) {
    auto config = ParseConfig(yaml, "config.yaml", overrides);
    EXPECT_FALSE(config.has_value());
    if (config) return "";
    EXPECT_EQ(config.error().code, ErrorCode::kConfig);
    const std::string& message = config.error().message;
    EXPECT_EQ(message.find(kPassword), std::string::npos) << message;
    EXPECT_EQ(message.find(kToken), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    return message;
  }
};

TEST_F(ConfigLoaderTest, MinimalFileGetsDocumentedDefaults) {
  const Config config = Good(kDomain);
  EXPECT_EQ(config.source_file, "config.yaml");
  EXPECT_FALSE(config.allow_inline_secrets);
  EXPECT_EQ(config.web.listen_address, ":9959");
  EXPECT_FALSE(config.web.tls.has_value());
  EXPECT_EQ(config.web.read_header_timeout, seconds(5));
  EXPECT_EQ(config.web.idle_timeout, seconds(90));
  EXPECT_EQ(config.web.max_connections_per_address, 64);
  EXPECT_EQ(config.web.max_connections, 1024);
  EXPECT_FALSE(config.admin.enabled);
  EXPECT_TRUE(config.admin.tokens.empty());
  EXPECT_EQ(config.admin.rate_limit_per_second, 5);
  EXPECT_EQ(config.admin.rate_limit_burst, 20);
  EXPECT_EQ(config.admin.max_body_bytes, 64u * 1024);
  ASSERT_EQ(config.domains.size(), 1u);
  const DomainConfig& d = config.domains[0];
  EXPECT_EQ(d.name, "acme");
  EXPECT_EQ(d.endpoint, "https://api.five9.com/wssupervisor/v4/SupervisorWebService");
  EXPECT_EQ(d.username, "api-user@acme.example");
  EXPECT_EQ(d.password, kPassword);
  EXPECT_EQ(d.password_source, "env:F9TEST_PASSWORD");
  EXPECT_EQ(d.ca_file, "");
  EXPECT_FALSE(d.tls_insecure_skip_verify);
  EXPECT_EQ(d.api_version, 4);
  EXPECT_FALSE(d.show_only_my_skills.has_value());
  EXPECT_EQ(d.view_settings.rolling_period, "Minutes30");
  EXPECT_EQ(d.view_settings.statistics_range, "CurrentDay");
  EXPECT_EQ(d.view_settings.shift_start_ms, 8 * 3600 * 1000);
  EXPECT_EQ(d.view_settings.time_zone_ms, 0);
  EXPECT_EQ(d.view_settings.idle_timeout_s, 600);
  EXPECT_FALSE(d.view_settings.force_logout_session.has_value());
  EXPECT_FALSE(d.view_settings.app_type.has_value());
  EXPECT_EQ(d.timestamp_time_zone, TimeZone::Fixed(milliseconds(0)));
  EXPECT_EQ(d.budget_share, 0.8);
  EXPECT_EQ(d.max_long_poll, milliseconds(3000));
  EXPECT_EQ(d.counters_refresh, seconds(300));
  EXPECT_EQ(d.request_timeout, milliseconds(30'000));
  EXPECT_TRUE(d.agent_info);
  EXPECT_FALSE(d.chat_receive);
  ASSERT_EQ(d.statistics.size(), 8u);
  for (StatisticType type : kAllStatisticTypes) {
    const StatisticTypeConfig& s = d.statistics.at(type);
    EXPECT_TRUE(s.enabled);
    EXPECT_TRUE(s.columns.include.empty());
    EXPECT_TRUE(s.columns.exclude.empty());
    EXPECT_EQ(s.weight, DefaultStatisticTypeConfig(type).weight);
  }
  EXPECT_EQ(d.statistics.at(StatisticType::kAgentState).weight, 4);
  EXPECT_EQ(d.statistics.at(StatisticType::kAcdStatus).weight, 4);
  EXPECT_EQ(d.statistics.at(StatisticType::kCampaignState).weight, 2);
  EXPECT_EQ(d.statistics.at(StatisticType::kAgentStatistics).weight, 1);
  EXPECT_EQ(d.statistics.at(StatisticType::kAutodialCampaignStatistics).weight, 1);
}

TEST_F(ConfigLoaderTest, EveryKeyIsRead) {
  TempDirForTest dir;
  dir.Write("token", std::string(kToken) + "\n");
  dir.Write("password", std::string("  ") + kPassword + "\r\n\n");
  dir.Write("ca.pem", "ca");
  dir.Write("cert.pem", "cert");
  dir.Write("key.pem", "key");
  // Relative paths resolve against the config file's folder.
  const std::string path = dir.Write("five9.yaml", R"(
web:
  listen_address: "0.0.0.0:9100"
  tls: {cert_file: cert.pem, key_file: key.pem}
  read_header_timeout: 2s
  idle_timeout: 30s
  max_connections_per_address: 8
  max_connections: 100
admin:
  listen_address: "127.0.0.1:9960"
  insecure: true
  rate_limit_per_second: 0.5
  rate_limit_burst: 3
  max_body_bytes: 4096
  tokens:
    - name: wallboard-bot
      token_file: token
      roles: [read, campaigns, chat, monitoring, session]
    - name: reader
      token_env: F9TEST_TOKEN2
      roles: [read]
domains:
  - name: acme.us-1
    endpoint: https://api.five9.com/wssupervisor/v12/SupervisorWebService
    username: api-user@acme.example
    password_file: password
    ca_file: ca.pem
    tls_insecure_skip_verify: false
    api_version: 12
    show_only_my_skills: true
    view_settings:
      rolling_period: Hour1
      statistics_range: CurrentShift
      shift_start: 8h30m
      time_zone: -7h
      idle_timeout: 600s
      force_logout_session: true
      app_type: five9-exporter
    timestamp_time_zone: -8h
    budget_share: 0.5
    max_long_poll: 2500ms
    counters_refresh: 1h30m
    request_timeout: 45s
    agent_info: false
    chat_receive: true
    statistics:
      AgentState: {weight: 7}
      AgentStatistics: {weight: 1, columns: {exclude: ["^Full Name$"]}}
      OutboundCampaignManager: {enabled: false}
      ACDStatus:
        columns:
          include: ["^Calls", "Queue"]
)");
  setenv("F9TEST_TOKEN2", "second-token", 1);
  auto loaded = LoadConfigFile(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const Config& config = *loaded;
  EXPECT_EQ(config.source_file, path);
  EXPECT_EQ(config.web.listen_address, "0.0.0.0:9100");
  ASSERT_TRUE(config.web.tls.has_value());
  EXPECT_EQ(config.web.tls->cert_file, dir.path() + "/cert.pem");
  EXPECT_EQ(config.web.tls->key_file, dir.path() + "/key.pem");
  EXPECT_EQ(config.web.read_header_timeout, seconds(2));
  EXPECT_EQ(config.web.idle_timeout, seconds(30));
  EXPECT_EQ(config.web.max_connections_per_address, 8);
  EXPECT_EQ(config.web.max_connections, 100);
  EXPECT_TRUE(config.admin.enabled);
  EXPECT_EQ(config.admin.listen_address, "127.0.0.1:9960");
  EXPECT_TRUE(config.admin.insecure);
  EXPECT_EQ(config.admin.rate_limit_per_second, 0.5);
  EXPECT_EQ(config.admin.rate_limit_burst, 3);
  EXPECT_EQ(config.admin.max_body_bytes, 4096u);
  ASSERT_EQ(config.admin.tokens.size(), 2u);
  EXPECT_EQ(config.admin.tokens[0].name, "wallboard-bot");
  EXPECT_EQ(config.admin.tokens[0].secret, kToken);  // trailing newline trimmed
  EXPECT_EQ(config.admin.tokens[0].secret_source, "file:" + dir.path() + "/token");
  EXPECT_EQ(config.admin.tokens[0].roles,
            (std::vector<std::string>{"read", "campaigns", "chat", "monitoring", "session"}));
  EXPECT_EQ(config.admin.tokens[1].secret, "second-token");
  EXPECT_EQ(config.admin.tokens[1].roles, std::vector<std::string>{"read"});

  ASSERT_EQ(config.domains.size(), 1u);
  const DomainConfig& d = config.domains[0];
  EXPECT_EQ(d.name, "acme.us-1");
  EXPECT_EQ(d.password, kPassword);  // leading spaces and CRLF trimmed
  EXPECT_EQ(d.ca_file, dir.path() + "/ca.pem");
  EXPECT_EQ(d.api_version, 12);
  EXPECT_EQ(d.show_only_my_skills, true);
  EXPECT_EQ(d.view_settings.rolling_period, "Hour1");
  EXPECT_EQ(d.view_settings.statistics_range, "CurrentShift");
  EXPECT_EQ(d.view_settings.shift_start_ms, 30'600'000);
  EXPECT_EQ(d.view_settings.time_zone_ms, -25'200'000);
  EXPECT_EQ(d.view_settings.idle_timeout_s, 600);
  EXPECT_EQ(d.view_settings.force_logout_session, true);
  EXPECT_EQ(d.view_settings.app_type, "five9-exporter");
  EXPECT_EQ(d.timestamp_time_zone, TimeZone::Fixed(milliseconds(-8 * 3600 * 1000)));
  EXPECT_EQ(d.budget_share, 0.5);
  EXPECT_EQ(d.max_long_poll, milliseconds(2500));
  EXPECT_EQ(d.counters_refresh, seconds(5400));
  EXPECT_EQ(d.request_timeout, seconds(45));
  EXPECT_FALSE(d.agent_info);
  EXPECT_TRUE(d.chat_receive);
  ASSERT_EQ(d.statistics.size(), 8u);
  EXPECT_EQ(d.statistics.at(StatisticType::kAgentState).weight, 7);
  EXPECT_EQ(d.statistics.at(StatisticType::kAgentStatistics).columns.exclude,
            std::vector<std::string>{"^Full Name$"});
  EXPECT_FALSE(d.statistics.at(StatisticType::kOutboundCampaignManager).enabled);
  // A mentioned type keeps the defaults of the keys it does not set.
  EXPECT_EQ(d.statistics.at(StatisticType::kAcdStatus).weight, 4);
  EXPECT_EQ(d.statistics.at(StatisticType::kAcdStatus).columns.include,
            (std::vector<std::string>{"^Calls", "Queue"}));
  EXPECT_TRUE(d.statistics.at(StatisticType::kCampaignState).enabled);
}

TEST_F(ConfigLoaderTest, TimestampTimeZoneDefaultsToViewSettingsTimeZone) {
  const Config config = Good(std::string(kDomain) + "    view_settings: {time_zone: -7h}\n");
  EXPECT_EQ(config.domains.at(0).timestamp_time_zone, TimeZone::Fixed(milliseconds(-25200000)));
}

TEST_F(ConfigLoaderTest, CommandLineOverridesListenAddress) {
  ConfigOverrides overrides;
  overrides.web_listen_address = "127.0.0.1:0";
  auto config = ParseConfig(kDomain, "config.yaml", overrides);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->web.listen_address, "127.0.0.1:0");
}

TEST_F(ConfigLoaderTest, InlineSecretsRefusedUnlessAllowed) {
  const std::string inline_password =
      "domains:\n"
      "  - name: acme\n"
      "    endpoint: https://api.five9.com/x\n"
      "    username: u\n"
      "    password: hunter2\n";
  EXPECT_EQ(Bad(inline_password),
            "config.yaml:5:5: domains[0].password: inline secrets are refused; use password_file "
            "or password_env (or set allow_inline_secrets: true)");
  const Config config = Good("allow_inline_secrets: true\n" + inline_password);
  EXPECT_EQ(config.domains.at(0).password, "hunter2");
  EXPECT_EQ(config.domains.at(0).password_source, "inline");
}

TEST_F(ConfigLoaderTest, SecretSourcesAreCheckedWithoutEchoingSecrets) {
  const std::string head =
      "domains:\n"
      "  - name: acme\n"
      "    endpoint: https://api.five9.com/x\n"
      "    username: u\n";
  EXPECT_EQ(Bad(head + "    password_env: F9TEST_UNSET\n"),
            "config.yaml:5:19: domains[0].password_env: environment variable F9TEST_UNSET is not "
            "set");
  EXPECT_EQ(Bad(head + "    password_env: F9TEST_EMPTY\n"),
            "config.yaml:5:19: domains[0].password_env: environment variable F9TEST_EMPTY is "
            "empty");
  EXPECT_EQ(Bad(head + "    password_file: /nonexistent/pw\n"),
            "config.yaml:5:20: domains[0].password_file: cannot read \"/nonexistent/pw\": No such "
            "file or directory");
  TempDirForTest dir;
  const std::string empty = dir.Write("empty", "\n\n");
  EXPECT_EQ(Bad(head + "    password_file: " + empty + "\n"),
            "config.yaml:5:20: domains[0].password_file: file \"" + empty + "\" is empty");
  EXPECT_EQ(Bad(head),
            "config.yaml:2:5: domains[0]: missing password_file, password_env or password");
  EXPECT_EQ(Bad(head + "    password_env: F9TEST_PASSWORD\n    password_file: /x\n"),
            "config.yaml:5:5: domains[0].password_env: conflicts with password_file (give exactly "
            "one)");
  // A secret in a wrong shape is reported without its content.
  EXPECT_EQ(Bad("allow_inline_secrets: true\n" + head + "    password: [hunter2]\n"),
            "config.yaml:6:15: domains[0].password: must be a string");
}

TEST_F(ConfigLoaderTest, EgressProxyKeysAreReadAndJudgedWhereTheyAre) {
  const Config absent = Good(kDomain);
  EXPECT_FALSE(absent.domains.at(0).proxy_url.has_value());  // the environment decides
  TempDirForTest dir;
  const std::string credentials =
      dir.Write("proxy-credentials", "proxy-user:" + std::string(kPassword) + "\n");
  const Config proxied = Good(std::string(kDomain) + "    proxy_url: http://proxy.corp:3128\n" +
                              "    proxy_credentials_file: " + credentials + "\n");
  const DomainConfig& d = proxied.domains.at(0);
  EXPECT_EQ(d.proxy_url, "http://proxy.corp:3128");
  EXPECT_EQ(d.proxy_username, "proxy-user");
  EXPECT_EQ(d.proxy_password, kPassword);
  EXPECT_EQ(d.proxy_credentials_source, "file:" + credentials);
  EXPECT_EQ(Good(std::string(kDomain) + "    proxy_url: \"\"\n").domains.at(0).proxy_url, "");

  EXPECT_EQ(Bad(std::string(kDomain) + "    proxy_url: http://proxy.corp\n"),
            "config.yaml:6:16: domains[0].proxy_url: has no port (write http://host:port)");
  EXPECT_EQ(
      Bad(std::string(kDomain) + "    proxy_url: \"http://u:" + kPassword + "@proxy.corp:3128\"\n"),
      "config.yaml:6:16: domains[0].proxy_url: must not contain credentials; put "
      "user:password in proxy_credentials_file");
  const std::string no_colon = dir.Write("no-colon", std::string(kPassword) + "\n");
  EXPECT_EQ(Bad(std::string(kDomain) + "    proxy_url: http://proxy.corp:3128\n" +
                "    proxy_credentials_file: " + no_colon + "\n"),
            "config.yaml:7:29: domains[0].proxy_credentials_file: must hold user:password");
}

TEST_F(ConfigLoaderTest, ConnectionLimitsAreChecked) {
  const std::string web = std::string(kDomain) + "web:\n";
  EXPECT_NE(Bad(web + "  max_connections: 0\n").find("web.max_connections"), std::string::npos);
  EXPECT_NE(Bad(web + "  read_header_timeout: 0s\n").find("web.read_header_timeout"),
            std::string::npos);
  EXPECT_NE(Bad(web + "  max_connections: 10\n  max_connections_per_address: 20\n")
                .find("web.max_connections_per_address: is larger than web.max_connections (10)"),
            std::string::npos);
}

TEST_F(ConfigLoaderTest, BudgetShareOutOfRange) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    budget_share: 1.5\n"),
            "config.yaml:6:19: domains[0].budget_share: must be in (0, 1], got 1.5");
  EXPECT_EQ(Bad(std::string(kDomain) + "    budget_share: 0\n"),
            "config.yaml:6:19: domains[0].budget_share: must be in (0, 1], got 0");
  EXPECT_EQ(Bad(std::string(kDomain) + "    budget_share: most\n"),
            "config.yaml:6:19: domains[0].budget_share: must be a number in (0, 1], got \"most\"");
  EXPECT_EQ(Good(std::string(kDomain) + "    budget_share: 1\n").domains.at(0).budget_share, 1.0);
}

TEST_F(ConfigLoaderTest, StateSectionForWarmRestarts) {
  const Config cold = Good(kDomain);
  EXPECT_TRUE(cold.state.directory.empty()) << "without it every start is cold";
  EXPECT_EQ(cold.state.checkpoint_interval, seconds(10));
  const Config warm = Good(std::string(kDomain) +
                           "state:\n  directory: /var/lib/five9_exporter\n"
                           "  checkpoint_interval: 2s\n");
  EXPECT_EQ(warm.state.directory, "/var/lib/five9_exporter");
  EXPECT_EQ(warm.state.checkpoint_interval, seconds(2));
  EXPECT_NE(Bad(std::string(kDomain) + "state:\n  checkpoint_interval: 0s\n")
                .find("state.checkpoint_interval"),
            std::string::npos);
  EXPECT_NE(Bad(std::string(kDomain) + "state:\n  directory: /etc/hostname\n")
                .find("state.directory: is not a directory"),
            std::string::npos);
  EXPECT_NE(Bad(std::string(kDomain) + "state:\n  dir: /x\n").find("state"), std::string::npos);
}

TEST_F(ConfigLoaderTest, WeightAutoPerTypeAndAsDomainDefault) {
  const DomainConfig fixed = Good(std::string(kDomain)).domains.at(0);
  EXPECT_EQ(fixed.max_poll_interval, seconds(300));
  for (const auto& [type, s] : fixed.statistics) EXPECT_FALSE(s.auto_weight) << ToWire(type);

  const DomainConfig one = Good(std::string(kDomain) +
                                "    max_poll_interval: 2m\n"
                                "    statistics:\n"
                                "      AgentState: {weight: auto, importance: 3}\n"
                                "      ACDStatus: {weight: auto}\n")
                               .domains.at(0);
  EXPECT_EQ(one.max_poll_interval, seconds(120));
  EXPECT_TRUE(one.statistics.at(StatisticType::kAgentState).auto_weight);
  EXPECT_EQ(one.statistics.at(StatisticType::kAgentState).importance, 3);
  EXPECT_TRUE(one.statistics.at(StatisticType::kAcdStatus).auto_weight);
  EXPECT_EQ(one.statistics.at(StatisticType::kAcdStatus).weight, 4);  // importance by default
  EXPECT_FALSE(one.statistics.at(StatisticType::kCampaignState).auto_weight);

  // The domain default makes every type auto unless the type names a number.
  const DomainConfig all = Good(std::string(kDomain) +
                                "    default_weight: auto\n"
                                "    statistics:\n"
                                "      CampaignState: {weight: 7}\n")
                               .domains.at(0);
  for (const auto& [type, s] : all.statistics) {
    EXPECT_EQ(s.auto_weight, type != StatisticType::kCampaignState) << ToWire(type);
  }
  EXPECT_EQ(all.statistics.at(StatisticType::kCampaignState).weight, 7);

  EXPECT_NE(Bad(std::string(kDomain) + "    default_weight: 3\n").find("must be auto"),
            std::string::npos);
  EXPECT_NE(
      Bad(std::string(kDomain) + "    statistics: {AgentState: {weight: often}}\n").find("weight"),
      std::string::npos);
  EXPECT_NE(Bad(std::string(kDomain) + "    max_poll_interval: 1s\n").find("max_poll_interval"),
            std::string::npos);
}

TEST_F(ConfigLoaderTest, UnknownKeyIsAnErrorWithHint) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    budget_shar: 0.5\n"),
            "config.yaml:6:5: domains[0].budget_shar: unknown key (did you mean budget_share?)");
  EXPECT_EQ(Bad("web:\n  listen_adress: \":1\"\n" + std::string(kDomain)),
            "config.yaml:2:3: web.listen_adress: unknown key (did you mean listen_address?)");
  EXPECT_EQ(Bad("metrics: {}\n" + std::string(kDomain)), "config.yaml:1:1: metrics: unknown key");
}

// The fuzzer (fuzz/corpus/config/use-after-free-secret-key-hint) found the hint reading keys
// that had ended: the secret's key names (password_file, password_env) are built while the
// domain is read and were remembered as views into strings gone before the hint was made.
TEST_F(ConfigLoaderTest, HintNamesASecretKeyBuiltWhileReading) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    password_fil: /run/secrets/p\n"),
            "config.yaml:6:5: domains[0].password_fil: unknown key (did you mean password_file?)");
  EXPECT_EQ(Bad(std::string(kDomain) + "    pasword_env: F9\n"),
            "config.yaml:6:5: domains[0].pasword_env: unknown key (did you mean password_env?)");
}

TEST_F(ConfigLoaderTest, DuplicateKeyIsAnError) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    username: other\n"),
            "config.yaml:6:5: domains[0].username: duplicate key");
}

TEST_F(ConfigLoaderTest, DuplicateDomainName) {
  EXPECT_EQ(
      Bad(std::string(kDomain) + (kDomain + 9)),  // the same domain again, without "domains:\n"
      "config.yaml:6:11: domains[1].name: duplicate domain name \"acme\" (also domains[0])");
}

TEST_F(ConfigLoaderTest, DomainNameMustBeLabelSafe) {
  EXPECT_EQ(Bad("domains:\n  - name: \"acme corp\"\n    endpoint: https://h/x\n    username: u\n"
                "    password_env: F9TEST_PASSWORD\n"),
            "config.yaml:2:11: domains[0].name: must be 1-64 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit, got \"acme corp\"");
}

TEST_F(ConfigLoaderTest, MissingRequiredKeys) {
  EXPECT_EQ(Bad("domains:\n  - name: acme\n    endpoint: https://h/x\n"
                "    password_env: F9TEST_PASSWORD\n"),
            "config.yaml:2:5: domains[0].username: is required");
  EXPECT_EQ(Bad("web: {}\n"), "config.yaml:1:1: domains: is required");
  EXPECT_EQ(Bad("domains: []\n"),
            "config.yaml:1:10: domains: must be a list of at least one domain");
  EXPECT_EQ(Bad(""), "config.yaml: the configuration is empty");
  EXPECT_EQ(Bad("- a\n"), "config.yaml:1:1: must be a mapping");
}

// The loader compiles every column pattern once; the renderer uses the compiled matcher.
TEST_F(ConfigLoaderTest, ColumnPatternsAreCompiledAtLoad) {
  const Config config = Good(std::string(kDomain) +
                             "    statistics:\n"
                             "      AgentStatistics:\n"
                             "        columns:\n"
                             "          include: [Calls]\n"
                             "          exclude: [\"^Total\"]\n");
  const ColumnMatcher& matcher =
      config.domains.at(0).statistics.at(StatisticType::kAgentStatistics).columns.matcher;
  EXPECT_TRUE(matcher.Matches("Inbound Calls"));
  EXPECT_FALSE(matcher.Matches("Total Calls"));
  EXPECT_FALSE(matcher.Matches("Sales"));
}

TEST_F(ConfigLoaderTest, BadRegex) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    statistics:\n"
                                       "      AgentStatistics:\n"
                                       "        columns:\n"
                                       "          exclude:\n"
                                       "            - \"^Full Name$\"\n"
                                       "            - \"(unclosed\"\n"),
            "config.yaml:11:15: domains[0].statistics.AgentStatistics.columns.exclude[1]: "
            "invalid regex \"(unclosed\": unbalanced ( )");
}

TEST_F(ConfigLoaderTest, UnknownStatisticTypeAndBadWeight) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    statistics:\n      AgentStates: {weight: 2}\n"),
            "config.yaml:7:7: domains[0].statistics.AgentStates: unknown statistic type (did you "
            "mean AgentState?) (expected one of AgentState, AgentStatistics, ACDStatus, "
            "CampaignState, OutboundCampaignManager, OutboundCampaignStatistics, "
            "InboundCampaignStatistics, AutodialCampaignStatistics)");
  EXPECT_EQ(Bad(std::string(kDomain) + "    statistics:\n      AgentState: {weight: 0}\n"),
            "config.yaml:7:28: domains[0].statistics.AgentState.weight: must be from 1 to 100, got "
            "0");
}

TEST_F(ConfigLoaderTest, DurationsAndEnumsInViewSettings) {
  const std::string head = std::string(kDomain) + "    view_settings:\n";
  EXPECT_EQ(Bad(head + "      idle_timeout: 600\n"),
            "config.yaml:7:21: domains[0].view_settings.idle_timeout: missing unit (expected a "
            "duration like \"30s\", \"500ms\", \"1h30m\", \"-7h\"), got \"600\"");
  EXPECT_EQ(Bad(head + "      idle_timeout: 10s\n"),
            "config.yaml:7:21: domains[0].view_settings.idle_timeout: must be from 1m to 30m, got "
            "10s");
  EXPECT_EQ(Bad(head + "      time_zone: -15h\n"),
            "config.yaml:7:18: domains[0].view_settings.time_zone: must be from -14h to 14h, got "
            "-15h");
  EXPECT_EQ(Bad(head + "      rolling_period: Minutes20\n"),
            "config.yaml:7:23: domains[0].view_settings.rolling_period: must be one of Minutes5, "
            "Minutes10, Minutes15, Minutes30, Hour1, Hours2, Hours3, Today, got \"Minutes20\"");
  EXPECT_EQ(Bad(head + "      force_logout_session: yes\n"),
            "config.yaml:7:29: domains[0].view_settings.force_logout_session: must be true or "
            "false, got \"yes\"");
}

TEST_F(ConfigLoaderTest, LongPollMustFitInRequestTimeout) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    request_timeout: 2s\n"),
            "config.yaml:6:22: domains[0].request_timeout: request_timeout (2s) must be longer "
            "than max_long_poll (3s)");
}

TEST_F(ConfigLoaderTest, ShowOnlyMySkillsNeedsApiVersion12) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    show_only_my_skills: true\n"),
            "config.yaml:6:26: domains[0].show_only_my_skills: requires api_version 12 or later, "
            "got api_version 4");
}

TEST_F(ConfigLoaderTest, EndpointRules) {
  const std::string head =
      "domains:\n  - name: acme\n    username: u\n"
      "    password_env: F9TEST_PASSWORD\n";
  EXPECT_EQ(Bad(head + "    endpoint: ftp://h/x\n"),
            "config.yaml:5:15: domains[0].endpoint: must start with https:// (or http:// for the "
            "simulator)");
  const std::string with_credentials =
      Bad(head + "    endpoint: https://user:hunter2@api.five9.com/x\n");
  EXPECT_EQ(with_credentials,
            "config.yaml:5:15: domains[0].endpoint: must not contain credentials; use username "
            "and password_file");

  // http:// is accepted with a warning that points at the value.
  std::ostringstream log;
  SetLogSink(&log);
  const Config config = Good(head + "    endpoint: http://127.0.0.1:8080/ws\n");
  SetLogSink(nullptr);
  EXPECT_EQ(config.domains.at(0).endpoint, "http://127.0.0.1:8080/ws");
  EXPECT_NE(log.str().find("level=warn"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("plain http"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("domain=acme location=config.yaml:5:15"), std::string::npos)
      << log.str();
}

// The loader judges endpoints with the transport's own parser: before, these passed
// --check-config and the domain then silently never polled.
TEST_F(ConfigLoaderTest, EndpointsTheTransportRefusesAreErrors) {
  const std::string head =
      "domains:\n  - name: acme\n    username: u\n"
      "    password_env: F9TEST_PASSWORD\n";
  EXPECT_EQ(Bad(head + "    endpoint: https://h:99999/x\n"),
            "config.yaml:5:15: domains[0].endpoint: has an invalid port \"99999\" (expected "
            "1-65535)");
  EXPECT_EQ(Bad(head + "    endpoint: https://[::1/x\n"),
            "config.yaml:5:15: domains[0].endpoint: has an unterminated IPv6 address \"[::1\"");
  EXPECT_EQ(Bad(head + "    endpoint: \"https://\"\n"),
            "config.yaml:5:15: domains[0].endpoint: has no host");
  EXPECT_EQ(Good(head + "    endpoint: \"https://[::1]:8443/ws\"\n").domains.at(0).endpoint,
            "https://[::1]:8443/ws");
}

constexpr char kAdminHead[] =
    "admin:\n"
    "  listen_address: \"127.0.0.1:9960\"\n"
    "  tokens:\n"
    "    - name: bot\n"
    "      token_env: F9TEST_TOKEN\n";

TEST_F(ConfigLoaderTest, BadRole) {
  EXPECT_EQ(Bad(std::string(kAdminHead) + "      roles: [read, superuser]\n" + kDomain),
            "config.yaml:6:21: admin.tokens[0].roles[1]: unknown role \"superuser\" (expected one "
            "of read, campaigns, chat, monitoring, session)");
  EXPECT_EQ(Bad(std::string(kAdminHead) + "      roles: [read, read]\n" + kDomain),
            "config.yaml:6:21: admin.tokens[0].roles[1]: duplicate role \"read\"");
  EXPECT_EQ(Bad(std::string(kAdminHead) + kDomain),
            "config.yaml:4:7: admin.tokens[0].roles: is required");
}

TEST_F(ConfigLoaderTest, TokensMustDifferInNameAndSecret) {
  EXPECT_EQ(Bad(std::string(kAdminHead) + "      roles: [read]\n" +
                "    - name: bot\n"
                "      token_env: F9TEST_PASSWORD\n"
                "      roles: [chat]\n"
                "    - name: other\n"
                "      token_env: F9TEST_TOKEN\n"
                "      roles: [chat]\n" +
                kDomain),
            "config.yaml:7:7: admin.tokens[1].name: duplicate token name \"bot\" (also "
            "admin.tokens[0])\n"
            "config.yaml:10:7: admin.tokens[2]: has the same secret as admin.tokens[0]");
}

TEST_F(ConfigLoaderTest, AdminOverPlainHttpOnEveryInterfaceIsRefused) {
  const std::string tokens =
      "  tokens:\n    - name: bot\n      token_env: F9TEST_TOKEN\n      roles: [read]\n";
  EXPECT_EQ(Bad("admin:\n" + tokens + kDomain),
            "config.yaml:1:1: admin: the admin API would accept tokens over plain HTTP on "
            "\":9959\"; set web.tls, or admin.listen_address to a loopback address such as "
            "\"127.0.0.1:9960\", or admin.insecure: true");
  const Config insecure = Good("admin:\n  insecure: true\n" + tokens + kDomain);
  EXPECT_TRUE(insecure.admin.enabled);
  const Config loopback =
      Good("web: {listen_address: \"localhost:9959\"}\nadmin:\n" + tokens + kDomain);
  EXPECT_TRUE(loopback.admin.enabled);
  EXPECT_EQ(Bad("admin:\n  listen_address: \":9959\"\n  insecure: true\n" + tokens + kDomain),
            "config.yaml:1:1: admin.listen_address: is the same as web.listen_address; omit it to "
            "share the /metrics listener");
}

TEST_F(ConfigLoaderTest, EveryErrorOfAFileIsReportedOnItsOwnLine) {
  EXPECT_EQ(Bad(std::string(kDomain) + "    budget_share: 2\n    api_version: v12\n"),
            "config.yaml:6:19: domains[0].budget_share: must be in (0, 1], got 2\n"
            "config.yaml:7:18: domains[0].api_version: must be an integer, got \"v12\"");
}

TEST_F(ConfigLoaderTest, YamlSyntaxErrorNamesPosition) {
  EXPECT_EQ(Bad("domains:\n  - name: [acme\n"),
            "config.yaml:3:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(Bad("a: 1\n---\nb: 2\n"),
            "config.yaml: holds more than one YAML document; expected one");
  // yaml-cpp's LoadAll never returned for this one (the config fuzzer's timeout input,
  // kept in fuzz/corpus/config/): refused, in finite time.
  EXPECT_EQ(Bad(",a: &x **x: &x dom[ansi:*x]\n]\n"),
            "config.yaml: holds more than one YAML document; expected one");
}

TEST_F(ConfigLoaderTest, BadListenAddresses) {
  EXPECT_EQ(Bad("web: {listen_address: \"9959\"}\n" + std::string(kDomain)),
            "config.yaml:1:23: web.listen_address: missing port (expected HOST:PORT, e.g. "
            "\":9959\" or \"127.0.0.1:9960\"), got \"9959\"");
  ConfigOverrides overrides;
  overrides.web_listen_address = "nope";
  EXPECT_EQ(Bad(kDomain, overrides),
            "--web.listen-address: missing port (expected HOST:PORT, e.g. \":9959\" or "
            "\"127.0.0.1:9960\"), got \"nope\"");
}

TEST_F(ConfigLoaderTest, TlsNeedsBothReadableFiles) {
  EXPECT_EQ(Bad("web:\n  tls: {cert_file: /nonexistent/cert.pem}\n" + std::string(kDomain)),
            "config.yaml:2:8: web.tls.key_file: is required\n"
            "config.yaml:2:20: web.tls.cert_file: cannot read \"/nonexistent/cert.pem\": No such "
            "file or directory");
}

// Commenting out every child of an optional section leaves "key:" with nothing: defaults.
TEST_F(ConfigLoaderTest, EmptyOptionalSectionsReadAsDefaults) {
  const Config config = Good("web:\nadmin:\n  tokens:\n" + std::string(kDomain) +
                             "    view_settings:\n    statistics:\n");
  EXPECT_EQ(config.web.listen_address, ":9959");
  EXPECT_FALSE(config.admin.enabled);
  EXPECT_EQ(config.domains.at(0).view_settings.idle_timeout_s, 600);
  EXPECT_EQ(config.domains.at(0).statistics.size(), 8u);
  EXPECT_EQ(Bad("web: 5\n" + std::string(kDomain)), "config.yaml:1:6: web: must be a mapping");
  EXPECT_EQ(Bad(std::string(kDomain) + "    statistics:\n      AgentState:\n"),
            "config.yaml:7:7: domains[0].statistics.AgentState: must be a mapping, got nothing");
}

TEST_F(ConfigLoaderTest, MissingFile) {
  auto config = LoadConfigFile("/nonexistent/five9.yaml");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code, ErrorCode::kConfig);
  EXPECT_EQ(config.error().message,
            "/nonexistent/five9.yaml: cannot read: No such file or directory");
}

// config.example.yaml documents every option; it must stay loadable.
TEST_F(ConfigLoaderTest, ExampleConfigLoads) {
  const std::string path = std::string(FIVE9_SOURCE_DIR) + "/config.example.yaml";
  setenv("FIVE9_PASSWORD", kPassword, 1);
  setenv("FIVE9_ADMIN_TOKEN", kToken, 1);
  std::ostringstream log;  // the example's http:// simulator domain warns
  SetLogSink(&log);
  auto config = LoadConfigFile(path);
  SetLogSink(nullptr);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_FALSE(config->domains.empty());
  EXPECT_TRUE(config->admin.enabled);
  unsetenv("FIVE9_PASSWORD");
  unsetenv("FIVE9_ADMIN_TOKEN");
}

}  // namespace
}  // namespace five9exp
