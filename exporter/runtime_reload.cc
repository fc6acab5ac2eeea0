// ExporterRuntime's reload (SIGHUP, POST /-/reload): the new file is judged whole, pollers
// of changed domains are made before any old one stops, and a domain whose session is
// unchanged hands it to its new poller.
#include "exporter/common/log.h"
#include "exporter/runtime.h"

namespace five9exp {
namespace {

bool SameListeners(const Config& a, const Config& b) {
  auto tls_key = [](const WebConfig& w) {
    return w.tls ? w.tls->cert_file + "\n" + w.tls->key_file : std::string();
  };
  return a.web.listen_address == b.web.listen_address && tls_key(a.web) == tls_key(b.web) &&
         a.web.config_file == b.web.config_file &&
         a.admin.listen_address == b.admin.listen_address && a.admin.enabled == b.admin.enabled;
}

// The parts of a DomainConfig that make the Five9 session: when they are equal a changed
// domain's new poller takes over the running session and tables (no QueryStatistics call).
bool SameSession(const DomainConfig& a, const DomainConfig& b) {
  return a.name == b.name && a.endpoint == b.endpoint && a.username == b.username &&
         a.password == b.password && a.view_settings == b.view_settings &&
         a.time_zone == b.time_zone;
}

// Field-by-field equality of the parts of a DomainConfig a running poller depends on
// (column filters, kinds, agent_info and limits are the renderer's, applied on reload).
bool SameDomain(const DomainConfig& a, const DomainConfig& b) {
  auto columns_equal = [](const std::map<StatisticType, StatisticTypeConfig>& x,
                          const std::map<StatisticType, StatisticTypeConfig>& y) {
    if (x.size() != y.size()) return false;
    for (const auto& [type, cfg] : x) {
      auto it = y.find(type);
      if (it == y.end() || it->second.enabled != cfg.enabled || it->second.weight != cfg.weight ||
          it->second.auto_weight != cfg.auto_weight || it->second.importance != cfg.importance) {
        return false;
      }
    }
    return true;
  };
  return SameSession(a, b) && a.ca_file == b.ca_file && a.proxy_url == b.proxy_url &&
         a.proxy_username == b.proxy_username && a.proxy_password == b.proxy_password &&
         a.tls_insecure_skip_verify == b.tls_insecure_skip_verify &&
         a.api_version == b.api_version && a.show_only_my_skills == b.show_only_my_skills &&
         a.timestamp_time_zone == b.timestamp_time_zone && a.budget_share == b.budget_share &&
         a.max_long_poll == b.max_long_poll && a.counters_refresh == b.counters_refresh &&
         a.max_poll_interval == b.max_poll_interval && a.request_timeout == b.request_timeout &&
         a.chat_receive == b.chat_receive && columns_equal(a.statistics, b.statistics);
}

}  // namespace

Result<void> ExporterRuntime::Reload() {
  Result<void> reloaded = ApplyReload();
  // Degraded, not broken: a refused reload is a warning (the old configuration keeps
  // running), counted so an alert can say so (Five9ConfigReloadFailed).
  self_metrics_.RecordConfigReload(reloaded.has_value(), clock_.WallNow());
  return reloaded;
}

Result<void> ExporterRuntime::ApplyReload() {
  // The path is copied under the lock: SIGHUP and POST /-/reload may reload at the same
  // moment, and the other reload may be replacing config_ (source_file included) right now.
  // The file itself is read without the lock, so a slow disk never blocks the other one.
  const std::string path = [this] {
    std::lock_guard lock(mutex_);
    return config_.source_file;
  }();
  Result<Config> loaded = LoadConfigFile(path, overrides_);
  if (!loaded) {
    LogWarn("reload refused: invalid configuration; the old one keeps running",
            {{"error", loaded.error().message}});
    return tl::unexpected(loaded.error());
  }
  std::unique_lock lock(mutex_);
  if (stopped_) return MakeError(ErrorCode::kCancelled, "shutting down");
  if (!SameListeners(config_, *loaded)) {
    const std::string message =
        "reload refused: listen addresses, TLS or enabling the admin API need a restart";
    LogWarn(message);
    return MakeError(ErrorCode::kConfig, message);
  }

  // Pollers of removed or changed domains stop first: a changed domain may reuse the same
  // Five9 user, and two sessions of one user would close each other.
  std::map<std::string, const DomainConfig*> next;
  for (const DomainConfig& domain : loaded->domains) next[domain.name] = &domain;
  std::map<std::string, const DomainConfig*> previous;
  for (const DomainConfig& domain : config_.domains) previous[domain.name] = &domain;
  // New pollers are made before any old one stops, so a domain whose poller cannot be made
  // refuses the whole reload and the old configuration keeps running.
  std::vector<const DomainConfig*> fresh;
  for (const DomainConfig& domain : loaded->domains) {
    auto old = previous.find(domain.name);
    const bool keep =
        pollers_.count(domain.name) && old != previous.end() && SameDomain(*old->second, domain);
    // Under high availability only a domain led here has (and gets) a poller.
    if (!keep && (!leadership_ || pollers_.count(domain.name))) fresh.push_back(&domain);
  }
  auto made = MakePollers(fresh);
  if (!made) {
    LogWarn("reload refused: the old configuration keeps running",
            {{"error", made.error().message}});
    return tl::unexpected(made.error());
  }
  std::vector<std::unique_ptr<DomainPoller>> dropped;
  // Domains whose session goes on under their new poller: where the old one stopped.
  std::map<std::string, DomainCheckpoint> handed_over;
  for (auto it = pollers_.begin(); it != pollers_.end();) {
    auto found = next.find(it->first);
    const bool keep = found != next.end() && previous.count(it->first) &&
                      SameDomain(*previous[it->first], *found->second);
    if (keep) {
      ++it;
      continue;
    }
    const bool same_session = found != next.end() && previous.count(it->first) &&
                              SameSession(*previous[it->first], *found->second);
    // Fails its queued admin calls; closes the session unless the new poller takes it over.
    if (it->second) it->second->Stop(same_session ? StopMode::kHandOver : StopMode::kCloseSession);
    if (same_session) {
      if (auto snapshot = store_.Get(it->first)) {
        static const std::vector<WallTime> kNoCalls;
        handed_over.emplace(
            it->first,
            CheckpointFromSnapshot(
                *snapshot, *previous[it->first],
                snapshot->query_statistics_calls ? *snapshot->query_statistics_calls : kNoCalls, {},
                clock_.WallNow()));
      }
    }
    if (found == next.end()) store_.Remove(it->first);
    dropped.push_back(std::move(it->second));
    it = pollers_.erase(it);
  }
  std::optional<HighAvailabilityConfig> high_availability = config_.high_availability;
  StateConfig state = config_.state;
  config_ = std::move(*loaded);
  // The electors keep the identity and timings they started with, the checkpoints their
  // directory and interval (a restart changes them).
  config_.high_availability = std::move(high_availability);
  config_.state = std::move(state);
  if (checkpoints_) checkpoints_->SetDomains(config_.domains);
  // SetDomains returns only when no admin request still uses a dropped poller, so the
  // dropped pollers can be destroyed after it.
  web_->SetDomains(Handles());
  dropped.clear();

  std::vector<std::string> restart;
  for (const DomainConfig& domain : config_.domains) {
    if (pollers_.count(domain.name) || !made->count(domain.name)) continue;
    pollers_[domain.name] = std::move((*made)[domain.name]);
    restart.push_back(domain.name);
  }
  exposition_->SetDomains(RenderOptionsByDomain(config_.domains));
  web_->SetAdminConfig(config_.admin);
  web_->SetDomains(Handles());
  for (const std::string& name : restart) {
    if (!pollers_[name]) continue;
    if (auto handover = handed_over.find(name); handover != handed_over.end()) {
      pollers_[name]->Restore(handover->second);
    }
    pollers_[name]->Start();
  }
  LogInfo("configuration reloaded", {{"domains", std::to_string(config_.domains.size())},
                                     {"restarted", std::to_string(restart.size())}});
  if (leadership_) {
    std::vector<std::string> names;
    for (const DomainConfig& domain : config_.domains) names.push_back(domain.name);
    lock.unlock();  // stopping a removed domain's elector runs OnStoppedLeading (takes mutex_)
    leadership_->SetDomains(names);
  }
  return {};
}

}  // namespace five9exp
