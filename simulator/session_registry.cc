#include "simulator/session_registry.h"

#include <algorithm>

namespace five9sim {
namespace {

// Guide: idleTimeOut defaults to 180 s when omitted.
constexpr int32_t kDefaultIdleTimeoutS = 180;
// Enough for any client that keeps only its latest timestamps.
constexpr size_t kMaxTimestampsPerType = 4096;

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

}  // namespace

SessionRegistry::SessionRegistry(std::vector<UserAccount> users, five9exp::Clock& clock,
                                 double idle_scale)
    : clock_(clock), idle_scale_(idle_scale > 0 ? idle_scale : 1.0) {
  int64_t next_id = 3000001;
  for (auto& user : users) {
    if (user.user_id == 0) user.user_id = next_id++;
    std::string name = user.name;
    users_[name].account = std::move(user);
  }
}

bool SessionRegistry::Authenticate(std::string_view user, std::string_view password) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) return false;
  return ConstantTimeEquals(it->second.account.password, password);
}

std::optional<UserAccount> SessionRegistry::FindUser(std::string_view user) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) return std::nullopt;
  return it->second.account;
}

std::vector<UserAccount> SessionRegistry::Users() const {
  std::lock_guard lock(mutex_);
  std::vector<UserAccount> out;
  for (const auto& [name, state] : users_) out.push_back(state.account);
  return out;
}

SessionRegistry::Call::~Call() {
  if (registry_) registry_->End(*this);
}

void SessionRegistry::ExpireIdleLocked(UserState& state, five9exp::SteadyTime now) const {
  if (!state.session || !state.in_flight.empty()) return;
  const int32_t idle_s = state.session->settings.idle_timeout_s.value_or(kDefaultIdleTimeoutS);
  const auto limit = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(idle_s * idle_scale_));
  if (now - state.last_activity > limit) {
    state.session.reset();
    state.closed = true;
    state.closed_reason = "idle timeout";
  }
}

ModelResult<std::unique_ptr<SessionRegistry::Call>> SessionRegistry::Begin(
    std::string_view user, std::string_view method) {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) {
    return tl::unexpected(ModelFault{"InvalidAccountFault", {}, "unknown user"});
  }
  UserState& state = it->second;
  ++state.calls[std::string(method)];
  ExpireIdleLocked(state, now);
  const bool preempts = method == "setSessionParameters";
  if (!state.in_flight.empty()) {
    if (!preempts) {
      return tl::unexpected(ModelFault{
          std::string(kConcurrentCallFault), {}, "another request of this user is in progress"});
    }
    // The old session ends now, so its call in flight answers SessionClosedFault.
    if (state.session) {
      state.session.reset();
      state.closed = true;
      state.closed_reason = "session replaced by a new setSessionParameters";
    }
    for (auto& [id, source] : state.in_flight) source.request_stop();
  }
  const uint64_t call_id = next_call_id_++;
  auto call = std::unique_ptr<Call>(
      new Call(this, std::string(user), state.session ? state.session->id : 0, call_id));
  state.in_flight.emplace(call_id, call->stop_);
  state.last_activity = now;
  return call;
}

void SessionRegistry::End(const Call& call) {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  auto it = users_.find(call.user_);
  if (it == users_.end()) return;
  it->second.in_flight.erase(call.call_id_);
  it->second.last_activity = now;
}

ModelResult<void> SessionRegistry::SessionCheckLocked(const UserState& state, uint64_t session_id) {
  if (state.session && session_id != 0 && state.session->id == session_id) return {};
  if (session_id != 0 || state.closed) {
    std::string why = state.closed ? state.closed_reason : std::string("session closed");
    if (state.session && session_id != 0) why = "session replaced by a new setSessionParameters";
    return tl::unexpected(ModelFault{"SessionClosedFault", {}, "Session was closed: " + why});
  }
  return tl::unexpected(ModelFault{"SessionNotInitializedFault",
                                   {},
                                   "Session is not initialized: call setSessionParameters first"});
}

ModelResult<void> SessionRegistry::RequireSession(const Call& call) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(call.user_);
  if (it == users_.end())
    return tl::unexpected(ModelFault{"InvalidAccountFault", {}, "unknown user"});
  if (stopping_) {
    // Stopped by server shutdown rather than by a replacement.
    return tl::unexpected(ModelFault{"ServiceUnavailableFault", {}, "server is stopping"});
  }
  return SessionCheckLocked(it->second, call.session_id_);
}

