#pragma once
// The exporter's configuration as plain structs, one comment and default per field.
// Loaded from YAML by config_loader.h (the one file that includes yaml-cpp).
// Secrets are resolved at load time (files/env) and held here; never log them:
// use RedactedConfigYaml() (config_view.h) for any view. The values are immutable after
// load: a reload builds a new Config. Plain data, no locking: share as const.

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/time_zone.h"
#include "exporter/config/column_matcher.h"
#include "exporter/five9/types.h"

namespace five9exp {

struct TlsConfig {
  std::string cert_file;  // PEM certificate chain
  std::string key_file;   // PEM private key
};

struct WebConfig {
  std::string listen_address = ":9959";  // HOST:PORT; empty host = all interfaces
  std::optional<TlsConfig> tls;          // HTTPS for every route when set
  // --web.config.file (exporter-toolkit format, web_config_file.h): TLS, basic auth and
  // headers, re-read for new connections. Empty = none.
  std::string config_file;
  bool config_file_tls = false;  // set at load: that file has a tls_server_config
  // Connection robustness (every listener, the admin one included; docs/architecture.md):
  // a request head must be complete this long after its first byte, however slowly it
  // arrives; a keep-alive connection without a request for idle_timeout is closed.
  std::chrono::milliseconds read_header_timeout{5'000};
  std::chrono::milliseconds idle_timeout{90'000};
  // Open connections per remote address and in total, per listener; past a cap the
  // oldest connection not being served (idle first) is closed to make room.
  int max_connections_per_address = 64;
  int max_connections = 1024;
};
// HTTPS on every listener (web.tls or the web config file's tls_server_config).
inline bool ServesTls(const WebConfig& web) { return web.tls.has_value() || web.config_file_tls; }

// The fixed set of admin roles (SPEC "Admin API"); a token's roles are a subset.
inline constexpr std::array<std::string_view, 5> kAdminRoles = {"read", "campaigns", "chat",
                                                                "monitoring", "session"};

struct AdminToken {
  std::string name;                // appears in the audit log, never the secret
  std::string secret;              // resolved from token_file / token_env (or inline)
  std::vector<std::string> roles;  // subset of kAdminRoles, no duplicates
  std::string secret_source;       // "file:PATH", "env:NAME" or "inline"; safe to show
};

struct AdminConfig {
  bool enabled = false;        // true when at least one token is configured
  std::string listen_address;  // empty = same listener as /metrics
  std::vector<AdminToken> tokens;
  bool insecure = false;              // allow a non-loopback admin listener without TLS
  double rate_limit_per_second = 5;   // per token, token bucket refill rate
  int rate_limit_burst = 20;          // per token, bucket size
  size_t max_body_bytes = 64 * 1024;  // admin JSON body cap
  // Where the audit trail goes (JSON lines, whatever the log level): "stderr" or a file
  // path, reopened on SIGHUP.
  std::string audit_log = "stderr";
};

struct ColumnFilter {
  std::vector<std::string> include;  // ECMAScript regexes; empty = all columns
  std::vector<std::string> exclude;  // applied after include
  // include/exclude as compiled by the loader (a Config built in code compiles with
  // ColumnMatcher::Compile); the renderer uses only this.
  ColumnMatcher matcher;
};

struct StatisticTypeConfig {
  bool enabled = true;  // all eight types are on by default
  int weight = 1;       // share of delta polls and order of start-up loads (higher first)
  // `weight: auto`: share by the square-root rule on the estimated change rate, with
  // `importance` (default: `weight`, i.e. the type's default weight) as the change's worth.
  bool auto_weight = false;
  std::optional<int> importance;
  ColumnFilter columns;
  // Pinned value kinds by exact column name, one of kPinnableValueKinds.
  std::map<std::string, std::string> kinds;
};

// The kind names statistics.<Type>.kinds accepts; metrics/value_kind.h ValueKindFromName
// reads each of them (value_kind_test checks that the two lists agree).
inline constexpr std::array<std::string_view, 7> kPinnableValueKinds = {
    "number", "milliseconds", "duration", "timestamp", "percentage", "pair", "text"};

// Cardinality guard (SPEC "Numbers users can trust"): past a cap whole column families are
// dropped, the newest column first.
struct LimitsConfig {
  size_t max_series_per_domain = 500'000;  // statistic-column samples of the domain
  size_t max_columns_per_type = 200;       // statistic-column families of one type
};

// What the `agent` label holds.
enum class AgentLabels {
  kUsername,   // the Five9 username (default)
  kPseudonym,  // first 16 hex digits of HMAC-SHA256(pseudonym_key, username)
};

struct DomainConfig {
  std::string name;      // the `domain` label
  std::string endpoint;  // SupervisorWebService URL (http:// accepted with a warning)
  std::string username;
  std::string password;         // resolved from password_file / password_env (or inline)
  std::string password_source;  // "file:PATH", "env:NAME" or "inline"; safe to show
  std::string ca_file;          // optional CA bundle for certificate verification
  // Egress proxy http://host:port (five9/proxy.h). Absent = the environment's
  // HTTPS_PROXY/HTTP_PROXY/NO_PROXY; "" = connect directly whatever the environment says.
  std::optional<std::string> proxy_url;
  // Basic credentials for the proxy, from proxy_credentials_file ("user:password"); they
  // apply to whichever proxy is chosen. Secret: never logged.
  std::string proxy_username;
  std::string proxy_password;
  std::string proxy_credentials_source;     // "file:PATH"; safe to show
  bool tls_insecure_skip_verify = false;    // never in production
  int api_version = 4;                      // >= 12 enables showOnlyMySkills
  std::optional<bool> show_only_my_skills;  // sent only when api_version >= 12
  ViewSettings view_settings{.idle_timeout_s = 600,
                             .rolling_period = "Minutes30",
                             .shift_start_ms = 8 * 3600 * 1000,
                             .statistics_range = "CurrentDay",
                             .time_zone_ms = 0};
  // view_settings.time_zone as written: a fixed offset or an IANA zone with DST. For an
  // IANA zone view_settings.time_zone_ms holds its offset at load; the poller sends the
  // offset current at each new session and re-sends it at each transition.
  TimeZone time_zone;
  // Zone of the domain's wall-clock strings (State Since, ...); defaults to time_zone.
  TimeZone timestamp_time_zone;
  double budget_share = 0.8;  // fraction of every domain limit this exporter may spend
  std::chrono::milliseconds max_long_poll{3000};  // cap so queued admin calls wait little
  std::chrono::seconds counters_refresh{300};     // getCallCountersState period
  std::chrono::seconds max_poll_interval{300};    // no ready type goes longer unpolled
  std::chrono::milliseconds request_timeout{30'000};
  bool agent_info = true;     // export five9_agent_info{full_name} (personal data)
  bool chat_receive = false;  // run the background receiveMessages loop
  // After 3 takeovers of the session (another client opened one with this API user) within
  // 30 minutes, stop re-opening for this long instead of fighting over the session.
  std::chrono::seconds takeover_backoff{1800};
  std::map<StatisticType, StatisticTypeConfig> statistics;  // all eight present after load
  LimitsConfig limits;
  AgentLabels agent_labels = AgentLabels::kUsername;  // pseudonym implies agent_info false
  std::string pseudonym_key;         // secret, from pseudonym_key_file / _env (or inline)
  std::string pseudonym_key_source;  // "file:PATH", "env:NAME" or "inline"; safe to show
};

// A position in the config file, 1-based (line 0: not from a file).
struct SourceMark {
  int line = 0;
  int column = 0;
};
// Positions by key path ("domains[0].endpoint"; sections by their key, "" the document),
// kept so Validate can name file:line:column. Empty for a Config built in code.
using SourceMarks = std::map<std::string, SourceMark, std::less<>>;

// high_availability.kubernetes (SPEC "High availability and scale-out on Kubernetes").
// The loader fills the in-cluster defaults, so every field is final after load.
struct KubernetesConfig {
  std::string api_server;      // default https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT
  std::string namespace_name;  // default: the namespace file beside token_file
  std::string token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token";  // re-read 1/min
  std::string ca_file = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";  // "" = system CAs
  std::string lease_prefix = "five9-exporter";  // Lease name: <lease_prefix>-<domain>
  std::string identity;  // default: $POD_NAME or the host name, plus a per-process suffix
  std::chrono::milliseconds lease_duration{30'000};
  std::chrono::milliseconds renew_deadline{20'000};  // fence closes after this without renewal
  std::chrono::milliseconds retry_period{5'000};
};

struct HighAvailabilityConfig {
  KubernetesConfig kubernetes;
  int max_domains = 0;            // lead at most this many domains; 0 = no cap
  std::string advertise_url;      // base URL peers reach us at; default http(s)://$POD_IP:<port>
  std::string peer_token;         // Bearer token of GET /-/state/{domain}; empty = state not served
  std::string peer_token_source;  // "file:PATH", "env:NAME" or "inline"; safe to show
};

// Continuity (SPEC "Continuity"): where checkpoints live and how often they are written.
struct StateConfig {
  std::string directory;  // one checkpoint file per domain; "" = every start is cold
  // At most this often per domain while data change, and at shutdown. Also the period of
  // the in-memory checkpoints high-availability standbys mirror.
  std::chrono::milliseconds checkpoint_interval{10'000};
};

struct Config {
  WebConfig web;
  AdminConfig admin;
  std::vector<DomainConfig> domains;
  // Without it the process leads every domain (no Leases).
  std::optional<HighAvailabilityConfig> high_availability;
  StateConfig state;  // changes need a restart (a reload keeps the one it started with)
  bool allow_inline_secrets = false;  // permit password:/token: inline in the file
  std::string source_file;            // path the config was loaded from
  SourceMarks marks;                  // where each key was in source_file
};

}  // namespace five9exp
