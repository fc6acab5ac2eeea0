#pragma once
// ExporterRuntime: assembles the running exporter from a Config — self-metrics, the
// snapshot store, one DomainPoller per domain (each with its own Five9 session), the
// exposition and the web server — and applies reloads.
//
// Reload keeps what did not change: a domain whose polling settings are unchanged keeps
// its poller (render settings such as column filters and agent_info apply in place); a
// domain whose polling changed but whose session did not (same endpoint, username,
// password, view settings) gets a new poller that takes over the session and tables where
// the old one stopped (Restore: no QueryStatistics call); only a session change or a new
// domain starts cold; a removed domain's poller closes its session. Listener changes (web/admin
// addresses, TLS) need a restart and are refused with a message, the old configuration staying in
// force.
//
// Owned by main. Start/Stop from main's thread; Reload is thread-safe (SIGHUP from
// main's thread, POST /-/reload from a web worker).

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/config/config.h"
#include "exporter/config/config_loader.h"
#include "exporter/leadership.h"
#include "exporter/metrics/exposition.h"
#include "exporter/metrics/self_metrics.h"
#include "exporter/state_mirror.h"
#include "exporter/statistics/checkpoint_writer.h"
#include "exporter/statistics/domain_poller.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/web_server.h"

namespace five9exp {

class ExporterRuntime {
 public:
  ExporterRuntime(Config config, ConfigOverrides overrides, std::string version,
                  std::string revision);
  ~ExporterRuntime();

  // Validates the Config (validate.h), binds the listeners and starts every domain's poller.
  // kConfig when the Config breaks a rule or a domain's poller cannot be made, kIo/kConfig
  // when a listener cannot start (nothing keeps running then; main exits 2 on kConfig).
  Result<void> Start();
  // Re-reads the config file; a bad file or a listener change is refused (old config kept).
  // Either way recorded in five9_exporter_config_reload_success / _reloads_total.
  Result<void> Reload();
  // Reopens the files written by name (the admin audit log) after logrotate moved them.
  void ReopenLogs();
  // Stops the web server, then every poller (each closes its Five9 session; with a state
  // directory it hands over instead: the session stays open and a final checkpoint is
  // written for the next process). With high
  // availability: resigns first (fences closed, pollers stopped without closeSession),
  // then releases the Leases it held so a standby takes over within retry_period.
  void Stop();

  // 0 until Start succeeded (a refused start has no listener).
  int port() const { return web_ ? web_->port() : 0; }
  int admin_port() const { return web_ ? web_->admin_port() : 0; }

 private:
  // Reload's work; Reload records its result.
  Result<void> ApplyReload();
  // kConfig naming the domain when its transport cannot be made (fatal at start-up: a
  // domain never silently goes without its poller).
  Result<std::unique_ptr<DomainPoller>> MakePoller(const DomainConfig& domain);
  // One poller per domain (by name), or the first failure.
  Result<std::map<std::string, std::unique_ptr<DomainPoller>>> MakePollers(
      const std::vector<const DomainConfig*>& domains);
  // Domain handles for the web server from the current pollers. Caller holds mutex_.
  std::vector<DomainHandle> Handles() const;
  // High availability (leadership_ set): the elector hooks. A domain's poller exists only
  // while this replica leads it; it is made (and its series appear) when leadership
  // starts and stopped, without closeSession, when it ends. Take mutex_.
  void OnStartedLeading(const std::string& domain);
  void OnStoppedLeading(const std::string& domain);
  std::vector<LeadershipView> LeadershipViews() const;
  // With state.directory: restores `poller` (not started yet) from its domain's checkpoint
  // file when it is valid, and counts the outcome (five9_exporter_state_restores_total);
  // anything else is one warning and a cold start (whose budget still counts the call
  // times of a readable checkpoint). Caller holds mutex_.
  void RestoreFromStateDirectory(DomainPoller& poller);
  // Restores `poller` (not started yet) from checkpoint bytes (a file, or a peer's state
  // under high availability) when they fit its domain; counts the outcome. True when it
  // resumed. Caller holds mutex_.
  bool RestoreFromCheckpoint(DomainPoller& poller, std::string_view bytes);
  void CountRestore(const std::string& domain, std::string_view outcome, std::string_view why);
  // Base URL peers fetch /-/state/{domain} from: advertise_url, else http(s)://$POD_IP:port.
  std::string AdvertiseUrl() const;

  const ConfigOverrides overrides_;
  SystemClock clock_;
  SelfMetrics self_metrics_;
  SnapshotStore store_;

  std::mutex mutex_;  // serialises Reload and Stop
  // State below is protected by mutex_ (after Start).
  Config config_;
  std::map<std::string, std::unique_ptr<DomainPoller>> pollers_;  // by domain name
  std::unique_ptr<Exposition> exposition_;
  std::unique_ptr<WebServer> web_;
  bool stopped_ = false;
  // Set by Start when the config has high_availability (changes of that section need a
  // restart); its threads call the hooks above.
  std::unique_ptr<Leadership> leadership_;
  // The checkpoints of the domains polled here: written to state.directory (when set) and
  // served by GET /-/state/{domain} under high availability (flushed once more when
  // leadership ends). Set by Start when either is configured. Then, under high
  // availability, this replica's mirror of the other leaders' state.
  std::unique_ptr<CheckpointWriter> checkpoints_;
  std::unique_ptr<StateMirror> mirror_;
  std::optional<PeerState> PeerStateOf(const std::string& domain) const;
  // After releasing the Leases at shut-down: waits (bounded) until a peer has fetched the
  // final state of each domain in `etags` (domain -> entity tag), so the successor resumes
  // from it rather than from its last periodic copy.
  void WaitForFinalStateFetched(const std::map<std::string, std::string>& etags);
  // Stop's first step under high availability: fences close and led pollers stop, the
  // Leases are released, and the successor gets a bounded wait to fetch the final state.
  void ResignLeadership();

  mutable std::mutex served_mutex_;
  mutable std::condition_variable served_cv_;
  // State below is protected by served_mutex_: the entity tag last served per domain.
  mutable std::map<std::string, std::string> served_etags_;
};

}  // namespace five9exp
