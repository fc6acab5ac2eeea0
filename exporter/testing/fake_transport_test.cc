#include "exporter/testing/fake_transport.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

TEST(FakeTransportTest, ScriptedAnswersFirstThenTheResponderThenAnError) {
  FakeTransport bare;
  bare.PushBody("<first/>");
  auto first = bare.Post({"<a/>"}, {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "<first/>");
  auto none = bare.Post({"<b/>"}, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kTransport);
  ASSERT_EQ(bare.requests().size(), 2u);
  EXPECT_EQ(bare.requests()[1].body, "<b/>");

  FakeTransport answering([](const SoapHttpRequest& request, std::stop_token) {
    return Result<SoapHttpResponse>(SoapHttpResponse{200, "text/xml", "echo:" + request.body});
  });
  answering.Push(MakeError(ErrorCode::kTimeout, "scripted"));
  auto scripted = answering.Post({"<c/>"}, {});
  ASSERT_FALSE(scripted);
  EXPECT_EQ(scripted.error().code, ErrorCode::kTimeout);
  auto echoed = answering.Post({"<d/>"}, {});
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->body, "echo:<d/>");
}

TEST(FakeTransportTest, AStoppedCallIsCancelledAndStillRecorded) {
  FakeTransport transport;
  transport.PushBody("<kept/>");
  std::stop_source stop;
  stop.request_stop();
  auto cancelled = transport.Post({"<e/>"}, stop.get_token());
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(transport.requests().size(), 1u);
  auto kept = transport.Post({"<f/>"}, {});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body, "<kept/>");
}

TEST(FakeTransportTest, KeepsOnlyTheLatestRequests) {
  FakeTransport transport;
  for (size_t i = 0; i <= FakeTransport::kMaxRecorded; ++i) {
    (void)transport.Post({std::to_string(i)}, {});
  }
  const std::vector<SoapHttpRequest> requests = transport.requests();
  ASSERT_EQ(requests.size(), FakeTransport::kMaxRecorded);
  EXPECT_EQ(requests.front().body, "1");
  EXPECT_EQ(requests.back().body, std::to_string(FakeTransport::kMaxRecorded));
}

}  // namespace
}  // namespace five9exp
