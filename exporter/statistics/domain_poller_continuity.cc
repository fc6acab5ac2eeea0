// DomainPoller's session continuity: a session that outlives one poller (warm start from
// a checkpoint, the QueryStatistics call history that travels with it) and a session Five9
// closes under us (a resumed one that is gone, another client taking ours over).
#include "exporter/common/log.h"
#include "exporter/statistics/domain_poller.h"

namespace five9exp {

void DomainPoller::Restore(const DomainCheckpoint& checkpoint) {
  const SteadyTime steady_now = clock_.SteadyNow();
  const WallTime wall_now = clock_.WallNow();
  std::vector<StatisticType> restored;
  for (const auto& [type, stored] : checkpoint.tables) {
    auto table = tables_.find(type);
    if (table == tables_.end()) continue;  // disabled since: not served
    table->second.Restore(stored);
    // A table stored in doubt (or with pseudonymised keys) is served, but reloads first.
    if (table->second.consistent()) {
      restored.push_back(type);
    } else {
      scheduler_.RequestReload(type, "inconsistent");
    }
  }
  CountPreviousCalls(checkpoint.query_statistics_calls);
  scheduler_.OnSessionResumed(steady_now, restored);
  if (!config_.time_zone.fixed()) {
    // The session runs with the offset sent then: re-send now if it is no longer in force.
    const auto offset = config_.time_zone.OffsetAt(wall_now).count();
    std::optional<SteadyTime> due;
    if (offset != checkpoint.view_settings.time_zone_ms) {
      due = steady_now;
    } else if (auto next = config_.time_zone.NextTransition(wall_now)) {
      due = steady_now + std::chrono::duration_cast<SteadyTime::duration>(*next - wall_now);
    }
    scheduler_.PlanViewSettings(due);
  }
  resume_pending_ = true;
  SetSession(true);
  Publish();
  LogInfo("resuming the Five9 session from a checkpoint",
          {{"domain", config_.name}, {"types", std::to_string(restored.size())}});
}

void DomainPoller::CountPreviousCalls(const std::vector<WallTime>& query_statistics_calls) {
  const SteadyTime steady_now = clock_.SteadyNow();
  const WallTime wall_now = clock_.WallNow();
  // Steady times of the past are derived from their age; the calls stay ours and travel on
  // in the next checkpoint.
  for (WallTime call : query_statistics_calls) {
    if (call > wall_now || call + kCallHistory <= wall_now) continue;
    budget_.Record(kQueryStatistics,
                   steady_now - std::chrono::duration_cast<SteadyTime::duration>(wall_now - call));
    RememberQueryStatisticsCall(call);
  }
}

void DomainPoller::RememberQueryStatisticsCall(WallTime when) {
  auto calls = std::make_shared<std::vector<WallTime>>();
  if (query_statistics_calls_) {
    for (WallTime t : *query_statistics_calls_) {
      if (t + kCallHistory > when) calls->push_back(t);
    }
  }
  calls->push_back(when);
  query_statistics_calls_ = std::move(calls);
}

void DomainPoller::ResumeFailed() {
  if (!resume_pending_) return;
  resume_pending_ = false;
  LogWarn("the resumed Five9 session is gone; starting a new one", {{"domain", config_.name}});
  if (hooks_.on_resume_failed) hooks_.on_resume_failed();
}

void DomainPoller::SessionTakenOver(SteadyTime now) {
  while (!takeovers_.empty() && takeovers_.front() + kTakeoverWindow <= now) takeovers_.pop_front();
  takeovers_.push_back(now);
  if (hooks_.on_session_takeover) hooks_.on_session_takeover();
  LogWarn(
      "Five9 closed our session: another client opened a session with the same API user "
      "(SessionClosedFault); give each integration its own user",
      {{"domain", config_.name}, {"takeovers_in_30m", std::to_string(takeovers_.size())}});
  if (takeovers_.size() < kTakeoversBeforeBackoff) return;
  takeovers_.clear();
  scheduler_.BackOffUntil(now + config_.takeover_backoff);
  LogWarn("session taken over repeatedly; not re-opening it for takeover_backoff",
          {{"domain", config_.name},
           {"takeover_backoff_s", std::to_string(config_.takeover_backoff.count())}});
}

}  // namespace five9exp
