#include "simulator/model/domain_generator.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace five9sim {
namespace {

constexpr std::array<const char*, 40> kFirstNames = {
    "James",   "Mary",   "Robert",  "Patricia", "John",    "Jennifer", "Michael", "Linda",
    "David",   "Maria",  "William", "Susan",    "Richard", "Jessica",  "Joseph",  "Sarah",
    "Thomas",  "Karen",  "Carlos",  "Lisa",     "Daniel",  "Nancy",    "Matthew", "Betty",
    "Anthony", "Sandra", "Mark",    "Ashley",   "Luis",    "Kimberly", "Steven",  "Emily",
    "Paul",    "Donna",  "Andrew",  "Michelle", "Joshua",  "Carol",    "Kevin",   "Amanda"};
constexpr std::array<const char*, 40> kLastNames = {
    "Smith",     "Johnson",  "Williams",  "Brown",   "Jones",    "Garcia",   "Miller",   "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez",   "Gonzalez", "Wilson",   "Anderson", "Thomas",
    "Taylor",    "Moore",    "Jackson",   "Martin",  "Lee",      "Perez",    "Thompson", "White",
    "Harris",    "Sanchez",  "Clark",     "Ramirez", "Lewis",    "Robinson", "Walker",   "Young",
    "Allen",     "King",     "Wright",    "Scott",   "Torres",   "Nguyen",   "Hill",     "Flores"};
constexpr std::array<const char*, 12> kSkillNames = {
    "Sales",       "Support",     "Billing",    "Retention", "Technical Support", "Spanish Sales",
    "VIP Service", "Collections", "Onboarding", "Returns",   "Escalations",       "Claims"};
constexpr std::array<const char*, 6> kInboundNames = {"Inbound Sales",   "Inbound Support",
                                                      "Inbound Billing", "Inbound Retention",
                                                      "Inbound VIP",     "Inbound Spanish"};
constexpr std::array<const char*, 6> kOutboundNames = {"Outbound Renewals", "Outbound Win-Back",
                                                       "Outbound Surveys",  "Outbound Upsell",
                                                       "Outbound Leads",    "Outbound Collections"};
constexpr std::array<const char*, 4> kAutodialNames = {
    "Autodial Reminders", "Autodial Notifications", "Autodial Outage Alerts",
    "Autodial Payment Due"};
constexpr std::array<const char*, 4> kDialingModes = {"PREDICTIVE", "PROGRESSIVE", "POWER",
                                                      "PREVIEW"};

template <size_t kSize>
std::string PoolName(const std::array<const char*, kSize>& pool, const std::string& prefix,
                     int index) {
  if (index < static_cast<int>(kSize)) return pool[index];
  return prefix + " " + std::to_string(index + 1);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

}  // namespace

std::vector<std::string> DefaultDispositions() {
  return {"No Disposition",    "Sale", "Callback", "Not Interested", "Do Not Call", "Wrong Number",
          "Answering Machine", "Busy", "No Answer"};
}

Domain GenerateDomain(const DomainSpec& spec, int64_t start_ms) {
  Domain d;
  d.spec = spec;
  d.spec.tick_ms = std::max<int64_t>(1, spec.tick_ms);
  d.rng.seed(spec.seed);
  d.start_ms = start_ms;
  d.now_ms = start_ms;
  auto uniform = [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(d.rng); };
  auto pick = [&](size_t n) { return static_cast<size_t>(uniform() * n) % n; };

  d.dispositions = spec.dispositions.empty() ? DefaultDispositions() : spec.dispositions;
  // Dialer outcomes are set by the system, not chosen by agents in wrap-up.
  static const std::set<std::string> kSystem = {"Answering Machine", "Busy", "No Answer",
                                                "Abandon"};
  for (size_t i = 0; i < d.dispositions.size(); ++i) {
    if (!kSystem.contains(d.dispositions[i])) d.agent_dispositions.push_back(static_cast<int>(i));
  }
  if (d.agent_dispositions.empty()) {
    if (d.dispositions.empty()) d.dispositions.push_back("No Disposition");
    for (size_t i = 0; i < d.dispositions.size(); ++i) {
      d.agent_dispositions.push_back(static_cast<int>(i));
    }
  }

  const int campaign_count = std::max(0, spec.inbound_campaigns) +
                             std::max(0, spec.outbound_campaigns) +
                             std::max(0, spec.autodial_campaigns);
  d.campaigns.reserve(campaign_count);
  auto add_campaign = [&](CampaignType type, std::string name, bool running) {
    Campaign c;
    c.name = std::move(name);
    c.type = type;
    c.state = running ? CampaignState::kRunning : CampaignState::kNotRunning;
    c.state_since_ms = start_ms - 3'600'000 - static_cast<int64_t>(uniform() * 3 * 3'600'000);
    c.mode = uniform() < 0.5 ? "BASIC" : "ADVANCED";
    if (type == CampaignType::kOutbound) c.dialing_mode = kDialingModes[pick(kDialingModes.size())];
    if (type != CampaignType::kInbound) {
      // Lists big enough for a busy day: about 200 records per agent of the domain.
      c.list_size = std::max<int64_t>(2'000, int64_t{spec.agents} * 200);
      c.records_remaining = c.list_size - static_cast<int64_t>(uniform() * c.list_size / 4);
      c.records_dialed = c.list_size - c.records_remaining;
    }
    c.disposition_counts.assign(d.dispositions.size(), 0);
    // Records dialed earlier today end up spread over the dispositions.
    int64_t unassigned = c.records_dialed;
    for (size_t i = 0; i + 1 < c.disposition_counts.size(); ++i) {
      const int64_t share = static_cast<int64_t>(unassigned * 0.5 * uniform());
      c.disposition_counts[i] = share;
      unassigned -= share;
    }
    if (!c.disposition_counts.empty()) c.disposition_counts.back() += unassigned;
    d.campaigns.push_back(std::move(c));
  };
  for (int i = 0; i < spec.inbound_campaigns; ++i) {
    add_campaign(CampaignType::kInbound, PoolName(kInboundNames, "Inbound", i), true);
  }
  const int first_outbound = static_cast<int>(d.campaigns.size());
  for (int i = 0; i < spec.outbound_campaigns; ++i) {
    // The last outbound campaign waits to be started (when there are several).
    const bool running = spec.outbound_campaigns == 1 || i + 1 < spec.outbound_campaigns;
    add_campaign(CampaignType::kOutbound, PoolName(kOutboundNames, "Outbound", i), running);
  }
  for (int i = 0; i < spec.autodial_campaigns; ++i) {
    add_campaign(CampaignType::kAutodial, PoolName(kAutodialNames, "Autodial", i), i == 0);
  }

  for (int i = 0; i < spec.skills; ++i) {
    Skill s;
    s.wire_id = 1'000'100 + i;
    s.name = PoolName(kSkillNames, "Skill", i);
    s.inbound_campaign = spec.inbound_campaigns > 0 ? i % spec.inbound_campaigns : -1;
    d.skills.push_back(std::move(s));
  }

  std::set<std::string> used;
  d.agents.reserve(std::max(0, spec.agents));
  for (int i = 0; i < spec.agents; ++i) {
    Agent a;
    const std::string first = kFirstNames[pick(kFirstNames.size())];
    const std::string last = kLastNames[pick(kLastNames.size())];
    a.full_name = first + " " + last;
    const std::string base = Lower(first) + "." + Lower(last);
    a.username = base;
    for (int n = 2; used.contains(a.username); ++n) a.username = base + std::to_string(n);
    used.insert(a.username);
    if (!d.skills.empty()) {
      const size_t wanted = 1 + pick(3);
      for (size_t k = 0; k < wanted; ++k) {
        const int s = static_cast<int>(pick(d.skills.size()));
        if (std::find(a.skills.begin(), a.skills.end(), s) == a.skills.end()) a.skills.push_back(s);
      }
      std::sort(a.skills.begin(), a.skills.end());
      for (int s : a.skills) {
        const int c = d.skills[s].inbound_campaign;
        if (c >= 0 && std::find(a.campaigns.begin(), a.campaigns.end(), c) == a.campaigns.end()) {
          a.campaigns.push_back(c);
        }
      }
    }
    if (spec.outbound_campaigns > 0 && uniform() < 0.4) {
      a.outbound_campaign = first_outbound + static_cast<int>(pick(spec.outbound_campaigns));
      a.campaigns.push_back(a.outbound_campaign);
    }
    d.agent_by_name[a.username] = i;
    d.agents.push_back(std::move(a));
  }
  return d;
}

}  // namespace five9sim
