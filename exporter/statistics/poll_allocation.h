#pragma once
// AllocatePollShares: how the delta polls of a domain are split between its statistic types.
//
// A fixed-weight type gets weight / (sum of all weights), today's rule. The types with
// `weight: auto` share the rest (the sum of their importances over the same total) by the
// square-root rule: for a fixed number of polls, the expected time a change waits before a
// poll sees it, over all changes, is smallest when each type is polled at a rate proportional
// to the square root of its change rate (Cho and Garcia-Molina, "Effective page refresh
// policies for web crawlers", TODS 2003); with an importance w per type (a change of that
// type counts w times), sqrt(w x rate). Two floors bound what a wrong or stale estimate can
// cost: an auto type keeps at least kAutoGuaranteedFraction of the share its importance would
// get as a fixed weight (so its poll period is at most 1/0.65 = 1.54x that), and at least
// `min_share` (the scheduler's max_poll_interval floor).
//
// Pure function; thread-safe.

#include <vector>

namespace five9exp {

struct PollClaim {
  bool auto_weight = false;
  double weight = 1;              // the fixed weight, or an auto type's importance (> 0)
  double changes_per_second = 0;  // auto types: the estimated change rate
};

inline constexpr double kAutoGuaranteedFraction = 0.65;

// One share per claim, in the claims' order, summing to 1 (empty for no claims).
std::vector<double> AllocatePollShares(const std::vector<PollClaim>& claims, double min_share);

}  // namespace five9exp
