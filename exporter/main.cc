// five9_exporter: the story of start-up and shut-down, one call per step.
// Exit codes (SPEC "Command line"): 0 clean shutdown, 1 fatal run-time error, 2 usage or
// configuration error.
#include <malloc.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "exporter/common/log.h"
#include "exporter/config/cli.h"
#include "exporter/config/config_loader.h"
#include "exporter/runtime.h"

namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageOrConfig = 2;

sigset_t BlockShutdownAndReloadSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket mid-write must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

void WaitForShutdown(const sigset_t& signals, five9exp::ExporterRuntime& runtime) {
  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      five9exp::LogInfo("SIGHUP: reloading the configuration");
      runtime.ReopenLogs();    // logrotate: the audit file was moved, write a new one
      (void)runtime.Reload();  // logs its own outcome; a failure keeps the old config
      continue;
    }
    five9exp::LogInfo("shutting down",
                      {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
    return;
  }
}

// The soft open-file limit raised to the hard one. Returns the limit now in force.
rlim_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return raised.rlim_cur;
  }
  return limit.rlim_cur;
}

// "HOST:PORT" with the port actually bound (the configured one may be 0).
std::string BoundAddress(const std::string& configured, int port) {
  std::string host = configured.substr(0, configured.rfind(':'));
  if (host.empty()) host = "0.0.0.0";
  return host + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace five9exp;

  // Why: /metrics bodies of large domains are tens of MiB, built on many web worker
  // threads. Without these, glibc keeps freed bodies in per-thread arenas and the process
  // grew to 5x its resting size under concurrent scrapes (docs/performance.md); with
  // them big buffers go back to the OS when freed.
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);

  // Why: every later step depends on the flags; a usage error must not start anything.
  Result<CommandLine> command_line = ParseCommandLine(argc, argv);
  if (!command_line) {
    std::fprintf(stderr, "five9_exporter: %s\n\n%s", command_line.error().message.c_str(),
                 UsageText().c_str());
    return kExitUsageOrConfig;
  }
  if (command_line->help) {
    std::fputs(UsageText().c_str(), stdout);
    return 0;
  }
  // Why: operators and packaging scripts ask the binary what it is without a config file.
  if (command_line->version) {
    std::printf("five9_exporter %s (revision %s)\n", FIVE9_VERSION, FIVE9_REVISION);
    return 0;
  }

  // Why: configure logging before the config load so its warnings use the chosen format.
  SetLogLevel(command_line->log_level);
  SetLogFormat(command_line->log_format);

  // Why: a bad file must stop us before any Five9 session is opened (exit 2, file:line:col).
  Result<Config> config = LoadConfigFile(command_line->config_file, OverridesFrom(*command_line));
  if (!config) {
    std::fprintf(stderr, "five9_exporter: invalid configuration:\n%s\n",
                 config.error().message.c_str());
    return kExitUsageOrConfig;
  }

  // Why: --check-config lets deploy pipelines validate a file without talking to Five9.
  if (command_line->check_config) {
    std::printf("config OK: %zu domain(s)\n", config->domains.size());
    return 0;
  }

  // Why: signals are taken synchronously by this thread only; block them before any
  // thread starts so none of the pollers or web workers is interrupted by them.
  sigset_t signals = BlockShutdownAndReloadSignals();

  // Why: web.max_connections (default 1024 per listener) plus Five9 sessions and files
  // need more descriptors than the usual soft limit of 1024; running out would refuse
  // the very scrapes the caps protect.
  if (const rlim_t files = RaiseOpenFileLimit();
      files != RLIM_INFINITY && files < static_cast<rlim_t>(config->web.max_connections) + 64) {
    LogWarn("the open-file limit is below web.max_connections plus headroom",
            {{"limit", std::to_string(files)},
             {"max_connections", std::to_string(config->web.max_connections)}});
  }

  // Why: one assembly of metrics, pollers, exposition and web server, reloadable in place.
  const std::string listen_address = config->web.listen_address;
  ExporterRuntime runtime(std::move(*config), OverridesFrom(*command_line), FIVE9_VERSION,
                          FIVE9_REVISION);
  // Why: an unbindable port or unusable TLS file is fatal at start-up, with its reason.
  if (Result<void> started = runtime.Start(); !started) {
    LogError("cannot start", {{"error", started.error().ToString()}});
    return started.error().code == ErrorCode::kIo ? kExitRuntimeError : kExitUsageOrConfig;
  }
  // Why: tests and operators using port 0 learn the bound address from this line.
  LogInfo("listening",
          {{"address", BoundAddress(listen_address, runtime.port())}, {"version", FIVE9_VERSION}});

  // Why: SIGHUP reloads (a bad file is refused and the old config keeps running);
  // SIGTERM/SIGINT end the loop for a clean shutdown.
  WaitForShutdown(signals, runtime);

  // Why: closeSession for every domain frees the Five9 user for the next exporter.
  runtime.Stop();
  LogInfo("stopped");
  return 0;
}
