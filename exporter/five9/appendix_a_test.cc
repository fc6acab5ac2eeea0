// The examples of the guide's Appendix A, read from the reference folder at run time
// (never copied here): every response parses to the values the guide shows, and
// every request the client builds matches the guide's request in meaning.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "exporter/five9/client.h"
#include "exporter/five9/reference_dir.h"
#include "exporter/five9/xml.h"
#include "exporter/testing/fake_transport.h"

namespace five9exp {
namespace {

struct Example {
  std::string request;
  std::string response;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Undoes the guide's text-extraction damage: lines that are a lone "." (elided
// content) are dropped, and line breaks inside quoted attribute values (namespace
// URIs broken across lines) are removed.
std::string Normalise(const std::string& block) {
  std::string lines;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);) {
    if (Trim(line) == ".") continue;
    lines += line + "\n";
  }
  std::string out;
  bool in_tag = false;
  bool in_quote = false;
  for (char c : lines) {
    if (in_quote && (c == '\n' || c == '\r')) continue;
    if (c == '<' && !in_quote) in_tag = true;
    if (c == '>' && !in_quote) in_tag = false;
    if (c == '"' && in_tag) in_quote = !in_quote;
    out += c;
  }
  return std::string(Trim(out));
}

// Splits Appendix A into operation -> {request, response}: the ``` blocks under each
// "Request"/"Response" heading are concatenated (some examples span several blocks).
std::map<std::string, Example> LoadAppendixA() {
  std::ifstream in(ReferencePath(kReferenceGuide));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  size_t i = 0;
  while (i < lines.size() && Trim(lines[i]) != "Appendix A") ++i;
  // The first hit may be the table of contents; the appendix is the last one.
  for (size_t j = i + 1; j < lines.size(); ++j) {
    if (Trim(lines[j]) == "Appendix A") i = j;
  }
  const std::vector<std::string> operations = {"setSessionParameters", "getStatistics",
                                               "getStatisticsUpdate", "startMonitoring",
                                               "receiveMessages"};
  std::map<std::string, Example> out;
  std::string operation;
  std::string* target = nullptr;
  bool in_block = false;
  for (++i; i < lines.size(); ++i) {
    std::string_view line = Trim(lines[i]);
    if (line.starts_with("```")) {
      in_block = !in_block;
      continue;
    }
    if (in_block) {
      if (target) *target += lines[i] + "\n";
      continue;
    }
    if (std::find(operations.begin(), operations.end(), line) != operations.end()) {
      operation = std::string(line);
      target = nullptr;
    } else if (line == "Request" && !operation.empty()) {
      target = &out[operation].request;
    } else if (line == "Response" && !operation.empty()) {
      target = &out[operation].response;
    }
  }
  for (auto& [name, example] : out) {
    example.request = Normalise(example.request);
    example.response = Normalise(example.response);
  }
  return out;
}

// The meaning of a payload: element names and trimmed texts, recursively, with the
// guide's spellings mapped to the wire's (yes/no booleans, <value>-wrapped enums).
std::string Meaning(XmlElement e) {
  std::vector<XmlElement> children = e.Elements();
  if (children.size() == 1 && children[0].LocalName() == "value" &&
      children[0].Elements().empty()) {
    return std::string(e.LocalName()) + "=" + std::string(Trim(children[0].Text()));
  }
  if (children.empty()) {
    std::string text(Trim(e.Text()));
    if (text == "yes") text = "true";
    if (text == "no") text = "false";
    return std::string(e.LocalName()) + "=" + text;
  }
  std::string out = std::string(e.LocalName()) + "{";
  for (XmlElement c : children) out += Meaning(c) + ";";
  return out + "}";
}

std::string PayloadMeaning(const std::string& envelope) {
  auto doc = XmlDocument::Parse(envelope);
  EXPECT_TRUE(doc) << doc.error().ToString() << "\n" << envelope;
  if (!doc) return "";
  std::vector<XmlElement> body = doc->Root().Child("Body").Elements();
  EXPECT_EQ(body.size(), 1u);
  if (body.empty()) return "";
  EXPECT_EQ(body[0].NamespaceUri(), "http://service.supervisor.ws.five9.com/");
  return Meaning(body[0]);
}

class AppendixATest : public ::testing::Test {
 protected:
  void SetUp() override {
    FIVE9_SKIP_WITHOUT_REFERENCE(kReferenceGuide);
    examples_ = LoadAppendixA();
    auto fake = std::make_unique<FakeTransport>();
    fake_ = fake.get();
    client_ = std::make_unique<SupervisorClient>(std::move(fake), ClientOptions{});
  }

  // Answers the next call with the guide's response for `operation`.
  const Example& Use(const std::string& operation) {
    const Example& example = examples_[operation];
    EXPECT_FALSE(example.request.empty()) << operation << " request not found in the guide";
    EXPECT_FALSE(example.response.empty()) << operation << " response not found in the guide";
    fake_->PushBody(example.response);
    return example;
  }
  std::string SentMeaning() { return PayloadMeaning(fake_->requests().back().body); }

