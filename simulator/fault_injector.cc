#include "simulator/fault_injector.h"

#include <algorithm>

namespace five9sim {

std::string_view InjectionKindName(InjectionKind kind) {
  switch (kind) {
    case InjectionKind::kLatency:
      return "latency";
    case InjectionKind::kHttpStatus:
      return "http_status";
    case InjectionKind::kReset:
      return "reset";
    case InjectionKind::kTruncated:
      return "truncated";
    case InjectionKind::kMalformed:
      return "malformed";
    case InjectionKind::kFault:
      return "fault";
  }
  return "latency";
}

std::optional<InjectionKind> InjectionKindFromName(std::string_view name) {
  for (InjectionKind kind : kAllInjectionKinds) {
    if (InjectionKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

void FaultInjector::Add(Injection injection) {
  if (injection.remaining == 0) return;
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(injection));
}

void FaultInjector::StartOutage(std::chrono::milliseconds duration) {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  outage_until_ = now + duration;
}

void FaultInjector::Clear() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  outage_until_ = {};
}

InjectionPlan FaultInjector::Take(std::string_view method) {
  const auto now = clock_.SteadyNow();
  InjectionPlan plan;
  std::lock_guard lock(mutex_);
  if (now < outage_until_) {
    plan.outage = true;
    ++applied_;
    return plan;
  }
  for (Injection& injection : pending_) {
    if (!injection.method.empty() && injection.method != method) continue;
    if (injection.kind == InjectionKind::kLatency) {
      plan.latency += injection.latency;
    } else if (!plan.action) {
      plan.action = injection;
    } else {
      continue;  // one replacement per call; later ones wait for the next call
    }
    ++applied_;
    if (injection.remaining > 0) --injection.remaining;
  }
  std::erase_if(pending_, [](const Injection& i) { return i.remaining == 0; });
  return plan;
}

std::vector<Injection> FaultInjector::Pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

std::chrono::milliseconds FaultInjector::OutageRemaining() const {
  const auto now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  if (now >= outage_until_) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(outage_until_ - now);
}

int64_t FaultInjector::applied() const {
  std::lock_guard lock(mutex_);
  return applied_;
}

}  // namespace five9sim
