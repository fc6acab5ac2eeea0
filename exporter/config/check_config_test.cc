// Runs the built five9_exporter binary: the exit codes are part of the product (SPEC
// "Command line": 0 good, 2 usage or configuration error).
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <string>

#include "exporter/testing/temp_dir.h"

namespace five9exp {
namespace {

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

RunResult RunExporter(const std::string& args) {
  const std::string command =
      std::string(FIVE9_BINARY_DIR) + "/exporter/five9_exporter " + args + " 2>&1";
  RunResult run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

constexpr char kGood[] =
    "domains:\n"
    "  - name: acme\n"
    "    endpoint: https://api.five9.com/wssupervisor/v4/SupervisorWebService\n"
    "    username: api-user@acme.example\n"
    "    password_file: password\n";

TEST(CheckConfigTest, GoodFileExitsZero) {
  TempDirForTest dir;
  dir.Write("password", "pw-Secret-4711\n");
  const std::string path = dir.Write("good.yaml", kGood);
  const RunResult run = RunExporter("--check-config --config.file=" + path);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "config OK: 1 domain(s)\n");
}

TEST(CheckConfigTest, BadFileExitsTwoAndNamesThePosition) {
  TempDirForTest dir;
  dir.Write("password", "pw-Secret-4711\n");
  const std::string path = dir.Write("bad.yaml", std::string(kGood) + "    budget_share: 1.5\n");
  const RunResult run = RunExporter("--check-config --config.file " + path);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find(path + ":6:19: domains[0].budget_share: must be in (0, 1], got 1.5"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("pw-Secret-4711"), std::string::npos);
}

TEST(CheckConfigTest, EndpointsTheTransportRefusesExitTwoWithThePosition) {
  TempDirForTest dir;
  dir.Write("password", "pw-Secret-4711\n");
  for (const std::string endpoint : {"https://h:99999/x", "https://[::1/x"}) {
    const std::string path =
        dir.Write("bad.yaml", "domains:\n  - name: acme\n    endpoint: \"" + endpoint +
                                  "\"\n    username: u\n    password_file: password\n");
    const RunResult run = RunExporter("--check-config --config.file " + path);
    EXPECT_EQ(run.exit_code, 2) << endpoint << ": " << run.output;
    EXPECT_NE(run.output.find(path + ":3:15: domains[0].endpoint: "), std::string::npos)
        << run.output;
  }
}

TEST(CheckConfigTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunExporter("--check-config").exit_code, 2);
  const RunResult run = RunExporter("--no-such-flag");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("unknown flag --no-such-flag"), std::string::npos) << run.output;
  EXPECT_EQ(RunExporter("--check-config --config.file=/nonexistent/x.yaml").exit_code, 2);
}

TEST(CheckConfigTest, VersionPrintsVersionAndRevision) {
  const RunResult run = RunExporter("--version");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output.rfind("five9_exporter ", 0), 0u) << run.output;
  EXPECT_NE(run.output.find(" (revision "), std::string::npos) << run.output;
}

}  // namespace
}  // namespace five9exp
