#include "exporter/ha/leader_elector.h"

#include <algorithm>

#include "exporter/common/log.h"

namespace five9exp {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr milliseconds kMinRequestTimeout{200};

std::string RecordKey(const Lease& lease) {
  // What client-go compares (the whole record) minus annotations: a change of any of these
  // means the holder is alive or has changed.
  return lease.holder_identity + "\n" +
         (lease.renew_time ? std::to_string(lease.renew_time->time_since_epoch().count()) : "-") +
         "\n" + std::to_string(lease.lease_transitions) + "\n" +
         std::to_string(lease.lease_duration_seconds) + "\n" + lease.resource_version;
}

std::string StateUrlOf(const Lease& lease) {
  auto it = lease.annotations.find(std::string(kStateUrlAnnotation));
  return it == lease.annotations.end() ? std::string() : it->second;
}

}  // namespace

LeaderElector::LeaderElector(ElectorOptions options, LeaseClient& client, Clock& clock,
                             ElectorHooks hooks)
    : options_(std::move(options)), client_(client), clock_(clock), hooks_(std::move(hooks)) {}

bool LeaderElector::MayCall() const {
  if (!leading_.load()) return false;
  const SteadyTime renewed{duration_cast<SteadyTime::duration>(nanoseconds(renewed_at_ns_.load()))};
  return clock_.SteadyNow() < renewed + options_.renew_deadline;
}

ElectionStatus LeaderElector::Status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool LeaderElector::Reserve() {
  if (reserved_) return true;
  if (hooks_.reserve && !hooks_.reserve()) return false;
  reserved_ = true;
  return true;
}

void LeaderElector::Unreserve() {
  if (!reserved_) return;
  reserved_ = false;
  if (hooks_.unreserve) hooks_.unreserve();
}

milliseconds LeaderElector::RequestTimeout(SteadyTime now) const {
  if (!leading_.load()) return std::max(options_.retry_period, kMinRequestTimeout);
  // A renewal that answers after the deadline is useless: bound the wait by it.
  const SteadyTime renewed{duration_cast<SteadyTime::duration>(nanoseconds(renewed_at_ns_.load()))};
  const auto left = duration_cast<milliseconds>(renewed + options_.renew_deadline - now);
  return std::clamp(left, kMinRequestTimeout, std::max(options_.retry_period, kMinRequestTimeout));
}

void LeaderElector::Observe(const Lease& lease, SteadyTime now) {
  const std::string key = RecordKey(lease);
  std::lock_guard lock(mutex_);
  if (key != observed_key_) {
    observed_key_ = key;
    status_.observed_at = now;
  }
  status_.holder = lease.holder_identity;
  status_.state_url = StateUrlOf(lease);
}

Lease LeaderElector::Claim(Lease base, WallTime wall, bool new_holder) const {
  if (new_holder) {
    // client-go counts a transition whenever the holder changes.
    if (!base.holder_identity.empty() || base.lease_transitions > 0 || base.acquire_time) {
      ++base.lease_transitions;
    }
    base.acquire_time = wall;
  }
  base.holder_identity = options_.identity;
  base.lease_duration_seconds = static_cast<int>(
      std::max<int64_t>(1, duration_cast<std::chrono::seconds>(options_.lease_duration).count()));
  base.renew_time = wall;
  base.name = options_.lease_name;
  if (hooks_.annotations) {
    for (auto& [key, value] : hooks_.annotations()) base.annotations[key] = value;
  }
  return base;
}

void LeaderElector::BecomeLeader(const Lease& written, SteadyTime sent_at) {
  renewed_at_ns_.store(duration_cast<nanoseconds>(sent_at.time_since_epoch()).count());
  {
    std::lock_guard lock(mutex_);
    observed_key_ = RecordKey(written);
    status_.observed_at = sent_at;
    status_.renewed_at = sent_at;
    status_.holder = written.holder_identity;
    status_.state_url = StateUrlOf(written);
    status_.leading = true;
  }
  if (leading_.exchange(true)) return;  // a renewal
  LogInfo("leading", {{"lease", options_.lease_name}, {"identity", options_.identity}});
  if (hooks_.on_started_leading) hooks_.on_started_leading();
}

void LeaderElector::StopLeading(std::string_view reason) {
  if (!leading_.exchange(false)) return;
  {
    std::lock_guard lock(mutex_);
    status_.leading = false;
    status_.renewed_at.reset();
  }
  LogWarn("stopped leading", {{"lease", options_.lease_name}, {"reason", std::string(reason)}});
  if (hooks_.on_stopped_leading) hooks_.on_stopped_leading(reason);
  Unreserve();
}

