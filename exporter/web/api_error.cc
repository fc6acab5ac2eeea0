#include "exporter/web/api_error.h"

#include <algorithm>

#include "exporter/five9/fault.h"
#include "exporter/five9/types.h"

namespace five9exp {
namespace {

std::string FieldOr(const Error& error, std::string_view field) {
  return FaultField(error, field).value_or("");
}

}  // namespace

ApiError MakeApiError(int status, std::string code, std::string message) {
  ApiError error;
  error.status = status;
  error.code = std::move(code);
  error.message = std::move(message);
  return error;
}

std::chrono::seconds RetryAfterFor(const DomainSnapshot* snapshot, std::string_view operation_type,
                                   SteadyTime now) {
  constexpr std::chrono::seconds kUnknown(60);
  if (snapshot == nullptr) return kUnknown;
  auto it = snapshot->budget_next_free.find(operation_type);
  if (it == snapshot->budget_next_free.end() || it->second == SteadyTime::max()) return kUnknown;
  // Whole seconds, rounded up, and never 0: a refusal was just answered.
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second - now);
  return std::max(wait, std::chrono::seconds(1));
}

ApiError MapFive9Error(const Error& error, std::string_view method, const DomainSnapshot* snapshot,
                       SteadyTime now) {
  ApiError out;
  out.fault = error.Label();
  switch (error.code) {
    case ErrorCode::kFault: {
      std::string message = FieldOr(error, "message");
      if (message.empty()) message = error.message;
      out.code = error.fault.name.empty() ? "Fault" : error.fault.name;
      out.message = message.empty() ? out.code : message;
      switch (FaultTypeOf(error)) {
        case FaultType::kCampaignNotFound:
        case FaultType::kAgentNotFound:
          out.status = 404;
          break;
        case FaultType::kWrongCampaignState:
        case FaultType::kConcurrentModification:
        case FaultType::kCampaignStateUpdate:
        case FaultType::kWrongCampaignType:
        case FaultType::kStationNotLoggedIn:
          out.status = 409;
          // Pass the state details Five9 gave (actualState, desiredState, desiredTypes...).
          for (const auto& [key, value] : error.fault.fields) {
            if (key != "message") out.details[key] = value;
          }
          break;
        case FaultType::kOperationsLimitExceeded: {
          out.status = 429;
          std::string operation = FieldOr(error, "operationType");
          out.retry_after =
              RetryAfterFor(snapshot, operation.empty() ? OperationTypeOf(method) : operation, now);
          if (!operation.empty()) out.details["operationType"] = operation;
          const std::string limit = FieldOr(error, "limit");
          if (!limit.empty()) out.details["limit"] = limit;
          break;
        }
        default:
          out.status = 502;
      }
      return out;
    }
    case ErrorCode::kBudgetExhausted:
      out.status = 429;
      out.code = "budget_exhausted";
      out.message = error.message.empty() ? "the domain's API budget is spent" : error.message;
      out.retry_after = RetryAfterFor(snapshot, OperationTypeOf(method), now);
      return out;
    case ErrorCode::kNotReady:
      out.status = 503;
      out.code = "not_ready";
      out.message = error.message.empty() ? "the Five9 session is not ready" : error.message;
      return out;
    case ErrorCode::kCancelled:
      out.status = 503;
      out.code = "cancelled";
      out.message = "the exporter is shutting down";
      return out;
    case ErrorCode::kTimeout:
      out.status = 504;
      out.code = "timeout";
      out.message = error.message.empty() ? "Five9 did not answer in time" : error.message;
      return out;
    case ErrorCode::kInvalidArgument:
      out.status = 400;
      out.code = "invalid_argument";
      out.message = error.message;
      return out;
    case ErrorCode::kInternal:
      out.status = 500;
      out.code = "internal";
      out.message = error.message;
      return out;
    default:
      out.status = 502;
      out.code = std::string(ErrorCodeName(error.code));
      out.message = error.message;
      return out;
  }
}

HttpResponse ToHttpResponse(const ApiError& error) {
  nlohmann::json inner = error.details.is_object() ? error.details : nlohmann::json::object();
  inner["code"] = error.code;
  inner["message"] = error.message;
  HttpResponse response = JsonResponse(error.status, nlohmann::json{{"error", std::move(inner)}});
  if (error.status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"five9_exporter\"");
  }
  if (error.retry_after) {
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after->count()));
  }
  return response;
}

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  // Replace invalid UTF-8 instead of throwing: Five9 text is not ours to trust.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.body += '\n';
  return response;
}

}  // namespace five9exp
