#pragma once
// Loading and validating the YAML configuration (SPEC "Configuration"): the schema
// (config_schema.cc over the generic yaml_schema.h reader; secrets.cc) and then the
// cross-field rules of validate.h. yaml-cpp is included only by those files of this module;
// its exceptions stop there.
//
// What a successful load guarantees (so no other module re-checks):
//  - every key was known (typos are errors, with a "did you mean" hint), no key repeated;
//  - durations parsed, enums and ranges checked, regexes of column filters compile;
//  - secrets resolved: password_file/token_file read and trimmed, password_env/token_env read;
//    inline secrets only with allow_inline_secrets: true; none empty;
//  - relative file paths (secrets, ca_file, web.tls) resolved against the config file's folder;
//  - endpoints parse with ParseEndpoint (five9/endpoint.h), the transport's own parser;
//  - domain names unique and label-safe; token names unique; roles from kAdminRoles;
//  - everything Validate (validate.h) checks;
//  - every DomainConfig::statistics holds all eight types (defaults from
//    DefaultStatisticTypeConfig) and admin.enabled == !admin.tokens.empty();
//  - timestamp_time_zone defaults to view_settings.time_zone.
// Every error names file:line:column and the key path, e.g.
//   config.yaml:12:5: domains[0].budget_share: must be in (0, 1], got 1.5
// and all errors of a file are reported at once, one per line. Error messages never contain a
// secret. Warnings (http:// endpoint, tls_insecure_skip_verify) go to LogWarn.
// Thread-safe (reads the environment and files; no shared state).

#include <optional>
#include <string>
#include <string_view>

#include "exporter/common/error.h"
#include "exporter/config/config.h"

namespace five9exp {

// Command-line values that override the file; applied before validation so a reload and
// --check-config judge the configuration that will actually run.
struct ConfigOverrides {
  std::optional<std::string> web_listen_address;  // --web.listen-address
  std::optional<std::string> web_config_file;     // --web.config.file
};

// Largest configuration file accepted.
inline constexpr size_t kMaxConfigFileBytes = 1 << 20;
// Largest secret file accepted (password_file, token_file).
inline constexpr size_t kMaxSecretFileBytes = 64 * 1024;

// Reads and validates the file at `path`; Error code kConfig on any problem.
Result<Config> LoadConfigFile(const std::string& path, const ConfigOverrides& overrides = {});

// Validates `yaml` as if read from a file named `source_name` (used in messages, as
// Config::source_file, and as the base of relative paths).
Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name,
                           const ConfigOverrides& overrides = {});

// The defaults of a statistic type not mentioned in the file: enabled, weight 4 for the
// real-time wallboard tables (AgentState, ACDStatus), 2 for CampaignState, 1 for the rest.
StatisticTypeConfig DefaultStatisticTypeConfig(StatisticType type);

}  // namespace five9exp
