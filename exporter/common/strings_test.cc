#include "exporter/common/strings.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

TEST(TrimAsciiSpaceTest, TrimsSpaceTabCrAndLfAtBothEndsOnly) {
  EXPECT_EQ(TrimAsciiSpace(""), "");
  EXPECT_EQ(TrimAsciiSpace(" \t\r\n"), "");
  EXPECT_EQ(TrimAsciiSpace("\t N/A \r\n"), "N/A");
  EXPECT_EQ(TrimAsciiSpace("a b\tc"), "a b\tc");  // inner white space stays
  EXPECT_EQ(TrimAsciiSpace("\fx\v"), "\fx\v");    // form feed and vertical tab are not trimmed
  static_assert(TrimAsciiSpace("  gzip ") == "gzip");
}

TEST(QuoteForMessageTest, EscapesAndCuts) {
  EXPECT_EQ(QuoteForMessage("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(QuoteForMessage(std::string(100, 'x'), 4), "\"xxxx...\"");
}

}  // namespace
}  // namespace five9exp
