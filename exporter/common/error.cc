#include "exporter/common/error.h"

namespace five9exp {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kConfig:
      return "config";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kTransport:
      return "transport";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kTls:
      return "tls";
    case ErrorCode::kHttpStatus:
      return "http_status";
    case ErrorCode::kMalformedResponse:
      return "malformed_response";
    case ErrorCode::kBodyTooLarge:
      return "body_too_large";
    case ErrorCode::kFault:
      return "fault";
    case ErrorCode::kCancelled:
      return "cancelled";
    case ErrorCode::kNotReady:
      return "not_ready";
    case ErrorCode::kBudgetExhausted:
      return "budget_exhausted";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::Label() const {
  if (code == ErrorCode::kFault && !fault.name.empty()) return fault.name;
  return std::string(ErrorCodeName(code));
}

std::string Error::ToString() const {
  std::string out = Label();
  if (!message.empty()) {
    out += ": ";
    out += message;
  }
  return out;
}

}  // namespace five9exp
