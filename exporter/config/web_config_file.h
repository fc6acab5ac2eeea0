#pragma once
// The --web.config.file format of the Prometheus exporter-toolkit
// (docs/web-configuration.md there): TLS server settings, bcrypt basic-auth users and
// extra response headers. Parsing and validation only; the web module turns the result
// into an SSL_CTX and an authenticator, and re-reads the file for new connections.
//
// Plain data and pure functions: thread-safe. The hashes are secrets: never log them.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/common/error.h"
#include "exporter/config/config.h"

namespace five9exp {

// client_auth_type, named as Go's crypto/tls names them.
enum class ClientAuthType {
  kNoClientCert,                // no certificate asked for
  kRequestClientCert,           // asked for, never verified
  kRequireAnyClientCert,        // required, never verified
  kVerifyClientCertIfGiven,     // verified against client_ca when sent
  kRequireAndVerifyClientCert,  // required and verified: the one safe choice for mTLS
};

struct WebTlsServerConfig {
  // PEM files (relative paths resolve against the web config file's folder), or inline
  // PEM text (cert/key/client_ca); one of the two for each.
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  std::string cert_pem;
  std::string key_pem;
  std::string client_ca_pem;
  ClientAuthType client_auth = ClientAuthType::kNoClientCert;
  int min_version = 0x0303;  // TLS12 (as the wire version: 0x0301 TLS10 .. 0x0304 TLS13)
  int max_version = 0x0304;  // TLS13
  // cipher_suites translated to OpenSSL's names, ':'-joined; empty = OpenSSL's defaults.
  // Only TLS <= 1.2 suites, as in the toolkit (TLS 1.3 suites are not configurable).
  std::string openssl_cipher_list;
  bool prefer_server_cipher_suites = true;
  std::string openssl_groups;  // curve_preferences, ':'-joined OpenSSL group names
};

struct WebConfigFile {
  std::optional<WebTlsServerConfig> tls;  // HTTPS on every listener when set
  // basic_auth_users: user -> bcrypt hash ($2a$/$2b$/$2y$). Empty = no basic auth.
  std::map<std::string, std::string> basic_auth_users;
  // http_server_config.headers, added to every response.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Largest web config file accepted.
inline constexpr size_t kMaxWebConfigFileBytes = 256 * 1024;

// Reads and validates `path`. kConfig errors name the file and the key, never a hash.
Result<WebConfigFile> LoadWebConfigFile(const std::string& path);
// The same for text read elsewhere; `base_dir` resolves relative file names.
Result<WebConfigFile> ParseWebConfigFile(std::string_view yaml, std::string_view source_name,
                                         std::string_view base_dir);

// The web.tls shorthand of the main config, as a web config file would say it.
WebConfigFile WebConfigFromShorthand(const TlsConfig& tls);

}  // namespace five9exp
