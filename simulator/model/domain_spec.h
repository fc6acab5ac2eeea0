#pragma once
// DomainSpec and ModelFault: the plain inputs and error currency of the simulated contact
// center (simulator/model). No behaviour here.

#include <cstdint>
#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace five9sim {

// What domain to generate and how busy it is. Same spec and same sequence of AdvanceTo
// calls => same tables (std::mt19937_64 seeded from `seed`).
struct DomainSpec {
  // Seed of the one random engine of the model.
  uint64_t seed = 1;
  // Number of agents generated at start (about 85% log in during the first minutes).
  int agents = 50;
  // Number of skills (ACDStatus rows); each agent gets 1-3 of them.
  int skills = 8;
  // Campaigns of each campaignType; all inbound and most others start RUNNING.
  int inbound_campaigns = 3, outbound_campaigns = 3, autodial_campaigns = 2;
  // Disposition names; empty = a default set ("No Disposition", "Sale", "Callback", ...).
  // AgentStatistics gets one column per disposition, named exactly as the disposition.
  std::vector<std::string> dispositions;
  // Inbound arrival rate per skill (Poisson), while the skill's inbound campaign runs.
  double calls_per_skill_per_minute = 2.0;
  // Simulation step: the dynamics advance in whole ticks and each tick's changes form one
  // journal batch stamped with the tick time.
  int64_t tick_ms = 1000;
  // How long journal batches are kept; ChangesSince older than that => UnknownTimestampFault.
  int64_t journal_retention_ms = 3'600'000;
  // Duration columns (`State Duration`, ...) of an idle row are refreshed this often
  // (staggered over agents), so a 5,000-agent domain yields hundreds of updates per second
  // rather than tens of thousands.
  int64_t duration_refresh_ms = 60'000;
  // Domain time zone for `State Since`-style wall-clock strings (US Pacific daylight).
  int64_t time_zone_offset_ms = -7 * 3'600'000LL;
};

// A fault the model reports for an operation (the service turns it into a SOAP fault).
// `name` is the WSDL fault element (e.g. "WrongCampaignStateFault"); `fields` are its child
// elements in WSDL order (repeated elements such as desiredTypes appear once per value);
// `message` is for people and belongs in the fault's `message` element, which comes last in
// every fault the model raises. Model-only names (not in the WSDL) used by the control API:
// "ObjectNotFoundFault" (SetValue of an unknown object), "IncorrectArgumentFault" (SetValue of
// a key column).
struct ModelFault {
  std::string name;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string message;
};

template <class T>
using ModelResult = tl::expected<T, ModelFault>;

}  // namespace five9sim
