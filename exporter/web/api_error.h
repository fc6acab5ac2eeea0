#pragma once
// ApiError: how every admin API failure reaches the caller, and the one mapping from
// exporter/Five9 errors to HTTP statuses (SPEC "Admin API", issue 5):
//   CampaignNotFound, AgentNotFound                                   -> 404
//   WrongCampaignState, ConcurrentModification, CampaignStateUpdate,
//   WrongCampaignType, StationNotLoggedIn                             -> 409
//   OperationsLimitExceeded, kBudgetExhausted                         -> 429 + Retry-After
//   kNotReady, kCancelled (shutting down)                             -> 503
//   kTimeout                                                          -> 504
//   kInvalidArgument                                                  -> 400
//   kInternal                                                         -> 500
//   any other fault or transport/parse error                          -> 502 (code = its name)
// The body is {"error":{"code":..,"message":..}} plus optional detail members.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "exporter/common/error.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/http_message.h"

namespace five9exp {

struct ApiError {
  int status = 500;
  std::string code;     // stable machine-readable code (a Five9 fault keeps its name)
  std::string message;  // for people; never a secret
  std::optional<std::chrono::seconds> retry_after;    // sent as Retry-After (429)
  nlohmann::json details = nlohmann::json::object();  // extra members of "error"
  std::string fault;  // Five9 fault/error label for the audit log; "" when none
};

// Result of an admin handler step: a value or the error to answer with.
template <typename T>
using ApiResult = tl::expected<T, ApiError>;

ApiError MakeApiError(int status, std::string code, std::string message);
// 400 with code "bad_request".
inline tl::unexpected<ApiError> BadRequest(std::string message) {
  return tl::unexpected<ApiError>(MakeApiError(400, "bad_request", std::move(message)));
}

// Maps an error returned by AdminCallRunner::RunAdminCall (or the client inside it) for a
// call of WSDL `method`. `snapshot` (may be null: the domain's latest, read after the call)
// and `now` give Retry-After.
ApiError MapFive9Error(const Error& error, std::string_view method, const DomainSnapshot* snapshot,
                       SteadyTime now);

// Seconds a caller should wait after a limit refusal of `operation_type`: read from the
// budget's next free slot in the snapshot (at least 1), or 60 when the snapshot has none.
std::chrono::seconds RetryAfterFor(const DomainSnapshot* snapshot, std::string_view operation_type,
                                   SteadyTime now);

// JSON body and headers for an error (WWW-Authenticate for 401, Retry-After for 429).
HttpResponse ToHttpResponse(const ApiError& error);

// A JSON success response.
HttpResponse JsonResponse(int status, const nlohmann::json& body);

}  // namespace five9exp
