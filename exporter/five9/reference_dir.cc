#include "exporter/five9/reference_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace five9exp {

std::string ReferenceDir() {
  const char* from_env = std::getenv("FIVE9_REFERENCE_DIR");
  if (from_env != nullptr && *from_env != '\0') return from_env;
  return FIVE9_DEFAULT_REFERENCE_DIR;
}

std::string ReferencePath(std::string_view name) {
  return ReferenceDir() + "/" + std::string(name);
}

bool ReferenceRequired() {
  const char* required = std::getenv("FIVE9_REQUIRE_REFERENCE");
  return required != nullptr && std::string_view(required) == "1";
}

std::string ReferenceAbsentMessage(std::string_view name) {
  return "reference file " + ReferencePath(name) +
         " absent (the Five9 reference folder; point FIVE9_REFERENCE_DIR at it to run this)";
}

bool ReferenceCheckable(std::string_view name) {
  std::error_code ignored;
  if (std::filesystem::exists(ReferencePath(name), ignored)) return true;
  if (ReferenceRequired()) {
    ADD_FAILURE() << ReferenceAbsentMessage(name)
                  << "; FIVE9_REQUIRE_REFERENCE=1 makes that a failure";
  }
  return false;
}

}  // namespace five9exp
