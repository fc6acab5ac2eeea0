// The guide's "Session Information" and "Domain Limits" operations, and getApiVersions.
#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

ModelResult<void> SetSessionParameters(OperationContext& c) {
  auto settings = ReadViewSettings(c.payload);
  if (!settings) return tl::unexpected(settings.error());
  c.sessions.OpenSession(c.call, *settings);
  return {};
}

ModelResult<void> GetSessionParameters(OperationContext& c) {
  auto settings = c.sessions.Settings(c.call);
  if (settings) WriteViewSettings(c.out, "return", *settings);
  return {};
}

ModelResult<void> CloseSession(OperationContext& c) {
  c.sessions.CloseSession(c.call);
  return {};
}

ModelResult<void> GetApiVersions(OperationContext& c) {
  c.out.Open("return");
  c.out.Element("maxVersion", c.options.max_api_version);
  c.out.Element("minVersion", c.options.min_api_version);
  c.out.Close("return");
  return {};
}

ModelResult<void> GetCallCountersState(OperationContext& c) {
  WriteLimitStates(c.out, c.limits.State(c.clock.SteadyNow()));
  return {};
}

}  // namespace

void AddSessionOperations(std::vector<Operation>* operations) {
  operations->insert(operations->end(),
                     {
                         {"setSessionParameters", SessionNeed::kOpens, SetSessionParameters},
                         {"getSessionParameters", SessionNeed::kRequired, GetSessionParameters},
                         {"closeSession", SessionNeed::kRequired, CloseSession},
                         {"getApiVersions", SessionNeed::kNone, GetApiVersions},
                         {"getCallCountersState", SessionNeed::kNone, GetCallCountersState},
                     });
}

}  // namespace five9sim
