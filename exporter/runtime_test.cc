// ExporterRuntime's start-up rules: a Config that breaks a rule, or a domain whose poller
// cannot be made, stops the start (main exits 2) instead of running without that domain.
#include "exporter/runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "exporter/config/config_loader.h"
#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

// A config file a reload can read back; its one domain's Five9 is never reachable (port 1).
constexpr char kReloadableConfig[] =
    "allow_inline_secrets: true\n"
    "web: {listen_address: \"127.0.0.1:0\"}\n"
    "domains:\n"
    "  - name: acme\n"
    "    endpoint: http://127.0.0.1:1/ws\n"
    "    username: u\n"
    "    password: p\n";

Config ConfigWithEndpoint(const std::string& endpoint) {
  Config config;
  config.web.listen_address = "127.0.0.1:0";
  DomainConfig domain;
  domain.name = "acme";
  domain.endpoint = endpoint;
  domain.username = "u";
  domain.password = "p";
  config.domains.push_back(domain);
  return config;
}

TEST(RuntimeStartTest, AnEndpointTheTransportRefusesStopsTheStart) {
  for (const std::string endpoint : {"https://h:99999/x", "https://[::1/x"}) {
    ExporterRuntime runtime(ConfigWithEndpoint(endpoint), {}, "test", "test");
    Result<void> started = runtime.Start();
    ASSERT_FALSE(started) << endpoint << ": started without a poller for the domain";
    EXPECT_EQ(started.error().code, ErrorCode::kConfig);
    EXPECT_NE(started.error().message.find("domains[0].endpoint"), std::string::npos)
        << started.error().message;
    runtime.Stop();
  }
}

TEST(RuntimeStartTest, AValidConfigStartsAndStops) {
  // Port 1 on loopback: nothing listens, the poller retries in the background.
  ExporterRuntime runtime(ConfigWithEndpoint("http://127.0.0.1:1/ws"), {}, "test", "test");
  Result<void> started = runtime.Start();
  ASSERT_TRUE(started) << started.error().ToString();
  EXPECT_GT(runtime.port(), 0);
  runtime.Stop();
}

// The admin-exposure rule is Validate's alone, and the runtime applies it before any listener
// exists: tokens over plain HTTP on every interface stop the start unless admin.insecure.
TEST(RuntimeStartTest, AdminOnPlainHttpOffLoopbackStopsTheStart) {
  Config config = ConfigWithEndpoint("http://127.0.0.1:1/ws");
  config.web.listen_address = ":0";
  config.admin.enabled = true;
  config.admin.tokens.push_back({.name = "bot", .secret = "s", .roles = {"read"}});
  {
    ExporterRuntime runtime(config, {}, "test", "test");
    Result<void> started = runtime.Start();
    ASSERT_FALSE(started) << "served admin tokens over plain HTTP on every interface";
    EXPECT_EQ(started.error().code, ErrorCode::kConfig);
    EXPECT_NE(started.error().message.find("admin.insecure"), std::string::npos)
        << started.error().message;
    EXPECT_EQ(runtime.port(), 0);
    runtime.Stop();
  }
  config.admin.insecure = true;
  ExporterRuntime runtime(config, {}, "test", "test");
  Result<void> started = runtime.Start();
  ASSERT_TRUE(started) << started.error().ToString();
  EXPECT_GT(runtime.port(), 0);
  runtime.Stop();
}

// A runtime started from kReloadableConfig written to a file, so Reload() reads it back.
class RuntimeReloadTest : public ::testing::Test {
 protected:
  ExporterRuntime& Start() {
    auto config = LoadConfigFile(path_);
    if (!config) throw std::runtime_error(config.error().ToString());
    runtime_ =
        std::make_unique<ExporterRuntime>(std::move(*config), ConfigOverrides{}, "test", "test");
    Result<void> started = runtime_->Start();
    if (!started) throw std::runtime_error(started.error().ToString());
    return *runtime_;
  }
  void TearDown() override {
    if (runtime_) runtime_->Stop();
  }

  TempDirForTest dir_;
  const std::string path_ = dir_.Write("config.yaml", kReloadableConfig);
  std::unique_ptr<ExporterRuntime> runtime_;
};

// SIGHUP (main's thread) and POST /-/reload (a web worker) can reload at the same moment.
// Each reload replaces the config, so reading the config file's path must not race with
// the other reload's assignment: ThreadSanitizer (make test SANITIZE=thread) reported
// exactly that read of config_.source_file before the lock was taken.
TEST_F(RuntimeReloadTest, ConcurrentReloadsAreSerialised) {
  ExporterRuntime& runtime = Start();
  constexpr int kReloadsPerThread = 20;
  std::vector<int> failures(2, 0);
  {
    std::vector<std::jthread> reloaders;
    for (int t = 0; t < 2; ++t) {
      reloaders.emplace_back([&runtime, &failures, t] {
        for (int i = 0; i < kReloadsPerThread; ++i) {
          if (!runtime.Reload()) ++failures[t];
        }
      });
    }
  }
  EXPECT_EQ(failures[0] + failures[1], 0);
}

// Self-health: a refused reload is visible in Prometheus, not only in the log; a later good
// reload clears it.
TEST_F(RuntimeReloadTest, AReloadIsRecordedInTheConfigReloadMetrics) {
  using ::testing::HasSubstr;
  ExporterRuntime& runtime = Start();
  httplib::Client http("127.0.0.1", runtime.port());
  auto metrics = [&] {
    auto response = http.Get("/metrics");
    return response ? response->body : std::string();
  };
  std::string body = metrics();
  EXPECT_THAT(body, HasSubstr("\nfive9_exporter_config_reload_success 1\n"));
  EXPECT_THAT(body, HasSubstr("\nfive9_exporter_config_reload_timestamp_seconds "));
  EXPECT_THAT(body, HasSubstr("five9_exporter_admin_queue{domain=\"acme\"} 0\n"));

  std::ofstream(path_) << "domains: [ {name: broken\n";
  EXPECT_FALSE(runtime.Reload());
  body = metrics();
  EXPECT_THAT(body, HasSubstr("\nfive9_exporter_config_reload_success 0\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_config_reloads_total{result=\"failure\"} 1\n"));

  std::ofstream(path_) << kReloadableConfig;
  EXPECT_TRUE(runtime.Reload());
  body = metrics();
  EXPECT_THAT(body, HasSubstr("\nfive9_exporter_config_reload_success 1\n"));
  EXPECT_THAT(body, HasSubstr("five9_exporter_config_reloads_total{result=\"success\"} 1\n"));
}

}  // namespace
}  // namespace five9exp
