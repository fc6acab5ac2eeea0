#include "exporter/metrics/metric_names.h"

namespace five9exp {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t cp = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Shared by label and HELP escaping and UTF-8 repair; `escape_quote` is false for HELP,
// `escape` false for repair only.
void AppendEscaped(std::string& out, std::string_view value, bool escape_quote,
                   bool escape = true) {
  size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (!escape) {
        out += c;
      } else if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '"' && escape_quote) {
        out += "\\\"";
      } else {
        out += c;
      }
      ++i;
      continue;
    }
    const size_t len = Utf8SequenceLength(value, i);
    if (len == 0) {
      out += kReplacementCharacter;
      ++i;
    } else {
      out.append(value.substr(i, len));
      i += len;
    }
  }
}

}  // namespace

std::string_view Subsystem(StatisticType type) {
  switch (type) {
    case StatisticType::kAgentState:
      return "agent_state";
    case StatisticType::kAgentStatistics:
      return "agent_statistics";
    case StatisticType::kAcdStatus:
      return "acd_status";
    case StatisticType::kCampaignState:
      return "campaign_state";
    case StatisticType::kOutboundCampaignManager:
      return "outbound_campaign_manager";
    case StatisticType::kOutboundCampaignStatistics:
      return "outbound_campaign_statistics";
    case StatisticType::kInboundCampaignStatistics:
      return "inbound_campaign_statistics";
    case StatisticType::kAutodialCampaignStatistics:
      return "autodial_campaign_statistics";
  }
  return "unknown";
}

std::string_view ObjectLabel(StatisticType type) {
  switch (type) {
    case StatisticType::kAgentState:
    case StatisticType::kAgentStatistics:
      return "agent";
    case StatisticType::kAcdStatus:
      return "skill";
    default:
      return "campaign";
  }
}

std::string SnakeName(std::string_view column) {
  std::string out;
  out.reserve(column.size());
  bool pending_separator = false;
  for (const char raw : column) {
    char c = raw;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_separator = true;
      continue;
    }
    // Leading separators are dropped (trim); inner runs collapse to one '_'.
    if (pending_separator && !out.empty()) out += '_';
    pending_separator = false;
    out += c;
  }
  return out;
}

std::string StatisticFamilyName(StatisticType type, std::string_view snake_column,
                                std::string_view suffix) {
  std::string name;
  const std::string_view subsystem = Subsystem(type);
  name.reserve(kMetricPrefix.size() + subsystem.size() + 1 + snake_column.size() + suffix.size());
  name.append(kMetricPrefix).append(subsystem).append("_").append(snake_column).append(suffix);
  return name;
}

void AppendLabelValue(std::string& out, std::string_view value) {
  AppendEscaped(out, value, /*escape_quote=*/true);
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  AppendLabelValue(out, value);
  return out;
}

std::string SanitizeUtf8(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  AppendEscaped(out, value, /*escape_quote=*/false, /*escape=*/false);
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  AppendEscaped(out, help, /*escape_quote=*/false);
  return out;
}

std::string StatisticHelp(StatisticType type, std::string_view column, std::string_view unit) {
  std::string help = "Five9 ";
  help.append(ToWire(type)).append(" column \"").append(column).append("\"");
  if (!unit.empty()) help.append(" (").append(unit).append(")");
  help.append("; cached by the exporter and refreshed by long polling (getStatisticsUpdate).");
  return help;
}

}  // namespace five9exp
