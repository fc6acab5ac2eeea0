// Campaign control: start, stop, force-stop, reset, reset-dispositions (role campaigns).
// The campaign must be in the CampaignState table when that table is loaded (404
// otherwise, without calling Five9); while it is not loaded, Five9 decides.

#include <algorithm>

#include "exporter/web/admin_routes.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

constexpr std::string_view kStateColumn = "State";

// The campaign's current state from the cached CampaignState table: "" when the table
// is not loaded (or has no State column), 404 when it is loaded and lacks the campaign.
ApiResult<std::string> CampaignState(const AdminContext& context, const std::string& name) {
  if (!context.snapshot) return std::string();
  auto it = context.snapshot->tables.find(StatisticType::kCampaignState);
  if (it == context.snapshot->tables.end() || !it->second.ready) return std::string();
  const TableSnapshot& table = it->second;
  auto row = std::lower_bound(table.rows.begin(), table.rows.end(), name,
                              [](const std::shared_ptr<const TableRow>& r, const std::string& key) {
                                return r->key < key;
                              });
  if (row == table.rows.end() || (*row)->key != name) {
    // Rows are documented sorted; fall back to a scan in case a producer did not sort.
    row = std::find_if(table.rows.begin(), table.rows.end(),
                       [&](const std::shared_ptr<const TableRow>& r) { return r->key == name; });
  }
  if (row == table.rows.end()) {
    return tl::unexpected(MakeApiError(
        404, "campaign_not_found", "campaign \"" + name + "\" is not in the CampaignState table"));
  }
  if (!table.columns) return std::string();
  const auto& columns = *table.columns;
  auto column = std::find(columns.begin(), columns.end(), kStateColumn);
  if (column == columns.end()) return std::string();
  const size_t index = static_cast<size_t>(column - columns.begin());
  if (index >= (*row)->cells.size() || !(*row)->cells[index]) return std::string();
  return *(*row)->cells[index];
}

// Validates the {name} parameter and checks it against the table.
ApiResult<std::string> CampaignParam(AdminContext& context, std::string* state) {
  const std::string& name = context.params.at(0);
  context.target = name;
  if (auto ok = CheckName("campaign name", name); !ok) return tl::unexpected(ok.error());
  auto current = CampaignState(context, name);
  if (!current) return tl::unexpected(current.error());
  if (state != nullptr) *state = *current;
  return name;
}

ApiResult<nlohmann::json> Start(AdminContext& context) {
  std::string state;
  auto name = CampaignParam(context, &state);
  if (!name) return tl::unexpected(name.error());
  if (state == "RUNNING") {
    // Starting a running campaign is the caller's mistake, not something to retry.
    ApiError error =
        MakeApiError(409, "wrong_campaign_state", "campaign \"" + *name + "\" is already RUNNING");
    error.details["state"] = state;
    return tl::unexpected(std::move(error));
  }
  auto done = RunFive9(context, "startCampaign", [name = *name](SupervisorClient& client) {
    return client.StartCampaign(name);
  });
  if (!done) return tl::unexpected(done.error());
  return nlohmann::json{{"status", "ok"}, {"campaign", *name}, {"previousState", state}};
}

template <Result<void> (SupervisorClient::*kMethod)(std::string_view, std::stop_token)>
ApiResult<nlohmann::json> Simple(AdminContext& context, std::string_view five9_method) {
  std::string state;
  auto name = CampaignParam(context, &state);
  if (!name) return tl::unexpected(name.error());
  auto done = RunFive9(context, five9_method, [name = *name](SupervisorClient& client) {
    return (client.*kMethod)(name, std::stop_token());
  });
  if (!done) return tl::unexpected(done.error());
  return nlohmann::json{{"status", "ok"}, {"campaign", *name}, {"previousState", state}};
}

ApiResult<nlohmann::json> Stop(AdminContext& context) {
  return Simple<&SupervisorClient::StopCampaign>(context, "stopCampaign");
}
ApiResult<nlohmann::json> ForceStop(AdminContext& context) {
  return Simple<&SupervisorClient::ForceStopCampaign>(context, "forceStopCampaign");
}
ApiResult<nlohmann::json> Reset(AdminContext& context) {
  return Simple<&SupervisorClient::ResetCampaign>(context, "resetCampaign");
}

ApiResult<nlohmann::json> ResetDispositions(AdminContext& context) {
  context.target = context.params.at(0);
  auto body = ParseJsonObject(context.request.body, {"dispositions", "after", "before"});
  if (!body) return tl::unexpected(body.error());
  auto dispositions = OptionalStringArray(*body, "dispositions");
  if (!dispositions) return tl::unexpected(dispositions.error());
  if (dispositions->empty())
    return BadRequest("field \"dispositions\" must list at least one name");
  for (const std::string& disposition : *dispositions) {
    if (auto ok = CheckName("disposition name", disposition); !ok)
      return tl::unexpected(ok.error());
  }
  std::optional<std::string> after;
  std::optional<std::string> before;
  int64_t after_ms = 0;
  int64_t before_ms = 0;
  auto after_text = OptionalString(*body, "after");
  if (!after_text) return tl::unexpected(after_text.error());
  if (*after_text) {
    auto converted = Rfc3339ToXsDateTime("field \"after\"", **after_text, &after_ms);
    if (!converted) return tl::unexpected(converted.error());
    after = *converted;
  }
  auto before_text = OptionalString(*body, "before");
  if (!before_text) return tl::unexpected(before_text.error());
  if (*before_text) {
    auto converted = Rfc3339ToXsDateTime("field \"before\"", **before_text, &before_ms);
    if (!converted) return tl::unexpected(converted.error());
    before = *converted;
  }
  if (after && before && after_ms > before_ms) {
    return BadRequest("field \"after\" must not be later than field \"before\"");
  }
  // Validate the body before the name lookup so bad input is a 400 whatever the table says.
  auto name = CampaignParam(context, nullptr);
  if (!name) return tl::unexpected(name.error());
  auto done =
      RunFive9(context, "resetCampaignDispositions",
               [name = *name, list = *dispositions, after, before](SupervisorClient& client) {
                 return client.ResetCampaignDispositions(name, list, after, before);
               });
  if (!done) return tl::unexpected(done.error());
  nlohmann::json out{{"status", "ok"}, {"campaign", *name}, {"dispositions", *dispositions}};
  out["after"] = after ? nlohmann::json(*after) : nlohmann::json(nullptr);
  out["before"] = before ? nlohmann::json(*before) : nlohmann::json(nullptr);
  return out;
}

}  // namespace

void AddCampaignRoutes(std::vector<AdminRoute>* routes) {
  routes->push_back({"POST", "campaigns/{name}/start", "campaigns", "campaign_start", &Start});
  routes->push_back({"POST", "campaigns/{name}/stop", "campaigns", "campaign_stop", &Stop});
  routes->push_back(
      {"POST", "campaigns/{name}/force-stop", "campaigns", "campaign_force_stop", &ForceStop});
  routes->push_back({"POST", "campaigns/{name}/reset", "campaigns", "campaign_reset", &Reset});
  routes->push_back({"POST", "campaigns/{name}/reset-dispositions", "campaigns",
                     "campaign_reset_dispositions", &ResetDispositions});
}

}  // namespace five9exp
