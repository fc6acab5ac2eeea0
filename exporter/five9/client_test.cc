#include "exporter/five9/client.h"

#include <gtest/gtest.h>

#include "exporter/five9/fault.h"
#include "exporter/testing/fake_transport.h"

namespace five9exp {
namespace {

std::string Response(std::string_view operation, std::string_view children) {
  return "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body>"
         "<ns2:" +
         std::string(operation) +
         "Response xmlns:ns2=\"http://service.supervisor.ws.five9.com/\">" + std::string(children) +
         "</ns2:" + std::string(operation) + "Response></env:Body></env:Envelope>";
}

struct Observed {
  std::string method;
  std::string outcome;
};

class ClientTest : public ::testing::Test {
 protected:
  void Make(int api_version = 4) {
    auto fake = std::make_unique<FakeTransport>();
    fake_ = fake.get();
    ClientOptions options;
    options.api_version = api_version;
    options.read_timeout_margin = std::chrono::milliseconds(7000);
    options.default_read_timeout = std::chrono::milliseconds(12000);
    options.observer = [this](std::string_view method, std::string_view outcome,
                              std::chrono::duration<double> took) {
      EXPECT_GE(took.count(), 0.0);
      observed_.push_back({std::string(method), std::string(outcome)});
    };
    client_ = std::make_unique<SupervisorClient>(std::move(fake), std::move(options));
  }
  void SetUp() override { Make(); }

  FakeTransport* fake_ = nullptr;
  std::unique_ptr<SupervisorClient> client_;
  std::vector<Observed> observed_;
};

TEST_F(ClientTest, ObserverSeesOkAndErrorLabels) {
  fake_->PushBody(Response("startCampaign", ""));
  fake_->PushBody(
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring><detail>"
      "<ns2:WrongCampaignStateFault xmlns:ns2=\"http://service.supervisor.ws.five9.com/\">"
      "<actualState>RUNNING</actualState><campaignName>c</campaignName>"
      "<desiredState>RUNNING</desiredState></ns2:WrongCampaignStateFault></detail></soap:Fault>"
      "</soap:Body></soap:Envelope>",
      500);
  fake_->Push(MakeError(ErrorCode::kTimeout, "slow"));
  EXPECT_TRUE(client_->StartCampaign("c"));
  auto fault = client_->StartCampaign("c");
  ASSERT_FALSE(fault);
  EXPECT_EQ(FaultTypeOf(fault.error()), FaultType::kWrongCampaignState);
  EXPECT_EQ(FaultActualState(fault.error()), "RUNNING");
  auto timeout = client_->GetUserLimits();
  ASSERT_FALSE(timeout);
  EXPECT_EQ(timeout.error().code, ErrorCode::kTimeout);
  ASSERT_EQ(observed_.size(), 3u);
  EXPECT_EQ(observed_[0].method, "startCampaign");
  EXPECT_EQ(observed_[0].outcome, "ok");
  EXPECT_EQ(observed_[1].outcome, "WrongCampaignStateFault");
  EXPECT_EQ(observed_[2].method, "getUserLimits");
  EXPECT_EQ(observed_[2].outcome, "timeout");
}

TEST_F(ClientTest, LongPollsGetTheirTimeoutPlusMargin) {
  fake_->PushBody(Response("getStatisticsUpdate", ""));
  fake_->PushBody(Response("receiveMessages", ""));
  fake_->PushBody(Response("getColumnNames", ""));
  auto update =
      client_->GetStatisticsUpdate(StatisticType::kAcdStatus, 17, std::chrono::milliseconds(20000));
  ASSERT_TRUE(update) << update.error().ToString();
  EXPECT_FALSE(update->has_value());
  auto chat = client_->ReceiveMessages(5, std::chrono::milliseconds(1000));
  ASSERT_TRUE(chat);
  EXPECT_FALSE(chat->has_value());
  ASSERT_TRUE(client_->GetColumnNames(StatisticType::kAcdStatus));
  auto requests = fake_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].read_timeout, std::chrono::milliseconds(27000));
  EXPECT_EQ(requests[1].read_timeout, std::chrono::milliseconds(8000));
  EXPECT_EQ(requests[2].read_timeout, std::chrono::milliseconds(12000));
  EXPECT_NE(requests[0].body.find("<longPollingTimeout>20000</longPollingTimeout>"),
            std::string::npos);
  EXPECT_NE(requests[0].body.find("<previousTimestamp>17</previousTimestamp>"), std::string::npos);
}

