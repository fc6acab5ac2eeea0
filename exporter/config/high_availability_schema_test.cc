// The high_availability: section through the real loader (schema, in-cluster defaults and
// Validate's timing rule).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "exporter/config/config_loader.h"
#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

using std::chrono::seconds;

constexpr char kDomain[] =
    "domains:\n"
    "  - name: acme\n"
    "    endpoint: https://api.five9.com/wssupervisor/v4/SupervisorWebService\n"
    "    username: api-user@acme.example\n"
    "    password_env: F9TEST_PASSWORD\n";

class HighAvailabilitySchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("F9TEST_PASSWORD", "pw", 1);
    setenv("F9TEST_PEER", "peer-Secret-77", 1);
    unsetenv("KUBERNETES_SERVICE_HOST");
    unsetenv("KUBERNETES_SERVICE_PORT");
    unsetenv("POD_NAME");
    token_ = dir_.Write("token", "sa-token\n");
    dir_.Write("namespace", "monitoring\n");
  }
  Result<Config> Parse(const std::string& ha) {
    return ParseConfig("high_availability:\n" + ha + kDomain, dir_.path() + "/config.yaml");
  }

  TempDirForTest dir_;
  std::string token_;
};

TEST_F(HighAvailabilitySchemaTest, InClusterDefaultsComeFromThePod) {
  setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  setenv("KUBERNETES_SERVICE_PORT", "6443", 1);
  setenv("POD_NAME", "five9-exporter-7d9f-abcde", 1);
  auto config = Parse("  kubernetes:\n    token_file: token\n    ca_file: \"\"\n");
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_TRUE(config->high_availability);
  const KubernetesConfig& k = config->high_availability->kubernetes;
  EXPECT_EQ(k.api_server, "https://10.96.0.1:6443");
  EXPECT_EQ(k.namespace_name, "monitoring");  // the file beside the token
  EXPECT_EQ(k.token_file, token_);
  EXPECT_EQ(k.lease_prefix, "five9-exporter");
  EXPECT_EQ(k.lease_duration, seconds(30));
  EXPECT_EQ(k.renew_deadline, seconds(20));
  EXPECT_EQ(k.retry_period, seconds(5));
  // Pod name plus a per-process suffix.
  ASSERT_EQ(k.identity.size(), std::string("five9-exporter-7d9f-abcde-").size() + 6);
  EXPECT_EQ(k.identity.rfind("five9-exporter-7d9f-abcde-", 0), 0u) << k.identity;
  auto again = Parse("  kubernetes:\n    token_file: token\n    ca_file: \"\"\n");
  ASSERT_TRUE(again);
  EXPECT_NE(again->high_availability->kubernetes.identity, k.identity);
  EXPECT_EQ(config->high_availability->max_domains, 0);
  EXPECT_TRUE(config->high_availability->peer_token.empty());
}

TEST_F(HighAvailabilitySchemaTest, EveryKeyIsRead) {
  auto config = Parse(
      "  kubernetes:\n"
      "    api_server: http://127.0.0.1:8080/\n"
      "    namespace: five9\n"
      "    token_file: token\n"
      "    ca_file: token\n"
      "    lease_prefix: f9\n"
      "    identity: replica-a\n"
      "    lease_duration: 6s\n"
      "    renew_deadline: 3s\n"
      "    retry_period: 1s\n"
      "  max_domains: 2\n"
      "  advertise_url: http://10.0.0.7:9959\n"
      "  peer_token_env: F9TEST_PEER\n");
  ASSERT_TRUE(config) << config.error().message;
  const HighAvailabilityConfig& ha = *config->high_availability;
  EXPECT_EQ(ha.kubernetes.api_server, "http://127.0.0.1:8080");
  EXPECT_EQ(ha.kubernetes.namespace_name, "five9");
  EXPECT_EQ(ha.kubernetes.lease_prefix, "f9");
  EXPECT_EQ(ha.kubernetes.identity, "replica-a");
  EXPECT_EQ(ha.kubernetes.renew_deadline, seconds(3));
  EXPECT_EQ(ha.max_domains, 2);
  EXPECT_EQ(ha.advertise_url, "http://10.0.0.7:9959");
  EXPECT_EQ(ha.peer_token, "peer-Secret-77");
  EXPECT_EQ(ha.peer_token_source, "env:F9TEST_PEER");
}

TEST_F(HighAvailabilitySchemaTest, OutsideAPodTheApiServerIsRequired) {
  auto config = Parse("  kubernetes:\n    token_file: token\n    ca_file: \"\"\n");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("high_availability.kubernetes.api_server: not set and "
                                        "KUBERNETES_SERVICE_HOST"),
            std::string::npos)
      << config.error().message;
}

TEST_F(HighAvailabilitySchemaTest, BadValuesAreNamedWithTheirPosition) {
  auto config = Parse(
      "  kubernetes:\n"
      "    api_server: ftp://x\n"
      "    token_file: missing-token\n"
      "    lease_prefix: Five9_Exporter\n"
      "    lease_duration: 5s\n"
      "    renew_deadline: 4s\n"
      "    colour: blue\n"
      "  max_domains: -1\n");
  ASSERT_FALSE(config);
  const std::string& m = config.error().message;
  EXPECT_NE(m.find("config.yaml:3:17: high_availability.kubernetes.api_server"), std::string::npos)
      << m;
  EXPECT_NE(m.find("missing-token"), std::string::npos) << m;
  EXPECT_NE(m.find("lease_prefix"), std::string::npos) << m;
  EXPECT_NE(m.find("colour"), std::string::npos) << m;
  EXPECT_NE(m.find("max_domains"), std::string::npos) << m;
}

TEST_F(HighAvailabilitySchemaTest, TheMarginRuleIsCheckedAtLoad) {
  auto config = Parse(
      "  kubernetes:\n"
      "    api_server: http://127.0.0.1:1\n"
      "    namespace: x\n"
      "    token_file: token\n"
      "    ca_file: \"\"\n"
      "    lease_duration: 6s\n"
      "    renew_deadline: 5s\n"
      "    retry_period: 1s\n");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("config.yaml:7:21: high_availability.kubernetes."
                                        "lease_duration: lease_duration - renew_deadline"),
            std::string::npos)
      << config.error().message;
}

}  // namespace
}  // namespace five9exp
