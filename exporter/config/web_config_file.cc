// Reads the exporter-toolkit web configuration with yaml-cpp (config is the module that
// owns yaml-cpp). Unknown keys are errors, as in the toolkit (strict unmarshalling).
#include "exporter/config/web_config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace five9exp {
namespace {

struct Named {
  std::string_view name;
  std::string_view value;
};

// Go's crypto/tls names of the TLS <= 1.2 suites it supports -> OpenSSL's names.
constexpr Named kCipherSuites[] = {
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"},
};
constexpr Named kCurves[] = {
    {"CurveP256", "P-256"}, {"CurveP384", "P-384"}, {"CurveP521", "P-521"}, {"X25519", "X25519"}};
// In wire order: index + 1 is the minor version byte (0x0301 = TLS10).
constexpr Named kVersions[] = {{"TLS10", ""}, {"TLS11", ""}, {"TLS12", ""}, {"TLS13", ""}};
// In ClientAuthType order.
constexpr Named kClientAuth[] = {{"NoClientCert", ""},
                                 {"RequestClientCert", ""},
                                 {"RequireAnyClientCert", ""},
                                 {"VerifyClientCertIfGiven", ""},
                                 {"RequireAndVerifyClientCert", ""}};
// The headers the toolkit allows, with the values it accepts (empty list = any).
constexpr std::string_view kHeaders[] = {"Content-Security-Policy", "X-Frame-Options",
                                         "X-Content-Type-Options", "X-XSS-Protection",
                                         "Strict-Transport-Security"};

// Collects the first error; later calls keep it (the first one is the useful one).
class Reader {
 public:
  Reader(std::string source, std::string base_dir)
      : source_(std::move(source)), base_dir_(std::move(base_dir)) {}

  void Fail(const YAML::Node& at, const std::string& key, const std::string& message) {
    if (!error_.empty()) return;
    const YAML::Mark mark = at.Mark();
    error_ = source_;
    if (mark.line >= 0) {
      error_ += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    error_ += ": " + key + ": " + message;
  }
  const std::string& error() const { return error_; }

  bool String(const YAML::Node& node, const std::string& key, std::string* out) {
    if (!node.IsScalar()) {
      Fail(node, key, "must be a string");
      return false;
    }
    *out = node.Scalar();
    return true;
  }
  bool Bool(const YAML::Node& node, const std::string& key, bool* out) {
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text == "true" || text == "false") {
      *out = text == "true";
      return true;
    }
    Fail(node, key, "must be true or false");
    return false;
  }
  bool Path(const YAML::Node& node, const std::string& key, std::string* out) {
    if (!String(node, key, out)) return false;
    if (out->empty()) return true;
    std::filesystem::path path(*out);
    if (path.is_relative() && !base_dir_.empty()) path = std::filesystem::path(base_dir_) / path;
    *out = path.string();
    return true;
  }
  bool Lookup(const YAML::Node& node, const std::string& key, const auto& table, size_t* index) {
    std::string text;
    if (!String(node, key, &text)) return false;
    for (size_t i = 0; i < std::size(table); ++i) {
      if (table[i].name == text) {
        *index = i;
        return true;
      }
    }
    std::string names;
    for (const Named& entry : table) names += (names.empty() ? "" : ", ") + std::string(entry.name);
    Fail(node, key, "must be one of " + names + ", got \"" + text.substr(0, 64) + "\"");
    return false;
  }
  bool StringList(const YAML::Node& node, const std::string& key, std::vector<std::string>* out) {
    if (!node.IsSequence()) {
      Fail(node, key, "must be a list of strings");
      return false;
    }
    for (const YAML::Node& item : node) {
      std::string text;
      if (!String(item, key, &text)) return false;
      out->push_back(std::move(text));
    }
    return true;
  }

  void ReadTls(const YAML::Node& node, WebTlsServerConfig* tls);
  void ReadHttp(const YAML::Node& node, WebConfigFile* out);
  void ReadUsers(const YAML::Node& node, WebConfigFile* out);

