#pragma once
// The admin API's route table: every route and role of SPEC.md's admin table, each a
// plain function of an AdminContext. Cross-cutting work (authentication, roles, rate
// limit, body cap, domain lookup, audit log, metrics) happens once in AdminApi; the
// route functions only validate their input, call Five9 through RunFive9 and shape JSON.
//
// Route functions are grouped by topic: campaign_routes.cc, chat_routes.cc,
// monitoring_routes.cc, read_routes.cc, session_routes.cc.

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/client.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/api_error.h"
#include "exporter/web/domain_handle.h"
#include "exporter/web/http_message.h"

namespace five9exp {

// Everything a route function needs for one request. Lives on the request's stack.
struct AdminContext {
  const HttpRequest& request;
  std::vector<std::string> params;                 // decoded path parameters after {domain}
  DomainHandle domain;                             // copy; pointers valid for the request
  std::shared_ptr<const DomainSnapshot> snapshot;  // latest snapshot; may be null
  std::chrono::milliseconds queue_timeout;         // for AdminCallRunner::RunAdminCall
  // Set by the route for the audit log: what the action was aimed at (campaign, chat id,
  // agent...). Never a secret.
  std::string target;
  // Set by RunFive9 for the audit log: the Five9 fault or error label, "" when none.
  std::string fault;
  // Where RunFive9 reads the snapshot after a refused call (Retry-After); null in tests
  // that give `snapshot` only.
  const SnapshotStore* store = nullptr;
  Clock* clock = nullptr;
};

// A route function: the JSON body of a 200 answer, or the error to send.
using AdminHandler = ApiResult<nlohmann::json> (*)(AdminContext& context);

struct AdminRoute {
  std::string_view method;  // "GET", "POST", "PUT", "DELETE"
  // Path below /api/v1/domains/{domain}, segments separated by '/', "{x}" = a parameter.
  std::string_view pattern;
  std::string_view role;    // required role
  std::string_view action;  // metric/audit label, e.g. "campaign_start"
  AdminHandler handler;
};

// The whole table, built once. Thread-safe (immutable after first use).
const std::vector<AdminRoute>& AdminRoutes();

// Per-topic parts of the table.
void AddCampaignRoutes(std::vector<AdminRoute>* routes);
void AddChatRoutes(std::vector<AdminRoute>* routes);
void AddMonitoringRoutes(std::vector<AdminRoute>* routes);
void AddReadRoutes(std::vector<AdminRoute>* routes);
void AddSessionRoutes(std::vector<AdminRoute>* routes);

// Runs `call` on the domain's session through its AdminCallRunner (ahead of polling)
// and maps any error (runner refusal or Five9 fault) to the HTTP answer; records the
// error label in context.fault. `call` is kept alive by the runner's copy, so it must
// capture by value: a runner that gives up waiting must never leave it dangling.
ApiResult<void> RunFive9(AdminContext& context, std::string_view method,
                         std::function<Result<void>(SupervisorClient&)> call);

// Same, keeping the call's value. `call` (copied) must capture by value.
template <typename T, typename F>
ApiResult<T> CallFive9(AdminContext& context, std::string_view method, F call) {
  auto value = std::make_shared<std::optional<T>>();
  auto done = RunFive9(context, method,
                       [value, call = std::move(call)](SupervisorClient& client) -> Result<void> {
                         Result<T> result = call(client);
                         if (!result) return tl::unexpected(result.error());
                         *value = std::move(*result);
                         return {};
                       });
  if (!done) return tl::unexpected(done.error());
  if (!*value) return tl::unexpected(MakeApiError(500, "internal", "the call did not run"));
  return std::move(**value);
}

// {"status":"ok"}: the body of actions that return nothing.
nlohmann::json OkBody();

}  // namespace five9exp
