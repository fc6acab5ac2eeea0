#include "exporter/config/yaml_schema.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <tuple>

#include "exporter/config/duration.h"

namespace five9exp {
namespace {

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

bool IsAncestorOrSelf(std::string_view ancestor, std::string_view path) {
  if (ancestor.empty()) return true;
  if (!path.starts_with(ancestor)) return false;
  return path.size() == ancestor.size() || path[ancestor.size()] == '.' ||
         path[ancestor.size()] == '[';
}

}  // namespace

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
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

// ---- MapReader ----

MapReader::MapReader(SchemaReader* reader, const YAML::Node& node, std::string path,
                     bool null_is_empty)
    : reader_(reader), node_(node), path_(std::move(path)), null_is_empty_(null_is_empty) {}

MapReader::MapReader(SchemaReader* reader, const Field& f, bool null_is_empty)
    : MapReader(reader, f.value, f.path, null_is_empty) {
  fallback_mark_ = f.key.Mark();
}

bool MapReader::Ok() {
  Scan();
  return ok_;
}

std::string MapReader::Child(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void MapReader::Scan() {
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
    reader_->Fail(m, path_,
                  node_.IsNull() ? "must be a mapping, got nothing" : "must be a mapping");
    return;
  }
  ok_ = true;
  std::set<std::string, std::less<>> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      reader_->Fail(key.Mark(), path_, "keys must be plain strings");
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      reader_->Fail(key.Mark(), Child(name), "duplicate key");
      continue;
    }
    keys_.emplace_back(name, key);
  }
}

std::optional<Field> MapReader::Take(std::string_view key) {
  Scan();
  asked_.emplace_back(key);
  if (!ok_) return std::nullopt;
  for (const auto& [name, key_node] : keys_) {
    if (name == key) {
      taken_.insert(name);
      Field f{key_node, node_[name], Child(key)};
      // Scalars are located at their value, sections at their key.
      reader_->Mark(f.path, f.value.IsScalar() ? SchemaReader::ValueMark(f) : f.key.Mark());
      return f;
    }
  }
  return std::nullopt;
}

std::optional<Field> MapReader::Require(std::string_view key) {
  std::optional<Field> v = Take(key);
  if (!v && Ok()) reader_->Fail(node_.Mark(), Child(key), "is required");
  return v;
}

void MapReader::Finish() {
  const std::vector<std::string_view> known(asked_.begin(), asked_.end());
  FinishWith([&known](std::string_view name) { return "unknown key" + Suggest(name, known); });
}

void MapReader::FinishWith(const std::function<std::string(std::string_view)>& describe) {
  Scan();
  for (const auto& [name, key_node] : keys_) {
    if (taken_.contains(name)) continue;
    reader_->Fail(key_node.Mark(), Child(name), describe(name));
  }
}

// ---- SchemaReader ----

SchemaReader::SchemaReader(std::string_view source)
    : source_(source), base_dir_(std::filesystem::path(source_).parent_path()) {}

YAML::Mark SchemaReader::ValueMark(const Field& f) {
  const YAML::Mark m = f.value.Mark();
  return (f.value.IsNull() || m.line < 0) ? f.key.Mark() : m;
}

std::string SchemaReader::Where(const YAML::Mark& mark) const {
  return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

void SchemaReader::Mark(const std::string& path, const YAML::Mark& mark) {
  if (mark.line < 0) return;
  marks_.insert_or_assign(path, SourceMark{mark.line + 1, mark.column + 1});
}

void SchemaReader::Fail(const YAML::Mark& mark, std::string_view path, std::string_view message) {
  std::string line = source_;
  if (mark.line >= 0) line = Where(mark);
  line += ": ";
  if (!path.empty()) {
    line += path;
    line += ": ";
  }
  line += message;
  errors_.push_back({mark.line, mark.column, std::move(line)});
  failed_paths_.insert(std::string(path));
}

void SchemaReader::FailUnplaced(std::string text) { errors_.push_back({-1, -1, std::move(text)}); }

void SchemaReader::AddProblem(int line, int column, std::string text) {
  errors_.push_back({line, column, std::move(text)});
}

bool SchemaReader::FailedAtOrAbove(std::string_view path) const {
  for (const std::string& failed : failed_paths_) {
    if (IsAncestorOrSelf(failed, path)) return true;
  }
  return false;
}

std::string SchemaReader::Report() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::string message;
  for (const Problem& problem : errors_) {
    if (!message.empty()) message += '\n';
    message += problem.text;
  }
  return message;
}

bool SchemaReader::ReadString(const Field& f, std::string* out, bool secret) {
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

bool SchemaReader::ReadNonEmptyString(const Field& f, std::string* out) {
  if (!ReadString(f, out)) return false;
  if (out->empty()) {
    FailAt(f, "must not be empty");
    return false;
  }
  return true;
}

bool SchemaReader::ReadBool(const Field& f, bool* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  // YAML 1.2 core booleans only: "yes"/"on" are YAML 1.1 surprises.
  if (text == "true" || text == "True" || text == "TRUE") {
    *out = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    *out = false;
  } else {
    FailAt(f, "must be true or false, got " + QuoteForMessage(text));
    return false;
  }
  return true;
}

bool SchemaReader::ReadInt(const Field& f, int64_t min, int64_t max, int64_t* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    FailAt(f, "must be an integer, got " + QuoteForMessage(text));
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

bool SchemaReader::ReadNumber(const Field& f, std::string_view expected, double* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    FailAt(f, "must be a number in " + std::string(expected) + ", got " + QuoteForMessage(text));
    return false;
  }
  *out = value;
  return true;
}

bool SchemaReader::ReadDuration(const Field& f, std::chrono::milliseconds min,
                                std::chrono::milliseconds max, std::chrono::milliseconds* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  auto parsed = ParseDuration(text);
  if (!parsed) {
    FailAt(f, parsed.error().message + ", got " + QuoteForMessage(text));
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

bool SchemaReader::ReadEnum(const Field& f, const std::vector<std::string_view>& allowed,
                            std::string* out) {
  std::string text;
  if (!ReadString(f, &text)) return false;
  for (std::string_view candidate : allowed) {
    if (candidate == text) {
      *out = text;
      return true;
    }
  }
  FailAt(f, "must be one of " + JoinNames(allowed) + ", got " + QuoteForMessage(text));
  return false;
}

bool SchemaReader::ReadStringList(const Field& f, std::vector<std::pair<std::string, Field>>* out) {
  if (!f.value.IsSequence()) {
    FailAt(f, "must be a list");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < f.value.size(); ++i) {
    Field item{f.key, f.value[i], f.path + "[" + std::to_string(i) + "]"};
    Mark(item.path, ValueMark(item));
    std::string text;
    if (ReadString(item, &text)) {
      out->emplace_back(std::move(text), std::move(item));
    } else {
      ok = false;
    }
  }
  return ok;
}

std::string SchemaReader::ResolvePath(const std::string& path) const {
  const std::filesystem::path p(path);
  if (p.is_absolute() || base_dir_.empty()) return path;
  return (base_dir_ / p).string();
}

void SchemaReader::CheckReadable(const Field& f, const std::string& path) {
  std::ifstream in(path);
  if (!in) FailAt(f, "cannot read " + QuoteForMessage(path) + ": " + std::strerror(errno));
}

}  // namespace five9exp
