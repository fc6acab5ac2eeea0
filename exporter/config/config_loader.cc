// The one file that includes yaml-cpp. It walks the document with a small schema reader that
// remembers where every value came from, so each error can name file:line:column and key path.
#include "exporter/config/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <tuple>

#include "exporter/common/log.h"
#include "exporter/config/duration.h"
#include "exporter/config/listen_address.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kRollingPeriods[] = {"Minutes5", "Minutes10", "Minutes15", "Minutes30",
                                                "Hour1",    "Hours2",    "Hours3",    "Today"};
constexpr std::string_view kStatisticsRanges[] = {"RollingHour",  "CurrentDay", "CurrentWeek",
                                                  "CurrentMonth", "Lifetime",   "CurrentShift"};
constexpr size_t kMaxEchoedValue = 64;

// Levenshtein distance, for "did you mean" hints on misspelled keys.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Suggest(std::string_view key, const std::vector<std::string_view>& known) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (std::string_view candidate : known) {
    const size_t d = EditDistance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best.empty() ? "" : " (did you mean " + std::string(best) + "?)";
}

std::string JoinNames(const auto& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// A value quoted for an error message, shortened so a pasted blob cannot flood the log.
std::string Echo(std::string_view value) {
  std::string out = "\"";
  for (char c : value.substr(0, kMaxEchoedValue)) {
    if (c == '"' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > kMaxEchoedValue) out += "...";
  return out + "\"";
}

bool IsLabelSafe(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

std::string Trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Stable wording for std::regex errors (libstdc++'s what() texts vary between releases).
std::string_view RegexErrorText(std::regex_constants::error_type code) {
  using namespace std::regex_constants;
  switch (code) {
    case error_collate:
      return "invalid collating element";
    case error_ctype:
      return "invalid character class";
    case error_escape:
      return "invalid escape";
    case error_backref:
      return "invalid back reference";
    case error_brack:
      return "unbalanced [ ]";
    case error_paren:
      return "unbalanced ( )";
    case error_brace:
      return "unbalanced { }";
    case error_badbrace:
      return "invalid { } range";
    case error_range:
      return "invalid character range";
    case error_space:
      return "out of memory";
    case error_badrepeat:
      return "nothing to repeat";
    case error_complexity:
      return "too complex";
    case error_stack:
      return "too complex";
    default:
      return "invalid expression";
  }
}

// A key/value pair of a mapping, with the path used in messages.
struct Field {
  YAML::Node key;
  YAML::Node value;
  std::string path;
};

// Collects errors and turns yaml-cpp nodes into typed values. Owned by one load; not shared.
class Loader {
 public:
  Loader(std::string_view source, const ConfigOverrides& overrides)
      : source_(source), overrides_(overrides) {
    const std::filesystem::path parent = std::filesystem::path(source_).parent_path();
    base_dir_ = parent;
  }

  Result<Config> Load(std::string_view yaml);

 private:
  // Reads the keys of one mapping, refusing duplicates now and unknown keys in Finish().
  class MapReader {
   public:
    // `null_is_empty`: an optional section whose children were all commented out
    // ("admin:" alone) reads as an empty mapping.
    MapReader(Loader* loader, const YAML::Node& node, std::string path, bool null_is_empty = false)
        : loader_(loader), node_(node), path_(std::move(path)), null_is_empty_(null_is_empty) {}
    // For a mapping that is the value of `f`; errors about a missing value point at the key.
    MapReader(Loader* loader, const Field& f, bool null_is_empty = false)
        : MapReader(loader, f.value, f.path, null_is_empty) {
      fallback_mark_ = f.key.Mark();
    }
    // Whether the node is a mapping (an error was reported if not).
    bool Ok() {
      Scan();
      return ok_;
    }
    std::optional<Field> Take(std::string_view key);
    // Reports every key not taken.
    void Finish();
    const YAML::Node& node() const { return node_; }
    const std::string& path() const { return path_; }
    std::string Child(std::string_view key) const {
      return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

   private:
    friend class Loader;
    Loader* loader_;
    YAML::Node node_;
    std::string path_;
    bool null_is_empty_;
    YAML::Mark fallback_mark_ = YAML::Mark::null_mark();
    bool ok_ = false;
    bool scanned_ = false;
    std::vector<std::pair<std::string, YAML::Node>> keys_;  // in file order
    std::set<std::string, std::less<>> taken_;
    std::vector<std::string_view> asked_;  // every key the schema knows, for hints
    void Scan();
  };

  void Fail(const YAML::Mark& mark, std::string_view path, std::string_view message);
  void FailAt(const Field& f, std::string_view message) { Fail(ValueMark(f), f.path, message); }
  static YAML::Mark ValueMark(const Field& f) {
    const YAML::Mark m = f.value.Mark();
    return (f.value.IsNull() || m.line < 0) ? f.key.Mark() : m;
  }

  // Scalar readers: false (and an error) when the value has the wrong shape.
  bool ReadString(const Field& f, std::string* out, bool secret = false);
  bool ReadNonEmptyString(const Field& f, std::string* out);
  bool ReadBool(const Field& f, bool* out);
  bool ReadInt(const Field& f, int64_t min, int64_t max, int64_t* out);
  bool ReadDuration(const Field& f, milliseconds min, milliseconds max, milliseconds* out);
  bool ReadEnum(const Field& f, const auto& allowed, std::string* out);
  bool ReadStringList(const Field& f, std::vector<std::pair<std::string, Field>>* out);
  std::string ResolvePath(const std::string& path) const;
  void CheckReadable(const Field& f, const std::string& path);

  // One secret from <prefix>_file | <prefix>_env | <inline_key>.
  bool ReadSecret(MapReader& map, std::string_view prefix, std::string_view inline_key,
                  std::string* secret, std::string* source);

  void ReadWeb(const Field& f, WebConfig* web);
  void ReadAdmin(const Field& f, AdminConfig* admin);
  void ReadToken(const YAML::Node& node, const std::string& path, AdminToken* token,
                 YAML::Mark* mark);
  void ReadDomain(const YAML::Node& node, const std::string& path, DomainConfig* domain);
  void ReadViewSettings(const Field& f, DomainConfig* domain, bool* time_zone_set);
  void ReadStatistics(const Field& f, DomainConfig* domain);
  void ReadStatisticType(const Field& f, StatisticTypeConfig* config);
  void ReadColumnFilter(const Field& f, ColumnFilter* filter);
  void CheckAdminExposure(const Config& config, const YAML::Mark& admin_mark);

  std::string source_;
  std::filesystem::path base_dir_;
  ConfigOverrides overrides_;
  bool allow_inline_secrets_ = false;
  struct Problem {
    int line;  // 0-based; -1 when not tied to a position (sorted first)
    int column;
    std::string text;
  };
  std::vector<Problem> errors_;  // reported sorted by position, as an editor would list them
};

void Loader::MapReader::Scan() {
  if (scanned_) return;
  scanned_ = true;
  if (node_.IsNull() && null_is_empty_) {
    ok_ = true;
    return;
  }
  if (!node_.IsMap()) {
    const YAML::Mark m = (node_.IsNull() || node_.Mark().line < 0) && fallback_mark_.line >= 0
                             ? fallback_mark_
                             : node_.Mark();
    loader_->Fail(m, path_,
                  node_.IsNull() ? "must be a mapping, got nothing" : "must be a mapping");
    return;
  }
  ok_ = true;
  std::set<std::string, std::less<>> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      loader_->Fail(key.Mark(), path_, "keys must be plain strings");
      continue;
    }
    const std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      loader_->Fail(key.Mark(), Child(name), "duplicate key");
      continue;
    }
    keys_.emplace_back(name, key);
  }
}

std::optional<Field> Loader::MapReader::Take(std::string_view key) {
  Scan();
  asked_.push_back(key);
  if (!ok_) return std::nullopt;
  for (const auto& [name, key_node] : keys_) {
    if (name == key) {
      taken_.insert(name);
      return Field{key_node, node_[name], Child(key)};
    }
  }
  return std::nullopt;
}

void Loader::MapReader::Finish() {
  Scan();
  for (const auto& [name, key_node] : keys_) {
    if (taken_.contains(name)) continue;
    loader_->Fail(key_node.Mark(), Child(name), "unknown key" + Suggest(name, asked_));
  }
}

void Loader::Fail(const YAML::Mark& mark, std::string_view path, std::string_view message) {
  std::string line = source_;
  if (mark.line >= 0) {
    line += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  line += ": ";
  if (!path.empty()) {
    line += path;
    line += ": ";
  }
  line += message;
  errors_.push_back({mark.line, mark.column, std::move(line)});
}

bool Loader::ReadString(const Field& f, std::string* out, bool secret) {
  if (f.value.IsNull()) {
    FailAt(f, "must not be empty");
    return false;
  }
  if (!f.value.IsScalar()) {
    FailAt(f, secret
                  ? "must be a string"
                  : "must be a string, got a " + std::string(f.value.IsMap() ? "mapping" : "list"));
    return false;
  }
  *out = f.value.Scalar();
  return true;
}

bool Loader::ReadNonEmptyString(const Field& f, std::string* out) {
  if (!ReadString(f, out)) return false;
  if (out->empty()) {
    FailAt(f, "must not be empty");
    return false;
  }
  return true;
}

bool Loader::ReadBool(const Field& f, bool* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  // YAML 1.2 core booleans only: "yes"/"on" are YAML 1.1 surprises.
  if (text == "true" || text == "True" || text == "TRUE") {
    *out = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    *out = false;
  } else {
    FailAt(f, "must be true or false, got " + Echo(text));
    return false;
  }
  return true;
}

bool Loader::ReadInt(const Field& f, int64_t min, int64_t max, int64_t* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    FailAt(f, "must be an integer, got " + Echo(text));
    return false;
  }
  if (value < min || value > max) {
    FailAt(f,
           "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + text);
    return false;
  }
  *out = value;
  return true;
}

bool Loader::ReadDuration(const Field& f, milliseconds min, milliseconds max, milliseconds* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  auto parsed = ParseDuration(text);
  if (!parsed) {
    FailAt(f, parsed.error().message + ", got " + Echo(text));
    return false;
  }
  if (*parsed < min || *parsed > max) {
    FailAt(f,
           "must be from " + FormatDuration(min) + " to " + FormatDuration(max) + ", got " + text);
    return false;
  }
  *out = *parsed;
  return true;
}

bool Loader::ReadEnum(const Field& f, const auto& allowed, std::string* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  for (std::string_view candidate : allowed) {
    if (candidate == text) {
      *out = text;
      return true;
    }
  }
  FailAt(f, "must be one of " + JoinNames(allowed) + ", got " + Echo(text));
  return false;
}

bool Loader::ReadStringList(const Field& f, std::vector<std::pair<std::string, Field>>* out) {
  if (!f.value.IsSequence()) {
    FailAt(f, "must be a list");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < f.value.size(); ++i) {
    Field item{f.key, f.value[i], f.path + "[" + std::to_string(i) + "]"};
    std::string text;
    if (ReadString(item, &text)) {
      out->emplace_back(std::move(text), std::move(item));
    } else {
      ok = false;
    }
  }
  return ok;
}

std::string Loader::ResolvePath(const std::string& path) const {
  const std::filesystem::path p(path);
  if (p.is_absolute() || base_dir_.empty()) return path;
  return (base_dir_ / p).string();
}

void Loader::CheckReadable(const Field& f, const std::string& path) {
  std::ifstream in(path);
  if (!in) FailAt(f, "cannot read " + Echo(path) + ": " + std::strerror(errno));
}

bool Loader::ReadSecret(MapReader& map, std::string_view prefix, std::string_view inline_key,
                        std::string* secret, std::string* source) {
  const std::string file_key = std::string(prefix) + "_file";
  const std::string env_key = std::string(prefix) + "_env";
  std::optional<Field> file = map.Take(file_key);
  std::optional<Field> env = map.Take(env_key);
  std::optional<Field> inline_value = map.Take(inline_key);
  std::vector<const Field*> given;
  for (const auto* f : {&file, &env, &inline_value}) {
    if (*f) given.push_back(&**f);
  }
  if (given.empty()) {
    Fail(map.node().Mark(), map.path(),
         "missing " + file_key + ", " + env_key + " or " + std::string(inline_key));
    return false;
  }
  if (given.size() > 1) {
    const Field& second = *given[1];
    Fail(second.key.Mark(), second.path,
         "conflicts with " + given[0]->key.Scalar() + " (give exactly one)");
    return false;
  }
  if (file) {
    std::string path;
    if (!ReadNonEmptyString(*file, &path)) return false;
    path = ResolvePath(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      FailAt(*file, "cannot read " + Echo(path) + ": " + std::strerror(errno));
      return false;
    }
    std::string content(kMaxSecretFileBytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<size_t>(in.gcount()));
    if (content.size() > kMaxSecretFileBytes) {
      FailAt(*file, "file " + Echo(path) + " is larger than " +
                        std::to_string(kMaxSecretFileBytes) + " bytes");
      return false;
    }
    *secret = Trim(content);
    *source = "file:" + path;
    if (secret->empty()) {
      FailAt(*file, "file " + Echo(path) + " is empty");
      return false;
    }
    return true;
  }
  if (env) {
    std::string name;
    if (!ReadNonEmptyString(*env, &name)) return false;
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      FailAt(*env, "environment variable " + name + " is not set");
      return false;
    }
    *secret = Trim(value);
    *source = "env:" + name;
    if (secret->empty()) {
      FailAt(*env, "environment variable " + name + " is empty");
      return false;
    }
    return true;
  }
  if (!allow_inline_secrets_) {
    Fail(inline_value->key.Mark(), inline_value->path,
         "inline secrets are refused; use " + file_key + " or " + env_key +
             " (or set allow_inline_secrets: true)");
    return false;
  }
  if (!ReadString(*inline_value, secret, /*secret=*/true)) return false;
  *secret = Trim(*secret);
  *source = "inline";
  if (secret->empty()) {
    FailAt(*inline_value, "must not be empty");
    return false;
  }
  return true;
}

void Loader::ReadWeb(const Field& f, WebConfig* web) {
  MapReader map(this, f, /*null_is_empty=*/true);
  if (auto v = map.Take("listen_address"); v && ReadNonEmptyString(*v, &web->listen_address)) {
    if (auto parsed = ParseListenAddress(web->listen_address); !parsed) {
      FailAt(*v, parsed.error().message + ", got " + Echo(web->listen_address));
    }
  }
  if (auto v = map.Take("tls")) {
    MapReader tls_map(this, *v);
    TlsConfig tls;
    for (auto [key, out] :
         {std::pair{"cert_file", &tls.cert_file}, std::pair{"key_file", &tls.key_file}}) {
      if (auto file = tls_map.Take(key)) {
        if (ReadNonEmptyString(*file, out)) {
          *out = ResolvePath(*out);
          CheckReadable(*file, *out);
        }
      } else if (tls_map.Ok()) {
        Fail(tls_map.node().Mark(), tls_map.Child(key), "is required");
      }
    }
    tls_map.Finish();
    web->tls = std::move(tls);
  }
  map.Finish();
}

void Loader::ReadToken(const YAML::Node& node, const std::string& path, AdminToken* token,
                       YAML::Mark* mark) {
  MapReader map(this, node, path);
  *mark = node.Mark();
  if (auto v = map.Take("name")) {
    if (ReadNonEmptyString(*v, &token->name) && !IsLabelSafe(token->name)) {
      FailAt(*v,
             "must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit, "
             "got " +
                 Echo(token->name));
    }
  } else if (map.Ok()) {
    Fail(node.Mark(), map.Child("name"), "is required");
  }
  if (map.Ok()) ReadSecret(map, "token", "token", &token->secret, &token->secret_source);
  if (auto v = map.Take("roles")) {
    std::vector<std::pair<std::string, Field>> roles;
    ReadStringList(*v, &roles);
    for (auto& [role, item] : roles) {
      if (std::find(kAdminRoles.begin(), kAdminRoles.end(), role) == kAdminRoles.end()) {
        FailAt(item,
               "unknown role " + Echo(role) + " (expected one of " + JoinNames(kAdminRoles) + ")");
      } else if (std::find(token->roles.begin(), token->roles.end(), role) != token->roles.end()) {
        FailAt(item, "duplicate role " + Echo(role));
      } else {
        token->roles.push_back(role);
      }
    }
    if (roles.empty() && v->value.IsSequence()) FailAt(*v, "must name at least one role");
  } else if (map.Ok()) {
    Fail(node.Mark(), map.Child("roles"), "is required");
  }
  map.Finish();
}

void Loader::ReadAdmin(const Field& f, AdminConfig* admin) {
  MapReader map(this, f, /*null_is_empty=*/true);
  if (auto v = map.Take("listen_address"); v && ReadNonEmptyString(*v, &admin->listen_address)) {
    if (auto parsed = ParseListenAddress(admin->listen_address); !parsed) {
      FailAt(*v, parsed.error().message + ", got " + Echo(admin->listen_address));
    }
  }
  if (auto v = map.Take("tokens"); v && !v->value.IsNull()) {
    if (!v->value.IsSequence()) {
      FailAt(*v, "must be a list");
    } else {
      std::vector<YAML::Mark> marks;
      for (size_t i = 0; i < v->value.size(); ++i) {
        const std::string path = v->path + "[" + std::to_string(i) + "]";
        AdminToken token;
        YAML::Mark mark;
        ReadToken(v->value[i], path, &token, &mark);
        for (size_t j = 0; j < admin->tokens.size(); ++j) {
          const AdminToken& other = admin->tokens[j];
          const std::string other_path = v->path + "[" + std::to_string(j) + "]";
          if (!token.name.empty() && token.name == other.name) {
            Fail(mark, path + ".name",
                 "duplicate token name " + Echo(token.name) + " (also " + other_path + ")");
          }
          // Two names for one secret would make the audit log lie about who acted.
          if (!token.secret.empty() && token.secret == other.secret) {
            Fail(mark, path, "has the same secret as " + other_path);
          }
        }
        admin->tokens.push_back(std::move(token));
      }
    }
  }
  if (auto v = map.Take("insecure")) ReadBool(*v, &admin->insecure);
  if (auto v = map.Take("rate_limit_per_second")) {
    std::string text;
    if (ReadString(*v, &text)) {
      double value = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
          value <= 0 || value > 10000) {
        FailAt(*v, "must be a number in (0, 10000], got " + Echo(text));
      } else {
        admin->rate_limit_per_second = value;
      }
    }
  }
  int64_t number = 0;
  if (auto v = map.Take("rate_limit_burst"); v && ReadInt(*v, 1, 100000, &number)) {
    admin->rate_limit_burst = static_cast<int>(number);
  }
  if (auto v = map.Take("max_body_bytes"); v && ReadInt(*v, 1024, 16 << 20, &number)) {
    admin->max_body_bytes = static_cast<size_t>(number);
  }
  map.Finish();
}

void Loader::ReadViewSettings(const Field& f, DomainConfig* domain, bool* time_zone_set) {
  MapReader map(this, f, /*null_is_empty=*/true);
  ViewSettings& vs = domain->view_settings;
  std::string text;
  if (auto v = map.Take("rolling_period"); v && ReadEnum(*v, kRollingPeriods, &text)) {
    vs.rolling_period = text;
  }
  if (auto v = map.Take("statistics_range"); v && ReadEnum(*v, kStatisticsRanges, &text)) {
    vs.statistics_range = text;
  }
  milliseconds d{0};
  if (auto v = map.Take("shift_start");
      v && ReadDuration(*v, milliseconds(0), std::chrono::hours(24) - milliseconds(1), &d)) {
    vs.shift_start_ms = static_cast<int32_t>(d.count());
  }
  if (auto v = map.Take("time_zone");
      v && ReadDuration(*v, -std::chrono::hours(14), std::chrono::hours(14), &d)) {
    vs.time_zone_ms = static_cast<int32_t>(d.count());
    *time_zone_set = true;
  }
  if (auto v = map.Take("idle_timeout");
      v && ReadDuration(*v, std::chrono::seconds(60), std::chrono::seconds(1800), &d)) {
    // The wire field is whole seconds.
    if (d.count() % 1000 != 0) {
      FailAt(*v, "must be whole seconds, got " + FormatDuration(d));
    } else {
      vs.idle_timeout_s = static_cast<int32_t>(d.count() / 1000);
    }
  }
  bool flag = false;
  if (auto v = map.Take("force_logout_session"); v && ReadBool(*v, &flag)) {
    vs.force_logout_session = flag;
  }
  if (auto v = map.Take("app_type"); v && ReadNonEmptyString(*v, &text)) vs.app_type = text;
  map.Finish();
}

void Loader::ReadColumnFilter(const Field& f, ColumnFilter* filter) {
  MapReader map(this, f);
  for (auto [key, out] :
       {std::pair{"include", &filter->include}, std::pair{"exclude", &filter->exclude}}) {
    auto v = map.Take(key);
    if (!v) continue;
    std::vector<std::pair<std::string, Field>> patterns;
    ReadStringList(*v, &patterns);
    for (auto& [pattern, item] : patterns) {
      try {
        std::regex compiled(pattern, std::regex::ECMAScript);
        out->push_back(pattern);
      } catch (const std::regex_error& e) {
        FailAt(item,
               "invalid regex " + Echo(pattern) + ": " + std::string(RegexErrorText(e.code())));
      }
    }
  }
  map.Finish();
}

void Loader::ReadStatisticType(const Field& f, StatisticTypeConfig* config) {
  MapReader map(this, f);
  if (auto v = map.Take("enabled")) ReadBool(*v, &config->enabled);
  int64_t weight = 0;
  if (auto v = map.Take("weight"); v && ReadInt(*v, 1, 100, &weight)) {
    config->weight = static_cast<int>(weight);
  }
  if (auto v = map.Take("columns")) ReadColumnFilter(*v, &config->columns);
  map.Finish();
}

void Loader::ReadStatistics(const Field& f, DomainConfig* domain) {
  MapReader map(this, f, /*null_is_empty=*/true);
  std::vector<std::string_view> names;
  for (StatisticType type : kAllStatisticTypes) names.push_back(ToWire(type));
  for (StatisticType type : kAllStatisticTypes) {
    if (auto v = map.Take(ToWire(type))) ReadStatisticType(*v, &domain->statistics[type]);
  }
  // Unknown types get a message listing the valid ones rather than a bare "unknown key".
  map.Scan();
  for (const auto& [name, key_node] : map.keys_) {
    if (map.taken_.contains(name)) continue;
    map.taken_.insert(name);
    Fail(key_node.Mark(), map.Child(name),
         "unknown statistic type" + Suggest(name, names) + " (expected one of " + JoinNames(names) +
             ")");
  }
}

void Loader::ReadDomain(const YAML::Node& node, const std::string& path, DomainConfig* domain) {
  for (StatisticType type : kAllStatisticTypes) {
    domain->statistics[type] = DefaultStatisticTypeConfig(type);
  }
  MapReader map(this, node, path);
  if (!map.Ok()) return;
  auto required = [&](std::string_view key) {
    auto v = map.Take(key);
    if (!v) Fail(node.Mark(), map.Child(key), "is required");
    return v;
  };
  if (auto v = required("name")) {
    if (ReadNonEmptyString(*v, &domain->name) && !IsLabelSafe(domain->name)) {
      FailAt(*v,
             "must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit, "
             "got " +
                 Echo(domain->name));
    }
  }
  if (auto v = required("endpoint"); v && ReadNonEmptyString(*v, &domain->endpoint)) {
    const std::string& url = domain->endpoint;
    const bool https = url.starts_with("https://");
    const bool http = url.starts_with("http://");
    const std::string_view rest = std::string_view(url).substr(https ? 8 : http ? 7 : 0);
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (!https && !http) {
      FailAt(*v, "must start with https:// (or http:// for the simulator)");
    } else if (authority.find('@') != std::string_view::npos) {
      // Do not echo: the user part may hold a password.
      FailAt(*v, "must not contain credentials; use username and password_file");
    } else if (authority.empty() || url.find_first_of(" \t\r\n") != std::string::npos) {
      FailAt(*v, "is not a valid URL, got " + Echo(url));
    } else if (http) {
      const YAML::Mark m = ValueMark(*v);
      LogWarn("domain endpoint uses plain http: credentials and data travel unencrypted",
              {{"domain", domain->name},
               {"location",
                source_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1)}});
    }
  }
  if (auto v = required("username")) ReadNonEmptyString(*v, &domain->username);
  ReadSecret(map, "password", "password", &domain->password, &domain->password_source);
  if (auto v = map.Take("ca_file"); v && ReadNonEmptyString(*v, &domain->ca_file)) {
    domain->ca_file = ResolvePath(domain->ca_file);
    CheckReadable(*v, domain->ca_file);
  }
  if (auto v = map.Take("tls_insecure_skip_verify");
      v && ReadBool(*v, &domain->tls_insecure_skip_verify) && domain->tls_insecure_skip_verify) {
    LogWarn("TLS certificate verification is off for this domain (tls_insecure_skip_verify)",
            {{"domain", domain->name}});
  }
  int64_t number = 0;
  if (auto v = map.Take("api_version"); v && ReadInt(*v, 1, 99, &number)) {
    domain->api_version = static_cast<int>(number);
  }
  if (auto v = map.Take("show_only_my_skills")) {
    bool flag = false;
    if (ReadBool(*v, &flag)) {
      domain->show_only_my_skills = flag;
      if (domain->api_version < 12) {
        FailAt(*v, "requires api_version 12 or later, got api_version " +
                       std::to_string(domain->api_version));
      }
    }
  }
  bool time_zone_set = false;
  if (auto v = map.Take("view_settings")) ReadViewSettings(*v, domain, &time_zone_set);
  if (auto v = map.Take("timestamp_time_zone")) {
    milliseconds d{0};
    if (ReadDuration(*v, -std::chrono::hours(14), std::chrono::hours(14), &d)) {
      domain->timestamp_time_zone = d;
    }
  } else {
    domain->timestamp_time_zone = milliseconds(domain->view_settings.time_zone_ms);
  }
  if (auto v = map.Take("budget_share")) {
    std::string text;
    if (ReadString(*v, &text)) {
      double value = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        FailAt(*v, "must be a number in (0, 1], got " + Echo(text));
      } else if (value <= 0 || value > 1) {
        FailAt(*v, "must be in (0, 1], got " + text);
      } else {
        domain->budget_share = value;
      }
    }
  }
  milliseconds d{0};
  std::optional<Field> long_poll = map.Take("max_long_poll");
  if (long_poll && ReadDuration(*long_poll, milliseconds(100), std::chrono::seconds(60), &d)) {
    domain->max_long_poll = d;
  }
  if (auto v = map.Take("counters_refresh");
      v && ReadDuration(*v, std::chrono::seconds(10), std::chrono::hours(24), &d)) {
    if (d.count() % 1000 != 0) {
      FailAt(*v, "must be whole seconds, got " + FormatDuration(d));
    } else {
      domain->counters_refresh = std::chrono::duration_cast<std::chrono::seconds>(d);
    }
  }
  std::optional<Field> timeout = map.Take("request_timeout");
  if (timeout && ReadDuration(*timeout, std::chrono::seconds(1), std::chrono::minutes(10), &d)) {
    domain->request_timeout = d;
  }
  // The read timeout of a long poll is the poll plus this margin; a shorter request timeout
  // would turn every quiet poll into a timeout.
  if (domain->request_timeout <= domain->max_long_poll) {
    const Field& where = timeout ? *timeout : long_poll ? *long_poll : Field{node, node, path};
    FailAt(where, "request_timeout (" + FormatDuration(domain->request_timeout) +
                      ") must be longer than max_long_poll (" +
                      FormatDuration(domain->max_long_poll) + ")");
  }
  if (auto v = map.Take("agent_info")) ReadBool(*v, &domain->agent_info);
  if (auto v = map.Take("chat_receive")) ReadBool(*v, &domain->chat_receive);
  if (auto v = map.Take("statistics")) ReadStatistics(*v, domain);
  map.Finish();
}

