#include "exporter/config/web_config_file.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

constexpr char kHash[] = "$2y$10$U3HASCPO5C.Y6NTRf/5g9OSKXIOkElCbSIKKLatHlxUaPuMFmpko6";

TEST(WebConfigFileTest, ReadsTheToolkitFormat) {
  const std::string yaml = std::string(R"(
tls_server_config:
  cert_file: tls.crt
  key_file: /abs/tls.key
  client_ca_file: ca.crt
  client_auth_type: RequireAndVerifyClientCert
  min_version: TLS13
  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_GCM_SHA384]
  curve_preferences: [X25519, CurveP256]
  prefer_server_cipher_suites: false
http_server_config:
  http2: true
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  alice: ")") + kHash + "\"\n";
  auto file = ParseWebConfigFile(yaml, "web.yml", "/etc/five9");
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_TRUE(file->tls);
  EXPECT_EQ(file->tls->cert_file, "/etc/five9/tls.crt");
  EXPECT_EQ(file->tls->key_file, "/abs/tls.key");
  EXPECT_EQ(file->tls->client_ca_file, "/etc/five9/ca.crt");
  EXPECT_EQ(file->tls->client_auth, ClientAuthType::kRequireAndVerifyClientCert);
  EXPECT_EQ(file->tls->min_version, 0x0304);
  EXPECT_EQ(file->tls->openssl_cipher_list, "ECDHE-RSA-AES128-GCM-SHA256:AES256-GCM-SHA384");
  EXPECT_EQ(file->tls->openssl_groups, "X25519:P-256");
  EXPECT_FALSE(file->tls->prefer_server_cipher_suites);
  ASSERT_EQ(file->headers.size(), 2u);
  EXPECT_EQ(file->headers[0].first, "X-Frame-Options");
  EXPECT_EQ(file->basic_auth_users.at("alice"), kHash);
}

TEST(WebConfigFileTest, EmptyFileMeansNothing) {
  auto file = ParseWebConfigFile("", "web.yml", "");
  ASSERT_TRUE(file);
  EXPECT_FALSE(file->tls);
  EXPECT_TRUE(file->basic_auth_users.empty());
}

TEST(WebConfigFileTest, RefusesWithTheKeyAndNeverTheSecret) {
  const struct {
    std::string yaml;
    std::string expected;
  } cases[] = {
      {"tls_server_config:\n  key_file: k\n", "tls_server_config.cert_file: is required"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n  client_auth_type: Maybe\n",
       "client_auth_type: must be one of"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n"
       "  client_auth_type: RequireAndVerifyClientCert\n",
       "client_ca_file: is required"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n  cipher_suites: [RC4]\n",
       "cipher_suites: must be one of"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n  min_version: TLS13\n"
       "  max_version: TLS12\n",
       "min_version: is above max_version"},
      {"tls_server_config:\n  cert_file: c\n  key_file: k\n  colour: blue\n", "unknown key"},
      {"basic_auth_users:\n  bob: plaintext-password\n", "must be a bcrypt hash"},
      {"http_server_config:\n  headers:\n    X-Evil: 1\n", "is not a supported header"},
      {"http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "deny or sameorigin"},
      {"rate_limit:\n  interval: 1s\n", "not supported"},
      {"tls_server_config: [a\n", "invalid YAML"},
  };
  for (const auto& c : cases) {
    auto file = ParseWebConfigFile(c.yaml, "web.yml", "");
    ASSERT_FALSE(file) << c.yaml;
    EXPECT_EQ(file.error().code, ErrorCode::kConfig);
    EXPECT_NE(file.error().message.find(c.expected), std::string::npos)
        << c.yaml << " -> " << file.error().message;
    EXPECT_EQ(file.error().message.find("plaintext-password"), std::string::npos);
    EXPECT_EQ(file.error().message.rfind("web.yml", 0), 0u) << file.error().message;
  }
}

TEST(WebConfigFileTest, MissingFileIsAConfigError) {
  auto file = LoadWebConfigFile("/nonexistent/web.yml");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("cannot be read"), std::string::npos);
}

}  // namespace
}  // namespace five9exp
