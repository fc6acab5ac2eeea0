#pragma once
// StateMirror: a standby's copy of each domain leader's state (SPEC "High availability":
// "a standby fetches the leader's state every checkpoint_interval"). The source of a domain
// is the state URL the Lease holder advertises; the mirror keeps the freshest bytes it got,
// asking with If-None-Match so an unchanged state costs a 304. A takeover resumes from
// Latest() (after one last FetchNow from the previous holder, whose final state is the
// freshest there is).
//
// Thread-safety: every public method is thread-safe; one background thread fetches.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "exporter/common/clock.h"
#include "exporter/ha/peer_state_client.h"

namespace five9exp {

class StateMirror {
 public:
  struct Entry {
    std::shared_ptr<const std::string> bytes;
    std::string etag;
    SteadyTime fetched_at{};  // last 200 or 304
  };

  StateMirror(PeerStateClientOptions options, Clock& clock, std::chrono::milliseconds interval);
  ~StateMirror();  // Stop()

  void Start();
  void Stop();
  // The current holder's state URL for `domain` ("" = none known: keep what we have).
  void SetSource(const std::string& domain, const std::string& url);
  // Stops fetching `domain` (this replica leads it now); keeps its entry.
  void Pause(const std::string& domain);
  // One fetch of `domain` now, on the caller's thread (takeover).
  void FetchNow(const std::string& domain);
  std::optional<Entry> Latest(const std::string& domain) const;

 private:
  struct Source {
    std::string url;
    bool paused = false;
    std::optional<Entry> entry;
  };
  void Run(std::stop_token stop);
  void FetchOne(const std::string& domain, std::stop_token stop);

  const PeerStateClientOptions options_;
  Clock& clock_;
  const std::chrono::milliseconds interval_;

  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<std::string, Source> sources_;

  std::jthread thread_;  // last: joins before the members above go
};

}  // namespace five9exp
