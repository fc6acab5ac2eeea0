#pragma once
// LeadershipView: what the status page shows per domain under high availability (who
// leads, how fresh this replica's view of the Lease and its mirror of the leader's state
// are). Plain data, produced by main at request time.

#include <optional>
#include <string>

namespace five9exp {

struct LeadershipView {
  std::string domain;
  bool leading = false;                        // this replica holds the Lease and may call Five9
  std::string holder;                          // identity of the holder as last read; empty = none
  std::optional<double> observed_age_seconds;  // since the holder's record last changed
  std::optional<double> mirror_age_seconds;    // standby: since the leader's state was fetched
  std::string last_error;                      // of the last API server call
};

}  // namespace five9exp
