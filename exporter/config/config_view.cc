// Written by hand rather than with yaml-cpp's emitter so yaml-cpp stays in the schema reader;
// every string is double-quoted, which keeps the YAML unambiguous.
#include "exporter/config/config_view.h"

#include <charconv>
#include <cstdio>

#include "exporter/config/duration.h"

namespace five9exp {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// A comment stays on its line whatever the source path holds.
std::string CommentText(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  return out;
}

std::string Number(double value) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

std::string Bool(bool value) { return value ? "true" : "false"; }

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quote(items[i]);
  }
  return out + "]";
}

// Appends "<indent>key: value\n".
void Line(std::string& out, int indent, std::string_view key, std::string_view value) {
  out.append(static_cast<size_t>(indent), ' ');
  out += key;
  out += ':';
  if (!value.empty()) {
    out += ' ';
    out += value;
  }
  out += '\n';
}

std::string Redacted(std::string_view source) {
  std::string out = Quote(kRedacted);
  if (!source.empty()) out += "  # from " + CommentText(source);
  return out;
}

void AppendDomain(std::string& out, const DomainConfig& d) {
  Line(out, 2, "- name", Quote(d.name));
  constexpr int k = 4;
  Line(out, k, "endpoint", Quote(d.endpoint));
  Line(out, k, "username", Quote(d.username));
  Line(out, k, "password", Redacted(d.password_source));
  if (!d.ca_file.empty()) Line(out, k, "ca_file", Quote(d.ca_file));
  if (d.proxy_url) Line(out, k, "proxy_url", Quote(*d.proxy_url));
  if (!d.proxy_credentials_source.empty()) {
    Line(out, k, "proxy_credentials", Redacted(d.proxy_credentials_source));
  }
  Line(out, k, "tls_insecure_skip_verify", Bool(d.tls_insecure_skip_verify));
  Line(out, k, "api_version", std::to_string(d.api_version));
  if (d.show_only_my_skills) Line(out, k, "show_only_my_skills", Bool(*d.show_only_my_skills));
  const ViewSettings& vs = d.view_settings;
  Line(out, k, "view_settings", "");
  if (vs.rolling_period) Line(out, k + 2, "rolling_period", Quote(*vs.rolling_period));
  if (vs.statistics_range) Line(out, k + 2, "statistics_range", Quote(*vs.statistics_range));
  Line(out, k + 2, "shift_start",
       Quote(FormatDuration(std::chrono::milliseconds(vs.shift_start_ms))));
  Line(out, k + 2, "time_zone",
       Quote(d.time_zone.fixed() ? FormatDuration(std::chrono::milliseconds(vs.time_zone_ms))
                                 : d.time_zone.name()));
  if (vs.idle_timeout_s) {
    Line(out, k + 2, "idle_timeout",
         Quote(FormatDuration(std::chrono::seconds(*vs.idle_timeout_s))));
  }
  if (vs.force_logout_session) {
    Line(out, k + 2, "force_logout_session", Bool(*vs.force_logout_session));
  }
  if (vs.app_type) Line(out, k + 2, "app_type", Quote(*vs.app_type));
  Line(out, k, "timestamp_time_zone",
       Quote(d.timestamp_time_zone.fixed() ? FormatDuration(d.timestamp_time_zone.fixed_offset())
                                           : d.timestamp_time_zone.name()));
  Line(out, k, "budget_share", Number(d.budget_share));
  Line(out, k, "max_long_poll", Quote(FormatDuration(d.max_long_poll)));
  Line(out, k, "counters_refresh", Quote(FormatDuration(d.counters_refresh)));
  Line(out, k, "max_poll_interval", Quote(FormatDuration(d.max_poll_interval)));
  Line(out, k, "request_timeout", Quote(FormatDuration(d.request_timeout)));
  Line(out, k, "agent_info", Bool(d.agent_info));
  Line(out, k, "chat_receive", Bool(d.chat_receive));
  Line(out, k, "limits",
       "{max_series_per_domain: " + std::to_string(d.limits.max_series_per_domain) +
           ", max_columns_per_type: " + std::to_string(d.limits.max_columns_per_type) + "}");
  Line(out, k, "agent_labels",
       d.agent_labels == AgentLabels::kPseudonym ? "pseudonym" : "username");
  if (!d.pseudonym_key_source.empty()) {
    Line(out, k, "pseudonym_key", Redacted(d.pseudonym_key_source));
  }
  Line(out, k, "statistics", d.statistics.empty() ? "{}" : "");
  for (const auto& [type, s] : d.statistics) {
    std::string kinds;
    for (const auto& [column, kind] : s.kinds) {
      kinds += (kinds.empty() ? "" : ", ") + Quote(column) + ": " + kind;
    }
    Line(out, k + 2, ToWire(type),
         "{enabled: " + Bool(s.enabled) +
             ", weight: " + (s.auto_weight ? std::string("auto") : std::to_string(s.weight)) +
             (s.importance ? ", importance: " + std::to_string(*s.importance) : "") +
             ", columns: {include: " + QuotedList(s.columns.include) +
             ", exclude: " + QuotedList(s.columns.exclude) + "}" +
             (kinds.empty() ? "" : ", kinds: {" + kinds + "}") + "}");
  }
}

}  // namespace

std::string RedactedConfigYaml(const Config& config) {
  std::string out =
      "# Effective configuration of " + CommentText(config.source_file) + " (secrets redacted)\n";
  Line(out, 0, "allow_inline_secrets", Bool(config.allow_inline_secrets));
  Line(out, 0, "web", "");
  Line(out, 2, "listen_address", Quote(config.web.listen_address));
  if (config.web.tls) {
    Line(out, 2, "tls", "");
    Line(out, 4, "cert_file", Quote(config.web.tls->cert_file));
    Line(out, 4, "key_file", Quote(config.web.tls->key_file));
  }
  const AdminConfig& admin = config.admin;
  Line(out, 0, "admin", "");
  if (!admin.listen_address.empty()) Line(out, 2, "listen_address", Quote(admin.listen_address));
  Line(out, 2, "insecure", Bool(admin.insecure));
  Line(out, 2, "rate_limit_per_second", Number(admin.rate_limit_per_second));
  Line(out, 2, "rate_limit_burst", std::to_string(admin.rate_limit_burst));
  Line(out, 2, "max_body_bytes", std::to_string(admin.max_body_bytes));
  Line(out, 2, "tokens", admin.tokens.empty() ? "[]" : "");
  for (const AdminToken& token : admin.tokens) {
    Line(out, 4, "- name", Quote(token.name));
    Line(out, 6, "token", Redacted(token.secret_source));
    Line(out, 6, "roles", QuotedList(token.roles));
  }
  Line(out, 0, "domains", config.domains.empty() ? "[]" : "");
  for (const DomainConfig& domain : config.domains) AppendDomain(out, domain);
  return out;
}

}  // namespace five9exp
