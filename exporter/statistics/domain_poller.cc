#include "exporter/statistics/domain_poller.h"

#include <condition_variable>
#include <utility>

#include "exporter/common/log.h"
#include "exporter/five9/fault.h"
#include "exporter/statistics/pseudonym.h"

namespace five9exp {

namespace {

constexpr size_t kMaxRecentFaults = 20;

std::string_view ReloadReasonOf(const Error& error) {
  switch (FaultTypeOf(error)) {
    case FaultType::kUnknownTimestamp:
      return "unknown_timestamp";
    case FaultType::kStatisticsNotRequested:
      return "statistics_not_requested";
    case FaultType::kConfigurationChanged:
      return "configuration_changed";
    case FaultType::kUnknownColumn:
      return "unknown_column";
    default:
      return "inconsistent";
  }
}

// agent_labels: pseudonym and agent_info: false keep names out of every snapshot.
RowPrivacy PrivacyFor(const DomainConfig& config, StatisticType type) {
  RowPrivacy privacy;
  const bool agents = KeyColumn(type) == "Username";
  if (!agents) return privacy;
  privacy.drop_personal_columns =
      !config.agent_info || config.agent_labels == AgentLabels::kPseudonym;
  if (config.agent_labels == AgentLabels::kPseudonym) {
    privacy.key_label = [key = config.pseudonym_key](std::string_view username) {
      return AgentPseudonym(key, username);
    };
  }
  return privacy;
}

}  // namespace

DomainPoller::DomainPoller(const DomainConfig& config, std::unique_ptr<SupervisorClient> client,
                           Clock& clock, SnapshotStore& store, PollerHooks hooks)
    : config_(config),
      client_(std::move(client)),
      clock_(clock),
      store_(store),
      hooks_(std::move(hooks)),
      budget_(config.budget_share),
      scheduler_(SchedulerOptions::FromConfig(config), budget_) {
  for (const auto& [type, weight] : SchedulerOptions::FromConfig(config).types) {
    tables_.emplace(type, StatisticTable(type, PrivacyFor(config, type)));
    columns_[type];
  }
}

DomainPoller::~DomainPoller() { Stop(); }

void DomainPoller::Start() {
  Publish();
  ReportAdminQueue();  // the gauge exists (0) from the start
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void DomainPoller::RequestStop(StopMode mode) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) stop_mode_ = mode;
    stopping_ = true;
  }
  thread_.request_stop();  // cancels the in-flight call and any SleepUntil
}

void DomainPoller::Stop(StopMode mode) {
  RequestStop(mode);
  if (thread_.joinable()) thread_.join();
  FailQueuedAdminCalls();
}

size_t DomainPoller::queued_admin_calls() {
  std::lock_guard lock(mutex_);
  return admin_queue_.size();
}

void DomainPoller::FailQueuedAdminCalls() {
  bool failed_any = false;
  {
    std::lock_guard lock(mutex_);
    for (const auto& job : admin_queue_) {
      job->result = MakeError(ErrorCode::kCancelled, "exporter is shutting down");
      job->done = true;
    }
    failed_any = !admin_queue_.empty();
    admin_queue_.clear();
  }
  cv_.notify_all();
  // Only a change is reported: Stop() runs again from the destructor, when the owner of
  // the hook's target may be gone already.
  if (failed_any) ReportAdminQueue();
}

void DomainPoller::ReportAdminQueue() {
  if (!hooks_.on_admin_queue) return;
  std::lock_guard report(report_mutex_);
  hooks_.on_admin_queue(queued_admin_calls());
}

template <typename Invoke>
auto DomainPoller::CallFive9(std::string_view method, CallContext context, Invoke&& invoke) {
  using CallResult = decltype(std::forward<Invoke>(invoke)());
  // The fence, checked at the last moment before every call: a replica that lost (or
  // never held) the domain's Lease sends nothing, not even closeSession.
  if (!MayCall()) {
    return CallResult(MakeError(ErrorCode::kNotReady, "this replica does not lead the domain"));
  }
  const std::string_view operation = OperationTypeOf(method);
  budget_.Record(operation, clock_.SteadyNow());  // "" = not counted: a no-op
  if (operation == kQueryStatistics) RememberQueryStatisticsCall(clock_.WallNow());
  const auto started = std::chrono::steady_clock::now();
  auto result = std::forward<Invoke>(invoke)();
  Observe(method, result ? nullptr : &result.error(), started);
  if (!result && context.on_error == OnError::kApplyFaultTable) {
    HandleError(method, result.error(), context.type, context.from_admin);
  }
  return result;
}

