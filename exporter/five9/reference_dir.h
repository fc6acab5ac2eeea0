#pragma once
// Test support: where the tests find the Five9 reference material (guide, WSDL), which
// is read at run time and never copied into the project, and what a test does when it is
// absent. A fresh clone has no ../shared/reference: such tests skip with a message. CI has
// it and sets FIVE9_REQUIRE_REFERENCE=1, so there a test that would skip fails instead
// (a moved or renamed file cannot silently turn the schema checks off).
//
// Environment (read at each call, so a test run can be pointed elsewhere):
//   FIVE9_REFERENCE_DIR      the folder; overrides the build-time default (CMake cache
//                            variable FIVE9_REFERENCE_DIR, ../shared/reference)
//   FIVE9_REQUIRE_REFERENCE  "1": a missing reference file is a test failure
//
// Thread-safe (reads the environment and the file system only).

#include <string>
#include <string_view>

namespace five9exp {

inline constexpr std::string_view kReferenceWsdl = "SupervisorWebService-v9_5.wsdl";
inline constexpr std::string_view kReferenceGuide = "statistics-web-services-api-reference.txt";

// $FIVE9_REFERENCE_DIR when set and non-empty, else the build-time default.
std::string ReferenceDir();

// `name` inside ReferenceDir().
std::string ReferencePath(std::string_view name);

// Whether FIVE9_REQUIRE_REFERENCE=1.
bool ReferenceRequired();

// "reference file <path> absent (set FIVE9_REFERENCE_DIR ...)": the one wording of a skip.
std::string ReferenceAbsentMessage(std::string_view name);

// For checks that need `name`: true when it exists. When it is absent and the reference is
// required, records a non-fatal GoogleTest failure saying so (callable from any test code).
bool ReferenceCheckable(std::string_view name);

}  // namespace five9exp

// In a test body or SetUp: skips the test (with the message above) when `name` is absent;
// in strict mode the test fails instead (the failure recorded by ReferenceCheckable wins
// over the skip).
#define FIVE9_SKIP_WITHOUT_REFERENCE(name)   \
  if (!::five9exp::ReferenceCheckable(name)) \
  GTEST_SKIP() << ::five9exp::ReferenceAbsentMessage(name)
