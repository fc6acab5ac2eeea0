#include "exporter/runtime.h"

#include <algorithm>
#include <cstdlib>

#include "exporter/common/log.h"
#include "exporter/config/validate.h"
#include "exporter/five9/endpoint.h"
#include "exporter/five9/http_transport.h"
#include "exporter/five9/proxy.h"
#include "exporter/statistics/checkpoint_file.h"
#include "exporter/statistics/pseudonym.h"

namespace five9exp {
namespace {

// The entity tag of checkpoint bytes for GET /-/state: a standby holding them gets a 304.
std::string EntityTag(const std::string& bytes) {
  char etag[24];
  std::snprintf(etag, sizeof(etag), "\"%016zx\"", std::hash<std::string>{}(bytes));
  return etag;
}

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

// The domain's egress proxy as Validate judged it (same ChooseProxy, same environment), with
// the credentials of proxy_credentials_file over any in the environment's URL.
Result<std::optional<ProxyServer>> ChooseEgressProxy(const DomainConfig& domain) {
  auto endpoint = ParseEndpoint(domain.endpoint);
  if (!endpoint)
    return MakeError(ErrorCode::kConfig,
                     "domain " + domain.name + ": endpoint " + endpoint.error().message);
  auto choice = ChooseProxy(domain.proxy_url, *endpoint, std::getenv);
  if (!choice) {
    return MakeError(ErrorCode::kConfig, "domain " + domain.name + ": " + choice.error().message);
  }
  if (choice->server && !domain.proxy_credentials_source.empty()) {
    choice->server->username = domain.proxy_username;
    choice->server->password = domain.proxy_password;
  }
  if (choice->server) {
    LogInfo(
        "egress proxy",
        {{"domain", domain.name}, {"proxy", choice->server->Display()}, {"from", choice->source}});
  } else if (!choice->source.empty()) {
    LogInfo("no egress proxy", {{"domain", domain.name}, {"from", choice->source}});
  }
  return std::move(choice->server);
}

std::vector<StatisticType> EnabledTypes(const DomainConfig& domain) {
  std::vector<StatisticType> out;
  for (const auto& [type, cfg] : domain.statistics) {
    if (cfg.enabled) out.push_back(type);
  }
  return out;
}

// Of checkpoint bytes from several sources, the most recently written readable one.
std::shared_ptr<const std::string> Freshest(
    const std::vector<std::shared_ptr<const std::string>>& candidates) {
  std::shared_ptr<const std::string> best;
  WallTime best_written{};
  for (const auto& bytes : candidates) {
    if (!bytes) continue;
    CheckpointResult<DomainCheckpoint> decoded = DecodeCheckpoint(*bytes);
    if (!decoded) continue;
    if (!best || decoded->written > best_written) {
      best = bytes;
      best_written = decoded->written;
    }
  }
  return best;
}

}  // namespace

ExporterRuntime::ExporterRuntime(Config config, ConfigOverrides overrides, std::string version,
                                 std::string revision)
    : overrides_(std::move(overrides)),
      self_metrics_(std::move(version), std::move(revision)),
      config_(std::move(config)) {}

ExporterRuntime::~ExporterRuntime() { Stop(); }

Result<std::unique_ptr<DomainPoller>> ExporterRuntime::MakePoller(const DomainConfig& domain) {
  HttpTransportOptions transport_options;
  transport_options.endpoint = domain.endpoint;
  transport_options.username = domain.username;
  transport_options.password = domain.password;
  transport_options.ca_file = domain.ca_file;
  transport_options.insecure_skip_verify = domain.tls_insecure_skip_verify;
  auto proxy = ChooseEgressProxy(domain);
  if (!proxy) return tl::unexpected(proxy.error());
  transport_options.proxy = std::move(*proxy);
  auto transport = HttpTransport::Create(std::move(transport_options));
  if (!transport) {
    // Validate judged the URL with the same parser, so this is rare (an unusable client);
    // it is fatal rather than a domain that silently never polls.
    return MakeError(ErrorCode::kConfig,
                     "domain " + domain.name +
                         ": cannot create its Five9 transport: " + transport.error().message);
  }
  ClientOptions client_options;
  client_options.api_version = domain.api_version;
  client_options.default_read_timeout = domain.request_timeout;
  auto client = std::make_unique<SupervisorClient>(std::move(*transport), client_options);

  PollerHooks hooks;
  const std::string name = domain.name;
  hooks.on_call = [this, name](std::string_view method, std::string_view outcome,
                               std::chrono::duration<double> duration) {
    self_metrics_.ObserveApiCall(name, method, outcome, duration);
  };
  hooks.on_full_reload = [this, name](StatisticType type, std::string_view reason) {
    self_metrics_.CountFullReload(name, ToWire(type), reason);
  };
  hooks.on_admin_queue = [this, name](size_t queued) { self_metrics_.SetAdminQueue(name, queued); };
  hooks.on_resume_failed = [this, name] { self_metrics_.CountStateRestore(name, "session_gone"); };
  hooks.on_session_takeover = [this, name] { self_metrics_.CountSessionTakeover(name); };
  if (leadership_) {
    Leadership* leadership = leadership_.get();
    hooks.may_call = [leadership, name] { return leadership->MayCall(name); };
  }
  return std::make_unique<DomainPoller>(domain, std::move(client), clock_, store_,
                                        std::move(hooks));
}

Result<std::map<std::string, std::unique_ptr<DomainPoller>>> ExporterRuntime::MakePollers(
    const std::vector<const DomainConfig*>& domains) {
  std::map<std::string, std::unique_ptr<DomainPoller>> made;
  for (const DomainConfig* domain : domains) {
    auto poller = MakePoller(*domain);
    if (!poller) return tl::unexpected(poller.error());
    made[domain->name] = std::move(*poller);
  }
  return made;
}

std::vector<DomainHandle> ExporterRuntime::Handles() const {
  std::vector<DomainHandle> handles;
  for (const DomainConfig& domain : config_.domains) {
    auto it = pollers_.find(domain.name);
    DomainHandle handle;
    handle.name = domain.name;
    if (it != pollers_.end() && it->second) {
      handle.runner = it->second.get();
      if (domain.chat_receive) handle.chat = &it->second->chat();
    }
    handle.enabled_types = EnabledTypes(domain);
    handle.standby = leadership_ && !handle.runner;
    if (domain.agent_labels == AgentLabels::kPseudonym) {
      handle.user_label = [key = domain.pseudonym_key](std::string_view username) {
        return AgentPseudonym(key, username);
      };
    }
    handles.push_back(std::move(handle));
  }
  return handles;
}

Result<void> ExporterRuntime::Start() {
  std::lock_guard lock(mutex_);
  // The same rules as --check-config, whoever built the Config.
  auto valid = Validate(config_);
  if (!valid) return tl::unexpected(valid.error());
  if (valid->admin_plain_http_exposed) {
    const std::string& where = config_.admin.listen_address.empty() ? config_.web.listen_address
                                                                    : config_.admin.listen_address;
    LogWarn("admin API without TLS on a non-loopback address (admin.insecure)",
            {{"address", where}});
  }
  if (config_.high_availability) {
    Leadership::Hooks hooks;
    hooks.started = [this](const std::string& domain) { OnStartedLeading(domain); };
    hooks.stopped = [this](const std::string& domain) { OnStoppedLeading(domain); };
    hooks.observed = [this](const std::string& domain, const Lease& lease) {
      auto url = lease.annotations.find(std::string(kStateUrlAnnotation));
      if (mirror_) mirror_->SetSource(domain, url == lease.annotations.end() ? "" : url->second);
    };
    auto leadership = Leadership::Create(*config_.high_availability, clock_, std::move(hooks));
    if (!leadership) {
      return MakeError(ErrorCode::kConfig, "high_availability: " + leadership.error().message);
    }
    leadership_ = std::move(*leadership);
    mirror_ = std::make_unique<StateMirror>(
        PeerStateClientOptions{.peer_token = config_.high_availability->peer_token}, clock_,
        config_.state.checkpoint_interval);
  }
  if (!config_.state.directory.empty()) {
    // Made now, not at the first write: an unusable directory is a start-up error.
    if (auto ready = EnsureStateDirectory(config_.state.directory); !ready) {
      return MakeError(ready.error().code, "state.directory: " + ready.error().message);
    }
  }
  std::vector<const DomainConfig*> all;
  for (const DomainConfig& domain : config_.domains) all.push_back(&domain);
  // Made for every domain even under high availability, so a domain whose poller cannot be
  // made fails the start now, not when this replica first leads it.
  auto made = MakePollers(all);
  if (!made) return tl::unexpected(made.error());
  if (leadership_) {
    made->clear();
    for (const DomainConfig& domain : config_.domains) self_metrics_.SetLeader(domain.name, false);
  } else {
    // Without high availability this process leads every domain (SPEC), so the leader
    // alerts see one leader per domain on single-replica installs too.
    for (const DomainConfig& domain : config_.domains) self_metrics_.SetLeader(domain.name, true);
  }
  exposition_ =
      std::make_unique<Exposition>(store_, self_metrics_, RenderOptionsByDomain(config_.domains));
  if (leadership_ || !config_.state.directory.empty()) {
    CheckpointWriterHooks checkpoint_hooks;
    checkpoint_hooks.column_kinds = [this](const std::string& domain) {
      return exposition_->Kinds(domain);
    };
    if (!config_.state.directory.empty()) {
      checkpoint_hooks.on_written = [this](const std::string& domain, bool ok, WallTime written) {
        self_metrics_.CountCheckpoint(
            domain, ok, std::chrono::duration<double>(written.time_since_epoch()).count());
      };
    }
    checkpoints_ = std::make_unique<CheckpointWriter>(
        CheckpointWriterOptions{.directory = config_.state.directory,
                                .interval = config_.state.checkpoint_interval},
        store_, clock_, std::move(checkpoint_hooks));
    checkpoints_->SetDomains(config_.domains);
  }

  WebServerOptions web_options;
  web_options.web = config_.web;
  web_options.admin = config_.admin;
  web_options.version = FIVE9_VERSION;
  if (config_.high_availability) web_options.peer_token = config_.high_availability->peer_token;
  WebServerDeps deps;
  deps.store = &store_;
  deps.clock = &clock_;
  deps.metrics_body = [this](bool gzip) { return exposition_->Body(gzip); };
  deps.dropped_families = [this] { return exposition_->Dropped(); };
  deps.count_admin_request = [this](std::string_view action, int code) {
    self_metrics_.CountAdminRequest(action, code);
  };
  deps.reload = [this] { return Reload(); };
  if (leadership_) {
    deps.leadership = [this] { return LeadershipViews(); };
    deps.peer_state = [this](const std::string& domain) { return PeerStateOf(domain); };
  }
  deps.count_admin_auth_failure = [this](std::string_view reason) {
    self_metrics_.CountAdminAuthFailure(reason);
  };
  deps.count_web_config_reload = [this](bool ok) { self_metrics_.CountWebConfigReload(ok); };
  deps.count_handler_exception = [this](std::string_view handler) {
    self_metrics_.CountHandlerException(handler);
  };
  deps.set_http_connections = [this](std::string_view state, int64_t count) {
    self_metrics_.SetHttpConnections(state, count);
  };
  deps.count_http_connection_dropped = [this](std::string_view reason) {
    self_metrics_.CountHttpConnectionDropped(reason);
  };
  web_ = std::make_unique<WebServer>(std::move(web_options), std::move(deps));

  pollers_ = std::move(*made);
  // Before any Five9 call and before the first scrape: a valid checkpoint makes this a
  // warm start whose tables /metrics serves at once.
  for (auto& [name, poller] : pollers_) {
    if (poller) RestoreFromStateDirectory(*poller);
  }
  web_->SetDomains(Handles());
  if (auto started = web_->Start(); !started) {
    pollers_.clear();
    return started;
  }
  for (auto& [name, poller] : pollers_) {
    if (poller) poller->Start();
  }
  self_metrics_.SetConfigLoaded(clock_.WallNow());
  if (checkpoints_) checkpoints_->Start();
  if (leadership_) {
    if (!config_.high_availability->peer_token.empty()) mirror_->Start();
    leadership_->SetStateUrl(AdvertiseUrl());
    std::vector<std::string> names;
    for (const DomainConfig& domain : config_.domains) names.push_back(domain.name);
    // Only adds electors: their threads wait for mutex_ until Start returns.
    leadership_->SetDomains(names);
    LogInfo("high availability: electing",
            {{"identity", leadership_->identity()}, {"domains", std::to_string(names.size())}});
  }
  return {};
}

void ExporterRuntime::RestoreFromStateDirectory(DomainPoller& poller) {
  if (config_.state.directory.empty()) return;
  const std::string& domain = poller.domain();
  const std::string path = CheckpointPath(config_.state.directory, domain);
  Result<std::optional<std::string>> bytes = ReadSmallFile(path, kMaxCheckpointBytes);
  if (!bytes) return CountRestore(domain, "invalid", bytes.error().message);
  if (!*bytes) return CountRestore(domain, "none", "no checkpoint file " + path);
  RestoreFromCheckpoint(poller, **bytes);
}

bool ExporterRuntime::RestoreFromCheckpoint(DomainPoller& poller, std::string_view bytes) {
  const std::string& domain = poller.domain();
  auto config = std::find_if(config_.domains.begin(), config_.domains.end(),
                             [&](const DomainConfig& d) { return d.name == domain; });
  if (config == config_.domains.end()) return false;
  CheckpointResult<DomainCheckpoint> checkpoint = DecodeCheckpoint(bytes);
  if (!checkpoint) {
    CountRestore(domain, CheckpointProblemName(checkpoint.error().problem),
                 checkpoint.error().message);
    return false;
  }
  if (CheckpointResult<void> fits = CheckCheckpointFits(*checkpoint, *config, clock_.WallNow());
      !fits) {
    // Not resumable, but its calls were ours: they still count against the windows.
    poller.CountPreviousCalls(checkpoint->query_statistics_calls);
    CountRestore(domain, CheckpointProblemName(fits.error().problem), fits.error().message);
    return false;
  }
  exposition_->SeedKinds(domain, checkpoint->column_kinds);
  poller.Restore(*checkpoint);
  CountRestore(domain, "resumed", "");
  return true;
}

void ExporterRuntime::CountRestore(const std::string& domain, std::string_view outcome,
                                   std::string_view why) {
  self_metrics_.CountStateRestore(domain, outcome);
  if (!why.empty()) {
    LogWarn("checkpoint not used; cold start",
            {{"domain", domain}, {"outcome", std::string(outcome)}, {"reason", std::string(why)}});
  }
}

std::string ExporterRuntime::AdvertiseUrl() const {
  const HighAvailabilityConfig& ha = *config_.high_availability;
  if (!ha.advertise_url.empty()) return ha.advertise_url;
  const char* pod_ip = std::getenv("POD_IP");
  if (!pod_ip || !*pod_ip) {
    LogWarn(
        "high availability: no advertise_url and no $POD_IP; standbys cannot mirror "
        "this replica's state (takeovers start cold)");
    return {};
  }
  const std::string ip = pod_ip;
  const std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
  return std::string(config_.web.tls ? "https://" : "http://") + host + ":" +
         std::to_string(web_->port());
}

std::optional<PeerState> ExporterRuntime::PeerStateOf(const std::string& domain) const {
  std::shared_ptr<const std::string> bytes = checkpoints_->Latest(domain);
  if (!bytes) return std::nullopt;
  // The entity tag names the bytes: a standby holding them gets a 304.
  PeerState state{bytes, EntityTag(*bytes)};
  {
    std::lock_guard lock(served_mutex_);
    served_etags_[domain] = state.etag;
  }
  served_cv_.notify_all();
  return state;
}

void ExporterRuntime::WaitForFinalStateFetched(const std::map<std::string, std::string>& etags) {
  if (etags.empty()) return;
  const auto& k = config_.high_availability->kubernetes;
  // A standby sees the release within retry_period and fetches at once; give it that and a
  // few seconds for a loaded machine. Without a standby nobody comes: the wait just ends.
  const auto deadline = std::chrono::steady_clock::now() + k.retry_period + std::chrono::seconds(5);
  std::unique_lock lock(served_mutex_);
  const bool fetched = served_cv_.wait_until(lock, deadline, [&] {
    for (const auto& [domain, etag] : etags) {
      auto it = served_etags_.find(domain);
      if (it == served_etags_.end() || it->second != etag) return false;
    }
    return true;
  });
  LogInfo(fetched ? "final state fetched by the successor"
                  : "final state not fetched in time; the successor resumes from its mirror",
          {{"domains", std::to_string(etags.size())}});
}

void ExporterRuntime::OnStartedLeading(const std::string& domain) {
  if (mirror_) {
    // The previous holder's final state is the freshest there is (a released Lease keeps
    // its state URL); then stop mirroring a domain we lead.
    mirror_->FetchNow(domain);
    mirror_->Pause(domain);
  }
  std::lock_guard lock(mutex_);
  if (stopped_ || pollers_.count(domain)) return;
  auto it = std::find_if(config_.domains.begin(), config_.domains.end(),
                         [&](const DomainConfig& d) { return d.name == domain; });
  if (it == config_.domains.end()) return;  // removed by a reload; its elector stops soon
  auto poller = MakePoller(*it);
  if (!poller) {
    LogError("cannot make the poller of a domain this replica leads",
             {{"domain", domain}, {"error", poller.error().ToString()}});
    return;
  }
  // Warm takeover: the freshest state of whoever led last (the previous leader's final or
  // mirrored state, or our own from when we last led) resumes its session, which fenced
  // leaders leave open; else the state directory's file; else a cold start.
  std::vector<std::shared_ptr<const std::string>> candidates;
  if (mirror_) {
    if (auto mirrored = mirror_->Latest(domain)) candidates.push_back(mirrored->bytes);
  }
  if (checkpoints_) candidates.push_back(checkpoints_->Latest(domain));
  std::shared_ptr<const std::string> freshest = Freshest(candidates);
  if (!freshest || !RestoreFromCheckpoint(**poller, *freshest)) {
    RestoreFromStateDirectory(**poller);
  }
  (*poller)->Start();
  pollers_[domain] = std::move(*poller);
  // Served to the standbys at once, not an interval later: a leader killed soon after
  // taking over still leaves its successor something to resume from.
  if (checkpoints_) checkpoints_->FlushDomain(domain);
  web_->SetDomains(Handles());
  self_metrics_.SetLeader(domain, true);
}

void ExporterRuntime::OnStoppedLeading(const std::string& domain) {
  std::unique_ptr<DomainPoller> dropped;
  std::lock_guard lock(mutex_);
  self_metrics_.SetLeader(domain, false);
  auto it = pollers_.find(domain);
  if (it == pollers_.end()) return;
  dropped = std::move(it->second);
  pollers_.erase(it);
  // The fence is closed: Stop cancels the in-flight call and skips closeSession.
  if (dropped) dropped->Stop();
  // The final state, served to the successor (GET /-/state/{domain}) before the series go.
  if (checkpoints_) checkpoints_->FlushDomain(domain);
  // A domain's data series only on its leader (Prometheus never sees them twice).
  store_.Remove(domain);
  web_->SetDomains(Handles());
}

std::vector<LeadershipView> ExporterRuntime::LeadershipViews() const {
  std::vector<LeadershipView> views;
  for (const LeadershipRow& row : leadership_->Rows()) {
    LeadershipView view;
    view.domain = row.domain;
    view.leading = row.leading;
    view.holder = row.holder;
    view.observed_age_seconds = row.observed_age_seconds;
    view.last_error = row.last_error;
    if (mirror_ && !row.leading) {
      if (auto entry = mirror_->Latest(row.domain); entry && entry->bytes) {
        view.mirror_age_seconds =
            std::chrono::duration<double>(clock_.SteadyNow() - entry->fetched_at).count();
      }
    }
    views.push_back(std::move(view));
  }
  return views;
}

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

void ExporterRuntime::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  if (leadership_) {
    // Fences close and led pollers stop without closeSession (the successor resumes the
    // session); only then are the Leases released, so two replicas never call at once.
    if (mirror_) mirror_->Stop();
    const std::vector<std::string> led = leadership_->Resign();
    std::map<std::string, std::string> final_etags;
    for (const std::string& domain : led) {
      if (auto bytes = checkpoints_->Latest(domain)) final_etags[domain] = EntityTag(*bytes);
    }
    leadership_->Release(led);
    if (!config_.high_availability->peer_token.empty()) WaitForFinalStateFetched(final_etags);
  }
  // The web server stops first, without the lock: a /-/reload worker may be waiting for
  // it, and once stopped_ is set that worker returns at once, so joining cannot deadlock.
  // No admin call can then be queued on a poller that is going away.
  if (web_) web_->Stop();
  std::lock_guard lock(mutex_);
  // With a state directory the sessions are handed over to the next process: no
  // closeSession, and the final checkpoint below records where polling stopped.
  const StopMode mode =
      config_.state.directory.empty() ? StopMode::kCloseSession : StopMode::kHandOver;
  // In parallel: each domain's last call (closeSession, or the cancelled long poll) runs
  // beside the others', so one stuck Five9 delays no other domain.
  for (auto& [name, poller] : pollers_) {
    if (poller) poller->RequestStop(mode);
  }
  for (auto& [name, poller] : pollers_) {
    if (poller) poller->Stop(mode);
  }
  if (checkpoints_) {
    checkpoints_->Stop();
    checkpoints_->Flush();
  }
  pollers_.clear();
}

void ExporterRuntime::ReopenLogs() {
  std::lock_guard lock(mutex_);
  if (web_) web_->ReopenAuditLog();
}

}  // namespace five9exp
