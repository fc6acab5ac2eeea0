#pragma once
// Error and Result: the one error currency at module boundaries.
//
// Every failure path ends in an Error whose Label() doubles as a metric label value
// (five9_exporter_api_calls_total{outcome=...}), so every failure is counted by name.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace five9exp {

enum class ErrorCode {
  kInvalidArgument,    // caller passed something unusable (bad config value, bad admin input)
  kConfig,             // configuration file could not be loaded or validated
  kIo,                 // local file or socket problem
  kTransport,          // connection refused/reset, DNS failure
  kTimeout,            // connect or read timeout talking to Five9
  kTls,                // certificate verification or handshake failure
  kHttpStatus,         // Five9 answered with a non-2xx status and no SOAP fault
  kMalformedResponse,  // body is not the XML we expect (truncated, wrong namespace, HTML page)
  kBodyTooLarge,       // body exceeded the configured size cap
  kFault,              // Five9 returned a SOAP fault; see Error::fault
  kCancelled,          // shutdown or caller cancelled the call
  kNotReady,           // session or table not ready yet
  kBudgetExhausted,    // sending the call would exceed the domain limits
  kInternal,           // a bug: should never happen
};

// Stable snake_case name of a code, e.g. "timeout"; used as a metric label.
std::string_view ErrorCodeName(ErrorCode code);

// A SOAP fault as Five9 sent it: the fault element's local name (e.g.
// "OperationsLimitExceededFault") and its child elements by local name
// (e.g. {"limit": "2", "operationType": "QueryStatistics", "message": "..."}).
// Repeated children (WrongCampaignTypeFault.desiredTypes) are joined with ','.
// five9/fault.h gives the typed view (FaultType and accessors).
struct FaultInfo {
  std::string name;
  std::map<std::string, std::string, std::less<>> fields;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for people; never contains credentials
  int http_status = 0;  // set for kHttpStatus and for faults (usually 500)
  FaultInfo fault;      // set when code == kFault

  // The metric label: the fault name for kFault, else ErrorCodeName(code).
  std::string Label() const;
  // "label: message" for logs.
  std::string ToString() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace five9exp
