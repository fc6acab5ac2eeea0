#include "exporter/config/cli.h"

#include <vector>

#include "exporter/config/listen_address.h"

namespace five9exp {

Result<CommandLine> ParseCommandLine(std::span<const std::string_view> args) {
  CommandLine out;
  auto usage_error = [](std::string message) {
    return MakeError(ErrorCode::kInvalidArgument, std::move(message));
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      return usage_error("unexpected argument \"" + std::string(arg) + "\"");
    }
    const size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    std::optional<std::string_view> inline_value;
    if (equals != std::string_view::npos) inline_value = arg.substr(equals + 1);

    if (name == "--check-config" || name == "--version") {
      if (inline_value) return usage_error(std::string(name) + " takes no value");
      (name == "--version" ? out.version : out.check_config) = true;
      continue;
    }
    const bool known = name == "--config.file" || name == "--web.listen-address" ||
                       name == "--web.config.file" || name == "--log.level" ||
                       name == "--log.format";
    if (!known) return usage_error("unknown flag " + std::string(name));
    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return usage_error(std::string(name) + " needs a value");
    }
    if (value.empty()) return usage_error(std::string(name) + " needs a value");

    if (name == "--config.file") {
      out.config_file = std::string(value);
    } else if (name == "--web.listen-address") {
      if (auto parsed = ParseListenAddress(value); !parsed) {
        return usage_error("--web.listen-address: " + parsed.error().message);
      }
      out.web_listen_address = std::string(value);
    } else if (name == "--web.config.file") {
      out.web_config_file = std::string(value);
    } else if (name == "--log.level") {
      if (!ParseLogLevel(value, &out.log_level)) {
        return usage_error("--log.level must be debug, info, warn or error, got \"" +
                           std::string(value) + "\"");
      }
    } else if (!ParseLogFormat(value, &out.log_format)) {
      return usage_error("--log.format must be logfmt or json, got \"" + std::string(value) + "\"");
    }
  }
  if (out.config_file.empty() && !out.help && !out.version) {
    return usage_error("--config.file is required");
  }
  return out;
}

Result<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return ParseCommandLine(std::span<const std::string_view>(args));
}

std::string UsageText() {
  return "usage: five9_exporter --config.file=PATH [--web.listen-address=HOST:PORT]\n"
         "                      [--web.config.file=PATH]\n"
         "                      [--log.level=debug|info|warn|error] [--log.format=logfmt|json]\n"
         "                      [--check-config] [--version] [--help]\n"
         "\n"
         "  --config.file=PATH            YAML configuration (see config.example.yaml)\n"
         "  --web.listen-address=ADDR     overrides web.listen_address (default \":9959\")\n"
         "  --web.config.file=PATH        TLS, basic auth and headers in the Prometheus\n"
         "                                exporter-toolkit format, re-read on new connections\n"
         "  --log.level=LEVEL             debug, info (default), warn or error\n"
         "  --log.format=FORMAT           logfmt (default) or json\n"
         "  --check-config                validate the configuration and exit (0 good, 2 bad)\n"
         "  --version                     print the version and exit\n"
         "\n"
         "Exit codes: 0 clean shutdown, 1 fatal run-time error, 2 usage or configuration error.\n";
}

ConfigOverrides OverridesFrom(const CommandLine& command_line) {
  ConfigOverrides overrides;
  overrides.web_listen_address = command_line.web_listen_address;
  overrides.web_config_file = command_line.web_config_file;
  return overrides;
}

}  // namespace five9exp
