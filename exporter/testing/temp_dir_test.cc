#include "exporter/testing/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace five9exp {
namespace {

TEST(TempDirForTestTest, WritesInsideAndRemovesEverythingAtScopeExit) {
  std::string path;
  {
    TempDirForTest first;
    TempDirForTest second;
    EXPECT_NE(first.path(), second.path());
    path = first.path();
    const std::string file = first.Write("a.yaml", "key: value\n");
    EXPECT_EQ(std::filesystem::path(file).parent_path(), path);
    std::ifstream in(file);
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str(), "key: value\n");
    std::filesystem::create_directory(path + "/nested");
    first.Write("nested/b", "x");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace five9exp
