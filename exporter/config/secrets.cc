#include "exporter/config/secrets.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include "exporter/common/strings.h"
#include "exporter/config/config_loader.h"

namespace five9exp {
namespace {

bool ReadSecretFile(SchemaReader& reader, const Field& f, std::string* secret,
                    std::string* source) {
  std::string path;
  if (!reader.ReadNonEmptyString(f, &path)) return false;
  path = reader.ResolvePath(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reader.FailAt(f, "cannot read " + QuoteForMessage(path) + ": " + std::strerror(errno));
    return false;
  }
  std::string content(kMaxSecretFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  if (content.size() > kMaxSecretFileBytes) {
    reader.FailAt(f, "file " + QuoteForMessage(path) + " is larger than " +
                         std::to_string(kMaxSecretFileBytes) + " bytes");
    return false;
  }
  *secret = std::string(TrimAsciiSpace(content));
  *source = "file:" + path;
  if (secret->empty()) {
    reader.FailAt(f, "file " + QuoteForMessage(path) + " is empty");
    return false;
  }
  return true;
}

bool ReadSecretEnv(SchemaReader& reader, const Field& f, std::string* secret, std::string* source) {
  std::string name;
  if (!reader.ReadNonEmptyString(f, &name)) return false;
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    reader.FailAt(f, "environment variable " + name + " is not set");
    return false;
  }
  *secret = std::string(TrimAsciiSpace(value));
  *source = "env:" + name;
  if (secret->empty()) {
    reader.FailAt(f, "environment variable " + name + " is empty");
    return false;
  }
  return true;
}

}  // namespace

bool ReadSecret(SchemaReader& reader, MapReader& map, SecretKeys keys, bool allow_inline,
                std::string* secret, std::string* source) {
  const std::string file_key = std::string(keys.prefix) + "_file";
  const std::string env_key = std::string(keys.prefix) + "_env";
  std::optional<Field> file = map.Take(file_key);
  std::optional<Field> env = map.Take(env_key);
  std::optional<Field> inline_value = map.Take(keys.inline_key);
  std::vector<const Field*> given;
  for (const auto* f : {&file, &env, &inline_value}) {
    if (*f) given.push_back(&**f);
  }
  if (given.empty()) {
    reader.Fail(map.node().Mark(), map.path(),
                "missing " + file_key + ", " + env_key + " or " + std::string(keys.inline_key));
    return false;
  }
  if (given.size() > 1) {
    const Field& second = *given[1];
    reader.Fail(second.key.Mark(), second.path,
                "conflicts with " + given[0]->key.Scalar() + " (give exactly one)");
    return false;
  }
  if (file) return ReadSecretFile(reader, *file, secret, source);
  if (env) return ReadSecretEnv(reader, *env, secret, source);
  if (!allow_inline) {
    reader.Fail(inline_value->key.Mark(), inline_value->path,
                "inline secrets are refused; use " + file_key + " or " + env_key +
                    " (or set allow_inline_secrets: true)");
    return false;
  }
  if (!reader.ReadString(*inline_value, secret, /*secret=*/true)) return false;
  *secret = std::string(TrimAsciiSpace(*secret));
  *source = "inline";
  if (secret->empty()) {
    reader.FailAt(*inline_value, "must not be empty");
    return false;
  }
  return true;
}

}  // namespace five9exp
