// ExporterRuntime under high availability: the elector hooks (a domain is polled only where
// it is led), the state peers fetch (GET /-/state/{domain}) and the hand-over at shut-down.
#include <algorithm>
#include <cstdlib>

#include "exporter/common/log.h"
#include "exporter/runtime.h"

namespace five9exp {
namespace {

// The entity tag of checkpoint bytes for GET /-/state: a standby holding them gets a 304.
std::string EntityTag(const std::string& bytes) {
  char etag[24];
  std::snprintf(etag, sizeof(etag), "\"%016zx\"", std::hash<std::string>{}(bytes));
  return etag;
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

void ExporterRuntime::ResignLeadership() {
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

}  // namespace five9exp
