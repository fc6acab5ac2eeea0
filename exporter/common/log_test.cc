#include "exporter/common/log.h"

#include <gtest/gtest.h>

#include <sstream>

#include "exporter/common/error.h"

namespace five9exp {
namespace {

TEST(LogTest, LogfmtQuotesValuesWithSpacesAndQuotes) {
  const std::string line = FormatLogLine(LogFormat::kLogfmt, "T", LogLevel::kWarn, "hello world",
                                         {{"domain", "acme"}, {"note", "a \"b\""}});
  EXPECT_EQ(line, "ts=T level=warn msg=\"hello world\" domain=acme note=\"a \\\"b\\\"\"\n");
}

TEST(LogTest, JsonEscapesControlCharacters) {
  const std::string line =
      FormatLogLine(LogFormat::kJson, "T", LogLevel::kInfo, "m", {{"k", "a\nb\x01"}});
  EXPECT_EQ(line, "{\"ts\":\"T\",\"level\":\"info\",\"msg\":\"m\",\"k\":\"a\\nb\\u0001\"}\n");
}

TEST(LogTest, LevelFiltersLowerLevels) {
  std::ostringstream sink;
  SetLogSink(&sink);
  SetLogLevel(LogLevel::kWarn);
  LogInfo("dropped");
  LogError("kept");
  SetLogSink(nullptr);
  SetLogLevel(LogLevel::kInfo);
  EXPECT_EQ(sink.str().find("dropped"), std::string::npos);
  EXPECT_NE(sink.str().find("kept"), std::string::npos);
}

TEST(LogTest, ParsesLevelsAndFormats) {
  LogLevel level;
  LogFormat format;
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
  EXPECT_TRUE(ParseLogFormat("json", &format));
  EXPECT_FALSE(ParseLogFormat("xml", &format));
}

TEST(ErrorTest, LabelIsFaultNameForFaults) {
  Error e{ErrorCode::kFault, "limit"};
  e.fault.name = "OperationsLimitExceededFault";
  EXPECT_EQ(e.Label(), "OperationsLimitExceededFault");
  EXPECT_EQ(Error{ErrorCode::kTimeout}.Label(), "timeout");
}

}  // namespace
}  // namespace five9exp
