#pragma once
// A printable view of the effective configuration for the status page and debug logs.
// Pure function: thread-safe.

#include <string>

#include "exporter/config/config.h"

namespace five9exp {

// The configuration as YAML in the file's own keys, every default spelled out, durations in
// the config syntax ("8h", "-7h"). Every secret (domain passwords, admin tokens) is replaced
// by "<redacted>", followed by a comment naming where it came from ("file:PATH", "env:NAME",
// "inline"). With allow_inline_secrets set to true, ParseConfig accepts the text again.
std::string RedactedConfigYaml(const Config& config);

}  // namespace five9exp