LeaderElector::Attempt LeaderElector::TryAcquireOrRenew(std::stop_token stop) {
  const SteadyTime now = clock_.SteadyNow();
  const WallTime wall = clock_.WallNow();
  const milliseconds timeout = RequestTimeout(now);
  auto record_error = [this](const Error& error) {
    std::lock_guard lock(mutex_);
    status_.last_error = error.ToString();
  };

  Result<std::optional<Lease>> current = client_.Get(options_.lease_name, stop, timeout);
  if (!current) {
    record_error(current.error());
    return Attempt::kDone;
  }
  if (!current->has_value()) {
    // No Lease yet (the overlay ships them; this is for other set-ups): create it.
    if (leading_.load()) StopLeading("Lease deleted");
    if (!Reserve()) return Attempt::kDone;
    const SteadyTime sent_at = clock_.SteadyNow();
    Result<Lease> created = client_.Create(Claim(Lease{}, wall, true), stop, timeout);
    if (!created) {
      record_error(created.error());
      Unreserve();
      return IsConflict(created.error()) ? Attempt::kReadAgain : Attempt::kDone;
    }
    BecomeLeader(*created, sent_at);
    return Attempt::kDone;
  }

  const Lease& lease = **current;
  Observe(lease, now);
  const bool mine = lease.holder_identity == options_.identity;
  if (!mine) {
    if (leading_.load()) StopLeading("Lease taken by " + lease.holder_identity);
    if (hooks_.on_observed && !lease.holder_identity.empty()) hooks_.on_observed(lease);
    const milliseconds their_duration = lease.lease_duration_seconds > 0
                                            ? std::chrono::seconds(lease.lease_duration_seconds)
                                            : options_.lease_duration;
    SteadyTime observed_at;
    {
      std::lock_guard lock(mutex_);
      observed_at = status_.observed_at.value_or(now);
    }
    const bool expired = lease.holder_identity.empty() || now >= observed_at + their_duration;
    if (!expired) return Attempt::kDone;
    if (hooks_.on_observed && lease.holder_identity.empty()) hooks_.on_observed(lease);
  }
  if (!leading_.load() && !Reserve()) return Attempt::kDone;
  const SteadyTime sent_at = clock_.SteadyNow();
  Result<Lease> written = client_.Update(Claim(lease, wall, !mine), stop, timeout);
  if (!written) {
    record_error(written.error());
    if (!leading_.load()) Unreserve();
    return IsConflict(written.error()) ? Attempt::kReadAgain : Attempt::kDone;
  }
  {
    std::lock_guard lock(mutex_);
    status_.last_error.clear();
  }
  BecomeLeader(*written, sent_at);
  return Attempt::kDone;
}

SteadyTime LeaderElector::Step(std::stop_token stop) {
  const SteadyTime started = clock_.SteadyNow();
  if (!resigned_) {
    // 409 means our read was stale: read again at once, a bounded number of times.
    for (int i = 0; i < 3 && !stop.stop_requested(); ++i) {
      if (TryAcquireOrRenew(stop) == Attempt::kDone) break;
    }
  }
  if (leading_.load() && !MayCall()) StopLeading("renew deadline passed without a renewal");
  SteadyTime next = started + options_.retry_period;
  if (leading_.load()) {
    const SteadyTime renewed{
        duration_cast<SteadyTime::duration>(nanoseconds(renewed_at_ns_.load()))};
    next = std::min(next, renewed + options_.renew_deadline);
  }
  return std::max(next, clock_.SteadyNow());
}

void LeaderElector::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    const SteadyTime next = Step(stop);
    if (stop.stop_requested()) break;
    clock_.SleepUntil(next, stop);
  }
}

void LeaderElector::Resign() {
  resigned_ = true;
  StopLeading("shutting down");
}

Result<void> LeaderElector::Release(std::stop_token stop) {
  Result<std::optional<Lease>> current = client_.Get(options_.lease_name, stop);
  if (!current) return tl::unexpected(current.error());
  if (!current->has_value() || (**current).holder_identity != options_.identity) {
    return MakeError(ErrorCode::kNotReady, "not the holder of " + options_.lease_name);
  }
  Lease released = **current;
  released.holder_identity.clear();
  released.lease_duration_seconds = 1;
  released.renew_time = clock_.WallNow();
  Result<Lease> written = client_.Update(released, stop);
  if (!written) return tl::unexpected(written.error());
  LogInfo("Lease released", {{"lease", options_.lease_name}});
  return {};
}

}  // namespace five9exp
