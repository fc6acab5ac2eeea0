#pragma once
// Lease: the coordination.k8s.io/v1 Lease fields leader election uses, and its JSON codec.
// DecodeLease is a pure function of its input (fuzzed by the hardening targets): it never
// throws, never crashes and names what is wrong in kMalformedResponse.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"

namespace five9exp {

// Annotation on a domain's Lease: the leader's base URL for GET /-/state/{domain}.
inline constexpr std::string_view kStateUrlAnnotation = "five9-exporter/state-url";

struct Lease {
  std::string name;
  std::string namespace_name;
  std::string resource_version;  // opaque; every update carries the one last read
  std::map<std::string, std::string> annotations;
  std::string holder_identity;  // empty = released / never held
  int lease_duration_seconds = 0;
  std::optional<WallTime> acquire_time;
  std::optional<WallTime> renew_time;
  int lease_transitions = 0;

  bool operator==(const Lease&) const = default;
};

// Parses a Lease object (GET/POST/PUT answer). Unknown fields are ignored.
Result<Lease> DecodeLease(std::string_view json);
// The JSON body of a POST/PUT: apiVersion, kind, metadata (name, namespace, annotations,
// resourceVersion when set) and spec (times as MicroTime with six fraction digits).
std::string EncodeLease(const Lease& lease);
// The `message` of a Kubernetes Status body, or empty (for error messages; pure).
std::string StatusMessageOf(std::string_view json);

}  // namespace five9exp
