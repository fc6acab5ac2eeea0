#include "exporter/statistics/scheduler.h"

#include <algorithm>

#include "exporter/statistics/poll_allocation.h"

namespace five9exp {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

SchedulerOptions SchedulerOptions::FromConfig(const DomainConfig& config) {
  SchedulerOptions options;
  for (StatisticType type : kAllStatisticTypes) {
    auto it = config.statistics.find(type);
    if (it == config.statistics.end()) {
      options.types.emplace_back(type, 1);  // all eight are on by default
    } else if (it->second.enabled) {
      const StatisticTypeConfig& statistic = it->second;
      // An auto type's pair weight is its importance.
      options.types.emplace_back(
          type, std::max(1, statistic.auto_weight ? statistic.importance.value_or(statistic.weight)
                                                  : statistic.weight));
      if (statistic.auto_weight) options.auto_weight.push_back(type);
    }
  }
  options.max_poll_interval = config.max_poll_interval;
  options.chat_receive = config.chat_receive;
  options.max_long_poll = config.max_long_poll;
  options.counters_refresh = config.counters_refresh;
  return options;
}

std::string_view Action::Method() const {
  switch (kind) {
    case Kind::kNewSession:
      return "setSessionParameters";
    case Kind::kRefreshCounters:
      return "getCallCountersState";
    case Kind::kFullLoad:
      return "getStatistics";
    case Kind::kDeltaPoll:
      return "getStatisticsUpdate";
    case Kind::kReceiveMessages:
      return "receiveMessages";
    case Kind::kSleep:
      return "";
  }
  return "";
}

Scheduler::Scheduler(SchedulerOptions options, const ApiBudget& budget)
    : options_(std::move(options)), budget_(budget), rng_(options_.seed) {
  for (const auto& [type, weight] : options_.types) {
    TypeState state;
    state.type = type;
    state.weight = std::max(1, weight);
    state.auto_weight = std::find(options_.auto_weight.begin(), options_.auto_weight.end(), type) !=
                        options_.auto_weight.end();
    types_.push_back(std::move(state));
  }
  // Load order: highest weight first; ties keep the WSDL order.
  std::stable_sort(types_.begin(), types_.end(),
                   [](const TypeState& a, const TypeState& b) { return a.weight > b.weight; });
}

Scheduler::TypeState* Scheduler::Find(StatisticType type) {
  for (TypeState& state : types_) {
    if (state.type == type) return &state;
  }
  return nullptr;
}

const Scheduler::TypeState* Scheduler::Find(StatisticType type) const {
  return const_cast<Scheduler*>(this)->Find(type);
}

std::chrono::milliseconds Scheduler::LongPoll(SteadyTime now, SteadyTime limit) const {
  // Fill the time until we could call again, so changes arrive as they happen instead
  // of waiting for the next poll; but never past the cap (admin calls queue behind us)
  // nor past the next thing the scheduler wants to do.
  SteadyTime until = std::min(budget_.NextPacedSlot(kQueryChangedStatistics, now, 1), limit);
  milliseconds wait = until > now ? duration_cast<milliseconds>(until - now) : milliseconds(0);
  return std::clamp(wait, milliseconds(0), options_.max_long_poll);
}

Action Scheduler::Next(SteadyTime now) {
  Action action;
  if (backoff_until_ && now < *backoff_until_) {
    action.until = *backoff_until_;
    return action;
  }
  if (!has_session_ && !counters_refreshed_) {
    // A fresh poller reads what the domain already spent (no session needed) before its
    // first setSessionParameters: a crash loop of cold starts stays within the share.
    action.kind = Action::Kind::kRefreshCounters;
    return action;
  }
  if (!has_session_) {
    SteadyTime slot = budget_.NextSlot(kQueryStatistics, now);
    if (slot <= now) {
      action.kind = Action::Kind::kNewSession;
    } else {
      action.until = slot;
    }
    return action;
  }
  if (counters_requested_ || !counters_refreshed_ ||
      now >= *counters_refreshed_ + options_.counters_refresh) {
    action.kind = Action::Kind::kRefreshCounters;
    return action;
  }
  SteadyTime wake = *counters_refreshed_ + options_.counters_refresh;

  // A time-zone transition: re-send the view settings (a new session) as soon as the
  // QueryStatistics window allows; until then polls end at the transition.
  if (view_settings_due_) {
    if (now >= *view_settings_due_) {
      SteadyTime slot = budget_.NextSlot(kQueryStatistics, now);
      if (slot <= now) {
        action.kind = Action::Kind::kNewSession;
        return action;
      }
      wake = std::min(wake, slot);
    } else {
      wake = std::min(wake, *view_settings_due_);
    }
  }

  for (const TypeState& state : types_) {
    if (!state.reload_pending) continue;
    if (view_settings_due_ && (now >= *view_settings_due_ ||
                               budget_.NextSlot(kQueryStatistics, now, 1) > *view_settings_due_)) {
      // The transition reloads every type anyway; a load now would take the slot the
      // re-send needs and be thrown away. Wait for the transition.
      break;
    }
    SteadyTime slot = budget_.NextSlot(kQueryStatistics, now);
    if (slot <= now) {
      action.kind = Action::Kind::kFullLoad;
      action.type = state.type;
      return action;
    }
    wake = std::min(wake, slot);
    break;  // the first pending type (highest weight) goes first
  }

  // Smooth weighted round robin over the ready types (+ chat).
  const double total = AllocateRound();
  if (total > 0) {
    SteadyTime slot = budget_.NextPacedSlot(kQueryChangedStatistics, now);
    if (slot > now) {
      action.until = std::min(wake, slot);
      return action;
    }
    TypeState* best = nullptr;
    for (TypeState& state : types_) {
      if (!Ready(state)) continue;
      state.wrr_current += state.wrr_weight;
      if (best == nullptr || state.wrr_current > best->wrr_current) best = &state;
    }
    bool chat = false;
    if (options_.chat_receive) {
      chat_wrr_current_ += 1;
      chat = best == nullptr || chat_wrr_current_ > best->wrr_current;
    }
    // The floor: a type about to go max_poll_interval unpolled goes now (it pays the round's
    // credit as if it had won it, so the others keep their order).
    if (TypeState* overdue = Overdue(now)) {
      best = overdue;
      chat = false;
    }
    action.long_poll = LongPoll(now, wake);
    if (chat) {
      chat_wrr_current_ -= total;
      action.kind = Action::Kind::kReceiveMessages;
    } else {
      best->wrr_current -= total;
      best->last_polled = now;
      action.kind = Action::Kind::kDeltaPoll;
      action.type = best->type;
    }
    return action;
  }
  action.until = wake;
  return action;
}

double Scheduler::AllocateRound() {
  std::vector<PollClaim> claims;
  std::vector<TypeState*> ready;
  bool any_auto = false;
  for (TypeState& state : types_) {
    state.share = 0;
    state.wrr_weight = 0;
    if (!Ready(state)) continue;
    claims.push_back(
        {state.auto_weight, static_cast<double>(state.weight), state.rate.PerSecond()});
    ready.push_back(&state);
    any_auto = any_auto || state.auto_weight;
  }
  double total = options_.chat_receive ? 1 : 0;
  if (ready.empty()) return total;
  double weights = 0;
  for (const TypeState* state : ready) weights += state->weight;
  if (!any_auto) {
    // Fixed weights only: integers, exactly today's round robin.
    for (TypeState* state : ready) state->wrr_weight = state->weight;
  } else {
    // Headroom of 25% over the floor's rate, so the steady state never needs Overdue().
    const double pace_s =
        std::chrono::duration<double>(budget_.PaceInterval(kQueryChangedStatistics)).count();
    const double floor_s = std::max<double>(1, options_.max_poll_interval.count());
    // One poll every floor/1.25 is pace/(floor/1.25) of the polls; never more than an equal split.
    const double min_share = std::min(1.25 * pace_s / floor_s, 1.0 / ready.size());
    const std::vector<double> shares = AllocatePollShares(claims, min_share);
    for (size_t i = 0; i < ready.size(); ++i) ready[i]->wrr_weight = shares[i] * weights;
  }
  for (TypeState* state : ready) total += state->wrr_weight;
  for (TypeState* state : ready) state->share = state->wrr_weight / total;
  return total;
}

Scheduler::TypeState* Scheduler::Overdue(SteadyTime now) {
  // Due early enough that every ready type could still be served in turn before its limit.
  int ready = 0;
  for (const TypeState& state : types_) ready += Ready(state) ? 1 : 0;
  const auto margin =
      budget_.PaceInterval(kQueryChangedStatistics) * (ready + 1) + options_.max_long_poll;
  TypeState* oldest = nullptr;
  for (TypeState& state : types_) {
    if (!Ready(state) || !state.last_polled) continue;
    if (now - *state.last_polled + margin < options_.max_poll_interval) continue;
    if (oldest == nullptr || *state.last_polled < *oldest->last_polled) oldest = &state;
  }
  return oldest;
}

std::vector<PollShare> Scheduler::PollShares() const {
  std::vector<PollShare> shares;
  for (const TypeState& state : types_) {
    shares.push_back({state.type, state.auto_weight, state.share, state.rate.PerSecond()});
  }
  return shares;
}

void Scheduler::OnSessionStarted(SteadyTime now) {
  const bool transition = view_settings_due_ && now >= *view_settings_due_ && has_session_;
  has_session_ = true;
  ever_had_session_ = true;
  counters_requested_ = true;
  if (view_settings_due_ && now >= *view_settings_due_) view_settings_due_.reset();
  for (TypeState& state : types_) {
    state.loaded = false;
    if (!state.reload_pending) {
      state.reload_pending = true;
      state.reason = transition ? "time_zone" : "session";
    }
  }
}

void Scheduler::OnSessionResumed(SteadyTime now, const std::vector<StatisticType>& restored) {
  has_session_ = true;
  ever_had_session_ = true;
  counters_requested_ = true;
  for (StatisticType type : restored) OnLoaded(type, now);
}

void Scheduler::PlanViewSettings(std::optional<SteadyTime> at) { view_settings_due_ = at; }

void Scheduler::OnSessionLost() {
  has_session_ = false;
  for (TypeState& state : types_) {
    state.loaded = false;
    if (!state.reload_pending) {
      state.reload_pending = true;
      state.reason = "session";
    }
  }
}

void Scheduler::OnCountersRefreshed(SteadyTime now) {
  counters_refreshed_ = now;
  counters_requested_ = false;
}

void Scheduler::RequestCountersRefresh() { counters_requested_ = true; }

void Scheduler::OnLoaded(StatisticType type, SteadyTime now) {
  if (TypeState* state = Find(type)) {
    state->rate.Restart(now);
    state->last_polled = now;
    state->loaded = true;
    state->reload_pending = false;
    state->reason.clear();
  }
}

void Scheduler::RequestReload(StatisticType type, std::string_view reason) {
  if (TypeState* state = Find(type)) {
    if (!state->reload_pending) state->reason = std::string(reason);
    state->reload_pending = true;
  }
}

void Scheduler::OnPolled(StatisticType type, SteadyTime now, size_t changed_objects, size_t rows) {
  if (TypeState* state = Find(type)) state->rate.Observe(now, changed_objects, rows);
}

void Scheduler::OnSuccess() {
  failures_ = 0;
  backoff_until_.reset();
}

void Scheduler::OnRetryableError(SteadyTime now) {
  // Exponential backoff with "equal jitter": half fixed, half random, so many exporters
  // hitting the same outage do not retry in lockstep.
  const int exponent = std::min(failures_, 20);
  milliseconds delay =
      std::min(options_.backoff_max, options_.backoff_initial * (int64_t{1} << exponent));
  std::uniform_int_distribution<int64_t> jitter(delay.count() / 2, delay.count());
  backoff_until_ = now + milliseconds(jitter(rng_));
  backoff_kind_ = BackoffKind::kShort;
  ++failures_;
}

void Scheduler::OnFatalError(SteadyTime now) {
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  backoff_until_ = now + duration_cast<milliseconds>(options_.long_backoff * jitter(rng_));
  backoff_kind_ = BackoffKind::kLong;
  ++failures_;
}

void Scheduler::BackOffUntil(SteadyTime until) {
  backoff_until_ = until;
  ++failures_;
}

bool Scheduler::IsLoaded(StatisticType type) const {
  const TypeState* state = Find(type);
  return state != nullptr && state->loaded;
}

bool Scheduler::IsReloadPending(StatisticType type) const {
  const TypeState* state = Find(type);
  return state != nullptr && state->reload_pending;
}

std::string_view Scheduler::ReloadReason(StatisticType type) const {
  const TypeState* state = Find(type);
  return state != nullptr && state->reload_pending ? std::string_view(state->reason) : "";
}

bool Scheduler::AllLoaded() const {
  return std::all_of(types_.begin(), types_.end(),
                     [](const TypeState& state) { return state.loaded && !state.reload_pending; });
}

BackoffKind Scheduler::Backoff(SteadyTime now) const {
  return backoff_until_ && now < *backoff_until_ ? backoff_kind_ : BackoffKind::kNone;
}

std::string_view Scheduler::StateName(SteadyTime now) const {
  if (backoff_until_ && now < *backoff_until_) return "backoff";
  if (!has_session_) return "connecting";
  if (!AllLoaded()) return "loading";
  return "polling";
}

}  // namespace five9exp
