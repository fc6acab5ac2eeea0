#pragma once
// A small schema reader over yaml-cpp nodes (private to exporter/config: only the config
// module's .cc files include it). It knows nothing about the exporter's keys: it reads typed
// scalars, refuses unknown and repeated keys, remembers where every value came from (so
// Validate can later name file:line:column) and collects every error of one file.
// One SchemaReader per load; not shared between threads.

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/common/strings.h"
#include "exporter/config/config.h"

namespace five9exp {

// A key/value pair of a mapping, with the key path used in messages.
struct Field {
  YAML::Node key;
  YAML::Node value;
  std::string path;
};

// "a, b, c".
std::string JoinNames(const std::vector<std::string_view>& names);
// " (did you mean X?)" for the closest known name, or "".
std::string Suggest(std::string_view key, const std::vector<std::string_view>& known);

class SchemaReader;

// Reads the keys of one mapping, refusing duplicates at once and unknown keys in Finish().
class MapReader {
 public:
  // `null_is_empty`: an optional section whose children were all commented out
  // ("admin:" alone) reads as an empty mapping.
  MapReader(SchemaReader* reader, const YAML::Node& node, std::string path,
            bool null_is_empty = false);
  // For a mapping that is the value of `f`; errors about a missing value point at the key.
  MapReader(SchemaReader* reader, const Field& f, bool null_is_empty = false);
  // Whether the node is a mapping (an error was reported if not).
  bool Ok();
  std::optional<Field> Take(std::string_view key);
  // A required key: reports "is required" at the mapping when absent.
  std::optional<Field> Require(std::string_view key);
  // Reports every key not taken as "unknown key" with a hint.
  void Finish();
  // Reports every key not taken with `describe(name)` as the message (for keys whose
  // names are values, like statistic types).
  void FinishWith(const std::function<std::string(std::string_view)>& describe);
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  std::string Child(std::string_view key) const;

 private:
  void Scan();

  SchemaReader* reader_;
  YAML::Node node_;
  std::string path_;
  bool null_is_empty_;
  YAML::Mark fallback_mark_ = YAML::Mark::null_mark();
  bool ok_ = false;
  bool scanned_ = false;
  std::vector<std::pair<std::string, YAML::Node>> keys_;  // in file order
  std::set<std::string, std::less<>> taken_;
  // Every key the schema knows, for hints. Owned: some are built by the caller
  // (ReadSecret's "password_file") and gone before Finish() makes the hint.
  std::vector<std::string> asked_;
};

class SchemaReader {
 public:
  // `source` names the file in messages; relative paths resolve against its folder.
  explicit SchemaReader(std::string_view source);

  const std::string& source() const { return source_; }

  // Reports `message` about `path` at `mark` (no position when the mark is null).
  void Fail(const YAML::Mark& mark, std::string_view path, std::string_view message);
  void FailAt(const Field& f, std::string_view message) { Fail(ValueMark(f), f.path, message); }
  // An error tied to no position (a command-line override).
  void FailUnplaced(std::string text);
  // The value's position, or the key's when the value is empty.
  static YAML::Mark ValueMark(const Field& f);
  // "file:line:column" of a mark.
  std::string Where(const YAML::Mark& mark) const;

  // Remembers where `path` is, for Validate's messages.
  void Mark(const std::string& path, const YAML::Mark& mark);
  SourceMarks TakeMarks() { return std::move(marks_); }

  // Scalar readers: false (and an error) when the value has the wrong shape.
  bool ReadString(const Field& f, std::string* out, bool secret = false);
  bool ReadNonEmptyString(const Field& f, std::string* out);
  bool ReadBool(const Field& f, bool* out);
  bool ReadInt(const Field& f, int64_t min, int64_t max, int64_t* out);
  // A finite decimal number; `expected` ("(0, 1]") completes "must be a number in ...".
  // The range itself is the caller's to check (its wording differs per key).
  bool ReadNumber(const Field& f, std::string_view expected, double* out);
  bool ReadDuration(const Field& f, std::chrono::milliseconds min, std::chrono::milliseconds max,
                    std::chrono::milliseconds* out);
  bool ReadEnum(const Field& f, const std::vector<std::string_view>& allowed, std::string* out);
  // Each item with its own Field (path "key[i]") for item-level messages.
  bool ReadStringList(const Field& f, std::vector<std::pair<std::string, Field>>* out);

  // A path from the file, made absolute against the config file's folder.
  std::string ResolvePath(const std::string& path) const;
  void CheckReadable(const Field& f, const std::string& path);

  bool HasErrors() const { return !errors_.empty(); }
  // Whether an error was reported at `path` or at one of its ancestors (so a rule about a
  // value that could not be read is not reported a second time).
  bool FailedAtOrAbove(std::string_view path) const;
  // Adds a located error found after the schema (Validate's), in the same sorted list.
  void AddProblem(int line, int column, std::string text);
  // Every error, sorted by position as an editor would list them, one per line.
  std::string Report();

 private:
  struct Problem {
    int line;  // 0-based; -1 when not tied to a position (sorted first)
    int column;
    std::string text;
  };
  std::string source_;
  std::filesystem::path base_dir_;
  std::vector<Problem> errors_;
  std::set<std::string, std::less<>> failed_paths_;
  SourceMarks marks_;
};

}  // namespace five9exp
