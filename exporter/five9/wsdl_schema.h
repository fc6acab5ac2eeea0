#pragma once
// Test support: validates SOAP payloads against the XML schema embedded in the
// reference WSDL (FIVE9_REFERENCE_DIR/SupervisorWebService-v9_5.wsdl), which is
// read at run time and never copied into the project. Used by five9_test and by
// the simulator's tests (library f9_five9_testing).
//
// Thread-safe: the compiled schema is immutable once loaded; each validation uses
// its own libxml2 validation context.

#include <memory>
#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

class WsdlSchema {
 public:
  // Loads `wsdl_path`, extracts its <xs:schema> and compiles it. kIo when the file is
  // missing, kInvalidArgument when it has no usable schema.
  static Result<std::shared_ptr<const WsdlSchema>> Load(const std::string& wsdl_path);
  ~WsdlSchema();

  // Validates the first element inside the SOAP Body of `envelope` (a request such as
  // ser:getStatistics, or a response such as ns2:getStatisticsResponse). Returns
  // kInvalidArgument with libxml2's validation messages joined by "; ".
  Result<void> ValidatePayload(std::string_view envelope) const;

 private:
  struct Impl;
  explicit WsdlSchema(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The reference WSDL path under `reference_dir`.
std::string WsdlPath(std::string_view reference_dir);

// Convenience for tests: validates against the WSDL in `reference_dir`, loading it
// once per process.
Result<void> ValidateSoapPayload(std::string_view envelope, std::string_view reference_dir);

// The same against ReferenceDir() (reference_dir.h: $FIVE9_REFERENCE_DIR or the build-time
// default). Tests check with FIVE9_SKIP_WITHOUT_REFERENCE(kReferenceWsdl) or
// ReferenceCheckable(kReferenceWsdl) first.
Result<void> ValidateSoapPayload(std::string_view envelope);
bool ReferenceWsdlAvailable();

}  // namespace five9exp
