#pragma once
// The "large domain" of issue 7, built deterministically for the benchmarks: 5,000 agents
// (AgentState with 15 columns, AgentStatistics with 60 columns of which 47 are disposition
// counters), 500 skills (ACDStatus) and 300 campaigns split over the three campaign types
// (CampaignState, Inbound/Outbound/AutodialCampaignStatistics, OutboundCampaignManager):
// about 350,000 series on /metrics.
//
// The tables go through the statistics module's own path (Statistics -> StatisticTable::Load
// -> TableSnapshot), so what the renderers see is shaped exactly like production data. Values
// come from one std::mt19937_64 with a fixed seed: the same build gives the same bytes.
//
// Column names and value spellings follow the simulator's tables (Five9's names and formats).
// Plain functions and a value type; LargeDomain is not thread-safe (one owner at a time).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "exporter/five9/types.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/statistics/table.h"

namespace five9exp::bench {

struct LargeDomainSpec {
  std::string domain = "large";
  int agents = 5000;
  int agent_statistics_columns = 60;  // 13 fixed columns + dispositions
  int skills = 500;
  int campaigns = 300;  // split evenly over inbound, outbound, autodial
  uint64_t seed = 2026;
};

// The full loads (getStatistics answers) of every type, in kAllStatisticTypes order.
std::vector<Statistics> BuildLargeDomainStatistics(const LargeDomainSpec& spec);

// Live tables of one domain, as a domain poller holds them.
class LargeDomain {
 public:
  explicit LargeDomain(const LargeDomainSpec& spec);

  // An immutable snapshot of every table (what the poller publishes).
  std::shared_ptr<const DomainSnapshot> Snapshot() const;

  StatisticTable& table(StatisticType type) { return *tables_.at(type); }
  const LargeDomainSpec& spec() const { return spec_; }

 private:
  LargeDomainSpec spec_;
  std::map<StatisticType, std::unique_ptr<StatisticTable>> tables_;
  uint64_t version_ = 0;
};

// A delta that changes one non-key numeric cell in `fraction` of the rows of `table`
// (every 1/fraction-th row, shifted by `round`), with values that differ from the current
// ones and from the previous round's.
StatisticsUpdate MakeRowsDelta(const TableSnapshot& table, double fraction, int round);

// A getStatisticsUpdate delta of AgentStatistics with `items` itemUpdates spread over the
// agents and columns; `round` varies the values so that consecutive rounds change cells.
StatisticsUpdate MakeAgentStatisticsUpdate(const LargeDomainSpec& spec,
                                           const std::vector<std::string>& columns, int items,
                                           int round);

// Total number of series a full render of the domain yields (counted from its text).
size_t CountSeries(const std::string& body);

}  // namespace five9exp::bench
