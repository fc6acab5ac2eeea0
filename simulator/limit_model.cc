#include "simulator/limit_model.h"

#include <algorithm>
#include <cmath>
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

std::string_view OperationTypeOf(std::string_view method) {
  if (method == "setSessionParameters" || method == "getStatistics" || method == "getColumnNames") {
    return "QueryStatistics";
  }
  if (method == "getStatisticsUpdate" || method == "receiveMessages") {
    return "QueryChangedStatistics";
  }
  return "";
}

LimitModel::LimitModel(std::vector<LimitRule> rules, double window_scale)
    : rules_(std::move(rules)), window_scale_(window_scale > 0 ? window_scale : 1.0) {
  for (const LimitRule& rule : rules_) {
    longest_window_ = std::max(longest_window_, Scaled(rule.window));
  }
}

SteadyTime::duration LimitModel::Scaled(std::chrono::seconds window) const {
  auto scaled = std::chrono::duration<double>(static_cast<double>(window.count()) * window_scale_);
  return std::chrono::duration_cast<SteadyTime::duration>(scaled);
}

int64_t LimitModel::CountLocked(const History& history, SteadyTime now,
                                SteadyTime::duration window) {
  int64_t count = 0;
  // Newest first: windows are short relative to the history, so stop early.
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->at > now) continue;
    if (it->at <= now - window) break;
    count += it->count;
  }
  return count;
}

void LimitModel::AddLocked(const std::string& operation_type, int64_t count, SteadyTime now) {
  History& history = history_[operation_type];
  consumed_[operation_type] += count;
  if (!history.empty() && history.back().at == now) {
    history.back().count += count;
  } else if (history.empty() || history.back().at < now) {
    history.push_back({now, count});
  } else {
    // Out-of-order time (a caller with an older `now`): keep the history sorted.
    auto pos = std::upper_bound(history.begin(), history.end(), now,
                                [](SteadyTime t, const Bucket& b) { return t < b.at; });
    history.insert(pos, {now, count});
  }
  const SteadyTime newest = history.back().at;
  while (!history.empty() && history.front().at <= newest - longest_window_) {
    history.pop_front();
  }
}

std::optional<LimitRule> LimitModel::TryConsume(std::string_view method, SteadyTime now) {
  const std::string_view type = OperationTypeOf(method);
  if (type.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = history_.find(type);
  for (const LimitRule& rule : rules_) {
    if (rule.operation_type != type) continue;
    const int64_t used =
        it == history_.end() ? 0 : CountLocked(it->second, now, Scaled(rule.window));
    if (used >= rule.limit) {
      ++violations_[rule.operation_type];
      return rule;
    }
  }
  AddLocked(std::string(type), 1, now);
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
    for (const LimitRule& rule : rules_) {
      if (rule.window != window) continue;
      auto it = history_.find(rule.operation_type);
      const int64_t used = it == history_.end() ? 0 : CountLocked(it->second, now, Scaled(window));
      state.call_counter_states.push_back({rule.operation_type, rule.limit, used});
    }
    states.push_back(std::move(state));
  }
  return states;
}

void LimitModel::Preload(std::string_view operation_type, int64_t count, SteadyTime now) {
  if (count <= 0) return;
  std::lock_guard lock(mutex_);
  AddLocked(std::string(operation_type), count, now);
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