void DomainPoller::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (RunAdminQueue(stop)) continue;
    if (!MayCall()) {
      // Not (or no longer) the leader: no Five9 call until the owner stops us or the
      // fence opens again; a short sleep keeps this cheap without a wake-up channel.
      clock_.SleepUntil(clock_.SteadyNow() + std::chrono::milliseconds(200), stop);
      continue;
    }
    Action action = scheduler_.Next(clock_.SteadyNow());
    if (action.kind == Action::Kind::kSleep) {
      // Publish only what a sleep can change (session_state, e.g. backoff ended), so
      // renderers caching by store generation are not invalidated for nothing.
      if (scheduler_.StateName(clock_.SteadyNow()) != published_state_) Publish();
      SleepUntilWoken(action.until, stop);
      continue;
    }
    Execute(action, stop);
    Publish();
  }
  bool hand_over = false;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    hand_over = stop_mode_ == StopMode::kHandOver;
  }
  FailQueuedAdminCalls();
  // Handing over keeps the session for the next process (Five9 ends it by its idle
  // timeout if none comes). Closing frees the API user's session for the next process; it must not
  // be cancelled by the stop request that brought us here, so it gets a fresh token. Without the
  // Lease, closing is a call like any other: the new leader may already use the session (it resumes
  // it), so the fence forbids it.
  if (!hand_over && scheduler_.has_session() && MayCall()) {
    // Bounded: a Five9 that hangs must not keep the process past its grace period.
    std::stop_source deadline;
    std::jthread watchdog([&deadline](std::stop_token done) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait_for(lock, done, kCloseSessionTimeout, [] { return false; });
      if (!done.stop_requested()) deadline.request_stop();
    });
    Result<void> closed = CallFive9("closeSession", {.on_error = OnError::kCallerDecides},
                                    [&] { return client_->CloseSession(deadline.get_token()); });
    watchdog.request_stop();
    if (!closed)
      LogWarn("closeSession failed",
              {{"domain", config_.name}, {"error", closed.error().ToString()}});
    scheduler_.OnSessionLost();
  }
  SetSession(false);
  closed_ = true;
  Publish();
}

bool DomainPoller::RunAdminQueue(std::stop_token stop) {
  bool ran = false;
  for (;;) {
    std::shared_ptr<AdminJob> job;
    {
      std::lock_guard lock(mutex_);
      if (admin_queue_.empty() || stop.stop_requested()) return ran;
      job = admin_queue_.front();
      admin_queue_.pop_front();
      job->started = true;
    }
    ReportAdminQueue();
    ran = true;
    Result<void> result;
    const std::string_view operation = OperationTypeOf(job->method);
    const SteadyTime now = clock_.SteadyNow();
    if (!scheduler_.has_session()) {
      result = MakeError(ErrorCode::kNotReady, "no Five9 session yet");
    } else if (!MayCall()) {
      result = MakeError(ErrorCode::kNotReady, "this replica does not lead the domain");
    } else if (!budget_.CanSpend(operation, now)) {
      result = MakeError(ErrorCode::kBudgetExhausted,
                         std::string(operation) + " budget exhausted for " + job->method);
    } else {
      result = CallFive9(job->method, {.from_admin = true}, [&] { return job->call(*client_); });
      if (result && job->method == "setSessionParameters") {
        // New view settings start a new session: every type's timestamp is void, so
        // reload all (paced by the budget) instead of meeting UnknownTimestamp faults.
        scheduler_.OnSessionStarted(clock_.SteadyNow());
      }
    }
    // Published before the caller wakes: a 429 reads its Retry-After from this snapshot.
    Publish();
    {
      std::lock_guard lock(mutex_);
      job->result = std::move(result);
      job->done = true;
    }
    cv_.notify_all();
  }
}

