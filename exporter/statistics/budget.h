#pragma once
// ApiBudget: how many Five9 calls this exporter may still send, per operation type and
// limit window, so that no window ever passes budget_share of its limit.
//
// Five9 reports its windows with getCallCountersState (FIELD-NOTES "Domain limits"):
// per window length, each apiOperationType's limit and the value already used by the
// whole domain (other integrations included). We combine that with our own accounting:
//
//   used(window, t) = others + own calls in the last `window` seconds before t
//
// where `others` = the domain value at the last refresh minus our own calls that were
// in that window at the refresh (clamped at 0). `others` is held until the next refresh
// or until a full window has passed since the refresh (by then every call it counted has
// left the window, sliding or fixed). Our own calls are counted in sliding windows, the
// strictest reading, so the estimate never falls below what Five9 can count for us.
// Calls other integrations make after a refresh are invisible until the next refresh:
// that is what the (1 - budget_share) headroom is for.
//
//   allowed(window) = floor(limit * budget_share), but at least 1 when limit >= 1.
//
// With the guide's defaults and share 0.8 that is QueryStatistics 1/min, 12/h, 192/day
// and QueryChangedStatistics 24/min, 960/h, 19200/day. The "at least 1" exception only
// matters for limits below 1/share (e.g. a limit of 1): without it the exporter could
// never call at all. Consequence of the strict floor at the default 2/min: start-up
// (setSessionParameters + eight getStatistics) takes about eight minutes, not four.
//
// Before the first refresh the guide's default limits are assumed, with no other usage.
//
// Pure: no I/O, no threads, time is passed in. Not thread-safe (owned by the poller
// thread; the poller publishes Snapshot()s for other threads).

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

// kQueryStatistics, kQueryChangedStatistics and OperationTypeOf live in five9/types.h,
// shared with the simulator's limit model.

// The guide's default windows (used until getCallCountersState answers).
std::vector<LimitTimeoutState> DefaultCallCounters();

class ApiBudget {
 public:
  explicit ApiBudget(double budget_share,
                     const std::vector<LimitTimeoutState>& initial = DefaultCallCounters());

  // Merges a getCallCountersState answer received at `now`. Windows and limits are
  // replaced by the answer's; a window that disappeared is forgotten.
  void Refresh(const std::vector<LimitTimeoutState>& state, SteadyTime now);

  // True when one more call of `operation_type` at `now` keeps every window within its
  // allowance (and the operation is not paused). Uncounted types ("") are always true.
  bool CanSpend(std::string_view operation_type, SteadyTime now) const;

  // Earliest time >= now at which CanSpend would be true, assuming `extra` more own calls
  // were recorded at `now` first (extra = 1 answers "when could I call again after this").
  SteadyTime NextSlot(std::string_view operation_type, SteadyTime now, int extra = 0) const;

  // Like NextSlot, but also keeps our own calls evenly spaced: at least PaceInterval()
  // after our last call. Greedy use of a sliding window would spend a day's allowance in
  // bursts and then starve for hours; pacing spreads it so data age stays even.
  SteadyTime NextPacedSlot(std::string_view operation_type, SteadyTime now, int extra = 0) const;

  // Spacing that spends what is left of every window's allowance evenly over that
  // window: the largest window / (allowed - others) over the operation's windows.
  std::chrono::nanoseconds PaceInterval(std::string_view operation_type) const;

  // Accounts one of our own calls sent at `now`.
  void Record(std::string_view operation_type, SteadyTime now);

  // Five9 answered OperationsLimitExceededFault (with the fault's `limit` when known):
  // treats the matching windows (all of the operation's when unknown) as full until a
  // window length has passed, or until a refresh tells better. The poller should refresh
  // the counters soon after.
  void OnLimitExceeded(std::string_view operation_type, std::optional<int64_t> limit,
                       SteadyTime now);

  // NextSlot(operation, now) of every operation type the budget knows (for the snapshot).
  std::map<std::string, SteadyTime, std::less<>> NextFreeSlots(SteadyTime now) const;

  // Per window and operation: limit, domain value, own use, allowance (for the snapshot).
  std::vector<BudgetWindowState> Snapshot(SteadyTime now) const;

  double budget_share() const { return share_; }
  std::optional<SteadyTime> last_refresh() const { return last_refresh_; }

 private:
  struct Window {
    std::chrono::seconds length{0};
    int64_t limit = 0;
    int64_t allowed = 0;
    int64_t domain_used = 0;    // as reported at the last refresh
    int64_t others = 0;         // domain_used minus our own calls in the window then
    SteadyTime others_since{};  // `others` is held until others_since + length
  };
  struct Operation {
    std::vector<Window> windows;
    std::deque<SteadyTime> own_calls;  // sorted; trimmed to the longest window
  };

  int64_t Allowed(int64_t limit) const;
  static int64_t OwnInWindow(const Operation& op, std::chrono::seconds length, SteadyTime now);
  static int64_t OthersAt(const Window& window, SteadyTime now);
  // Earliest time >= now at which this window has room for one more call given `extra`
  // calls at now.
  static SteadyTime WindowFreeAt(const Operation& op, const Window& window, SteadyTime now,
                                 int extra);

  const double share_;
  std::map<std::string, Operation, std::less<>> operations_;
  std::optional<SteadyTime> last_refresh_;
};

}  // namespace five9exp
