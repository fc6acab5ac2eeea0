#pragma once
// LeaderElector: leader election for one domain on one coordination.k8s.io/v1 Lease, with
// client-go's timing semantics (k8s.io/client-go/tools/leaderelection):
//   - A candidate takes the Lease when nobody holds it (holderIdentity empty: released)
//     or when the holder's record has not changed for lease_duration, judged by the
//     LOCAL steady clock from the moment this process last observed a change (never by
//     comparing the renewTime written by another node's wall clock).
//   - The leader renews every retry_period; every PUT carries the resourceVersion last
//     read, a 409 means someone else wrote: read again.
//   - The leader stops leading when renew_deadline passes without a successful renewal
//     (counted from the moment the last successful renewal was SENT, so it errs early).
//     lease_duration - renew_deadline is the margin during which neither replica calls
//     Five9 (config load checks it is >= 2 s and >= retry_period).
// MayCall() is the fence the domain poller checks before every Five9 call.
//
// Thread-safety: Step(), Run() and Release() on one thread (the elector's); MayCall() and
// Status() from any thread. Hooks are called on the elector's thread, never under a lock.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/ha/lease.h"
#include "exporter/ha/lease_client.h"

namespace five9exp {

struct ElectorOptions {
  std::string lease_name;  // <lease_prefix>-<domain>
  std::string identity;    // this process; unique per process
  std::chrono::milliseconds lease_duration{30'000};
  std::chrono::milliseconds renew_deadline{20'000};
  std::chrono::milliseconds retry_period{5'000};
};

struct ElectorHooks {
  // Annotations written on every acquire/renew (the state URL). May be empty.
  std::function<std::map<std::string, std::string>()> annotations;
  // max_domains: called before taking a Lease; false keeps this replica standby. Every
  // true is matched by one unreserve() (failed attempt or lost leadership).
  std::function<bool()> reserve;
  std::function<void()> unreserve;
  std::function<void()> on_started_leading;
  // Called once the fence is already closed (MayCall() false).
  std::function<void(std::string_view reason)> on_stopped_leading;
  // Every Lease read that is held by another replica (the standby mirrors its state).
  std::function<void(const Lease&)> on_observed;
};

struct ElectionStatus {
  bool leading = false;
  std::string holder;                     // as last observed; empty = released or unknown
  std::string state_url;                  // the holder's kStateUrlAnnotation
  std::optional<SteadyTime> observed_at;  // last change of the record we saw
  std::optional<SteadyTime> renewed_at;   // our last successful renewal (while leading)
  std::string last_error;                 // of the last API server call; empty = ok
};

class LeaderElector {
 public:
  // `client` and `clock` must outlive the elector.
  LeaderElector(ElectorOptions options, LeaseClient& client, Clock& clock, ElectorHooks hooks);

  // One acquire-or-renew attempt (client-go tryAcquireOrRenew) plus the transitions it
  // implies. Returns when the next attempt is due.
  SteadyTime Step(std::stop_token stop);
  // Step() and sleep until `stop`.
  void Run(std::stop_token stop);
  // Closes the fence and stops leading (on_stopped_leading) without touching the Lease;
  // for shut-down, before the poller stops. Idempotent.
  void Resign();
  // After Resign(): clears holderIdentity so a standby takes over within retry_period.
  // Best effort (one read and one write); kNotReady when we did not hold the Lease.
  Result<void> Release(std::stop_token stop);

  // The fence: leading and the last successful renewal younger than renew_deadline.
  bool MayCall() const;
  ElectionStatus Status() const;
  const ElectorOptions& options() const { return options_; }

 private:
  enum class Attempt { kDone, kReadAgain };
  Attempt TryAcquireOrRenew(std::stop_token stop);
  void Observe(const Lease& lease, SteadyTime now);
  void BecomeLeader(const Lease& written, SteadyTime sent_at);
  void StopLeading(std::string_view reason);
  std::chrono::milliseconds RequestTimeout(SteadyTime now) const;
  Lease Claim(Lease base, WallTime wall, bool new_holder) const;
  bool Reserve();
  void Unreserve();

  const ElectorOptions options_;
  LeaseClient& client_;
  Clock& clock_;
  const ElectorHooks hooks_;

  // Fence state, read by the poller thread.
  std::atomic<bool> leading_{false};
  std::atomic<int64_t> renewed_at_ns_{0};  // steady time since epoch of the last renewal sent

  // State below is owned by the elector's thread.
  std::string observed_key_;  // holder, renewTime, transitions, duration of the last record
  bool reserved_ = false;
  bool resigned_ = false;

  mutable std::mutex mutex_;
  // State below is protected by mutex_ (copies for Status()).
  ElectionStatus status_;
};

}  // namespace five9exp
