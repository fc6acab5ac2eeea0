// five9_sim: a faithful Five9 Statistics (Supervisor) Web Services simulator.
// Start-up: flags -> scenario -> flags again (flags win) -> server -> print address -> wait
// for SIGINT/SIGTERM -> stop.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/log.h"
#include "simulator/scenario.h"
#include "simulator/sim_server.h"

namespace {

constexpr std::string_view kUsage =
    "usage: five9_sim --listen HOST:PORT [--scenario FILE] [--seed N] [--user NAME:PASSWORD]...\n"
    "                 [--window-scale F] [--time-scale F] [--idle-scale F] [--agents N]\n"
    "                 [--skills N] [--log-level debug|info|warn|error]\n"
    "PORT 0 picks a free port. The first line of output is \"listening on HOST:PORT\".\n"
    "Control API: http://HOST:PORT/control/state (loopback only); see docs/simulator.md.\n";

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "five9_sim: " << message << "\n" << kUsage;
  std::exit(2);
}

double ParseDouble(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (...) {
  }
  Fail(flag + " needs a positive number, got \"" + text + "\"");
}

long long ParseInt(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size() && v >= 0) return v;
  } catch (...) {
  }
  Fail(flag + " needs a non-negative integer, got \"" + text + "\"");
}

struct Flags {
  std::string listen;
  std::string scenario;
  std::vector<std::pair<std::string, std::string>> values;  // applied after the scenario
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    std::string value;
    if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else {
      if (i + 1 >= argc) Fail(arg + " needs a value");
      value = argv[++i];
    }
    if (arg == "--listen") {
      flags.listen = value;
    } else if (arg == "--scenario") {
      flags.scenario = value;
    } else if (arg == "--seed" || arg == "--user" || arg == "--window-scale" ||
               arg == "--time-scale" || arg == "--idle-scale" || arg == "--agents" ||
               arg == "--skills" || arg == "--log-level") {
      flags.values.emplace_back(arg, value);
    } else {
      Fail("unknown flag " + arg);
    }
  }
  if (flags.listen.empty()) Fail("--listen is required");
  return flags;
}

void ApplyFlags(const Flags& flags, five9sim::SimOptions* o) {
  auto colon = flags.listen.rfind(':');
  if (colon == std::string::npos) Fail("--listen needs HOST:PORT");
  o->host = flags.listen.substr(0, colon);
  o->port = static_cast<int>(ParseInt("--listen", flags.listen.substr(colon + 1)));
  for (const auto& [flag, value] : flags.values) {
    if (flag == "--seed") o->domain.seed = ParseInt(flag, value);
    if (flag == "--window-scale") o->window_scale = ParseDouble(flag, value);
    if (flag == "--time-scale") o->time_scale = ParseDouble(flag, value);
    if (flag == "--idle-scale") o->idle_scale = ParseDouble(flag, value);
    if (flag == "--agents") o->domain.agents = static_cast<int>(ParseInt(flag, value));
    if (flag == "--skills") o->domain.skills = static_cast<int>(ParseInt(flag, value));
    if (flag == "--log-level") {
      five9exp::LogLevel level;
      if (!five9exp::ParseLogLevel(value, &level)) Fail("bad --log-level " + value);
      five9exp::SetLogLevel(level);
    }
    if (flag == "--user") {
      auto sep = value.find(':');
      if (sep == std::string::npos || sep == 0) Fail("--user needs NAME:PASSWORD");
      o->users.push_back({value.substr(0, sep), value.substr(sep + 1), 0});
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Why first: the signal mask is inherited by every thread started later, so only the
  // sigwait below receives SIGINT/SIGTERM.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  // Why: flags are parsed before the scenario so errors surface before any work.
  const Flags flags = ParseFlags(argc, argv);
  five9sim::SimOptions options;
  // Why: the scenario sets the base; command-line flags override it.
  if (!flags.scenario.empty()) {
    if (auto loaded = five9sim::LoadScenarioFile(flags.scenario, &options); !loaded) {
      Fail(loaded.error().message);
    }
  }
  ApplyFlags(flags, &options);
  if (options.users.empty()) {
    five9exp::LogWarn(
        "no API users configured: every SOAP call will get 401 (use --user NAME:PASSWORD)");
  }

  // Why: Start binds before it returns, so the printed address is already accepting.
  auto server = five9sim::SimServer::Start(std::move(options));
  if (!server) Fail(server.error().message);
  std::cout << "listening on " << (*server)->host() << ":" << (*server)->port() << std::endl;

  // Why: block until asked to stop, then stop long polls and threads cleanly.
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  five9exp::LogInfo("stopping", {{"signal", std::to_string(signal_number)}});
  (*server)->Stop();
  return 0;
}
