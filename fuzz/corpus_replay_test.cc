// Replays the committed corpus of every fuzz target (fuzz/corpus/<target>/) through its
// LLVMFuzzerTestOneInput under the ordinary (GCC) build, so each input a fuzzer once found
// (crash reproducers included, named crash-*) stays a regression test. A target that
// aborts fails the test (death of the process); the test names the file it was on.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "fuzz/fuzz_targets.h"

namespace {

std::vector<std::filesystem::path> CorpusOf(std::string_view target) {
  const std::filesystem::path dir =
      std::filesystem::path(FIVE9_SOURCE_DIR) / "fuzz" / "corpus" / std::string(target);
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class CorpusReplayTest : public ::testing::TestWithParam<five9fuzz::FuzzTarget> {};

TEST_P(CorpusReplayTest, EveryCommittedInputPasses) {
  const auto& target = GetParam();
  const auto files = CorpusOf(target.name);
  ASSERT_FALSE(files.empty()) << "no committed corpus in fuzz/corpus/" << target.name;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(file.string());
    std::fprintf(stderr, "replaying %s\n", file.c_str());
    EXPECT_EQ(target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, CorpusReplayTest, ::testing::ValuesIn(five9fuzz::kFuzzTargets),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
