// ExporterRuntime's start-up rules: a Config that breaks a rule, or a domain whose poller
// cannot be made, stops the start (main exits 2) instead of running without that domain.
#include "exporter/runtime.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

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

}  // namespace
}  // namespace five9exp
