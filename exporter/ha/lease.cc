#include "exporter/ha/lease.h"

#include <nlohmann/json.hpp>

#include "exporter/ha/micro_time.h"

namespace five9exp {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> Malformed(const std::string& what) {
  return MakeError(ErrorCode::kMalformedResponse, "malformed Lease: " + what);
}

// A string member, absent or null -> empty; another type -> error.
Result<std::string> StringField(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Malformed(std::string(name) + " is not a string");
  return it->get<std::string>();
}

Result<int> IntField(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return 0;
  if (!it->is_number_integer()) return Malformed(std::string(name) + " is not an integer");
  const int64_t value = it->get<int64_t>();
  if (value < 0 || value > 1'000'000'000) return Malformed(std::string(name) + " out of range");
  return static_cast<int>(value);
}

Result<std::optional<WallTime>> TimeField(const json& object, const char* name) {
  Result<std::string> text = StringField(object, name);
  if (!text) return tl::unexpected(text.error());
  if (text->empty()) return std::optional<WallTime>();
  Result<WallTime> parsed = ParseMicroTime(*text);
  if (!parsed) return Malformed(std::string(name) + ": " + parsed.error().message);
  return std::optional<WallTime>(*parsed);
}

}  // namespace

Result<Lease> DecodeLease(std::string_view text) {
  const json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Malformed("not JSON");
  if (!doc.is_object()) return Malformed("not an object");
  Result<std::string> kind = StringField(doc, "kind");
  if (!kind) return tl::unexpected(kind.error());
  if (!kind->empty() && *kind != "Lease") return Malformed("kind is " + kind->substr(0, 40));
  Lease lease;
  static const json kEmpty = json::object();
  auto metadata_it = doc.find("metadata");
  const json& metadata = metadata_it == doc.end() ? kEmpty : *metadata_it;
  if (!metadata.is_object()) return Malformed("metadata is not an object");
  auto spec_it = doc.find("spec");
  const json& spec = (spec_it == doc.end() || spec_it->is_null()) ? kEmpty : *spec_it;
  if (!spec.is_object()) return Malformed("spec is not an object");

  auto assign = [](auto& target, auto result) -> Result<void> {
    if (!result) return tl::unexpected(result.error());
    target = std::move(*result);
    return {};
  };
  Result<void> ok;
  if (!(ok = assign(lease.name, StringField(metadata, "name")))) return tl::unexpected(ok.error());
  if (!(ok = assign(lease.namespace_name, StringField(metadata, "namespace"))))
    return tl::unexpected(ok.error());
  if (!(ok = assign(lease.resource_version, StringField(metadata, "resourceVersion"))))
    return tl::unexpected(ok.error());
  if (auto it = metadata.find("annotations"); it != metadata.end() && !it->is_null()) {
    if (!it->is_object()) return Malformed("annotations is not an object");
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string()) return Malformed("annotation " + key.substr(0, 60) + " not a string");
      lease.annotations[key] = value.get<std::string>();
    }
  }
  if (!(ok = assign(lease.holder_identity, StringField(spec, "holderIdentity"))))
    return tl::unexpected(ok.error());
  if (!(ok = assign(lease.lease_duration_seconds, IntField(spec, "leaseDurationSeconds"))))
    return tl::unexpected(ok.error());
  if (!(ok = assign(lease.lease_transitions, IntField(spec, "leaseTransitions"))))
    return tl::unexpected(ok.error());
  if (!(ok = assign(lease.acquire_time, TimeField(spec, "acquireTime"))))
    return tl::unexpected(ok.error());
  if (!(ok = assign(lease.renew_time, TimeField(spec, "renewTime"))))
    return tl::unexpected(ok.error());
  return lease;
}

std::string EncodeLease(const Lease& lease) {
  json metadata = {{"name", lease.name}};
  if (!lease.namespace_name.empty()) metadata["namespace"] = lease.namespace_name;
  if (!lease.resource_version.empty()) metadata["resourceVersion"] = lease.resource_version;
  if (!lease.annotations.empty()) metadata["annotations"] = lease.annotations;
  json spec = json::object();
  // An empty holder is written as "" (not omitted): that is how a release reads.
  spec["holderIdentity"] = lease.holder_identity;
  if (lease.lease_duration_seconds > 0) spec["leaseDurationSeconds"] = lease.lease_duration_seconds;
  if (lease.acquire_time) spec["acquireTime"] = FormatMicroTime(*lease.acquire_time);
  if (lease.renew_time) spec["renewTime"] = FormatMicroTime(*lease.renew_time);
  spec["leaseTransitions"] = lease.lease_transitions;
  json doc = {{"apiVersion", "coordination.k8s.io/v1"},
              {"kind", "Lease"},
              {"metadata", std::move(metadata)},
              {"spec", std::move(spec)}};
  return doc.dump();
}

std::string StatusMessageOf(std::string_view text) {
  const json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return {};
  auto it = doc.find("message");
  if (it == doc.end() || !it->is_string()) return {};
  return it->get<std::string>().substr(0, 300);
}

}  // namespace five9exp
