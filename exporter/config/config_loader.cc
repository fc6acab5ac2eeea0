// Loading = the schema (config_schema.cc, over the generic yaml_schema reader, with secrets
// from secrets.cc) followed by the cross-field rules (validate.cc), whose errors join the
// schema's in one list sorted by position.
#include "exporter/config/config_loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "exporter/config/config_schema.h"
#include "exporter/config/validate.h"
#include "exporter/config/yaml_schema.h"

namespace five9exp {

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
  const std::string source(source_name);
  if (yaml.size() > kMaxConfigFileBytes) {
    return MakeError(ErrorCode::kConfig,
                     source + ": larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  }
  SchemaReader reader(source);
  Config config;
  if (!ReadConfigSchema(yaml, overrides, reader, &config)) {
    return MakeError(ErrorCode::kConfig, reader.Report());
  }
  // A rule about a value the schema already refused would only repeat that error.
  for (ConfigProblem& problem : FindConfigProblems(config)) {
    if (reader.FailedAtOrAbove(problem.path)) continue;
    reader.AddProblem(problem.mark.line - 1, problem.mark.column - 1, std::move(problem.text));
  }
  if (reader.HasErrors()) return MakeError(ErrorCode::kConfig, reader.Report());
  return config;
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
