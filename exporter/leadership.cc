#include "exporter/leadership.h"

#include <algorithm>
#include <cctype>

#include "exporter/common/log.h"
#include "exporter/ha/http_kube_transport.h"
#include "exporter/ha/leader_elector.h"
#include "exporter/ha/lease_client.h"

namespace five9exp {
namespace {

// Lease names are DNS-1123 subdomains: lower-case alphanumerics, '-' and '.'.
std::string LeaseName(const std::string& prefix, const std::string& domain) {
  std::string out = prefix + "-";
  for (char c : domain) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : (c == '.' ? '.' : '-');
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out.substr(0, 253);
}

}  // namespace

struct Leadership::Domain {
  std::string name;
  std::unique_ptr<LeaseClient> client;
  std::unique_ptr<LeaderElector> elector;
  std::jthread thread;
  std::atomic<bool> stopped{false};  // set once by whoever stops it first
};

Result<std::unique_ptr<Leadership>> Leadership::Create(const HighAvailabilityConfig& config,
                                                       Clock& clock, Hooks hooks) {
  // Judge the URL once here, so MakeDomain cannot fail later.
  auto probe = HttpKubeTransport::Create(
      {.base_url = config.kubernetes.api_server, .ca_file = config.kubernetes.ca_file});
  if (!probe) return tl::unexpected(probe.error());
  return std::unique_ptr<Leadership>(new Leadership(config, clock, std::move(hooks)));
}

Leadership::Leadership(HighAvailabilityConfig config, Clock& clock, Hooks hooks)
    : config_(std::move(config)), clock_(clock), hooks_(std::move(hooks)) {}

Leadership::~Leadership() {
  Resign();
  std::lock_guard lock(mutex_);
  domains_.clear();
}

void Leadership::SetStateUrl(std::string url) {
  std::lock_guard lock(mutex_);
  state_url_ = std::move(url);
}

std::unique_ptr<Leadership::Domain> Leadership::MakeDomain(const std::string& name) {
  const KubernetesConfig& k = config_.kubernetes;
  auto domain = std::make_unique<Domain>();
  domain->name = name;
  auto transport = HttpKubeTransport::Create({.base_url = k.api_server, .ca_file = k.ca_file});
  // Create() judged the same URL: this cannot fail.
  LeaseClientOptions client_options;
  client_options.namespace_name = k.namespace_name;
  client_options.token_file = k.token_file;
  // A renewal slower than this is useless; a release at shut-down must not hang.
  client_options.request_timeout = std::clamp(k.renew_deadline / 2, std::chrono::milliseconds(500),
                                              std::chrono::milliseconds(5000));
  domain->client = std::make_unique<LeaseClient>(client_options, std::move(*transport), clock_);

  ElectorHooks hooks;
  hooks.annotations = [this] {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::string> out;
    if (!state_url_.empty()) out[std::string(kStateUrlAnnotation)] = state_url_;
    return out;
  };
  if (config_.max_domains > 0) {
    hooks.reserve = [this] {
      int current = leading_count_.load();
      while (current < config_.max_domains) {
        if (leading_count_.compare_exchange_weak(current, current + 1)) return true;
      }
      return false;
    };
    hooks.unreserve = [this] { leading_count_.fetch_sub(1); };
  }
  hooks.on_started_leading = [this, name] {
    if (hooks_.started) hooks_.started(name);
  };
  hooks.on_stopped_leading = [this, name](std::string_view) {
    if (hooks_.stopped) hooks_.stopped(name);
  };
  hooks.on_observed = [this, name](const Lease& lease) {
    if (hooks_.observed) hooks_.observed(name, lease);
  };
  domain->elector =
      std::make_unique<LeaderElector>(ElectorOptions{.lease_name = LeaseName(k.lease_prefix, name),
                                                     .identity = k.identity,
                                                     .lease_duration = k.lease_duration,
                                                     .renew_deadline = k.renew_deadline,
                                                     .retry_period = k.retry_period},
                                      *domain->client, clock_, std::move(hooks));
  return domain;
}

void Leadership::SetDomains(const std::vector<std::string>& names) {
  std::vector<std::shared_ptr<Domain>> removed;
  std::vector<std::shared_ptr<Domain>> added;
  {
    std::lock_guard lock(mutex_);
    for (auto it = domains_.begin(); it != domains_.end();) {
      if (std::find(names.begin(), names.end(), it->first) == names.end()) {
        removed.push_back(it->second);
        it = domains_.erase(it);
      } else {
        ++it;
      }
    }
    for (const std::string& name : names) {
      if (domains_.count(name)) continue;
      std::shared_ptr<Domain> domain = MakeDomain(name);
      domains_[name] = domain;
      added.push_back(domain);
    }
  }
  // Outside the lock: elector threads take it (annotations) and joining must not wait on us.
  for (const auto& domain : removed) StopDomain(*domain, /*release=*/true);
  for (const auto& domain : added) {
    LeaderElector* elector = domain->elector.get();
    domain->thread = std::jthread([elector](std::stop_token stop) { elector->Run(stop); });
  }
}

void Leadership::StopDomain(Domain& domain, bool release) {
  if (domain.stopped.exchange(true)) return;
  if (domain.thread.joinable()) {
    domain.thread.request_stop();
    domain.thread.join();
  }
  const bool was_leading = domain.elector->Status().leading;
  domain.elector->Resign();
  if (release && was_leading) {
    if (Result<void> released = domain.elector->Release({}); !released) {
      LogWarn("cannot release the Lease; a standby takes over when it expires",
              {{"domain", domain.name}, {"error", released.error().ToString()}});
    }
  }
}

bool Leadership::MayCall(const std::string& domain) const {
  std::lock_guard lock(mutex_);
  auto it = domains_.find(domain);
  return it != domains_.end() && it->second->elector->MayCall();
}

std::vector<std::string> Leadership::Resign() {
  std::vector<std::shared_ptr<Domain>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, domain] : domains_) all.push_back(domain);
  }
  std::vector<std::string> led;
  for (const auto& domain : all) {
    if (domain->stopped.load()) continue;
    if (domain->elector->Status().leading) led.push_back(domain->name);
    StopDomain(*domain, /*release=*/false);
  }
  return led;
}

void Leadership::Release(const std::vector<std::string>& domains) {
  std::vector<std::shared_ptr<Domain>> chosen;
  {
    std::lock_guard lock(mutex_);
    for (const std::string& name : domains) {
      if (auto it = domains_.find(name); it != domains_.end()) chosen.push_back(it->second);
    }
  }
  for (const auto& domain : chosen) {
    if (Result<void> released = domain->elector->Release({}); !released) {
      LogWarn("cannot release the Lease; a standby takes over when it expires",
              {{"domain", domain->name}, {"error", released.error().ToString()}});
    }
  }
}

std::vector<LeadershipRow> Leadership::Rows() const {
  std::vector<std::shared_ptr<Domain>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, domain] : domains_) all.push_back(domain);
  }
  std::vector<LeadershipRow> rows;
  const SteadyTime now = clock_.SteadyNow();
  for (const auto& domain : all) {
    const ElectionStatus status = domain->elector->Status();
    LeadershipRow row;
    row.domain = domain->name;
    row.leading = domain->elector->MayCall();
    row.holder = status.holder;
    if (status.observed_at) {
      row.observed_age_seconds = std::chrono::duration<double>(now - *status.observed_at).count();
    }
    row.last_error = status.last_error;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace five9exp