 private:
  std::string source_;
  std::string base_dir_;
  std::string error_;
};

bool LooksLikeBcrypt(std::string_view hash) {
  // $2a$, $2b$ or $2y$, two cost digits, '$', 53 characters of salt and digest.
  if (hash.size() != 60 || hash.substr(0, 2) != "$2" || hash[3] != '$' || hash[6] != '$') {
    return false;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return false;
  return std::isdigit(static_cast<unsigned char>(hash[4])) &&
         std::isdigit(static_cast<unsigned char>(hash[5]));
}

void Reader::ReadTls(const YAML::Node& node, WebTlsServerConfig* tls) {
  const std::string prefix = "tls_server_config.";
  if (!node.IsMap()) return Fail(node, "tls_server_config", "must be a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    const std::string path = prefix + key;
    size_t found = 0;
    if (key == "cert_file") {
      Path(value, path, &tls->cert_file);
    } else if (key == "key_file") {
      Path(value, path, &tls->key_file);
    } else if (key == "client_ca_file") {
      Path(value, path, &tls->client_ca_file);
    } else if (key == "cert") {
      String(value, path, &tls->cert_pem);
    } else if (key == "key") {
      String(value, path, &tls->key_pem);
    } else if (key == "client_ca") {
      String(value, path, &tls->client_ca_pem);
    } else if (key == "client_auth_type") {
      if (Lookup(value, path, kClientAuth, &found)) {
        tls->client_auth = static_cast<ClientAuthType>(found);
      }
    } else if (key == "min_version" || key == "max_version") {
      if (Lookup(value, path, kVersions, &found)) {
        (key == "min_version" ? tls->min_version : tls->max_version) =
            0x0301 + static_cast<int>(found);
      }
    } else if (key == "cipher_suites") {
      std::vector<std::string> names;
      if (!StringList(value, path, &names)) continue;
      for (const std::string& name : names) {
        if (!Lookup(YAML::Node(name), path, kCipherSuites, &found)) break;
        tls->openssl_cipher_list += (tls->openssl_cipher_list.empty() ? "" : ":");
        tls->openssl_cipher_list += kCipherSuites[found].value;
      }
    } else if (key == "curve_preferences") {
      std::vector<std::string> names;
      if (!StringList(value, path, &names)) continue;
      for (const std::string& name : names) {
        if (!Lookup(YAML::Node(name), path, kCurves, &found)) break;
        tls->openssl_groups +=
            (tls->openssl_groups.empty() ? "" : ":") + std::string(kCurves[found].value);
      }
    } else if (key == "prefer_server_cipher_suites") {
      Bool(value, path, &tls->prefer_server_cipher_suites);
    } else if (key == "client_allowed_sans") {
      Fail(entry.first, path, "is not supported by five9_exporter; use a dedicated client CA");
    } else {
      Fail(entry.first, path, "unknown key");
    }
  }
  if (!error_.empty()) return;
  const auto one_of = [&](const std::string& file, const std::string& pem, const char* name,
                          bool required) {
    if (!file.empty() && !pem.empty()) {
      Fail(node, prefix + name + "_file", std::string("and ") + name + " are mutually exclusive");
    } else if (required && file.empty() && pem.empty()) {
      Fail(node, prefix + name + "_file", "is required");
    }
  };
  one_of(tls->cert_file, tls->cert_pem, "cert", true);
  one_of(tls->key_file, tls->key_pem, "key", true);
  one_of(tls->client_ca_file, tls->client_ca_pem, "client_ca", false);
  const bool verifies = tls->client_auth == ClientAuthType::kVerifyClientCertIfGiven ||
                        tls->client_auth == ClientAuthType::kRequireAndVerifyClientCert;
  if (verifies && tls->client_ca_file.empty() && tls->client_ca_pem.empty()) {
    Fail(node, prefix + "client_ca_file", "is required by this client_auth_type");
  }
  if (!verifies && (!tls->client_ca_file.empty() || !tls->client_ca_pem.empty())) {
    Fail(node, prefix + "client_auth_type",
         "must be VerifyClientCertIfGiven or RequireAndVerifyClientCert with a client CA");
  }
  if (tls->min_version > tls->max_version) {
    Fail(node, prefix + "min_version", "is above max_version");
  }
}

void Reader::ReadHttp(const YAML::Node& node, WebConfigFile* out) {
  if (!node.IsMap()) return Fail(node, "http_server_config", "must be a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    const std::string path = "http_server_config." + key;
    if (key == "http2") {
      bool ignored = false;  // the exporter speaks HTTP/1.1 only; accepted for compatibility
      Bool(entry.second, path, &ignored);
    } else if (key == "headers") {
      if (!entry.second.IsMap()) {
        Fail(entry.second, path, "must be a mapping of header names to values");
        continue;
      }
      for (const auto& header : entry.second) {
        const std::string name = header.first.Scalar();
        std::string value;
        if (!String(header.second, path + "." + name, &value)) continue;
        if (std::find(std::begin(kHeaders), std::end(kHeaders), name) == std::end(kHeaders)) {
          std::string names;
          for (std::string_view known : kHeaders)
            names += (names.empty() ? "" : ", ") + std::string(known);
          Fail(header.first, path + "." + name, "is not a supported header (" + names + ")");
        } else if (value.find_first_of("\r\n") != std::string::npos) {
          Fail(header.second, path + "." + name, "must not contain a line break");
        } else if (name == "X-Frame-Options" && value != "deny" && value != "sameorigin" &&
                   !value.empty()) {
          Fail(header.second, path + "." + name, "must be deny or sameorigin");
        } else if (name == "X-Content-Type-Options" && value != "nosniff" && !value.empty()) {
          Fail(header.second, path + "." + name, "must be nosniff");
        } else if (!value.empty()) {
          out->headers.emplace_back(name, value);
        }
      }
    } else {
      Fail(entry.first, path, "unknown key");
    }
  }
}

void Reader::ReadUsers(const YAML::Node& node, WebConfigFile* out) {
  if (node.IsNull()) return;
  if (!node.IsMap()) return Fail(node, "basic_auth_users", "must be a mapping of user to hash");
  for (const auto& entry : node) {
    const std::string user = entry.first.Scalar();
    const std::string path = "basic_auth_users." + user;
    std::string hash;
    if (!String(entry.second, path, &hash)) continue;
    if (user.empty() || user.find(':') != std::string::npos) {
      Fail(entry.first, "basic_auth_users", "a user name must be non-empty without ':'");
    } else if (!LooksLikeBcrypt(hash)) {
      // Never echo the value: it is a secret.
      Fail(entry.second, path, "must be a bcrypt hash ($2y$..., e.g. from htpasswd -nBC 10)");
    } else {
      out->basic_auth_users[user] = hash;
    }
  }
}

}  // namespace

Result<WebConfigFile> ParseWebConfigFile(std::string_view yaml, std::string_view source_name,
                                         std::string_view base_dir) {
  Reader reader{std::string(source_name), std::string(base_dir)};
  WebConfigFile out;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return out;  // an empty file: plain HTTP, no auth
    if (!root.IsMap()) {
      reader.Fail(root, "(top level)", "must be a mapping");
    } else {
      for (const auto& entry : root) {
        const std::string key = entry.first.Scalar();
        if (key == "tls_server_config") {
          out.tls.emplace();
          reader.ReadTls(entry.second, &*out.tls);
        } else if (key == "http_server_config") {
          reader.ReadHttp(entry.second, &out);
        } else if (key == "basic_auth_users") {
          reader.ReadUsers(entry.second, &out);
        } else if (key == "rate_limit") {
          reader.Fail(entry.first, key, "is not supported by five9_exporter");
        } else {
          reader.Fail(entry.first, key, "unknown key");
        }
      }
    }
  } catch (const YAML::Exception& e) {
    reader.Fail(YAML::Node(), "", "invalid YAML: " + e.msg);
  }
  if (!reader.error().empty()) return MakeError(ErrorCode::kConfig, reader.error());
  return out;
}

Result<WebConfigFile> LoadWebConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kConfig, path + ": cannot be read");
  std::string text;
  text.resize(kMaxWebConfigFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxWebConfigFileBytes) {
    return MakeError(ErrorCode::kConfig,
                     path + ": larger than " + std::to_string(kMaxWebConfigFileBytes) + " bytes");
  }
  return ParseWebConfigFile(text, path, std::filesystem::path(path).parent_path().string());
}

WebConfigFile WebConfigFromShorthand(const TlsConfig& tls) {
  WebConfigFile out;
  out.tls.emplace();
  out.tls->cert_file = tls.cert_file;
  out.tls->key_file = tls.key_file;
  return out;
}

}  // namespace five9exp
