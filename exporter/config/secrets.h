#pragma once
// Resolving one secret (a Five9 password or an admin token) from the config file: exactly one
// of <prefix>_file, <prefix>_env or the inline key. Files are capped at kMaxSecretFileBytes
// and trimmed; inline secrets only when the file sets allow_inline_secrets. Error messages
// name the file or variable, never the secret. Private to exporter/config.

#include <string>
#include <string_view>

#include "exporter/config/yaml_schema.h"

namespace five9exp {

struct SecretKeys {
  std::string_view prefix;      // "password" -> password_file, password_env
  std::string_view inline_key;  // "password"
};

// Takes the secret's keys from `map`; on success sets `secret` and `source` ("file:PATH",
// "env:NAME" or "inline"). False after reporting an error to `reader`.
bool ReadSecret(SchemaReader& reader, MapReader& map, SecretKeys keys, bool allow_inline,
                std::string* secret, std::string* source);

}  // namespace five9exp
