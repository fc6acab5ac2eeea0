#include "exporter/metrics/text_format_parser.h"

#include <charconv>
#include <cmath>
#include <tuple>

namespace five9exp::testing {
namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

bool ValidMetricName(std::string_view s) {
  if (s.empty() || !IsNameStart(s[0])) return false;
  for (char c : s) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

bool ValidLabelName(std::string_view s) {
  if (s.empty() || s[0] == ':' || !IsNameStart(s[0])) return false;
  for (char c : s) {
    if (c == ':' || !IsNameChar(c)) return false;
  }
  return true;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80             ? 1
                 : (b & 0xE0) == 0xC0 ? 2
                 : (b & 0xF0) == 0xE0 ? 3
                 : (b & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (len > 1 && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
      return false;
    }
    i += len;
  }
  return true;
}

bool ParseValue(std::string_view s, double& out) {
  if (s == "NaN") {
    out = std::nan("");
    return true;
  }
  if (s == "+Inf" || s == "Inf") {
    out = INFINITY;
    return true;
  }
  if (s == "-Inf") {
    out = -INFINITY;
    return true;
  }
  if (s.empty()) return false;
  const char* begin = s.data();
  if (*begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

// The family a sample name belongs to, given the TYPE lines seen.
std::string FamilyOf(const std::string& name, const std::map<std::string, std::string>& types) {
  if (types.contains(name)) return name;
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string base = name.substr(0, name.size() - suffix.size());
      auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) {
        return base;
      }
    }
  }
  return name;
}

}  // namespace

ParsedText ParseTextFormat(std::string_view body) {
  ParsedText result;
  std::set<std::string> finished_families;  // families whose samples ended
  std::string current_family;
  std::set<std::tuple<std::string, std::map<std::string, std::string>>> seen;
  int line_number = 0;
  auto fail = [&](std::string message) {
    result.error = std::move(message);
    result.error_line = line_number;
    return result;
  };
  if (!ValidUtf8(body)) return fail("body is not valid UTF-8");
  if (!body.empty() && body.back() != '\n') return fail("body does not end with a newline");
  size_t pos = 0;
  while (pos < body.size()) {
    ++line_number;
    const size_t end = body.find('\n', pos);
    const std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) return fail("empty line");
    if (line[0] == '#') {
      const bool help = line.starts_with("# HELP ");
      const bool type = line.starts_with("# TYPE ");
      if (!help && !type) continue;  // plain comment
      const std::string_view rest = line.substr(7);
      const size_t space = rest.find(' ');
      if (space == std::string_view::npos) return fail("HELP/TYPE without text");
      const std::string name(rest.substr(0, space));
      const std::string_view text = rest.substr(space + 1);
      if (!ValidMetricName(name)) return fail("bad family name " + name);
      if (finished_families.contains(name) || current_family == name) {
        return fail("HELP/TYPE after samples of " + name);
      }
      if (help) {
        if (result.helps.contains(name)) return fail("second HELP for " + name);
        std::string unescaped;
        for (size_t i = 0; i < text.size(); ++i) {
          if (text[i] == '\\') {
            if (i + 1 >= text.size()) return fail("dangling escape in HELP");
            const char next = text[++i];
            if (next == '\\')
              unescaped += '\\';
            else if (next == 'n')
              unescaped += '\n';
            else
              return fail("bad escape in HELP");
          } else {
            unescaped += text[i];
          }
        }
        result.helps[name] = unescaped;
      } else {
        if (result.types.contains(name)) return fail("second TYPE for " + name);
        static const std::set<std::string_view> kTypes = {"counter", "gauge", "histogram",
                                                          "summary", "untyped"};
        if (!kTypes.contains(text)) return fail("bad TYPE " + std::string(text));
        result.types[name] = std::string(text);
      }
      continue;
    }
    ParsedSeries series;
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    series.name = std::string(line.substr(0, i));
    if (!ValidMetricName(series.name)) return fail("bad metric name " + series.name);
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (true) {
        if (i >= line.size()) return fail("unterminated label set");
        if (line[i] == '}') {
          ++i;
          break;
        }
        const size_t eq = line.find('=', i);
        if (eq == std::string_view::npos) return fail("label without '='");
        const std::string label_name(line.substr(i, eq - i));
        if (!ValidLabelName(label_name)) return fail("bad label name " + label_name);
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') return fail("label value not quoted");
        ++i;
        std::string value;
        while (true) {
          if (i >= line.size()) return fail("unterminated label value");
          const char c = line[i];
          if (c == '"') {
            ++i;
            break;
          }
          if (c == '\\') {
            if (i + 1 >= line.size()) return fail("dangling escape");
            const char next = line[i + 1];
            if (next == '\\')
              value += '\\';
            else if (next == '"')
              value += '"';
            else if (next == 'n')
              value += '\n';
            else
              return fail("bad escape in label value");
            i += 2;
            continue;
          }
          value += c;
          ++i;
        }
        if (!series.labels.emplace(label_name, value).second) {
          return fail("duplicate label " + label_name);
        }
        if (i < line.size() && line[i] == ',')
          ++i;
        else if (i >= line.size() || line[i] != '}')
          return fail("expected ',' or '}'");
      }
    }
    if (i >= line.size() || line[i] != ' ') return fail("no value");
    const std::string_view value_text = line.substr(i + 1);
    if (value_text.find(' ') != std::string_view::npos) return fail("sample has a timestamp");
    if (!ParseValue(value_text, series.value)) return fail("bad value " + std::string(value_text));
    const std::string family = FamilyOf(series.name, result.types);
    if (family != current_family) {
      if (finished_families.contains(family))
        return fail("samples of " + family + " not contiguous");
      if (!current_family.empty()) finished_families.insert(current_family);
      current_family = family;
    }
    if (!seen.emplace(series.name, series.labels).second) {
      return fail("duplicate series " + series.name);
    }
    result.series.push_back(std::move(series));
  }
  return result;
}

}  // namespace five9exp::testing