Result<void> DomainPoller::RunAdminCall(std::string_view method,
                                        std::function<Result<void>(SupervisorClient&)> call,
                                        std::chrono::milliseconds queue_timeout) {
  if (!session_up_.load()) return MakeError(ErrorCode::kNotReady, "no Five9 session yet");
  auto job = std::make_shared<AdminJob>();
  job->method = std::string(method);
  job->call = std::move(call);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return MakeError(ErrorCode::kCancelled, "exporter is shutting down");
    admin_queue_.push_back(job);
    // Under the lock SleepUntilWoken registers in: the poller is either not yet asleep
    // (and will see the job) or gets this stop request. Other domains sleep on.
    if (wake_ != nullptr) wake_->request_stop();
  }
  ReportAdminQueue();
  const SteadyTime deadline = clock_.SteadyNow() + queue_timeout;
  std::unique_lock lock(mutex_);
  while (!job->done) {
    const SteadyTime now = clock_.SteadyNow();
    if (!job->started && now >= deadline) {
      std::erase(admin_queue_, job);
      lock.unlock();
      ReportAdminQueue();
      return MakeError(ErrorCode::kTimeout, "admin call did not get its turn in time");
    }
    // Woken when the job is done; the deadline is the clock's, re-read after each wait.
    cv_.wait_until(lock, std::chrono::steady_clock::now() + (deadline - now));
  }
  return std::move(job->result);
}

void DomainPoller::SleepUntilWoken(SteadyTime until, std::stop_token stop) {
  std::stop_source wake;
  {
    std::lock_guard lock(mutex_);
    if (!admin_queue_.empty()) return;  // queued between RunAdminQueue and here
    wake_ = &wake;
  }
  {
    std::stop_callback forward(stop, [&wake] { wake.request_stop(); });
    clock_.SleepUntil(until, wake.get_token());
  }
  std::lock_guard lock(mutex_);
  wake_ = nullptr;
}

void DomainPoller::Execute(const Action& action, std::stop_token stop) {
  switch (action.kind) {
    case Action::Kind::kNewSession:
      NewSession(action, stop);
      break;
    case Action::Kind::kRefreshCounters:
      RefreshCounters(action, stop);
      break;
    case Action::Kind::kFullLoad:
      FullLoad(action, stop);
      break;
    case Action::Kind::kDeltaPoll:
      DeltaPoll(action, stop);
      break;
    case Action::Kind::kReceiveMessages:
      ReceiveMessages(action, stop);
      break;
    case Action::Kind::kSleep:
      break;
  }
}

void DomainPoller::NewSession(const Action& action, std::stop_token stop) {
  // An IANA zone sends the offset in force now; the next transition is planned below.
  ViewSettings settings = config_.view_settings;
  const WallTime wall_now = clock_.WallNow();
  if (!config_.time_zone.fixed()) {
    settings.time_zone_ms = static_cast<int32_t>(config_.time_zone.OffsetAt(wall_now).count());
  }
  Result<void> result =
      CallFive9(action.Method(), {}, [&] { return client_->SetSessionParameters(settings, stop); });
  if (!result) return;
  scheduler_.OnSuccess();
  const SteadyTime steady_now = clock_.SteadyNow();
  scheduler_.OnSessionStarted(steady_now);
  std::optional<SteadyTime> transition;
  if (auto next = config_.time_zone.NextTransition(wall_now)) {
    transition = steady_now + std::chrono::duration_cast<SteadyTime::duration>(*next - wall_now);
  }
  scheduler_.PlanViewSettings(transition);
  chat_timestamp_ = 0;
  SetSession(true);
  LogInfo("Five9 session started", {{"domain", config_.name}});
}

