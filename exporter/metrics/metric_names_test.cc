#include "exporter/metrics/metric_names.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

TEST(MetricNamesTest, SubsystemPerType) {
  EXPECT_EQ(Subsystem(StatisticType::kAgentState), "agent_state");
  EXPECT_EQ(Subsystem(StatisticType::kAgentStatistics), "agent_statistics");
  EXPECT_EQ(Subsystem(StatisticType::kAcdStatus), "acd_status");
  EXPECT_EQ(Subsystem(StatisticType::kCampaignState), "campaign_state");
  EXPECT_EQ(Subsystem(StatisticType::kOutboundCampaignManager), "outbound_campaign_manager");
  EXPECT_EQ(Subsystem(StatisticType::kOutboundCampaignStatistics), "outbound_campaign_statistics");
  EXPECT_EQ(Subsystem(StatisticType::kInboundCampaignStatistics), "inbound_campaign_statistics");
  EXPECT_EQ(Subsystem(StatisticType::kAutodialCampaignStatistics), "autodial_campaign_statistics");
}

TEST(MetricNamesTest, ObjectLabelPerType) {
  EXPECT_EQ(ObjectLabel(StatisticType::kAgentState), "agent");
  EXPECT_EQ(ObjectLabel(StatisticType::kAgentStatistics), "agent");
  EXPECT_EQ(ObjectLabel(StatisticType::kAcdStatus), "skill");
  for (StatisticType type :
       {StatisticType::kCampaignState, StatisticType::kOutboundCampaignManager,
        StatisticType::kOutboundCampaignStatistics, StatisticType::kInboundCampaignStatistics,
        StatisticType::kAutodialCampaignStatistics}) {
    EXPECT_EQ(ObjectLabel(type), "campaign");
  }
}

TEST(MetricNamesTest, SnakeNameSanitises) {
  EXPECT_EQ(SnakeName("Calls In Queue (Visual IVR)"), "calls_in_queue_visual_ivr");
  EXPECT_EQ(SnakeName("Agents Logged In"), "agents_logged_in");
  EXPECT_EQ(SnakeName("  --Avg  Talk--Time!! "), "avg_talk_time");
  EXPECT_EQ(SnakeName("% Answered <20s"), "answered_20s");
  EXPECT_EQ(SnakeName("Réponses"), "r_ponses");  // non-ASCII bytes are "other characters"
  EXPECT_EQ(SnakeName("2nd Try"), "2nd_try");
  EXPECT_EQ(SnakeName("%%%"), "");
  EXPECT_EQ(StatisticFamilyName(StatisticType::kAcdStatus, "calls_in_queue", "_seconds"),
            "five9_acd_status_calls_in_queue_seconds");
}

TEST(MetricNamesTest, LabelValueEscaping) {
  EXPECT_EQ(EscapeLabelValue(R"(a"b\c)"), R"(a\"b\\c)");
  EXPECT_EQ(EscapeLabelValue("line1\nline2"), "line1\\nline2");
  EXPECT_EQ(EscapeLabelValue("Zoë 日本 🙂"), "Zoë 日本 🙂");
  EXPECT_EQ(EscapeLabelValue("tab\there"), "tab\there");  // tabs are legal as is
  // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong '/').
  EXPECT_EQ(EscapeLabelValue("a\x80z"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(EscapeLabelValue("a\xE6\x97"), "a\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(EscapeLabelValue("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("a\"\\\n\x80 ë"), "a\"\\\n\xEF\xBF\xBD ë");
}

TEST(MetricNamesTest, HelpEscapingKeepsQuotes) {
  EXPECT_EQ(EscapeHelp("say \"hi\"\\\nbye"), "say \"hi\"\\\\\\nbye");
  const std::string help = StatisticHelp(StatisticType::kAcdStatus, "Calls In Queue", "");
  EXPECT_NE(help.find("ACDStatus"), std::string::npos);
  EXPECT_NE(help.find("cached"), std::string::npos);
  EXPECT_NE(help.find("long polling"), std::string::npos);
}

}  // namespace
}  // namespace five9exp
