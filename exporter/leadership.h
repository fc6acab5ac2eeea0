#pragma once
// Leadership: one LeaderElector per domain (SPEC "High availability and scale-out on
// Kubernetes"), each on its own thread with its own LeaseClient, plus the max_domains cap
// shared by them. The runtime learns through Hooks when this replica starts or stops
// leading a domain and asks MayCall() before every Five9 call (the poller's fence).
//
// Thread-safety: every public method is thread-safe. Hooks run on an elector's thread
// (or on the caller's, for Resign) and may block briefly; they must not call SetDomains,
// Resign or the destructor (those join elector threads).

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/config/config.h"
#include "exporter/ha/lease.h"

namespace five9exp {

class LeaderElector;
class LeaseClient;

// One domain as the status page and /metrics show it.
struct LeadershipRow {
  std::string domain;
  bool leading = false;
  std::string holder;                          // last observed holder identity; empty = none
  std::optional<double> observed_age_seconds;  // since the holder's record last changed
  std::string last_error;
};

class Leadership {
 public:
  struct Hooks {
    std::function<void(const std::string& domain)> started;
    // The fence is already closed when this runs.
    std::function<void(const std::string& domain)> stopped;
    // A Lease held (or just released) by another replica was read.
    std::function<void(const std::string& domain, const Lease& lease)> observed;
  };

  // kInvalidArgument when the API server URL is unusable.
  static Result<std::unique_ptr<Leadership>> Create(const HighAvailabilityConfig& config,
                                                    Clock& clock, Hooks hooks);
  ~Leadership();  // Resign()

  // The annotation value written while leading (base URL of GET /-/state/{domain}).
  void SetStateUrl(std::string url);
  // Starts electors for new domains and stops (resign + release) those of removed ones.
  void SetDomains(const std::vector<std::string>& domains);
  // The fence: this replica holds the domain's Lease and renewed it within renew_deadline.
  bool MayCall(const std::string& domain) const;
  // Stops every elector (no more renewals), closes every fence (Hooks::stopped for the
  // domains led) and returns the domains that were led, for Release().
  std::vector<std::string> Resign();
  // Clears holderIdentity on the Leases of `domains` so standbys take over at once.
  void Release(const std::vector<std::string>& domains);

  std::vector<LeadershipRow> Rows() const;
  const std::string& identity() const { return config_.kubernetes.identity; }

 private:
  struct Domain;
  Leadership(HighAvailabilityConfig config, Clock& clock, Hooks hooks);
  std::unique_ptr<Domain> MakeDomain(const std::string& name);
  static void StopDomain(Domain& domain, bool release);

  const HighAvailabilityConfig config_;
  Clock& clock_;
  const Hooks hooks_;
  std::atomic<int> leading_count_{0};  // reservations against max_domains

  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::string state_url_;
  std::map<std::string, std::shared_ptr<Domain>> domains_;
};

}  // namespace five9exp
