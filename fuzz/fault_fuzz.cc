// The fault parser and the typed view of faults (fault.h): any body with any HTTP status
// through ParseEmptyResponse, then every accessor and the fault-to-action table. A fault
// the parser reports must carry a name that maps back to the same type, and its action
// must be one of the table's.

#include "exporter/five9/fault.h"
#include "exporter/five9/response_parser.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace five9exp;
  const uint8_t selector = size > 0 ? data[0] : 0;
  const int statuses[] = {500, 500, 200, 401, 403, 429, 502, 503};
  SoapHttpResponse response{statuses[selector % 8], "text/xml",
                            std::string(five9fuzz::AsText(data, size))};
  auto parsed = ParseEmptyResponse(response, "closeSession");
  if (parsed) return 0;
  const Error& error = parsed.error();
  five9fuzz::CheckError(error);
  const FaultType type = FaultTypeOf(error);
  if (type != FaultType::kUnknown) {
    FUZZ_CHECK(FaultTypeFromName(FaultTypeName(type)) == type, "fault name round trip");
  }
  (void)FaultField(error, "message");
  (void)FaultMessage(error);
  (void)FaultLimit(error);
  (void)FaultOperationType(error);
  (void)FaultCampaignName(error);
  (void)FaultActualState(error);
  (void)FaultDesiredState(error);
  (void)FaultActualType(error);
  (void)FaultDesiredTypes(error);
  (void)FaultDetails(error);
  (void)FaultStationName(error);
  (void)FaultProblem(error);
  (void)FaultAgentName(error);
  (void)FaultMonitorError(error);
  (void)FaultDispositionName(error);
  FUZZ_CHECK(!FaultActionName(ActionFor(error)).empty(), "an action without a name");
  return 0;
}
