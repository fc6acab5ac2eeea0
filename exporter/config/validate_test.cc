// Validate on Configs built in code (the loader's own use is covered by config_loader_test).
#include "exporter/config/validate.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

Config OneDomain() {
  Config config;
  DomainConfig domain;
  domain.name = "acme";
  domain.endpoint = "https://api.five9.com/ws";
  config.domains.push_back(domain);
  return config;
}

TEST(ValidateTest, ACodeBuiltConfigIsJudgedByTheSameRules) {
  EXPECT_TRUE(Validate(OneDomain()));
  Config bad = OneDomain();
  bad.domains[0].endpoint = "https://h:99999/x";
  bad.domains.push_back(bad.domains[0]);
  auto verdict = Validate(bad);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kConfig);
  // No file: no position, one problem per line.
  EXPECT_EQ(verdict.error().message,
            "config: domains[0].endpoint: has an invalid port \"99999\" (expected 1-65535)\n"
            "config: domains[1].name: duplicate domain name \"acme\" (also domains[0])\n"
            "config: domains[1].endpoint: has an invalid port \"99999\" (expected 1-65535)");
}

TEST(ValidateTest, ProxyUrlIsJudgedByTheTransportsChoice) {
  Config config = OneDomain();
  config.domains[0].proxy_url = "http://proxy.corp:3128";
  EXPECT_TRUE(Validate(config));
  config.domains[0].proxy_url = "";  // no proxy, whatever the environment says
  EXPECT_TRUE(Validate(config));
  config.domains[0].proxy_credentials_source = "file:/run/proxy";
  auto both = Validate(config);
  ASSERT_FALSE(both);
  EXPECT_NE(both.error().message.find("domains[0].proxy_url: is \"\" (no proxy) but proxy "
                                      "credentials are given"),
            std::string::npos)
      << both.error().message;
  config.domains[0].proxy_credentials_source.clear();
  config.domains[0].proxy_url = "http://proxy.corp";
  auto verdict = Validate(config);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().message,
            "config: domains[0].proxy_url: has no port (write http://host:port)");
}

TEST(ValidateTest, AdminExposureVerdict) {
  Config config = OneDomain();
  config.admin.enabled = true;
  config.admin.tokens.push_back({.name = "bot", .secret = "s", .roles = {"read"}});
  config.web.listen_address = ":9959";
  EXPECT_FALSE(Validate(config));  // plain HTTP on every interface
  config.admin.insecure = true;
  auto verdict = Validate(config);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->admin_plain_http_exposed);
  config.web.listen_address = "127.0.0.1:9959";
  verdict = Validate(config);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->admin_plain_http_exposed);
}

TEST(ValidateTest, HighAvailabilityTimingMargin) {
  using std::chrono::seconds;
  Config config = OneDomain();
  config.high_availability.emplace();
  KubernetesConfig& k = config.high_availability->kubernetes;
  EXPECT_TRUE(Validate(config));  // defaults 30s / 20s / 5s
  k.lease_duration = seconds(6);
  k.renew_deadline = seconds(3);
  k.retry_period = seconds(1);
  EXPECT_TRUE(Validate(config));  // the tests' timings: margin 3s
  k.renew_deadline = seconds(5);  // margin 1s < 2s
  auto verdict = Validate(config);
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().message.find("at least 2s"), std::string::npos)
      << verdict.error().message;
  k.lease_duration = seconds(30);
  k.renew_deadline = seconds(20);
  k.retry_period = seconds(20);  // renew_deadline must exceed retry_period; margin < retry
  verdict = Validate(config);
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().message.find("renew_deadline (20s) must be longer than retry_period"),
            std::string::npos)
      << verdict.error().message;
  EXPECT_NE(verdict.error().message.find("at least retry_period (20s)"), std::string::npos);
}

}  // namespace
}  // namespace five9exp