void SessionRegistry::OpenSession(Call& call, const five9exp::ViewSettings& settings) {
  std::lock_guard lock(mutex_);
  UserState& state = users_.at(call.user_);
  Session session;
  session.id = next_session_id_++;
  session.settings = settings;
  state.session = std::move(session);
  state.closed = false;
  state.closed_reason.clear();
  call.session_id_ = state.session->id;
}

std::optional<five9exp::ViewSettings> SessionRegistry::Settings(const Call& call) const {
  std::lock_guard lock(mutex_);
  const UserState& state = users_.at(call.user_);
  if (!state.session) return std::nullopt;
  return state.session->settings;
}

void SessionRegistry::CloseSession(const Call& call) {
  std::lock_guard lock(mutex_);
  UserState& state = users_.at(call.user_);
  state.session.reset();
  state.closed = false;
  state.closed_reason.clear();
}

bool SessionRegistry::ForceClose(std::string_view user, std::string reason) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end() || !it->second.session) return false;
  it->second.session.reset();
  it->second.closed = true;
  it->second.closed_reason = std::move(reason);
  for (auto& [id, source] : it->second.in_flight) source.request_stop();
  return true;
}

void SessionRegistry::IssueTimestamp(const Call& call, five9exp::StatisticType type,
                                     int64_t timestamp) {
  std::lock_guard lock(mutex_);
  UserState& state = users_.at(call.user_);
  if (!state.session || state.session->id != call.session_id_) return;
  auto& issued = state.session->timestamps[type];
  if (std::find(issued.begin(), issued.end(), timestamp) == issued.end()) {
    issued.push_back(timestamp);
    if (issued.size() > kMaxTimestampsPerType) issued.pop_front();
  }
}

ModelResult<void> SessionRegistry::CheckTimestamp(const Call& call, five9exp::StatisticType type,
                                                  int64_t timestamp) const {
  std::lock_guard lock(mutex_);
  const UserState& state = users_.at(call.user_);
  if (auto check = SessionCheckLocked(state, call.session_id_); !check) return check;
  auto it = state.session->timestamps.find(type);
  if (it == state.session->timestamps.end()) {
    return tl::unexpected(ModelFault{"StatisticsNotRequestedFault",
                                     {},
                                     "getStatistics was not requested for " +
                                         std::string(five9exp::ToWire(type)) + " in this session"});
  }
  if (std::find(it->second.begin(), it->second.end(), timestamp) == it->second.end()) {
    return tl::unexpected(
        ModelFault{"UnknownTimestampFault",
                   {},
                   "timestamp " + std::to_string(timestamp) + " was not issued to this session"});
  }
  return {};
}

void SessionRegistry::SetColumns(const Call& call, five9exp::StatisticType type,
                                 std::vector<std::string> columns) {
  std::lock_guard lock(mutex_);
  UserState& state = users_.at(call.user_);
  if (!state.session || state.session->id != call.session_id_) return;
  state.session->columns[type] = std::move(columns);
}

std::vector<std::string> SessionRegistry::Columns(const Call& call,
                                                  five9exp::StatisticType type) const {
  std::lock_guard lock(mutex_);
  const UserState& state = users_.at(call.user_);
  if (!state.session || state.session->id != call.session_id_) return {};
  auto it = state.session->columns.find(type);
  return it == state.session->columns.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> SessionRegistry::OpenSessionUsers() const {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (auto& [name, state] : users_) {
    ExpireIdleLocked(const_cast<UserState&>(state), now);
    if (state.session) out.push_back(name);
  }
  return out;
}

std::vector<SessionView> SessionRegistry::Views() const {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  std::vector<SessionView> out;
  for (auto& [name, state] : users_) {
    ExpireIdleLocked(const_cast<UserState&>(state), now);
    SessionView v;
    v.user = name;
    v.state = state.session ? "open" : (state.closed ? "closed" : "none");
    v.closed_reason = state.closed_reason;
    v.session_id = state.session ? state.session->id : 0;
    v.in_flight = static_cast<int>(state.in_flight.size());
    v.idle_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - state.last_activity).count();
    if (state.session) v.settings = state.session->settings;
    v.calls = state.calls;
    out.push_back(std::move(v));
  }
  return out;
}

void SessionRegistry::StopAll() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  for (auto& [name, state] : users_) {
    for (auto& [id, source] : state.in_flight) source.request_stop();
  }
}

}  // namespace five9sim
