#pragma once
// The command line of five9_exporter (SPEC "Command line"). Parsing only: exit codes and
// printing belong to main. Pure functions: thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "exporter/common/error.h"
#include "exporter/common/log.h"
#include "exporter/config/config_loader.h"

namespace five9exp {

struct CommandLine {
  std::string config_file;                        // --config.file; required unless --version/--help
  std::optional<std::string> web_listen_address;  // --web.listen-address; overrides the file
  std::optional<std::string> web_config_file;     // --web.config.file (exporter-toolkit format)
  LogLevel log_level = LogLevel::kInfo;           // --log.level=debug|info|warn|error
  LogFormat log_format = LogFormat::kLogfmt;      // --log.format=logfmt|json
  bool check_config = false;                      // --check-config: validate, print, exit
  bool version = false;                           // --version
  bool help = false;                              // --help, -h
};

// Parses the arguments after the program name. Flags take "--flag=VALUE" or "--flag VALUE".
// Usage errors (unknown flag, missing value, bad level, positional argument) return an Error
// (kInvalidArgument) whose message is one line for people; main prints it with the usage and
// exits 2.
Result<CommandLine> ParseCommandLine(std::span<const std::string_view> args);
// Convenience for main's argv (skips argv[0]).
Result<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// The --help text.
std::string UsageText();

// What the command line overrides in the configuration file.
ConfigOverrides OverridesFrom(const CommandLine& command_line);

}  // namespace five9exp
