#pragma once
// FaultInjector: the misbehaviours the control API and scenario scripts ask for, applied to
// the next SOAP calls: latency, HTTP 500/503, connection reset, truncated or malformed XML,
// any SOAP fault on the next N calls of a method, and outages for a while.
//
// Owns the pending injections. Thread-safe (one internal mutex).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

enum class InjectionKind {
  kLatency,     // delay the answer by `latency` (stacks with the others)
  kHttpStatus,  // answer `http_status` (500/503) with a plain text body
  kReset,       // drop the connection without a complete answer
  kTruncated,   // a 200 answer whose XML is cut in half
  kMalformed,   // a 200 answer that is not well-formed XML
  kFault,       // a SOAP fault (any WSDL fault, with fields)
};

// One pending injection. `method` "" = every method; `remaining` < 0 = until cleared.
struct Injection {
  InjectionKind kind = InjectionKind::kLatency;
  std::string method;
  int64_t remaining = 1;
  std::chrono::milliseconds latency{0};
  int http_status = 500;
  ModelFault fault;
};

// What to do to one call: an added delay and at most one replacement of the answer.
struct InjectionPlan {
  std::chrono::milliseconds latency{0};
  std::optional<Injection> action;  // never kLatency
  bool outage = false;              // answer 503: the outage window is open
};

// Every kind, for the control API's name lookup and the fault matrix test.
inline constexpr InjectionKind kAllInjectionKinds[] = {
    InjectionKind::kLatency,   InjectionKind::kHttpStatus, InjectionKind::kReset,
    InjectionKind::kTruncated, InjectionKind::kMalformed,  InjectionKind::kFault};

std::string_view InjectionKindName(InjectionKind kind);
std::optional<InjectionKind> InjectionKindFromName(std::string_view name);

class FaultInjector {
 public:
  explicit FaultInjector(five9exp::Clock& clock) : clock_(clock) {}

  void Add(Injection injection);
  // Every call answers HTTP 503 until now + duration.
  void StartOutage(std::chrono::milliseconds duration);
  void Clear();
  // Consumes the injections that match `method` (one count each) and returns the plan.
  InjectionPlan Take(std::string_view method);
  std::vector<Injection> Pending() const;
  // Remaining outage time (0 when none).
  std::chrono::milliseconds OutageRemaining() const;
  // Injections applied so far.
  int64_t applied() const;

 private:
  five9exp::Clock& clock_;

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  std::vector<Injection> pending_;
  five9exp::SteadyTime outage_until_{};
  int64_t applied_ = 0;
};

}  // namespace five9sim
