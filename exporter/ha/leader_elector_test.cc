#include "exporter/ha/leader_elector.h"

#include <gtest/gtest.h>

#include "exporter/ha/fake_lease_server.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// One replica: its client, elector and what its hooks saw.
struct Replica {
  Replica(FakeLeaseServer& server, FakeClock& clock, std::string identity,
          std::function<bool()> reserve = {})
      : client({.namespace_name = "ns"}, server.Connect(), clock) {
    ElectorHooks hooks;
    hooks.annotations = [identity] {
      return std::map<std::string, std::string>{
          {std::string(kStateUrlAnnotation), "http://" + identity}};
    };
    hooks.on_started_leading = [this] { ++started; };
    hooks.on_stopped_leading = [this](std::string_view reason) {
      ++stopped;
      last_reason = std::string(reason);
      fence_when_stopped = elector->MayCall();
    };
    hooks.on_observed = [this](const Lease& lease) { observed_holder = lease.holder_identity; };
    if (reserve) {
      hooks.reserve = reserve;
      hooks.unreserve = [this] { ++unreserved; };
    }
    elector = std::make_unique<LeaderElector>(ElectorOptions{.lease_name = "five9-exporter-acme",
                                                             .identity = identity,
                                                             .lease_duration = seconds(15),
                                                             .renew_deadline = seconds(10),
                                                             .retry_period = seconds(2)},
                                              client, clock, std::move(hooks));
  }
  SteadyTime Step() { return elector->Step({}); }

  LeaseClient client;
  std::unique_ptr<LeaderElector> elector;
  int started = 0;
  int stopped = 0;
  int unreserved = 0;
  bool fence_when_stopped = true;
  std::string last_reason;
  std::string observed_holder;
};

class LeaderElectorTest : public ::testing::Test {
 protected:
  FakeLeaseServer server_;
  FakeClock clock_;
};

TEST_F(LeaderElectorTest, CreatesAMissingLeaseAndLeads) {
  Replica a(server_, clock_, "a");
  const SteadyTime next = a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_EQ(a.started, 1);
  EXPECT_EQ(next, clock_.SteadyNow() + seconds(2));
  std::optional<Lease> lease = server_.Find("five9-exporter-acme");
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->holder_identity, "a");
  EXPECT_EQ(lease->lease_duration_seconds, 15);
  EXPECT_EQ(lease->annotations.at(std::string(kStateUrlAnnotation)), "http://a");
  EXPECT_EQ(lease->renew_time, clock_.WallNow());
}

TEST_F(LeaderElectorTest, TakesAShippedUnheldLeaseAtOnce) {
  server_.Put(Lease{.name = "five9-exporter-acme"});
  Replica a(server_, clock_, "a");
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_EQ(server_.Find("five9-exporter-acme")->lease_transitions, 0);
}

TEST_F(LeaderElectorTest, ExactlyOneLeaderAndTheStandbyWaitsForExpiryByItsOwnClock) {
  Replica a(server_, clock_, "a");
  Replica b(server_, clock_, "b");
  a.Step();
  b.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_FALSE(b.elector->MayCall());
  EXPECT_EQ(b.observed_holder, "a");
  EXPECT_EQ(b.elector->Status().state_url, "http://a");
  // a keeps renewing: b never takes over, however long.
  for (int i = 0; i < 20; ++i) {
    clock_.Advance(seconds(2));
    a.Step();
    b.Step();
    ASSERT_TRUE(a.elector->MayCall());
    ASSERT_FALSE(b.elector->MayCall());
  }
  // a dies (stops renewing). b saw the last change at t0; it takes over at t0 + 15 s.
  const SteadyTime t0 = clock_.SteadyNow();
  clock_.Advance(seconds(14));
  b.Step();
  EXPECT_FALSE(b.elector->MayCall());
  clock_.Advance(seconds(1));
  b.Step();
  EXPECT_TRUE(b.elector->MayCall());
  EXPECT_EQ(clock_.SteadyNow() - t0, seconds(15));
  std::optional<Lease> lease = server_.Find("five9-exporter-acme");
  EXPECT_EQ(lease->holder_identity, "b");
  EXPECT_EQ(lease->lease_transitions, 1);
  EXPECT_EQ(lease->annotations.at(std::string(kStateUrlAnnotation)), "http://b");
  // a comes back (e.g. after a pause): it sees b holds the Lease and stops leading.
  a.Step();
  EXPECT_FALSE(a.elector->MayCall());
  EXPECT_EQ(a.stopped, 1);
}

TEST_F(LeaderElectorTest, ExpiryIgnoresTheHoldersWallClock) {
  // The holder's node clock is a day behind: its renewTime looks ancient, but the record
  // keeps changing, so it is alive.
  Replica b(server_, clock_, "b");
  Lease lease{.name = "five9-exporter-acme", .holder_identity = "a", .lease_duration_seconds = 15};
  for (int i = 0; i < 10; ++i) {
    lease.renew_time = clock_.WallNow() - std::chrono::hours(24) + seconds(i);
    server_.Put(lease);
    b.Step();
    ASSERT_FALSE(b.elector->MayCall()) << i;
    clock_.Advance(seconds(5));
  }
}

