#include "exporter/statistics/budget.h"

#include <algorithm>
#include <cmath>

namespace five9exp {

std::vector<LimitTimeoutState> DefaultCallCounters() {
  // The guide's table: QueryChangedStatistics 30/min, 1200/h, 24000/day;
  // QueryStatistics 2/min, 15/h, 240/day.
  auto window = [](int64_t seconds, int64_t changed, int64_t query) {
    return LimitTimeoutState{seconds,
                             {{std::string(kQueryChangedStatistics), changed, 0},
                              {std::string(kQueryStatistics), query, 0}}};
  };
  return {window(60, 30, 2), window(3600, 1200, 15), window(86400, 24000, 240)};
}

ApiBudget::ApiBudget(double budget_share, const std::vector<LimitTimeoutState>& initial)
    : share_(budget_share) {
  // Seeding is a refresh with zero usage, minus the timestamp: no refresh happened yet.
  Refresh(initial, SteadyTime{});
  last_refresh_.reset();
}

int64_t ApiBudget::Allowed(int64_t limit) const {
  if (limit <= 0) return 0;
  // The epsilon keeps 30 * 0.8 at 24 despite binary floating point.
  int64_t allowed = static_cast<int64_t>(std::floor(static_cast<double>(limit) * share_ + 1e-9));
  return std::max<int64_t>(1, std::min(allowed, limit));
}

int64_t ApiBudget::OwnInWindow(const Operation& op, std::chrono::seconds length, SteadyTime now) {
  // A call at c is inside the sliding window at t while t < c + length.
  auto first = std::upper_bound(op.own_calls.begin(), op.own_calls.end(), now - length);
  auto last = std::upper_bound(op.own_calls.begin(), op.own_calls.end(), now);
  return last > first ? last - first : 0;
}

int64_t ApiBudget::OthersAt(const Window& window, SteadyTime now) {
  return now < window.others_since + window.length ? window.others : 0;
}

void ApiBudget::Refresh(const std::vector<LimitTimeoutState>& state, SteadyTime now) {
  std::map<std::string, std::vector<Window>, std::less<>> fresh;
  for (const LimitTimeoutState& limit_window : state) {
    for (const CallCounterState& counter : limit_window.call_counter_states) {
      Window window;
      window.length = std::chrono::seconds(std::max<int64_t>(1, limit_window.timeout_s));
      window.limit = counter.limit;
      window.allowed = Allowed(counter.limit);
      window.domain_used = counter.value;
      window.others_since = now;
      fresh[counter.operation_type].push_back(window);
    }
  }
  for (auto& [name, windows] : fresh) {
    Operation& op = operations_[name];
    for (Window& window : windows) {
      window.others =
          std::max<int64_t>(0, window.domain_used - OwnInWindow(op, window.length, now));
    }
    std::sort(windows.begin(), windows.end(),
              [](const Window& a, const Window& b) { return a.length < b.length; });
    op.windows = std::move(windows);
  }
  // An operation missing from the answer keeps its previous windows: forgetting them
  // would make it unlimited on the strength of an odd answer.
  last_refresh_ = now;
}

SteadyTime ApiBudget::WindowFreeAt(const Operation& op, const Window& window, SteadyTime now,
                                   int extra) {
  if (window.allowed <= 0) return SteadyTime::max();
  const int64_t others = OthersAt(window, now);
  int64_t used = others + OwnInWindow(op, window.length, now) + extra;
  if (used + 1 <= window.allowed) return now;
  // Walk the expiries in time order until enough calls have left the window.
  const SteadyTime others_expiry = window.others_since + window.length;
  bool others_pending = others > 0;
  auto own = std::upper_bound(op.own_calls.begin(), op.own_calls.end(), now - window.length);
  auto own_end = std::upper_bound(op.own_calls.begin(), op.own_calls.end(), now);
  int64_t extra_left = extra;
  while (used + 1 > window.allowed) {
    SteadyTime next = SteadyTime::max();
    int which = -1;  // 0 others, 1 own, 2 extra
    if (others_pending && others_expiry < next) next = others_expiry, which = 0;
    if (own != own_end && *own + window.length < next) next = *own + window.length, which = 1;
    if (extra_left > 0 && now + window.length < next) next = now + window.length, which = 2;
    if (which < 0) return SteadyTime::max();
    if (which == 0) {
      used -= others;
      others_pending = false;
    } else if (which == 1) {
      --used;
      ++own;
    } else {
      --used;
      --extra_left;
    }
    if (used + 1 <= window.allowed) return std::max(next, now);
  }
  return now;
}

bool ApiBudget::CanSpend(std::string_view operation_type, SteadyTime now) const {
  return NextSlot(operation_type, now) <= now;
}

SteadyTime ApiBudget::NextSlot(std::string_view operation_type, SteadyTime now, int extra) const {
  if (operation_type.empty()) return now;
  auto it = operations_.find(operation_type);
  if (it == operations_.end()) return now;  // Five9 reports no limit for it
  SteadyTime slot = now;
  for (const Window& window : it->second.windows) {
    slot = std::max(slot, WindowFreeAt(it->second, window, now, extra));
  }
  return slot;
}

std::chrono::nanoseconds ApiBudget::PaceInterval(std::string_view operation_type) const {
  auto it = operations_.find(operation_type);
  if (it == operations_.end()) return std::chrono::nanoseconds(0);
  std::chrono::nanoseconds interval(0);
  for (const Window& window : it->second.windows) {
    const int64_t room = std::max<int64_t>(1, window.allowed - window.others);
    interval = std::max(interval,
                        std::chrono::duration_cast<std::chrono::nanoseconds>(window.length) / room);
  }
  return interval;
}

SteadyTime ApiBudget::NextPacedSlot(std::string_view operation_type, SteadyTime now,
                                    int extra) const {
  SteadyTime slot = NextSlot(operation_type, now, extra);
  if (operation_type.empty()) return slot;
  auto it = operations_.find(operation_type);
  if (it == operations_.end()) return slot;
  std::optional<SteadyTime> last;
  if (extra > 0) {
    last = now;
  } else if (!it->second.own_calls.empty()) {
    last = it->second.own_calls.back();
  }
  if (last) slot = std::max(slot, *last + PaceInterval(operation_type));
  return std::max(slot, now);
}

void ApiBudget::Record(std::string_view operation_type, SteadyTime now) {
  if (operation_type.empty()) return;
  Operation& op = operations_[std::string(operation_type)];
  // Keep the deque sorted even if a caller records slightly out of order.
  op.own_calls.insert(std::upper_bound(op.own_calls.begin(), op.own_calls.end(), now), now);
  std::chrono::seconds longest(86400);
  for (const Window& window : op.windows) longest = std::max(longest, window.length);
  while (!op.own_calls.empty() && op.own_calls.front() + longest <= now) op.own_calls.pop_front();
}

void ApiBudget::OnLimitExceeded(std::string_view operation_type, std::optional<int64_t> limit,
                                SteadyTime now) {
  auto it = operations_.find(operation_type);
  if (it == operations_.end()) return;
  bool matched = false;
  for (Window& window : it->second.windows) matched |= limit && window.limit == *limit;
  for (Window& window : it->second.windows) {
    if (matched && window.limit != *limit) continue;
    // Five9 counts at least `limit` in this window: hold it full for a window length.
    const int64_t own = OwnInWindow(it->second, window.length, now);
    window.others = std::max(OthersAt(window, now), window.limit - own);
    window.others_since = now;
  }
}

std::map<std::string, SteadyTime, std::less<>> ApiBudget::NextFreeSlots(SteadyTime now) const {
  std::map<std::string, SteadyTime, std::less<>> out;
  for (const auto& [name, op] : operations_) out.emplace(name, NextSlot(name, now));
  return out;
}

std::vector<BudgetWindowState> ApiBudget::Snapshot(SteadyTime now) const {
  std::vector<BudgetWindowState> out;
  for (const auto& [name, op] : operations_) {
    for (const Window& window : op.windows) {
      out.push_back(BudgetWindowState{name, window.length.count(), window.limit, window.domain_used,
                                      OwnInWindow(op, window.length, now), window.allowed});
    }
  }
  return out;
}

}  // namespace five9exp
