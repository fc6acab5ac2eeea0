#include "simulator/limit_model.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>

namespace five9sim {

using five9exp::SteadyTime;

std::vector<LimitRule> DefaultLimitRules() {
  using std::chrono::seconds;
  return {
      {"QueryChangedStatistics", seconds(60), 30},
      {"QueryChangedStatistics", seconds(3600), 1200},
      {"QueryChangedStatistics", seconds(86400), 24000},
      {"QueryStatistics", seconds(60), 2},
      {"QueryStatistics", seconds(3600), 15},
      {"QueryStatistics", seconds(86400), 240},
  };
}

namespace {

// Forward steps a hint may walk before the search switches to binary search (a long
// jump of `now` or a stale hint).
constexpr size_t kLinearSteps = 16;

}  // namespace

LimitModel::LimitModel(std::vector<LimitRule> rules, double window_scale)
    : rules_(std::move(rules)), window_scale_(window_scale > 0 ? window_scale : 1.0) {
  for (const LimitRule& rule : rules_) {
    scaled_windows_.push_back(Scaled(rule.window));
    longest_window_ = std::max(longest_window_, scaled_windows_.back());
  }
}

SteadyTime::duration LimitModel::Scaled(std::chrono::seconds window) const {
  auto scaled = std::chrono::duration<double>(static_cast<double>(window.count()) * window_scale_);
  return std::chrono::duration_cast<SteadyTime::duration>(scaled);
}

size_t LimitModel::FirstAfter(const History& history, SteadyTime t, uint64_t& hint) {
  const std::deque<Bucket>& buckets = history.buckets;
  const auto later = [](SteadyTime value, const Bucket& b) { return value < b.at; };
  size_t i =
      hint < history.first_position
          ? 0
          : static_cast<size_t>(std::min<uint64_t>(hint - history.first_position, buckets.size()));
  if (i > 0 && buckets[i - 1].at > t) {
    // The answer lies before the hint: `t` went backwards or a bucket was inserted.
    i = static_cast<size_t>(
        std::upper_bound(buckets.begin(), buckets.begin() + static_cast<ptrdiff_t>(i), t, later) -
        buckets.begin());
  } else {
    // The usual case: time moved forward a little, walk the few buckets it passed.
    for (size_t steps = 0; i < buckets.size() && buckets[i].at <= t; ++i, ++steps) {
      if (steps == kLinearSteps) {
        i = static_cast<size_t>(
            std::upper_bound(buckets.begin() + static_cast<ptrdiff_t>(i), buckets.end(), t, later) -
            buckets.begin());
        break;
      }
    }
  }
  hint = history.first_position + i;
  return i;
}

int64_t LimitModel::CountLocked(History& history, size_t rule, SteadyTime now) const {
  const auto total_before = [&history](size_t i) {
    return i == 0 ? history.pruned_total : history.buckets[i - 1].total;
  };
  const size_t end = FirstAfter(history, now, history.now_hint);
  const size_t begin =
      FirstAfter(history, now - scaled_windows_[rule], history.window_start_hint[rule]);
  return total_before(end) - total_before(begin);
}

LimitModel::History& LimitModel::HistoryLocked(std::string_view operation_type) {
  auto it = history_.find(operation_type);
  if (it == history_.end()) {
    it = history_.emplace(std::string(operation_type), History{}).first;
    it->second.window_start_hint.assign(rules_.size(), 0);
  }
  return it->second;
}

void LimitModel::AddLocked(std::string_view operation_type, int64_t count, SteadyTime now) {
  History& history = HistoryLocked(operation_type);
  std::deque<Bucket>& buckets = history.buckets;
  consumed_[std::string(operation_type)] += count;
  if (!buckets.empty() && buckets.back().at == now) {
    buckets.back().count += count;
    buckets.back().total += count;
  } else if (buckets.empty() || buckets.back().at < now) {
    const int64_t before = buckets.empty() ? history.pruned_total : buckets.back().total;
    buckets.push_back({now, count, before + count});
  } else {
    // Out-of-order time (a caller with an older `now`): keep the history sorted and
    // the running totals right. Such callers are only slightly late, so few buckets
    // follow the insertion point.
    auto pos = std::lower_bound(buckets.begin(), buckets.end(), now,
                                [](const Bucket& b, SteadyTime t) { return b.at < t; });
    if (pos->at == now) {
      pos->count += count;
    } else {
      pos = buckets.insert(pos, {now, count, 0});
    }
    for (auto it = pos; it != buckets.end(); ++it) {
      it->total = (it == buckets.begin() ? history.pruned_total : std::prev(it)->total) + it->count;
    }
  }
  // Keep kOutOfOrderTolerance more than the longest window so a slightly late `now`
  // still sees every call of its windows.
  const SteadyTime horizon = buckets.back().at - longest_window_ - kOutOfOrderTolerance;
  while (!buckets.empty() && buckets.front().at <= horizon) {
    history.pruned_total = buckets.front().total;
    buckets.pop_front();
    ++history.first_position;
  }
}

std::optional<LimitRule> LimitModel::TryConsume(std::string_view method, SteadyTime now) {
  const std::string_view type = OperationTypeOf(method);
  if (type.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  History& history = HistoryLocked(type);
  for (size_t rule = 0; rule < rules_.size(); ++rule) {
    if (rules_[rule].operation_type != type) continue;
    if (CountLocked(history, rule, now) >= rules_[rule].limit) {
      ++violations_[rules_[rule].operation_type];
      return rules_[rule];
    }
  }
  AddLocked(type, 1, now);
  return std::nullopt;
}

std::vector<five9exp::LimitTimeoutState> LimitModel::State(SteadyTime now) const {
  std::set<std::chrono::seconds> windows;
  for (const LimitRule& rule : rules_) windows.insert(rule.window);
  std::vector<five9exp::LimitTimeoutState> states;
  std::lock_guard lock(mutex_);
  for (std::chrono::seconds window : windows) {
    five9exp::LimitTimeoutState state;
    state.timeout_s =
        std::max<int64_t>(1, std::llround(static_cast<double>(window.count()) * window_scale_));
    for (size_t rule = 0; rule < rules_.size(); ++rule) {
      if (rules_[rule].window != window) continue;
      auto it = history_.find(rules_[rule].operation_type);
      const int64_t used = it == history_.end() ? 0 : CountLocked(it->second, rule, now);
      state.call_counter_states.push_back({rules_[rule].operation_type, rules_[rule].limit, used});
    }
    states.push_back(std::move(state));
  }
  return states;
}

void LimitModel::Preload(std::string_view operation_type, int64_t count, SteadyTime now) {
  if (count <= 0) return;
  std::lock_guard lock(mutex_);
  AddLocked(operation_type, count, now);
}

int64_t LimitModel::violations() const {
  std::lock_guard lock(mutex_);
  int64_t total = 0;
  for (const auto& [type, count] : violations_) total += count;
  return total;
}

std::map<std::string, int64_t> LimitModel::ViolationsByOperation() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::map<std::string, int64_t> LimitModel::ConsumedByOperation() const {
  std::lock_guard lock(mutex_);
  return consumed_;
}

void LimitModel::Reset() {
  std::lock_guard lock(mutex_);
  history_.clear();
  violations_.clear();
  consumed_.clear();
}

}  // namespace five9sim
