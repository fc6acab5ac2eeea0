// Session parameters (role session): GET and PUT /session (getSessionParameters,
// setSessionParameters). A PUT changes what the poller's statistics mean (rolling
// period, range, shift); Five9 may then answer the poller with StatisticsNotRequested,
// which it handles by reloading the tables.

#include "exporter/web/admin_routes.h"
#include "exporter/web/json_views.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

ApiResult<nlohmann::json> GetSession(AdminContext& context) {
  auto settings = CallFive9<ViewSettings>(
      context, "getSessionParameters",
      [](SupervisorClient& client) { return client.GetSessionParameters(); });
  if (!settings) return tl::unexpected(settings.error());
  return nlohmann::json{{"viewSettings", ViewSettingsToJson(*settings)}};
}

ApiResult<nlohmann::json> PutSession(AdminContext& context) {
  // The same shape GET answers, so a read-modify-write round trip works.
  auto body = ParseJsonObject(context.request.body, {"viewSettings"});
  if (!body) return tl::unexpected(body.error());
  if (!body->contains("viewSettings")) return BadRequest("field \"viewSettings\" is required");
  auto settings = ViewSettingsFromJson((*body)["viewSettings"]);
  if (!settings) return tl::unexpected(settings.error());
  auto done =
      RunFive9(context, "setSessionParameters", [settings = *settings](SupervisorClient& client) {
        return client.SetSessionParameters(settings);
      });
  if (!done) return tl::unexpected(done.error());
  return nlohmann::json{{"status", "ok"}, {"viewSettings", ViewSettingsToJson(*settings)}};
}

}  // namespace

void AddSessionRoutes(std::vector<AdminRoute>* routes) {
  routes->push_back({"GET", "session", "session", "session_get", &GetSession});
  routes->push_back({"PUT", "session", "session", "session_set", &PutSession});
}

}  // namespace five9exp