void Loader::CheckAdminExposure(const Config& config, const YAML::Mark& admin_mark) {
  if (!config.admin.enabled || config.web.tls || config.admin.insecure) return;
  const std::string& address =
      config.admin.listen_address.empty() ? config.web.listen_address : config.admin.listen_address;
  auto parsed = ParseListenAddress(address);
  if (!parsed || IsLoopbackHost(parsed->host)) return;
  Fail(admin_mark, "admin",
       "the admin API would accept tokens over plain HTTP on " + Echo(address) +
           "; set web.tls, or admin.listen_address to a loopback address such as "
           "\"127.0.0.1:9960\", or admin.insecure: true");
}

Result<Config> Loader::Load(std::string_view yaml) {
  if (yaml.size() > kMaxConfigFileBytes) {
    return MakeError(ErrorCode::kConfig,
                     source_ + ": larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's own wording and never quotes the input.
    Fail(e.mark, "", "invalid YAML: " + e.msg);
    return MakeError(ErrorCode::kConfig, errors_.front().text);
  }
  if (documents.empty() || documents.front().IsNull()) {
    return MakeError(ErrorCode::kConfig, source_ + ": the configuration is empty");
  }
  if (documents.size() > 1) {
    return MakeError(ErrorCode::kConfig, source_ + ": holds " + std::to_string(documents.size()) +
                                             " YAML documents; expected one");
  }
  Config config;
  config.source_file = source_;
  try {
    MapReader root(this, documents.front(), "");
    if (root.Ok()) {
      // Read first: it decides how secrets below are judged.
      if (auto v = root.Take("allow_inline_secrets")) ReadBool(*v, &allow_inline_secrets_);
      config.allow_inline_secrets = allow_inline_secrets_;
      if (auto v = root.Take("web")) ReadWeb(*v, &config.web);
      if (overrides_.web_listen_address) {
        config.web.listen_address = *overrides_.web_listen_address;
        if (auto parsed = ParseListenAddress(config.web.listen_address); !parsed) {
          errors_.push_back({-1, -1,
                             "--web.listen-address: " + parsed.error().message + ", got " +
                                 Echo(config.web.listen_address)});
        }
      }
      YAML::Mark admin_mark = documents.front().Mark();
      if (auto v = root.Take("admin")) {
        admin_mark = v->key.Mark();
        ReadAdmin(*v, &config.admin);
      }
      config.admin.enabled = !config.admin.tokens.empty();
      if (!config.admin.listen_address.empty() &&
          config.admin.listen_address == config.web.listen_address) {
        Fail(admin_mark, "admin.listen_address",
             "is the same as web.listen_address; omit it to share the /metrics listener");
      }
      CheckAdminExposure(config, admin_mark);
      if (auto v = root.Take("domains")) {
        if (!v->value.IsSequence() || v->value.size() == 0) {
          FailAt(*v, "must be a list of at least one domain");
        } else {
          for (size_t i = 0; i < v->value.size(); ++i) {
            const std::string path = v->path + "[" + std::to_string(i) + "]";
            DomainConfig domain;
            ReadDomain(v->value[i], path, &domain);
            for (size_t j = 0; j < config.domains.size(); ++j) {
              if (!domain.name.empty() && domain.name == config.domains[j].name) {
                Fail(v->value[i]["name"].Mark(), path + ".name",
                     "duplicate domain name " + Echo(domain.name) + " (also " + v->path + "[" +
                         std::to_string(j) + "])");
              }
            }
            config.domains.push_back(std::move(domain));
          }
        }
      } else {
        Fail(documents.front().Mark(), "domains", "is required");
      }
      root.Finish();
    }
  } catch (const YAML::Exception& e) {
    Fail(e.mark, "", "invalid YAML: " + e.msg);
  }
  if (!errors_.empty()) {
    std::stable_sort(errors_.begin(), errors_.end(), [](const Problem& a, const Problem& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::string message;
    for (const Problem& problem : errors_) {
      if (!message.empty()) message += '\n';
      message += problem.text;
    }
    return MakeError(ErrorCode::kConfig, std::move(message));
  }
  return config;
}

}  // namespace

StatisticTypeConfig DefaultStatisticTypeConfig(StatisticType type) {
  StatisticTypeConfig config;
  switch (type) {
    case StatisticType::kAgentState:
    case StatisticType::kAcdStatus:
      config.weight = 4;
      break;
    case StatisticType::kCampaignState:
      config.weight = 2;
      break;
    default:
      config.weight = 1;
      break;
  }
  return config;
}

Result<Config> ParseConfig(std::string_view yaml, std::string_view source_name,
                           const ConfigOverrides& overrides) {
  return Loader(source_name, overrides).Load(yaml);
}

Result<Config> LoadConfigFile(const std::string& path, const ConfigOverrides& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kConfig, path + ": cannot read: " + std::strerror(errno));
  }
  std::string content(kMaxConfigFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    return MakeError(ErrorCode::kConfig, path + ": cannot read: " + std::strerror(errno));
  }
  return ParseConfig(content, path, overrides);
}

}  // namespace five9exp
