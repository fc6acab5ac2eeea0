#include "exporter/web/connection_guard.h"

namespace five9exp {

std::string_view DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kHeaderTimeout:
      return "header_timeout";
    case DropReason::kIdleTimeout:
      return "idle_timeout";
    case DropReason::kPerAddressLimit:
      return "per_address_limit";
    case DropReason::kTotalLimit:
      return "total_limit";
  }
  return "unknown";
}

ConnectionGuard::ConnectionGuard(ConnectionLimits limits) : limits_(limits) {}

std::optional<ConnectionGuard::Id> ConnectionGuard::Victim(const Waiting& waiting) {
  if (!waiting.idle.empty()) return waiting.idle.begin()->second;
  if (!waiting.reading.empty()) return waiting.reading.begin()->second;
  return std::nullopt;
}

ConnectionGuard::Admission ConnectionGuard::Admit(const std::string& address, TimePoint now) {
  Admission admission;
  const auto make_room = [&](const Waiting& waiting, size_t open, size_t limit, DropReason reason) {
    if (open < limit) return true;
    const std::optional<Id> victim = Victim(waiting);
    if (!victim) {
      admission.refused = reason;
      return false;
    }
    admission.evicted.push_back({*victim, reason});
    Erase(*victim);
    return true;
  };
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    if (!make_room(it->second.waiting, it->second.open, limits_.max_connections_per_address,
                   DropReason::kPerAddressLimit)) {
      return admission;
    }
  }
  if (!make_room(waiting_, entries_.size(), limits_.max_connections, DropReason::kTotalLimit)) {
    return admission;
  }
  const Id id = next_id_++;
  Entry entry{address, ConnectionState::kReading, now + limits_.read_header_timeout};
  ++addresses_[address].open;
  Enqueue(id, entry);
  entries_.emplace(id, std::move(entry));
  ++counts_.open;
  admission.id = id;
  return admission;
}

void ConnectionGuard::Enqueue(Id id, const Entry& entry) {
  Waiting& local = addresses_[entry.address].waiting;
  switch (entry.state) {
    case ConnectionState::kReading:
      waiting_.reading.emplace(entry.deadline, id);
      local.reading.emplace(entry.deadline, id);
      ++counts_.reading;
      break;
    case ConnectionState::kIdle:
      waiting_.idle.emplace(entry.deadline, id);
      local.idle.emplace(entry.deadline, id);
      ++counts_.idle;
      break;
    case ConnectionState::kActive:
      ++counts_.active;
      break;
  }
}

void ConnectionGuard::Dequeue(Id id, const Entry& entry) {
  Waiting& local = addresses_[entry.address].waiting;
  switch (entry.state) {
    case ConnectionState::kReading:
      waiting_.reading.erase({entry.deadline, id});
      local.reading.erase({entry.deadline, id});
      --counts_.reading;
      break;
    case ConnectionState::kIdle:
      waiting_.idle.erase({entry.deadline, id});
      local.idle.erase({entry.deadline, id});
      --counts_.idle;
      break;
    case ConnectionState::kActive:
      --counts_.active;
      break;
  }
}

void ConnectionGuard::Move(Id id, ConnectionState state, TimePoint deadline) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Dequeue(id, it->second);
  it->second.state = state;
  it->second.deadline = deadline;
  Enqueue(id, it->second);
}

void ConnectionGuard::StartReading(Id id, TimePoint now) {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.state != ConnectionState::kIdle) return;
  Move(id, ConnectionState::kReading, now + limits_.read_header_timeout);
}

void ConnectionGuard::StartActive(Id id) { Move(id, ConnectionState::kActive, TimePoint{}); }

void ConnectionGuard::StartIdle(Id id, TimePoint now) {
  Move(id, ConnectionState::kIdle, now + limits_.idle_timeout);
}

void ConnectionGuard::Erase(Id id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Dequeue(id, it->second);
  auto address = addresses_.find(it->second.address);
  if (--address->second.open == 0) addresses_.erase(address);
  entries_.erase(it);
  --counts_.open;
}

void ConnectionGuard::Remove(Id id) { Erase(id); }

std::vector<ConnectionGuard::Drop> ConnectionGuard::Expire(TimePoint now) {
  std::vector<Drop> drops;
  for (auto [queue, reason] : {std::pair{&waiting_.reading, DropReason::kHeaderTimeout},
                               std::pair{&waiting_.idle, DropReason::kIdleTimeout}}) {
    while (!queue->empty() && queue->begin()->first <= now) {
      const Id id = queue->begin()->second;
      drops.push_back({id, reason});
      Erase(id);
    }
  }
  return drops;
}

std::optional<ConnectionGuard::TimePoint> ConnectionGuard::NextDeadline() const {
  std::optional<TimePoint> next;
  for (const Queue* queue : {&waiting_.reading, &waiting_.idle}) {
    if (!queue->empty() && (!next || queue->begin()->first < *next)) {
      next = queue->begin()->first;
    }
  }
  return next;
}

ConnectionCounts ConnectionGuard::Counts() const { return counts_; }

}  // namespace five9exp
