#include "exporter/web/admin_routes.h"

namespace five9exp {

const std::vector<AdminRoute>& AdminRoutes() {
  static const std::vector<AdminRoute> kRoutes = [] {
    std::vector<AdminRoute> routes;
    AddCampaignRoutes(&routes);
    AddChatRoutes(&routes);
    AddMonitoringRoutes(&routes);
    AddReadRoutes(&routes);
    AddSessionRoutes(&routes);
    return routes;
  }();
  return kRoutes;
}

ApiResult<void> RunFive9(AdminContext& context, std::string_view method,
                         std::function<Result<void>(SupervisorClient&)> call) {
  if (context.domain.runner == nullptr) {
    context.fault = "not_ready";
    return tl::unexpected(MakeApiError(503, "not_ready", "the domain's session is not running"));
  }
  Result<void> result =
      context.domain.runner->RunAdminCall(method, std::move(call), context.queue_timeout);
  if (!result) {
    // The latest snapshot: the poller published the budget's state before answering.
    const std::shared_ptr<const DomainSnapshot> latest =
        context.store != nullptr ? context.store->Get(context.domain.name) : context.snapshot;
    const SteadyTime now =
        context.clock != nullptr ? context.clock->SteadyNow() : std::chrono::steady_clock::now();
    ApiError error = MapFive9Error(result.error(), method, latest.get(), now);
    context.fault = error.fault;
    return tl::unexpected(std::move(error));
  }
  return {};
}

nlohmann::json OkBody() { return nlohmann::json{{"status", "ok"}}; }

}  // namespace five9exp
