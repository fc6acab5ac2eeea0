#pragma once
// The exporter's configuration schema: which keys exist, their types, ranges and defaults
// (SPEC "Configuration"), read with the generic SchemaReader. Rules that relate several
// values are Validate's (validate.h), not this file's. Private to exporter/config.

#include <string_view>

#include "exporter/config/config.h"
#include "exporter/config/config_loader.h"
#include "exporter/config/yaml_schema.h"

namespace five9exp {

// Reads `yaml` into `config` (source_file and marks included), reporting every shape, type
// and range error to `reader`. False when the text is not one readable YAML mapping
// document (the errors then say why and `config` is meaningless).
bool ReadConfigSchema(std::string_view yaml, const ConfigOverrides& overrides, SchemaReader& reader,
                      Config* config);

}  // namespace five9exp
