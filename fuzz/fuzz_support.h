#pragma once
// Helpers shared by the fuzz targets (fuzz/*_fuzz.cc). Each target defines
// LLVMFuzzerTestOneInput; under clang it is a libFuzzer binary (make fuzz), under GCC the
// committed corpus replays through it in ctest (corpus_replay_test.cc). A target aborts
// (FUZZ_CHECK) when two answers that must agree do not: libFuzzer and the replay test
// both report that as a crash.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Every error must name itself: a code's label and a non-empty message.
inline void CheckError(const five9exp::Error& error) {
  if (error.message.empty()) {
    std::fprintf(stderr, "error without a message: %s\n", error.ToString().c_str());
    std::abort();
  }
  (void)error.Label();
}

}  // namespace five9fuzz

#define FUZZ_CHECK(condition, what)                                           \
  do {                                                                        \
    if (!(condition)) {                                                       \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s)\n", #condition, what); \
      std::abort();                                                           \
    }                                                                         \
  } while (0)
