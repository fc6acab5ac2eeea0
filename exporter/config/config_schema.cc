// The schema of the configuration file: one Read* per section, in file order. Shapes, types,
// ranges and defaults only; relations between values are Validate's.
#include "exporter/config/config_schema.h"

#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "exporter/common/log.h"
#include "exporter/config/duration.h"
#include "exporter/config/high_availability_schema.h"
#include "exporter/config/listen_address.h"
#include "exporter/config/secrets.h"
#include "exporter/config/statistics_schema.h"
#include "exporter/config/web_config_file.h"
#include "exporter/five9/endpoint.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;

const std::vector<std::string_view> kRollingPeriods = {
    "Minutes5", "Minutes10", "Minutes15", "Minutes30", "Hour1", "Hours2", "Hours3", "Today"};
const std::vector<std::string_view> kStatisticsRanges = {
    "RollingHour", "CurrentDay", "CurrentWeek", "CurrentMonth", "Lifetime", "CurrentShift"};

bool IsLabelSafe(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

constexpr std::string_view kLabelSafeRule =
    "must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit, got ";

class ConfigSchema {
 public:
  ConfigSchema(SchemaReader& reader, const ConfigOverrides& overrides)
      : r_(reader), overrides_(overrides) {}

  void ReadRoot(const YAML::Node& document, Config* config);

 private:
  void ReadListenAddress(const Field& f, std::string* out);
  void ReadWeb(const Field& f, WebConfig* web);
  void ReadAuditLogTarget(const Field& f, std::string* target);
  void ReadWebConfigFileFlag(const std::string& path, WebConfig* web);
  void ReadAdmin(const Field& f, AdminConfig* admin);
  void ReadToken(const YAML::Node& node, const std::string& path, AdminToken* token);
  void ReadDomain(const YAML::Node& node, const std::string& path, DomainConfig* domain);
  void ReadEndpoint(const Field& f, DomainConfig* domain);
  // proxy_url and proxy_credentials_file/_env (user:password).
  void ReadProxy(MapReader& map, const std::string& path, DomainConfig* domain);
  void ReadViewSettings(const Field& f, DomainConfig* domain, bool* time_zone_set);
  bool ReadTimeZone(const Field& f, TimeZone* out);
  void ReadLimits(const Field& f, LimitsConfig* limits);
  void ReadState(const Field& f, StateConfig* state);
  bool ReadWholeSeconds(const Field& f, milliseconds min, milliseconds max, milliseconds* out);

  SchemaReader& r_;
  const ConfigOverrides& overrides_;
  bool allow_inline_secrets_ = false;
};

void ConfigSchema::ReadListenAddress(const Field& f, std::string* out) {
  if (!r_.ReadNonEmptyString(f, out)) return;
  if (auto parsed = ParseListenAddress(*out); !parsed) {
    r_.FailAt(f, parsed.error().message + ", got " + QuoteForMessage(*out));
  }
}

bool ConfigSchema::ReadWholeSeconds(const Field& f, milliseconds min, milliseconds max,
                                    milliseconds* out) {
  milliseconds d{0};
  if (!r_.ReadDuration(f, min, max, &d)) return false;
  if (d.count() % 1000 != 0) {
    r_.FailAt(f, "must be whole seconds, got " + FormatDuration(d));
    return false;
  }
  *out = d;
  return true;
}

void ConfigSchema::ReadWeb(const Field& f, WebConfig* web) {
  MapReader map(&r_, f, /*null_is_empty=*/true);
  if (auto v = map.Take("listen_address")) ReadListenAddress(*v, &web->listen_address);
  if (auto v = map.Take("tls")) {
    MapReader tls_map(&r_, *v);
    TlsConfig tls;
    for (auto [key, out] :
         {std::pair{"cert_file", &tls.cert_file}, std::pair{"key_file", &tls.key_file}}) {
      if (auto file = tls_map.Require(key); file && r_.ReadNonEmptyString(*file, out)) {
        *out = r_.ResolvePath(*out);
        r_.CheckReadable(*file, *out);
      }
    }
    tls_map.Finish();
    web->tls = std::move(tls);
  }
  if (auto v = map.Take("read_header_timeout")) {
    r_.ReadDuration(*v, milliseconds(100), std::chrono::minutes(10), &web->read_header_timeout);
  }
  if (auto v = map.Take("idle_timeout")) {
    r_.ReadDuration(*v, milliseconds(100), std::chrono::hours(24), &web->idle_timeout);
  }
  int64_t number = 0;
  if (auto v = map.Take("max_connections_per_address");
      v && r_.ReadInt(*v, 1, 1'000'000, &number)) {
    web->max_connections_per_address = static_cast<int>(number);
  }
  if (auto v = map.Take("max_connections"); v && r_.ReadInt(*v, 1, 1'000'000, &number)) {
    web->max_connections = static_cast<int>(number);
  }
  map.Finish();
}

void ConfigSchema::ReadToken(const YAML::Node& node, const std::string& path, AdminToken* token) {
  MapReader map(&r_, node, path);
  r_.Mark(path, node.Mark());
  if (auto v = map.Require("name")) {
    if (r_.ReadNonEmptyString(*v, &token->name) && !IsLabelSafe(token->name)) {
      r_.FailAt(*v, std::string(kLabelSafeRule) + QuoteForMessage(token->name));
    }
  }
  if (map.Ok()) {
    ReadSecret(r_, map, {.prefix = "token", .inline_key = "token"}, allow_inline_secrets_,
               &token->secret, &token->secret_source);
  }
  if (auto v = map.Require("roles")) {
    std::vector<std::pair<std::string, Field>> roles;
    r_.ReadStringList(*v, &roles);
    for (auto& [role, item] : roles) {
      if (std::find(kAdminRoles.begin(), kAdminRoles.end(), role) == kAdminRoles.end()) {
        r_.FailAt(item, "unknown role " + QuoteForMessage(role) + " (expected one of " +
                            JoinNames(std::vector<std::string_view>(kAdminRoles.begin(),
                                                                    kAdminRoles.end())) +
                            ")");
      } else if (std::find(token->roles.begin(), token->roles.end(), role) != token->roles.end()) {
        r_.FailAt(item, "duplicate role " + QuoteForMessage(role));
      } else {
        token->roles.push_back(role);
      }
    }
    if (roles.empty() && v->value.IsSequence()) r_.FailAt(*v, "must name at least one role");
  }
  map.Finish();
}

void ConfigSchema::ReadAdmin(const Field& f, AdminConfig* admin) {
  MapReader map(&r_, f, /*null_is_empty=*/true);
  if (auto v = map.Take("listen_address")) ReadListenAddress(*v, &admin->listen_address);
  if (auto v = map.Take("tokens"); v && !v->value.IsNull()) {
    if (!v->value.IsSequence()) {
      r_.FailAt(*v, "must be a list");
    } else {
      for (size_t i = 0; i < v->value.size(); ++i) {
        AdminToken token;
        ReadToken(v->value[i], v->path + "[" + std::to_string(i) + "]", &token);
        admin->tokens.push_back(std::move(token));
      }
    }
  }
  if (auto v = map.Take("insecure")) r_.ReadBool(*v, &admin->insecure);
  if (auto v = map.Take("rate_limit_per_second")) {
    double value = 0;
    if (r_.ReadNumber(*v, "(0, 10000]", &value)) {
      if (value <= 0 || value > 10000) {
        r_.FailAt(*v, "must be a number in (0, 10000], got " + QuoteForMessage(v->value.Scalar()));
      } else {
        admin->rate_limit_per_second = value;
      }
    }
  }
  int64_t number = 0;
  if (auto v = map.Take("rate_limit_burst"); v && r_.ReadInt(*v, 1, 100000, &number)) {
    admin->rate_limit_burst = static_cast<int>(number);
  }
  if (auto v = map.Take("max_body_bytes"); v && r_.ReadInt(*v, 1024, 16 << 20, &number)) {
    admin->max_body_bytes = static_cast<size_t>(number);
  }
  if (auto v = map.Take("audit_log"); v && r_.ReadNonEmptyString(*v, &admin->audit_log)) {
    ReadAuditLogTarget(*v, &admin->audit_log);
  }
  map.Finish();
}

void ConfigSchema::ReadViewSettings(const Field& f, DomainConfig* domain, bool* time_zone_set) {
  MapReader map(&r_, f, /*null_is_empty=*/true);
  ViewSettings& vs = domain->view_settings;
  std::string text;
  if (auto v = map.Take("rolling_period"); v && r_.ReadEnum(*v, kRollingPeriods, &text)) {
    vs.rolling_period = text;
  }
  if (auto v = map.Take("statistics_range"); v && r_.ReadEnum(*v, kStatisticsRanges, &text)) {
    vs.statistics_range = text;
  }
  milliseconds d{0};
  if (auto v = map.Take("shift_start");
      v && r_.ReadDuration(*v, milliseconds(0), std::chrono::hours(24) - milliseconds(1), &d)) {
    vs.shift_start_ms = static_cast<int32_t>(d.count());
  }
  if (auto v = map.Take("time_zone"); v && ReadTimeZone(*v, &domain->time_zone)) {
    // For an IANA zone this is the offset now; the poller sends the one current at each
    // new session.
    vs.time_zone_ms =
        static_cast<int32_t>(domain->time_zone.OffsetAt(std::chrono::system_clock::now()).count());
    *time_zone_set = true;
  }
  // The wire field is whole seconds.
  if (auto v = map.Take("idle_timeout");
      v && ReadWholeSeconds(*v, std::chrono::seconds(60), std::chrono::seconds(1800), &d)) {
    vs.idle_timeout_s = static_cast<int32_t>(d.count() / 1000);
  }
  bool flag = false;
  if (auto v = map.Take("force_logout_session"); v && r_.ReadBool(*v, &flag)) {
    vs.force_logout_session = flag;
  }
  if (auto v = map.Take("app_type"); v && r_.ReadNonEmptyString(*v, &text)) vs.app_type = text;
  map.Finish();
}

bool ConfigSchema::ReadTimeZone(const Field& f, TimeZone* out) {
  std::string text;
  if (!r_.ReadNonEmptyString(f, &text)) return false;
  // An offset ("-7h", "5h30m") keeps today's behaviour; anything else must be an IANA name.
  if (auto offset = ParseDuration(text)) {
    if (*offset < -std::chrono::hours(14) || *offset > std::chrono::hours(14)) {
      r_.FailAt(f, "must be from -14h to 14h, got " + text);
      return false;
    }
    *out = TimeZone::Fixed(*offset);
    return true;
  }
  auto zone = TimeZone::Named(text);
  if (!zone) {
    r_.FailAt(f, zone.error().message);
    return false;
  }
  *out = *zone;
  return true;
}

void ConfigSchema::ReadLimits(const Field& f, LimitsConfig* limits) {
  MapReader map(&r_, f, /*null_is_empty=*/true);
  int64_t number = 0;
  if (auto v = map.Take("max_series_per_domain"); v && r_.ReadInt(*v, 1, 100'000'000, &number)) {
    limits->max_series_per_domain = static_cast<size_t>(number);
  }
  if (auto v = map.Take("max_columns_per_type"); v && r_.ReadInt(*v, 1, 100'000, &number)) {
    limits->max_columns_per_type = static_cast<size_t>(number);
  }
  map.Finish();
}

void ConfigSchema::ReadEndpoint(const Field& f, DomainConfig* domain) {
  if (!r_.ReadNonEmptyString(f, &domain->endpoint)) return;
  // Validate judges the URL (with the transport's ParseEndpoint); the schema only warns,
  // because the warning needs the value's position.
  auto endpoint = ParseEndpoint(domain->endpoint);
  if (endpoint && endpoint->scheme == "http") {
    LogWarn("domain endpoint uses plain http: credentials and data travel unencrypted",
            {{"domain", domain->name}, {"location", r_.Where(SchemaReader::ValueMark(f))}});
  }
}

void ConfigSchema::ReadProxy(MapReader& map, const std::string& path, DomainConfig* domain) {
  if (auto v = map.Take("proxy_url")) {
    // Validate judges the URL with the transport's ChooseProxy; "" is a valid "none".
    std::string url;
    if (r_.ReadString(*v, &url)) domain->proxy_url = url;
  }
  const YAML::Node& keys = map.node();
  if (!keys["proxy_credentials_file"] && !keys["proxy_credentials_env"] &&
      !keys["proxy_credentials"]) {
    return;
  }
  std::string credentials;
  if (!ReadSecret(r_, map, {.prefix = "proxy_credentials", .inline_key = "proxy_credentials"},
                  allow_inline_secrets_, &credentials, &domain->proxy_credentials_source)) {
    return;
  }
  const size_t colon = credentials.find(':');
  if (colon == std::string::npos || colon == 0) {
    // Re-reading the key's position: ReadSecret took the field.
    for (const char* key :
         {"proxy_credentials_file", "proxy_credentials_env", "proxy_credentials"}) {
      if (keys[key]) {
        r_.Fail(keys[key].Mark(), path + "." + key,  // the value, where the file is named
                "must hold user:password");
      }
    }
    return;
  }
  domain->proxy_username = credentials.substr(0, colon);
  domain->proxy_password = credentials.substr(colon + 1);
}

void ConfigSchema::ReadDomain(const YAML::Node& node, const std::string& path,
                              DomainConfig* domain) {
  for (StatisticType type : kAllStatisticTypes) {
    domain->statistics[type] = DefaultStatisticTypeConfig(type);
  }
  MapReader map(&r_, node, path);
  r_.Mark(path, node.Mark());
  if (!map.Ok()) return;
  if (auto v = map.Require("name")) {
    if (r_.ReadNonEmptyString(*v, &domain->name) && !IsLabelSafe(domain->name)) {
      r_.FailAt(*v, std::string(kLabelSafeRule) + QuoteForMessage(domain->name));
    }
  }
  if (auto v = map.Require("endpoint")) ReadEndpoint(*v, domain);
  if (auto v = map.Require("username")) r_.ReadNonEmptyString(*v, &domain->username);
  ReadSecret(r_, map, {.prefix = "password", .inline_key = "password"}, allow_inline_secrets_,
             &domain->password, &domain->password_source);
  if (auto v = map.Take("ca_file"); v && r_.ReadNonEmptyString(*v, &domain->ca_file)) {
    domain->ca_file = r_.ResolvePath(domain->ca_file);
    r_.CheckReadable(*v, domain->ca_file);
  }
  ReadProxy(map, path, domain);
  if (auto v = map.Take("tls_insecure_skip_verify");
      v && r_.ReadBool(*v, &domain->tls_insecure_skip_verify) && domain->tls_insecure_skip_verify) {
    LogWarn("TLS certificate verification is off for this domain (tls_insecure_skip_verify)",
            {{"domain", domain->name}});
  }
  int64_t number = 0;
  if (auto v = map.Take("api_version"); v && r_.ReadInt(*v, 1, 99, &number)) {
    domain->api_version = static_cast<int>(number);
  }
  if (auto v = map.Take("show_only_my_skills")) {
    bool flag = false;
    if (r_.ReadBool(*v, &flag)) domain->show_only_my_skills = flag;
  }
  bool time_zone_set = false;
  if (auto v = map.Take("view_settings")) ReadViewSettings(*v, domain, &time_zone_set);
  milliseconds d{0};
  if (auto v = map.Take("timestamp_time_zone")) {
    ReadTimeZone(*v, &domain->timestamp_time_zone);
  } else {
    domain->timestamp_time_zone = domain->time_zone;
  }
  if (auto v = map.Take("budget_share")) {
    double value = 0;
    if (r_.ReadNumber(*v, "(0, 1]", &value)) {
      if (value <= 0 || value > 1) {
        r_.FailAt(*v, "must be in (0, 1], got " + v->value.Scalar());
      } else {
        domain->budget_share = value;
      }
    }
  }
  if (auto v = map.Take("max_long_poll");
      v && r_.ReadDuration(*v, milliseconds(100), std::chrono::seconds(60), &d)) {
    domain->max_long_poll = d;
  }
  if (auto v = map.Take("counters_refresh");
      v && ReadWholeSeconds(*v, std::chrono::seconds(10), std::chrono::hours(24), &d)) {
    domain->counters_refresh = std::chrono::duration_cast<std::chrono::seconds>(d);
  }
  if (auto v = map.Take("request_timeout");
      v && r_.ReadDuration(*v, std::chrono::seconds(1), std::chrono::minutes(10), &d)) {
    domain->request_timeout = d;
  }
  if (auto v = map.Take("takeover_backoff");
      v && ReadWholeSeconds(*v, std::chrono::minutes(1), std::chrono::hours(24), &d)) {
    domain->takeover_backoff = std::chrono::duration_cast<std::chrono::seconds>(d);
  }
  if (auto v = map.Take("agent_info")) r_.ReadBool(*v, &domain->agent_info);
  if (auto v = map.Take("chat_receive")) r_.ReadBool(*v, &domain->chat_receive);
  if (auto v = map.Take("limits")) ReadLimits(*v, &domain->limits);
  std::string text;
  if (auto v = map.Take("agent_labels"); v && r_.ReadEnum(*v, {"username", "pseudonym"}, &text)) {
    domain->agent_labels = text == "pseudonym" ? AgentLabels::kPseudonym : AgentLabels::kUsername;
  }
  const YAML::Node& keys = map.node();
  if (domain->agent_labels == AgentLabels::kPseudonym || keys["pseudonym_key_file"] ||
      keys["pseudonym_key_env"] || keys["pseudonym_key"]) {
    ReadSecret(r_, map, {.prefix = "pseudonym_key", .inline_key = "pseudonym_key"},
               allow_inline_secrets_, &domain->pseudonym_key, &domain->pseudonym_key_source);
  }
  // Pseudonyms hide who an agent is; a full-name series would undo that.
  if (domain->agent_labels == AgentLabels::kPseudonym) domain->agent_info = false;
  if (auto v = map.Take("default_weight")) {
    // Only `auto` for now: the types' own defaults are the fixed alternative.
    if (v->value.IsScalar() && v->value.Scalar() == "auto") {
      for (auto& [type, statistic] : domain->statistics) statistic.auto_weight = true;
    } else {
      r_.FailAt(*v, "must be auto (leave it out for the fixed default weights)");
    }
  }
  if (auto v = map.Take("max_poll_interval");
      v && ReadWholeSeconds(*v, std::chrono::seconds(10), std::chrono::hours(1), &d)) {
    domain->max_poll_interval = std::chrono::duration_cast<std::chrono::seconds>(d);
  }
  if (auto v = map.Take("statistics")) ReadStatisticsSchema(r_, *v, domain);
  map.Finish();
}

// state: the directory is created at start when missing (--check-config leaves no trace),
// so only its parent must exist here.
void ConfigSchema::ReadState(const Field& f, StateConfig* state) {
  MapReader map(&r_, f, /*null_is_empty=*/true);
  if (auto v = map.Take("directory"); v && r_.ReadNonEmptyString(*v, &state->directory)) {
    state->directory = r_.ResolvePath(state->directory);
    const std::filesystem::path folder = std::filesystem::path(state->directory);
    std::error_code error;
    if (std::filesystem::exists(folder, error) && !std::filesystem::is_directory(folder, error)) {
      r_.FailAt(*v, "is not a directory: " + QuoteForMessage(state->directory));
    }
  }
  milliseconds d{0};
  if (auto v = map.Take("checkpoint_interval");
      v && r_.ReadDuration(*v, std::chrono::seconds(1), std::chrono::hours(1), &d)) {
    state->checkpoint_interval = d;
  }
  map.Finish();
}

// admin.audit_log: "stderr" or a file in a folder that exists and is writable (the file
// itself is created at start, so --check-config leaves no trace).
void ConfigSchema::ReadAuditLogTarget(const Field& f, std::string* target) {
  if (*target == "stderr") return;
  *target = r_.ResolvePath(*target);
  const std::filesystem::path folder = std::filesystem::path(*target).parent_path();
  if (access(folder.c_str(), W_OK) != 0) {
    r_.FailAt(
        f, "the folder " + QuoteForMessage(folder.string()) + " does not exist or is not writable");
  }
}

// --web.config.file: remembers the path and checks the file once (a bad file is a start-up
// error; later edits are re-read by the web server, web_security.h).
void ConfigSchema::ReadWebConfigFileFlag(const std::string& path, WebConfig* web) {
  web->config_file = path;
  Result<WebConfigFile> file = LoadWebConfigFile(path);
  if (!file) {
    r_.FailUnplaced("--web.config.file: " + file.error().message);
  } else if (file->tls && web->tls) {
    r_.FailUnplaced("--web.config.file: has a tls_server_config and web.tls is set; keep one");
  } else {
    web->config_file_tls = file->tls.has_value();
  }
}

void ConfigSchema::ReadRoot(const YAML::Node& document, Config* config) {
  r_.Mark("", document.Mark());
  MapReader root(&r_, document, "");
  if (!root.Ok()) return;
  // Read first: it decides how secrets below are judged.
  if (auto v = root.Take("allow_inline_secrets")) r_.ReadBool(*v, &allow_inline_secrets_);
  config->allow_inline_secrets = allow_inline_secrets_;
  if (auto v = root.Take("web")) ReadWeb(*v, &config->web);
  if (overrides_.web_listen_address) {
    config->web.listen_address = *overrides_.web_listen_address;
    if (auto parsed = ParseListenAddress(config->web.listen_address); !parsed) {
      r_.FailUnplaced("--web.listen-address: " + parsed.error().message + ", got " +
                      QuoteForMessage(config->web.listen_address));
    }
  }
  if (overrides_.web_config_file) ReadWebConfigFileFlag(*overrides_.web_config_file, &config->web);
  if (auto v = root.Take("admin")) ReadAdmin(*v, &config->admin);
  config->admin.enabled = !config->admin.tokens.empty();
  if (auto v = root.Take("high_availability")) {
    ReadHighAvailability(r_, *v, allow_inline_secrets_, &config->high_availability.emplace());
  }
  if (auto v = root.Take("state")) ReadState(*v, &config->state);
  if (auto v = root.Require("domains")) {
    if (!v->value.IsSequence() || v->value.size() == 0) {
      r_.FailAt(*v, "must be a list of at least one domain");
    } else {
      for (size_t i = 0; i < v->value.size(); ++i) {
        DomainConfig domain;
        ReadDomain(v->value[i], v->path + "[" + std::to_string(i) + "]", &domain);
        config->domains.push_back(std::move(domain));
      }
    }
  }
  root.Finish();
}

// Counts documents without building them. yaml-cpp 0.7's LoadAll never returns for some
// malformed input (the config fuzzer found ",a: &x **x: &x dom[ansi:*x]\n]\n": its parser
// yields empty documents forever without consuming input), so we stop at the second one.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// 0, 1 or 2 (= more than one).
int CountDocumentsUpToTwo(const std::string& yaml) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  DocumentCounter counter;
  int documents = 0;
  while (documents < 2 && parser.HandleNextDocument(counter)) ++documents;
  return documents;
}

}  // namespace

bool ReadConfigSchema(std::string_view yaml, const ConfigOverrides& overrides, SchemaReader& reader,
                      Config* config) {
  const std::string text(yaml);
  YAML::Node document;
  int documents = 0;
  try {
    documents = CountDocumentsUpToTwo(text);
    if (documents == 1) document = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's own wording and never quotes the input.
    reader.Fail(e.mark, "", "invalid YAML: " + e.msg);
    return false;
  }
  if (documents > 1) {
    reader.Fail(YAML::Mark::null_mark(), "", "holds more than one YAML document; expected one");
    return false;
  }
  if (documents == 0 || document.IsNull()) {
    reader.Fail(YAML::Mark::null_mark(), "", "the configuration is empty");
    return false;
  }
  config->source_file = reader.source();
  try {
    ConfigSchema(reader, overrides).ReadRoot(document, config);
  } catch (const YAML::Exception& e) {
    reader.Fail(e.mark, "", "invalid YAML: " + e.msg);
  }
  config->marks = reader.TakeMarks();
  return true;
}

}  // namespace five9exp
