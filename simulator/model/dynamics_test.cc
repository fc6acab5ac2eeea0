#include "simulator/model/dynamics.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "simulator/model/domain_generator.h"

namespace five9sim {
namespace {

constexpr int64_t kStart = 1'800'000'000'000;

DomainSpec Spec() {
  DomainSpec spec;
  spec.seed = 9;
  spec.agents = 300;
  spec.skills = 10;
  spec.calls_per_skill_per_minute = 6.0;
  return spec;
}

TEST(DomainGeneratorTest, BuildsTheRequestedShape) {
  const Domain d = GenerateDomain(Spec(), kStart);
  EXPECT_EQ(d.agents.size(), 300u);
  EXPECT_EQ(d.skills.size(), 10u);
  std::map<CampaignType, int> types;
  for (const Campaign& c : d.campaigns) ++types[c.type];
  EXPECT_EQ(types[CampaignType::kInbound], 3);
  EXPECT_EQ(types[CampaignType::kOutbound], 3);
  EXPECT_EQ(types[CampaignType::kAutodial], 2);
  std::set<std::string> usernames, skill_names;
  std::set<int64_t> skill_ids;
  for (const Agent& a : d.agents) {
    usernames.insert(a.username);
    EXPECT_FALSE(a.skills.empty());
    EXPECT_EQ(d.FindAgent(a.username), &a - d.agents.data());
  }
  for (const Skill& s : d.skills) {
    skill_names.insert(s.name);
    skill_ids.insert(s.wire_id);
  }
  EXPECT_EQ(usernames.size(), 300u);
  EXPECT_EQ(skill_names.size(), 10u);
  EXPECT_EQ(skill_ids.size(), 10u);
  EXPECT_EQ(d.dispositions, DefaultDispositions());
  // Dialer outcomes are not offered to agents in wrap-up.
  for (int i : d.agent_dispositions) EXPECT_NE(d.dispositions[i], "Busy");
}

// The per-skill and per-campaign counters are kept incrementally; after a busy stretch they
// must equal a recount from the agents.
TEST(DynamicsTest, IncrementalCountersMatchARecount) {
  Domain d = GenerateDomain(Spec(), kStart);
  Dynamics dynamics(d);
  dynamics.Begin(kStart);
  std::set<std::string> states, call_types;
  bool held = false;
  for (int64_t t = kStart + 1000; t <= kStart + 30 * 60'000; t += 1000) {
    dynamics.Tick(t);
    if (t == kStart + 10 * 60'000) dynamics.RemoveAgent(7, t);
    if (t == kStart + 12 * 60'000) dynamics.AddAgent("x.new", "X New", t);
    for (const Agent& a : d.agents) {
      states.insert(AgentStateName(a.state));
      if (a.state == AgentState::kOnCall) call_types.insert(std::to_string(int(a.call_kind)));
      held = held || a.holding;
    }
  }
  EXPECT_EQ(states.size(), 5u);      // every state occurs
  EXPECT_EQ(call_types.size(), 3u);  // inbound, outbound, manual
  EXPECT_TRUE(held);
  for (size_t s = 0; s < d.skills.size(); ++s) {
    int64_t logged_in = 0, not_ready = 0, on_call = 0, ready = 0;
    for (const Agent& a : d.agents) {
      if (a.removed || a.state == AgentState::kLoggedOut) continue;
      if (std::find(a.skills.begin(), a.skills.end(), static_cast<int>(s)) == a.skills.end()) {
        continue;
      }
      ++logged_in;
      not_ready += a.state == AgentState::kNotReady;
      on_call += a.state == AgentState::kOnCall;
      ready += a.state == AgentState::kReady;
    }
    EXPECT_EQ(d.skills[s].logged_in, logged_in) << s;
    EXPECT_EQ(d.skills[s].not_ready, not_ready) << s;
    EXPECT_EQ(d.skills[s].on_call, on_call) << s;
    EXPECT_EQ(static_cast<int64_t>(d.skills[s].ready.size()), ready) << s;
  }
  for (size_t c = 0; c < d.campaigns.size(); ++c) {
    int64_t on_call = 0, logged_in = 0;
    for (const Agent& a : d.agents) {
      if (a.removed || a.state == AgentState::kLoggedOut) continue;
      if (std::find(a.campaigns.begin(), a.campaigns.end(), static_cast<int>(c)) !=
          a.campaigns.end()) {
        ++logged_in;
      }
      if (a.call_campaign == static_cast<int>(c)) ++on_call;
    }
    EXPECT_EQ(d.campaigns[c].logged_in, logged_in) << c;
    EXPECT_EQ(d.campaigns[c].on_call, on_call) << c;
    EXPECT_GE(d.campaigns[c].in_queue, 0);
  }
  const Campaign& inbound = d.campaigns[0];
  EXPECT_GT(inbound.answered, 0);
  EXPECT_EQ(inbound.calls, inbound.answered + inbound.abandoned + inbound.in_queue);
}

}  // namespace
}  // namespace five9sim