void DomainPoller::RefreshCounters(const Action& action, std::stop_token stop) {
  // Errors are judged here: a user who may not read counters still polls.
  Result<std::vector<LimitTimeoutState>> counters =
      CallFive9(action.Method(), {.on_error = OnError::kCallerDecides},
                [&] { return client_->GetCallCountersState(stop); });
  if (!counters) {
    const FaultAction action = ActionFor(counters.error());
    // A request of this user still in flight (typically the long poll a previous process
    // left behind at a restart) is no reason to stop reading counters: retry after backoff.
    const bool busy = FaultTypeOf(counters.error()) == FaultType::kConcurrentModification;
    if (!busy &&
        (FaultTypeOf(counters.error()) == FaultType::kAccessDisallowed ||
         (counters.error().code == ErrorCode::kFault && action == FaultAction::kReportToCaller))) {
      // The API user may not read counters: keep the limits we have (the guide's
      // defaults at first) and carry on polling; try again next period.
      RecordFault("getCallCountersState", counters.error());
      LogWarn("cannot read call counters; keeping the limits we have",
              {{"domain", config_.name}, {"error", counters.error().ToString()}});
      scheduler_.OnCountersRefreshed(clock_.SteadyNow());
      return;
    }
    return HandleError("getCallCountersState", counters.error(), std::nullopt);
  }
  budget_.Refresh(*counters, clock_.SteadyNow());
  limits_ = std::move(*counters);
  scheduler_.OnCountersRefreshed(clock_.SteadyNow());
  scheduler_.OnSuccess();
  // User limits change slowly and are not budget-counted: read them alongside (they need
  // a session; before the first one the counters are read alone).
  if (!scheduler_.has_session()) return;
  Result<UserLimits> users = CallFive9("getUserLimits", {.on_error = OnError::kCallerDecides},
                                       [&] { return client_->GetUserLimits(stop); });
  if (users) {
    user_limits_ = *users;
  } else if (ActionFor(users.error()) == FaultAction::kNewSession) {
    HandleError("getUserLimits", users.error(), std::nullopt);
  } else {
    RecordFault("getUserLimits", users.error());  // not worth a backoff: counters worked
  }
}

void DomainPoller::FullLoad(const Action& action, std::stop_token stop) {
  const StatisticType type = action.type;
  const std::string reason(scheduler_.ReloadReason(type));
  Result<Statistics> statistics = CallFive9(action.Method(), {.type = type}, [&] {
    return client_->GetStatistics(type, columns_[type], config_.show_only_my_skills, stop);
  });
  if (!statistics) return;
  tables_.at(type).Load(*statistics, clock_.WallNow());
  scheduler_.OnLoaded(type, clock_.SteadyNow());
  scheduler_.OnSuccess();
  SetSession(true);
  if (hooks_.on_full_reload) hooks_.on_full_reload(type, reason.empty() ? "startup" : reason);
}

void DomainPoller::DeltaPoll(const Action& action, std::stop_token stop) {
  const StatisticType type = action.type;
  StatisticTable& table = tables_.at(type);
  Result<std::optional<StatisticsUpdate>> update = CallFive9(action.Method(), {.type = type}, [&] {
    return client_->GetStatisticsUpdate(type, table.five9_timestamp(), action.long_poll,
                                        config_.show_only_my_skills, stop);
  });
  if (!update) return;
  // Five9 knew a stored timestamp: the resumed session is alive.
  resume_pending_ = false;
  scheduler_.OnSuccess();
  scheduler_.OnPolled(type, clock_.SteadyNow(),
                      update->has_value() ? CountChangedObjects(**update) : 0, table.row_count());
  SetSession(true);
  if (!update->has_value()) {
    table.ConfirmCurrent(clock_.WallNow());
    return;
  }
  if (table.Apply(**update, clock_.WallNow()) == StatisticTable::ApplyResult::kDoubt) {
    LogWarn("statistics delta in doubt; reloading", {{"domain", config_.name},
                                                     {"type", std::string(ToWire(type))},
                                                     {"reason", table.doubt_reason()}});
    scheduler_.RequestReload(type, "inconsistent");
  }
}

void DomainPoller::ReceiveMessages(const Action& action, std::stop_token stop) {
  Result<std::optional<ChatMessages>> messages = CallFive9(action.Method(), {}, [&] {
    return client_->ReceiveMessages(chat_timestamp_, action.long_poll, stop);
  });
  if (!messages) return;
  scheduler_.OnSuccess();
  if (messages->has_value()) {
    chat_.Append((*messages)->messages, (*messages)->timestamp);
    if ((*messages)->timestamp != 0) chat_timestamp_ = (*messages)->timestamp;
  }
}

