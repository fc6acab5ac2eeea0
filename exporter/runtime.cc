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

void ExporterRuntime::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  if (leadership_) ResignLeadership();
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
