#include "exporter/config/cli.h"

#include <gtest/gtest.h>

#include <vector>

namespace five9exp {
namespace {

Result<CommandLine> Parse(std::vector<std::string_view> args) {
  return ParseCommandLine(std::span<const std::string_view>(args));
}

std::string UsageError(std::vector<std::string_view> args) {
  auto parsed = Parse(std::move(args));
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  return parsed.error().message;
}

TEST(CliTest, EqualsAndSpaceFormsAndDefaults) {
  auto a = Parse({"--config.file=/etc/five9.yaml"});
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->config_file, "/etc/five9.yaml");
  EXPECT_FALSE(a->web_listen_address.has_value());
  EXPECT_EQ(a->log_level, LogLevel::kInfo);
  EXPECT_EQ(a->log_format, LogFormat::kLogfmt);
  EXPECT_FALSE(a->check_config);
  EXPECT_FALSE(a->version);
  EXPECT_FALSE(a->help);

  auto b = Parse({"--config.file", "five9.yaml", "--web.listen-address", "127.0.0.1:0",
                  "--log.level=debug", "--log.format", "json", "--check-config"});
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(b->config_file, "five9.yaml");
  EXPECT_EQ(b->web_listen_address, "127.0.0.1:0");
  EXPECT_EQ(b->log_level, LogLevel::kDebug);
  EXPECT_EQ(b->log_format, LogFormat::kJson);
  EXPECT_TRUE(b->check_config);
  EXPECT_EQ(OverridesFrom(*b).web_listen_address, "127.0.0.1:0");
}

TEST(CliTest, VersionAndHelpNeedNoConfig) {
  auto version = Parse({"--version"});
  ASSERT_TRUE(version.has_value());
  EXPECT_TRUE(version->version);
  auto help = Parse({"-h"});
  ASSERT_TRUE(help.has_value());
  EXPECT_TRUE(help->help);
  EXPECT_NE(UsageText().find("--config.file=PATH"), std::string::npos);
}

TEST(CliTest, UsageErrors) {
  EXPECT_EQ(UsageError({}), "--config.file is required");
  EXPECT_EQ(UsageError({"--check-config"}), "--config.file is required");
  EXPECT_EQ(UsageError({"--config.file"}), "--config.file needs a value");
  EXPECT_EQ(UsageError({"--config.file="}), "--config.file needs a value");
  EXPECT_EQ(UsageError({"--config.fil=x"}), "unknown flag --config.fil");
  EXPECT_EQ(UsageError({"-v"}), "unexpected argument \"-v\"");
  EXPECT_EQ(UsageError({"--config.file=x", "extra"}), "unexpected argument \"extra\"");
  EXPECT_EQ(UsageError({"--config.file=x", "--check-config=yes"}), "--check-config takes no value");
  EXPECT_EQ(UsageError({"--config.file=x", "--log.level=verbose"}),
            "--log.level must be debug, info, warn or error, got \"verbose\"");
  EXPECT_EQ(UsageError({"--config.file=x", "--log.format=text"}),
            "--log.format must be logfmt or json, got \"text\"");
  EXPECT_EQ(UsageError({"--config.file=x", "--web.listen-address=9959"}),
            "--web.listen-address: missing port (expected HOST:PORT, e.g. \":9959\" or "
            "\"127.0.0.1:9960\")");
}

TEST(CliTest, ArgvFormSkipsProgramName) {
  const char* argv[] = {"five9_exporter", "--config.file=c.yaml", "--check-config"};
  auto parsed = ParseCommandLine(3, argv);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->config_file, "c.yaml");
  EXPECT_TRUE(parsed->check_config);
}

}  // namespace
}  // namespace five9exp