void DomainPoller::HandleError(std::string_view method, const Error& error,
                               std::optional<StatisticType> type, bool from_admin) {
  if (error.code == ErrorCode::kCancelled) return;  // shutdown, not a fault
  RecordFault(method, error);
  const SteadyTime now = clock_.SteadyNow();
  const FaultAction action = ActionFor(error);
  LogWarn("Five9 call failed", {{"domain", config_.name},
                                {"method", std::string(method)},
                                {"error", error.ToString()},
                                {"action", std::string(FaultActionName(action))}});
  const bool resumed_session_gone =
      resume_pending_ &&
      (action == FaultAction::kNewSession || (action == FaultAction::kReloadType && type));
  if (resumed_session_gone) ResumeFailed();
  switch (action) {
    case FaultAction::kNewSession:
      scheduler_.OnSessionLost();
      SetSession(false);
      // A session the previous process left may simply have expired; one we used was
      // closed by another client of our API user.
      if (!resumed_session_gone && FaultTypeOf(error) == FaultType::kSessionClosed) {
        SessionTakenOver(now);
      }
      return;
    case FaultAction::kWaitForWindow: {
      std::optional<std::string> operation = FaultOperationType(error);
      budget_.OnLimitExceeded(operation ? *operation : std::string(OperationTypeOf(method)),
                              FaultLimit(error), now);
      scheduler_.RequestCountersRefresh();
      return;
    }
    default:
      break;
  }
  if (from_admin) return;  // the caller gets the error; polling state is unaffected
  switch (action) {
    case FaultAction::kReloadType:
    case FaultAction::kDropColumnFilterAndReload:
      if (type) {
        if (action == FaultAction::kDropColumnFilterAndReload) columns_[*type].clear();
        // Columns may have changed (ConfigurationChanged, UnknownColumn): the values we
        // hold may no longer line up, so flag them until the reload.
        if (action == FaultAction::kDropColumnFilterAndReload ||
            FaultTypeOf(error) == FaultType::kConfigurationChanged) {
          tables_.at(*type).MarkInconsistent();
        }
        scheduler_.RequestReload(*type, ReloadReasonOf(error));
      } else if (method == "receiveMessages") {
        chat_timestamp_ = 0;
      }
      return;
    case FaultAction::kBackOffLong:
      scheduler_.OnFatalError(now);
      up_ = false;
      return;
    case FaultAction::kRetryWithBackoff:
    case FaultAction::kReportToCaller:
      // A poll that fails for a reason meant for callers (bad argument) would fail again
      // at once: back off rather than loop.
      scheduler_.OnRetryableError(now);
      up_ = false;
      return;
    default:
      return;
  }
}

void DomainPoller::RecordFault(std::string_view method, const Error& error) {
  recent_faults_.push_back(
      FaultRecord{clock_.WallNow(), std::string(method), error.Label(), error.message});
  while (recent_faults_.size() > kMaxRecentFaults) recent_faults_.pop_front();
}

void DomainPoller::Observe(std::string_view method, const Error* error,
                           std::chrono::steady_clock::time_point started) {
  if (!hooks_.on_call) return;
  const std::string outcome = error ? error->Label() : "ok";
  hooks_.on_call(method, outcome, std::chrono::steady_clock::now() - started);
}

void DomainPoller::SetSession(bool up) {
  up_ = up;
  session_up_.store(up && scheduler_.has_session());
}

void DomainPoller::Publish() {
  auto snapshot = std::make_shared<DomainSnapshot>();
  const SteadyTime now = clock_.SteadyNow();
  snapshot->domain = config_.name;
  snapshot->up = up_ && scheduler_.has_session();
  snapshot->session_state = closed_ ? "closed" : std::string(scheduler_.StateName(now));
  snapshot->backoff = closed_ ? BackoffKind::kNone : scheduler_.Backoff(now);
  published_state_ = snapshot->session_state;
  for (const auto& [type, table] : tables_) snapshot->tables.emplace(type, table.Snapshot());
  snapshot->limits = limits_;
  snapshot->user_limits = user_limits_;
  snapshot->budget = budget_.Snapshot(now);
  snapshot->poll_shares = scheduler_.PollShares();
  snapshot->budget_next_free = budget_.NextFreeSlots(now);
  snapshot->query_statistics_calls = query_statistics_calls_;
  snapshot->recent_faults.assign(recent_faults_.begin(), recent_faults_.end());
  snapshot->version = ++version_;
  store_.Publish(std::move(snapshot));
}

}  // namespace five9exp
