#include "exporter/ha/lease_client.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "exporter/ha/fake_lease_server.h"

namespace five9exp {
namespace {

class LeaseClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ha_client_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    token_file_ = (dir_ / "token").string();
    WriteToken("token-one\n");
    server_.RequireToken("token-one");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteToken(const std::string& text) { std::ofstream(token_file_, std::ios::trunc) << text; }
  LeaseClient MakeClient() {
    LeaseClientOptions options;
    options.namespace_name = "monitoring";
    options.token_file = token_file_;
    return LeaseClient(options, server_.Connect(), clock_);
  }
  static Lease Named(std::string name, std::string holder = "") {
    Lease lease;
    lease.name = std::move(name);
    lease.holder_identity = std::move(holder);
    return lease;
  }

  std::filesystem::path dir_;
  std::string token_file_;
  FakeClock clock_;
  FakeLeaseServer server_;
};

TEST_F(LeaseClientTest, GetOfAMissingLeaseIsNotFoundNotAnError) {
  LeaseClient client = MakeClient();
  Result<std::optional<Lease>> got = client.Get("five9-exporter-acme", {});
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_FALSE(got->has_value());
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path,
            "/apis/coordination.k8s.io/v1/namespaces/monitoring/leases/five9-exporter-acme");
  EXPECT_EQ(requests[0].bearer_token, "token-one");
}

TEST_F(LeaseClientTest, CreateAnswers201AndThenGetReturnsIt) {
  LeaseClient client = MakeClient();
  Result<Lease> created = client.Create(Named("l", "me"), {});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(created->resource_version.empty());
  EXPECT_EQ(created->namespace_name, "monitoring");
  Result<std::optional<Lease>> got = client.Get("l", {});
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->holder_identity, "me");
  EXPECT_EQ((*got)->resource_version, created->resource_version);
}

TEST_F(LeaseClientTest, CreateOfAnExistingLeaseIsAConflict) {
  server_.Put(Named("l"));
  LeaseClient client = MakeClient();
  Result<Lease> created = client.Create(Named("l", "me"), {});
  ASSERT_FALSE(created);
  EXPECT_TRUE(IsConflict(created.error()));
}

TEST_F(LeaseClientTest, UpdateWithAStaleResourceVersionIs409ThenSucceedsAfterReading) {
  server_.Put(Named("l"));
  LeaseClient client = MakeClient();
  Lease mine = **client.Get("l", {});
  Lease theirs = mine;
  theirs.holder_identity = "other";
  ASSERT_TRUE(client.Update(theirs, {}));  // someone else writes first
  mine.holder_identity = "me";
  Result<Lease> stale = client.Update(mine, {});
  ASSERT_FALSE(stale);
  EXPECT_TRUE(IsConflict(stale.error()));
  EXPECT_EQ(stale.error().http_status, 409);
  Lease fresh = **client.Get("l", {});
  EXPECT_EQ(fresh.holder_identity, "other");
  fresh.holder_identity = "me";
  Result<Lease> written = client.Update(fresh, {});
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(written->holder_identity, "me");
  EXPECT_NE(written->resource_version, fresh.resource_version);
}

TEST_F(LeaseClientTest, Status401And503AreErrorsThatAreNotConflicts) {
  LeaseClient client = MakeClient();
  server_.InjectStatus(503);
  Result<std::optional<Lease>> got = client.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kHttpStatus);
  EXPECT_EQ(got.error().http_status, 503);
  EXPECT_FALSE(IsConflict(got.error()));
  EXPECT_NE(got.error().message.find("injected"), std::string::npos);

  server_.RequireToken("another");
  got = client.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().http_status, 401);
  EXPECT_EQ(got.error().message.find("token-one"), std::string::npos);  // never the secret
}

TEST_F(LeaseClientTest, UpdateOfAMissingLeaseIs404Error) {
  LeaseClient client = MakeClient();
  Result<Lease> written = client.Update(Named("gone", "me"), {});
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().http_status, 404);
}

TEST_F(LeaseClientTest, MalformedAnswerIsReported) {
  class Garbage final : public KubeTransport {
   public:
    Result<KubeResponse> Send(const KubeRequest&, std::stop_token) override {
      return KubeResponse{200, "<html>proxy error</html>"};
    }
  };
  LeaseClient client({.namespace_name = "ns"}, std::make_unique<Garbage>(), clock_);
  Result<std::optional<Lease>> got = client.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kMalformedResponse);
}

TEST_F(LeaseClientTest, TransportErrorsPassThrough) {
  server_.SetOutage(true);
  LeaseClient client = MakeClient();
  Result<std::optional<Lease>> got = client.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kTransport);
}

TEST_F(LeaseClientTest, TokenIsReReadEveryMinute) {
  LeaseClient client = MakeClient();
  ASSERT_TRUE(client.Get("l", {}));
  WriteToken("token-two");  // kubelet rotated the bound token
  ASSERT_TRUE(client.Get("l", {}));
  clock_.Advance(std::chrono::seconds(59));
  ASSERT_TRUE(client.Get("l", {}));
  clock_.Advance(std::chrono::seconds(1));
  server_.RequireToken("token-two");
  ASSERT_TRUE(client.Get("l", {}));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].bearer_token, "token-one");
  EXPECT_EQ(requests[2].bearer_token, "token-one");
  EXPECT_EQ(requests[3].bearer_token, "token-two");
}

TEST_F(LeaseClientTest, A401ForcesTheTokenToBeReReadAtOnce) {
  LeaseClient client = MakeClient();
  ASSERT_TRUE(client.Get("l", {}));
  WriteToken("token-two");
  server_.RequireToken("token-two");
  Result<std::optional<Lease>> got = client.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().http_status, 401);
  EXPECT_TRUE(client.Get("l", {}));  // same instant: re-read because of the 401
}

TEST_F(LeaseClientTest, AMissingTokenFileIsAnIoErrorButAKnownTokenSurvivesRotationGaps) {
  LeaseClient client = MakeClient();
  ASSERT_TRUE(client.Get("l", {}));
  std::filesystem::remove(token_file_);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(client.Get("l", {}));  // keeps the token it has

  LeaseClient fresh = MakeClient();
  Result<std::optional<Lease>> got = fresh.Get("l", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace five9exp