  std::map<std::string, Example> examples_;
  FakeTransport* fake_ = nullptr;
  std::unique_ptr<SupervisorClient> client_;
};

TEST_F(AppendixATest, FindsAllFiveExamples) { EXPECT_EQ(examples_.size(), 5u); }

TEST_F(AppendixATest, SetSessionParameters) {
  const Example& ex = Use("setSessionParameters");
  ViewSettings settings;
  settings.force_logout_session = true;
  settings.rolling_period = "Minutes30";
  settings.shift_start_ms = 28800000;
  settings.statistics_range = "CurrentWeek";
  settings.time_zone_ms = -25200000;
  auto result = client_->SetSessionParameters(settings);
  EXPECT_TRUE(result) << result.error().ToString();
  EXPECT_EQ(SentMeaning(), PayloadMeaning(ex.request));
}

TEST_F(AppendixATest, GetStatistics) {
  const Example& ex = Use("getStatistics");
  auto stats = client_->GetStatistics(StatisticType::kAgentStatistics,
                                      {"Username", "Full Name", "Total Calls"});
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(SentMeaning(), PayloadMeaning(ex.request));
  EXPECT_EQ(stats->type, StatisticType::kAgentStatistics);
  EXPECT_EQ(stats->columns, (std::vector<std::string>{"Username", "Full Name", "Total Calls"}));
  ASSERT_EQ(stats->rows.size(), 1u);
  EXPECT_EQ(stats->rows[0], (std::vector<CellValue>{"jsmith", "John Smith", "12"}));
  EXPECT_EQ(stats->timestamp, 1295893918397);
}

TEST_F(AppendixATest, GetStatisticsUpdate) {
  const Example& ex = Use("getStatisticsUpdate");
  auto update = client_->GetStatisticsUpdate(StatisticType::kAgentStatistics, 25000000,
                                             std::chrono::milliseconds(5000));
  ASSERT_TRUE(update) << update.error().ToString();
  EXPECT_EQ(SentMeaning(), PayloadMeaning(ex.request));
  ASSERT_TRUE(update->has_value());
  const StatisticsUpdate& u = **update;
  EXPECT_EQ(u.type, StatisticType::kAgentStatistics);
  ASSERT_EQ(u.data_update.size(), 3u);
  EXPECT_EQ(u.data_update[0].column_name, "averageWrapTime");
  EXPECT_EQ(u.data_update[0].column_value, "24981");
  EXPECT_EQ(u.data_update[0].object_name, "updatedObject");
  EXPECT_EQ(u.data_update[1].column_name, "totalAgentCalls");
  EXPECT_EQ(u.data_update[1].column_value, "1");
  EXPECT_EQ(u.data_update[2].column_name, "No Dispositions");
  EXPECT_EQ(u.data_update[2].column_value, "1");
  EXPECT_TRUE(u.added_objects.empty());
  EXPECT_EQ(u.deleted_objects, (std::vector<std::string>{"deleted10", "deleted11", "deleted12"}));
  EXPECT_EQ(u.last_timestamp, 1295894116286);
  EXPECT_EQ(u.previous_timestamp, 1295893918397);
  // The long poll gets a read timeout beyond its own timeout.
  EXPECT_GT(fake_->requests().back().read_timeout, std::chrono::milliseconds(5000));
}

TEST_F(AppendixATest, StartMonitoring) {
  const Example& ex = Use("startMonitoring");
  auto result = client_->StartMonitoring("AgentNumber1", "Silence");
  EXPECT_TRUE(result) << result.error().ToString();
  // The guide wraps the enum in <value>; the WSDL (and the client) write it plainly.
  EXPECT_EQ(SentMeaning(), PayloadMeaning(ex.request));
}

TEST_F(AppendixATest, ReceiveMessages) {
  const Example& ex = Use("receiveMessages");
  auto messages = client_->ReceiveMessages(20000, std::chrono::milliseconds(500000));
  ASSERT_TRUE(messages) << messages.error().ToString();
  EXPECT_EQ(SentMeaning(), PayloadMeaning(ex.request));
  ASSERT_TRUE(messages->has_value());
  const ChatMessages& m = **messages;
  EXPECT_EQ(m.timestamp, 29379294);
  ASSERT_EQ(m.messages.size(), 1u);
  const ChatMessage& msg = m.messages[0];
  EXPECT_EQ(msg.chat_id, "123ABC");
  ASSERT_TRUE(msg.from);
  EXPECT_EQ(msg.from->role, "DomainSupervisor");
  // The guide shows a name where the WSDL says xs:long: kept as raw text.
  EXPECT_EQ(msg.from->raw_user_id, "Supervisor111");
  ASSERT_EQ(msg.participants.size(), 1u);
  EXPECT_EQ(msg.participants[0].role, "Agent");
  EXPECT_EQ(msg.participants[0].raw_user_id, "Agent12");
  EXPECT_EQ(msg.text, "messageContent");
  EXPECT_EQ(msg.timestamp, 29379294);
  EXPECT_EQ(msg.type, "CHAT");
}

TEST_F(AppendixATest, MeaningComparisonCanFail) {
  // Guard against a comparison that always matches: a different value must differ.
  const Example& ex = Use("getStatistics");
  auto stats = client_->GetStatistics(StatisticType::kAgentStatistics, {"Username"});
  ASSERT_TRUE(stats);
  EXPECT_NE(SentMeaning(), PayloadMeaning(ex.request));
}

}  // namespace
}  // namespace five9exp
