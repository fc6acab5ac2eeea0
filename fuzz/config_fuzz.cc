// The configuration loader: any YAML text. It must load or refuse with a message naming
// the place (fuzz.yaml:line:column), never crash or hang; and a config it loads must pass
// Validate again (what passes --check-config must be usable at run time).
#include <sstream>

#include "exporter/common/log.h"
#include "exporter/config/config_loader.h"
#include "exporter/config/validate.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::ostringstream* discard = [] {
    auto* sink = new std::ostringstream;  // warnings (http:// endpoints) would flood the run
    five9exp::SetLogSink(sink);
    five9exp::SetLogLevel(five9exp::LogLevel::kError);
    return sink;
  }();
  discard->str("");
  auto loaded = five9exp::ParseConfig(five9fuzz::AsText(data, size), "fuzz.yaml");
  if (!loaded) {
    five9fuzz::CheckError(loaded.error());
    FUZZ_CHECK(loaded.error().message.find("fuzz.yaml") != std::string::npos,
               "a refusal that does not name the file");
    return 0;
  }
  FUZZ_CHECK(five9exp::Validate(*loaded).has_value(), "loaded, then refused by Validate");
  return 0;
}