TEST_F(ClientTest, ShowOnlyMySkillsFollowsTheApiVersion) {
  fake_->PushBody(Response("getStatistics", "<return><timestamp>1</timestamp></return>"));
  ASSERT_TRUE(client_->GetStatistics(StatisticType::kAgentState, {}, true));
  EXPECT_EQ(fake_->requests().back().body.find("showOnlyMySkills"), std::string::npos);
  Make(12);
  fake_->PushBody(Response("getStatistics", "<return><timestamp>1</timestamp></return>"));
  auto stats = client_->GetStatistics(StatisticType::kAgentState, {}, true);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->type, StatisticType::kAgentState);  // <type> absent: the requested one
  EXPECT_NE(fake_->requests().back().body.find("<showOnlyMySkills>true</showOnlyMySkills>"),
            std::string::npos);
}

TEST_F(ClientTest, StopTokenReachesTheTransport) {
  std::stop_source stop;
  stop.request_stop();
  fake_->PushBody(Response("closeSession", ""));
  auto r = client_->CloseSession(stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(observed_.back().outcome, "cancelled");
}

TEST_F(ClientTest, EveryOperationSendsItsOwnBodyElement) {
  // One call per operation against a fake that answers nothing: the body element
  // and the observer's method name must both be the WSDL operation.
  const RoledId user{"Agent", 5};
  client_->SetSessionParameters(ViewSettings{});
  client_->GetSessionParameters();
  client_->CloseSession();
  client_->GetApiVersions();
  client_->GetColumnNames(StatisticType::kAgentState);
  client_->GetStatistics(StatisticType::kAgentState);
  client_->GetStatisticsUpdate(StatisticType::kAgentState, 0, std::chrono::milliseconds(1));
  client_->GetCallCountersState();
  client_->GetUserLimits();
  client_->StartCampaign("c");
  client_->StopCampaign("c");
  client_->ForceStopCampaign("c");
  client_->ResetCampaign("c");
  client_->ResetCampaignDispositions("c", {"d"}, std::nullopt, std::nullopt);
  client_->GetDispositionsNames();
  client_->CreateChatSession();
  client_->CloseChatSession("x");
  client_->SendMsgToChat("x", "t");
  client_->SendChatInvite("x", user);
  client_->AcceptChatInvite("x", true);
  client_->RemoveUserFromChat("x", user);
  client_->SendBroadcastMessages("ALL", 0, "t");
  client_->SendInfoMessage(user, "t");
  client_->ReceiveMessages(0, std::chrono::milliseconds(1));
  client_->LoginStation(LoginStationRequest{});
  client_->ReconnectStation();
  client_->StartMonitoring("a", "Silence");
  client_->StopMonitoring("a");
  client_->GetMonitoringSupervisors("a");
  client_->GetLoggedInUsers();
  client_->GetMyGroupIds();
  client_->GetMyPermissions();
  client_->GetMySkillsIds();
  auto requests = fake_->requests();
  ASSERT_EQ(requests.size(), 33u);
  ASSERT_EQ(observed_.size(), 33u);
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_NE(requests[i].body.find("<ser:" + observed_[i].method + ">"), std::string::npos)
        << observed_[i].method;
    EXPECT_EQ(observed_[i].outcome, "transport");
  }
}

}  // namespace
}  // namespace five9exp
