#pragma once
// ServiceOptions: the SOAP service's knobs (CLI flags and scenario files fill them in). Plain
// data, shared by SupervisorService and the operation handlers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace five9sim {

struct ServiceOptions {
  // Largest request body accepted (bigger => soap:Client fault).
  size_t max_request_bytes = 1 << 20;
  // Upper bound of longPollingTimeout honoured (Five9 caps long polls too).
  std::chrono::milliseconds max_long_poll{300'000};
  // getUserLimits answers.
  int32_t supervisor_limit = 20;
  int32_t mobile_limit = 5;
  // getApiVersions answers.
  std::string min_api_version = "2";
  std::string max_api_version = "9.5";
};

}  // namespace five9sim