TEST_F(LeaderElectorTest, FenceClosesExactlyAtTheRenewDeadlineWhileTheApiServerIsDown) {
  Replica a(server_, clock_, "a");
  a.Step();
  const SteadyTime renewed = clock_.SteadyNow();
  server_.SetOutage(true);
  SteadyTime next = renewed;
  while (a.elector->MayCall()) {
    clock_.Advance(next - clock_.SteadyNow());
    next = a.Step();
    ASSERT_LE(clock_.SteadyNow() - renewed, seconds(10));
  }
  EXPECT_EQ(clock_.SteadyNow() - renewed, seconds(10));
  EXPECT_EQ(a.stopped, 1);
  EXPECT_FALSE(a.fence_when_stopped);  // closed before the hook runs
  EXPECT_NE(a.last_reason.find("renew deadline"), std::string::npos);
  EXPECT_NE(a.elector->Status().last_error.find("connection refused"), std::string::npos);
  // The API server returns: a still holds the unexpired Lease, so it leads again.
  server_.SetOutage(false);
  clock_.Advance(seconds(2));
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_EQ(a.started, 2);
}

TEST_F(LeaderElectorTest, The503And401AnswersDoNotStopALeaderBeforeTheDeadline) {
  Replica a(server_, clock_, "a");
  a.Step();
  server_.InjectStatus(503);
  clock_.Advance(seconds(2));
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_NE(a.elector->Status().last_error.find("503"), std::string::npos);
  clock_.Advance(seconds(2));
  server_.InjectStatus(401);
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  clock_.Advance(seconds(2));
  a.Step();  // served again: renewed
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_TRUE(a.elector->Status().last_error.empty());
  EXPECT_EQ(a.stopped, 0);
}

TEST_F(LeaderElectorTest, AConflictIsReadAgainWithinTheSameStep) {
  Replica a(server_, clock_, "a");
  a.Step();
  clock_.Advance(seconds(2));
  const size_t before = server_.requests().size();
  server_.InjectStatus(409, 1, "PUT");  // someone wrote between our GET and PUT
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size() - before, 4u);  // GET, PUT 409, GET again, PUT
  EXPECT_EQ(requests[before + 2].method, "GET");
  EXPECT_EQ(requests[before + 3].method, "PUT");
  EXPECT_EQ(server_.Find("five9-exporter-acme")->renew_time, clock_.WallNow());
}

TEST_F(LeaderElectorTest, TwoCandidatesRacingForAFreeLeaseEndWithOneLeader) {
  server_.Put(Lease{.name = "five9-exporter-acme"});
  Replica a(server_, clock_, "a");
  Replica b(server_, clock_, "b");
  // b's PUT carries the version it read before a's PUT landed: 409, read again, standby.
  Lease seen_by_b = *server_.Find("five9-exporter-acme");
  a.Step();
  Lease stale = seen_by_b;
  stale.holder_identity = "b";
  Result<Lease> lost = b.client.Update(stale, {});
  ASSERT_FALSE(lost);
  EXPECT_TRUE(IsConflict(lost.error()));
  b.Step();
  EXPECT_TRUE(a.elector->MayCall());
  EXPECT_FALSE(b.elector->MayCall());
}

TEST_F(LeaderElectorTest, ReleaseLetsTheStandbyLeadOnItsNextStep) {
  Replica a(server_, clock_, "a");
  Replica b(server_, clock_, "b");
  a.Step();
  b.Step();
  a.elector->Resign();
  EXPECT_FALSE(a.elector->MayCall());
  EXPECT_EQ(a.stopped, 1);
  ASSERT_TRUE(a.elector->Release({}));
  std::optional<Lease> released = server_.Find("five9-exporter-acme");
  EXPECT_TRUE(released->holder_identity.empty());
  // The state URL stays, so the successor can fetch the final state.
  EXPECT_EQ(released->annotations.at(std::string(kStateUrlAnnotation)), "http://a");
  clock_.Advance(seconds(2));  // one retry period
  b.Step();
  EXPECT_TRUE(b.elector->MayCall());
  EXPECT_EQ(server_.Find("five9-exporter-acme")->lease_transitions, 1);
  // A resigned elector never leads again.
  a.Step();
  EXPECT_FALSE(a.elector->MayCall());
  EXPECT_EQ(a.started, 1);
}

TEST_F(LeaderElectorTest, ReleaseOfALeaseHeldByAnotherIsRefused) {
  Replica a(server_, clock_, "a");
  Replica b(server_, clock_, "b");
  a.Step();
  b.Step();
  b.elector->Resign();
  Result<void> released = b.elector->Release({});
  ASSERT_FALSE(released);
  EXPECT_EQ(released.error().code, ErrorCode::kNotReady);
  EXPECT_EQ(server_.Find("five9-exporter-acme")->holder_identity, "a");
}

TEST_F(LeaderElectorTest, MaxDomainsReservationKeepsAReplicaStandby) {
  bool allow = false;
  int reservations = 0;
  Replica a(server_, clock_, "a", [&] {
    if (!allow) return false;
    ++reservations;
    return true;
  });
  a.Step();
  EXPECT_FALSE(a.elector->MayCall());
  EXPECT_FALSE(server_.Find("five9-exporter-acme"));  // did not even create it
  allow = true;
  clock_.Advance(seconds(2));
  a.Step();
  EXPECT_TRUE(a.elector->MayCall());
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(seconds(2));
    a.Step();  // renewals do not reserve again
  }
  EXPECT_EQ(reservations, 1);
  a.elector->Resign();
  EXPECT_EQ(a.unreserved, 1);
}

}  // namespace
}  // namespace five9exp
