#pragma once
// AdminCallRunner: how the admin API borrows a domain's Five9 session.
// Implemented by the domain poller; the web module sees only this interface.
//
// Five9 serves a user's calls one at a time, so admin calls go through the same
// queue as polling, ahead of it: a call waits behind at most the one in-flight
// poll call (whose long-poll timeout is capped for that reason).

#include <chrono>
#include <functional>
#include <string_view>

#include "exporter/common/error.h"
#include "exporter/five9/client.h"

namespace five9exp {

// Thread-safe.
class AdminCallRunner {
 public:
  virtual ~AdminCallRunner() = default;

  // Runs `call` on the domain's session thread before any further polling and
  // blocks until it has run. `method` is the WSDL operation name (budgeting,
  // metrics). Fails without running the call with:
  //   kNotReady         no working session yet (admin API answers 503),
  //   kBudgetExhausted  the call would take a limit window past the budget (429),
  //   kTimeout          it did not get its turn within `queue_timeout` (504),
  //   kCancelled        shutdown.
  // Otherwise returns what `call` returned.
  virtual Result<void> RunAdminCall(std::string_view method,
                                    std::function<Result<void>(SupervisorClient&)> call,
                                    std::chrono::milliseconds queue_timeout) = 0;
};

}  // namespace five9exp
