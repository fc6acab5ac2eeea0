#include "simulator/model/contact_center.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>

namespace five9sim {
namespace {

using five9exp::CellValue;
using five9exp::StatisticType;

constexpr int64_t kStart = 1'800'000'000'000;  // 2027-01-15 08:00:00 UTC

// A table keyed by row name, the shape a client keeps.
struct KeyedTable {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<CellValue>> rows;
  bool operator==(const KeyedTable&) const = default;
};

KeyedTable Keyed(const five9exp::Statistics& s) {
  KeyedTable t;
  t.columns = s.columns;
  for (const auto& row : s.rows) t.rows[*row[0]] = row;
  return t;
}

// Applies an update the way a client must: deletes, then adds (all cells nil), then data.
void Apply(KeyedTable& t, const five9exp::StatisticsUpdate& u) {
  for (const std::string& name : u.deleted_objects) t.rows.erase(name);
  for (const std::string& name : u.added_objects) {
    t.rows[name] = std::vector<CellValue>(t.columns.size());
  }
  for (const five9exp::ItemUpdate& item : u.data_update) {
    auto row = t.rows.find(item.object_name);
    ASSERT_NE(row, t.rows.end()) << "update for unknown row " << item.object_name;
    auto column = std::find(t.columns.begin(), t.columns.end(), item.column_name);
    ASSERT_NE(column, t.columns.end()) << item.column_name;
    row->second[column - t.columns.begin()] = item.column_value;
  }
}

DomainSpec BusySpec() {
  DomainSpec spec;
  spec.seed = 42;
  spec.agents = 150;
  spec.skills = 6;
  spec.calls_per_skill_per_minute = 12.0;
  spec.journal_retention_ms = 2 * 3'600'000;
  return spec;
}

five9exp::Statistics Get(const ContactCenter& cc, StatisticType type,
                         const std::vector<std::string>& columns = {}) {
  auto s = cc.GetStatistics(type, columns);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
  return s ? *s : five9exp::Statistics{};
}

std::string FieldOf(const ModelFault& fault, const std::string& name) {
  std::string joined;
  for (const auto& [key, value] : fault.fields) {
    if (key == name) joined += (joined.empty() ? "" : ",") + value;
  }
  return joined;
}

TEST(ContactCenterTest, SameSeedSameTablesWhateverTheSlicing) {
  DomainSpec spec = BusySpec();
  ContactCenter a(spec, kStart);
  ContactCenter b(spec, kStart);
  a.AdvanceTo(kStart + 10 * 60'000);
  for (int64_t t = kStart; t <= kStart + 10 * 60'000; t += 7'300) b.AdvanceTo(t);
  b.AdvanceTo(kStart + 10 * 60'000);
  spec.seed = 43;
  ContactCenter c(spec, kStart);
  c.AdvanceTo(kStart + 10 * 60'000);
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    const auto sa = Get(a, type), sb = Get(b, type), sc = Get(c, type);
    EXPECT_EQ(sa.columns, sb.columns);
    EXPECT_EQ(sa.rows, sb.rows) << five9exp::ToWire(type);
    EXPECT_EQ(sa.timestamp, sb.timestamp);
    EXPECT_FALSE(sa.rows.empty()) << five9exp::ToWire(type);
  }
  EXPECT_NE(Get(a, StatisticType::kAgentState).rows, Get(c, StatisticType::kAgentState).rows);
}

// The delta property: for every type over a simulated busy hour, GetStatistics(t0) plus every
// update since t0 == GetStatistics(now), with rows added and deleted and nil kept apart from "".
TEST(ContactCenterTest, DeltaPropertyOverABusyHourForEveryType) {
  ContactCenter cc(BusySpec(), kStart);
  cc.AdvanceTo(kStart + 60'000);
  std::map<StatisticType, KeyedTable> at_t0, chained;
  std::map<StatisticType, int64_t> t0, chained_ts;
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    const auto s = Get(cc, type);
    at_t0[type] = chained[type] = Keyed(s);
    t0[type] = chained_ts[type] = s.timestamp;
  }
  const std::vector<std::string> agents = cc.AgentUsernames();
  std::map<StatisticType, size_t> updates, added, deleted;
  for (int minute = 1; minute <= 60; ++minute) {
    cc.AdvanceTo(kStart + 60'000 + minute * 60'000 - 13'000);
    cc.AdvanceTo(kStart + 60'000 + minute * 60'000);
    switch (minute) {
      case 5:
        ASSERT_TRUE(cc.StopCampaign("Outbound Renewals"));
        break;
      case 9:
        ASSERT_TRUE(cc.StartCampaign("Outbound Surveys"));
        break;
      case 12:
        cc.AddAgent("new.hire", "New Hire");
        break;
      case 15:
        ASSERT_TRUE(cc.RemoveAgent(agents[3]));
        break;
      case 20:
        ASSERT_TRUE(cc.StartCampaign("Outbound Renewals"));
        break;
      case 22:
        ASSERT_TRUE(cc.RemoveAgent("new.hire"));
        break;
      case 25:
        ASSERT_TRUE(cc.SetValue(StatisticType::kAgentState, agents[5], "Customer", std::nullopt));
        ASSERT_TRUE(cc.SetValue(StatisticType::kAcdStatus, "Sales", "Total VMs", ""));
        break;
      case 30:
        ASSERT_TRUE(cc.ForceStopCampaign("Autodial Reminders"));
        break;
      case 31:
        ASSERT_TRUE(cc.ResetCampaign("Autodial Reminders"));
        break;
      case 40:
        cc.AddAgent("late.joiner", "Late Joiner");
        break;
      default:
        break;
    }
    if (minute % 7 == 0) {  // a client polling every few minutes
      for (StatisticType type : five9exp::kAllStatisticTypes) {
        auto u = cc.ChangesSince(type, chained_ts[type], {});
        ASSERT_TRUE(u.has_value()) << u.error().name;
        if (!*u) continue;
        EXPECT_EQ((*u)->previous_timestamp, chained_ts[type]);
        Apply(chained[type], **u);
        chained_ts[type] = (*u)->last_timestamp;
      }
    }
  }
  bool saw_nil = false, saw_empty = false;
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    SCOPED_TRACE(std::string(five9exp::ToWire(type)));
    auto u = cc.ChangesSince(type, t0[type], {});
    ASSERT_TRUE(u.has_value()) << u.error().name;
    ASSERT_TRUE(u->has_value());
    KeyedTable applied = at_t0[type];
    Apply(applied, **u);
    const auto now = Get(cc, type);
    EXPECT_EQ(applied, Keyed(now));
    auto last = cc.ChangesSince(type, chained_ts[type], {});
    ASSERT_TRUE(last.has_value());
    if (*last) Apply(chained[type], **last);
    EXPECT_EQ(chained[type], Keyed(now));
    updates[type] = (*u)->data_update.size();
    added[type] = (*u)->added_objects.size();
    deleted[type] = (*u)->deleted_objects.size();
    for (const auto& row : now.rows) {
      for (const CellValue& cell : row) {
        saw_nil = saw_nil || !cell.has_value();
        saw_empty = saw_empty || (cell && cell->empty());
      }
    }
    EXPECT_GT(updates[type], 0u);
  }
  EXPECT_TRUE(saw_nil);
  EXPECT_TRUE(saw_empty);
  // new.hire came and went inside the window: invisible; late.joiner added; one agent deleted.
  EXPECT_EQ(added[StatisticType::kAgentState], 1u);
  EXPECT_EQ(deleted[StatisticType::kAgentState], 1u);
  EXPECT_EQ(added[StatisticType::kAgentStatistics], 1u);
  EXPECT_EQ(deleted[StatisticType::kAgentStatistics], 1u);
  // Outbound Surveys started (row added); Renewals stopped and restarted (no net change).
  EXPECT_EQ(added[StatisticType::kOutboundCampaignManager], 1u);
}

TEST(ContactCenterTest, OutboundCampaignManagerListsOnlyRunningOutboundCampaigns) {
  ContactCenter cc(BusySpec(), kStart);
  auto names = [&] {
    std::set<std::string> out;
    for (const auto& row : Get(cc, StatisticType::kOutboundCampaignManager).rows) {
      out.insert(*row[0]);
    }
    return out;
  };
  EXPECT_EQ(names(), (std::set<std::string>{"Outbound Renewals", "Outbound Win-Back"}));
  const int64_t ts = Get(cc, StatisticType::kOutboundCampaignManager).timestamp;
  ASSERT_TRUE(cc.StartCampaign("Outbound Surveys"));
  EXPECT_EQ(cc.CampaignStateOf("Outbound Surveys"), "STARTING");
  cc.AdvanceTo(kStart + 2'000);
  EXPECT_EQ(cc.CampaignStateOf("Outbound Surveys"), "RUNNING");
  ASSERT_TRUE(cc.ForceStopCampaign("Outbound Win-Back"));
  EXPECT_EQ(names(), (std::set<std::string>{"Outbound Renewals", "Outbound Surveys"}));
  auto u = cc.ChangesSince(StatisticType::kOutboundCampaignManager, ts, {});
  ASSERT_TRUE(u && *u);
  EXPECT_EQ((*u)->added_objects, std::vector<std::string>{"Outbound Surveys"});
  EXPECT_EQ((*u)->deleted_objects, std::vector<std::string>{"Outbound Win-Back"});
}

TEST(ContactCenterTest, CampaignStateMachineAndFaults) {
  ContactCenter cc(BusySpec(), kStart);
  auto missing = cc.StartCampaign("Nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().name, "CampaignNotFoundFault");
  EXPECT_EQ(FieldOf(missing.error(), "campaignName"), "Nope");

  auto running = cc.StartCampaign("Inbound Sales");
  ASSERT_FALSE(running);
  EXPECT_EQ(running.error().name, "CampaignStateUpdateFault");
  EXPECT_EQ(running.error().fields[0].first, "campaignName");
  EXPECT_EQ(running.error().fields[1].first, "details");

  auto inbound_reset = cc.ResetCampaign("Inbound Sales");
  ASSERT_FALSE(inbound_reset);
  EXPECT_EQ(inbound_reset.error().name, "WrongCampaignTypeFault");
  EXPECT_EQ(FieldOf(inbound_reset.error(), "actualType"), "INBOUND");
  EXPECT_EQ(FieldOf(inbound_reset.error(), "desiredTypes"), "OUTBOUND,AUTODIAL");

  EXPECT_EQ(cc.ResetCampaign("Outbound Renewals").error().name, "CampaignStateUpdateFault");
  auto wrong_state =
      cc.ResetCampaignDispositions("Outbound Renewals", {"Busy"}, std::nullopt, std::nullopt);
  ASSERT_FALSE(wrong_state);
  EXPECT_EQ(wrong_state.error().name, "WrongCampaignStateFault");
  EXPECT_EQ(FieldOf(wrong_state.error(), "actualState"), "RUNNING");
  EXPECT_EQ(FieldOf(wrong_state.error(), "desiredState"), "NOT_RUNNING");

  EXPECT_EQ(cc.ForceStopCampaign("Outbound Surveys").error().name, "CampaignStateUpdateFault");
  EXPECT_EQ(cc.StopCampaign("Outbound Surveys").error().name, "CampaignStateUpdateFault");

  cc.AdvanceTo(kStart + 5 * 60'000);  // some dialing happens
  ASSERT_TRUE(cc.StopCampaign("Outbound Renewals"));
  EXPECT_EQ(cc.CampaignStateOf("Outbound Renewals"), "STOPPING");
  EXPECT_EQ(cc.StartCampaign("Outbound Renewals").error().name, "CampaignStateUpdateFault");
  cc.AdvanceTo(kStart + 5 * 60'000 + 3'000);
  EXPECT_EQ(cc.CampaignStateOf("Outbound Renewals"), "NOT_RUNNING");

  auto remaining = [&] {
    for (const auto& row :
         Get(cc, StatisticType::kOutboundCampaignStatistics, {"Records Remaining"}).rows) {
      if (*row[0] == "Outbound Renewals") return std::stoll(*row[1]);
    }
    return -1LL;
  };
  EXPECT_EQ(cc.ResetCampaignDispositions("Outbound Renewals", {"Sale", "Nope"}, std::nullopt,
                                         std::nullopt)
                .error()
                .name,
            "DispositionNotFoundFault");
  const long long before = remaining();
  ASSERT_TRUE(cc.ResetCampaignDispositions("Outbound Renewals", {"No Answer", "Sale"},
                                           "2027-01-15T00:00:00Z", std::nullopt));
  EXPECT_GT(remaining(), before);

  ASSERT_TRUE(cc.ResetCampaign("Outbound Renewals"));
  EXPECT_EQ(cc.CampaignStateOf("Outbound Renewals"), "RESETTING");
  EXPECT_EQ(cc.StartCampaign("Outbound Renewals").error().name, "CampaignStateUpdateFault");
  cc.AdvanceTo(kStart + 5 * 60'000 + 6'000);
  EXPECT_EQ(cc.CampaignStateOf("Outbound Renewals"), "NOT_RUNNING");
  for (const auto& row :
       Get(cc, StatisticType::kOutboundCampaignStatistics, {"Dialing Progress"}).rows) {
    if (*row[0] == "Outbound Renewals") {
      EXPECT_EQ(*row[1], "0.0%");
    }
  }
  ASSERT_TRUE(cc.StartCampaign("Outbound Renewals"));
  ASSERT_TRUE(cc.ForceStopCampaign("Outbound Renewals"));
  EXPECT_EQ(cc.CampaignStateOf("Outbound Renewals"), "NOT_RUNNING");
  EXPECT_EQ(cc.CampaignTypeOf("Autodial Reminders"), "AUTODIAL");
  EXPECT_EQ(cc.CampaignStateOf("Nope"), "");
}

TEST(ContactCenterTest, AddDispositionChangesColumnsAndFaultsSpanningUpdates) {
  ContactCenter cc(BusySpec(), kStart);
  cc.AdvanceTo(kStart + 30'000);
  const int64_t before = Get(cc, StatisticType::kAgentStatistics).timestamp;
  const int64_t state_before = Get(cc, StatisticType::kAgentState).timestamp;
  cc.AddDisposition("Escalated");
  const auto now = Get(cc, StatisticType::kAgentStatistics);
  ASSERT_EQ(now.columns.back(), "Escalated");
  for (const auto& row : now.rows) EXPECT_EQ(row.back(), CellValue("0"));
  auto spanning = cc.ChangesSince(StatisticType::kAgentStatistics, before, {});
  ASSERT_FALSE(spanning);
  EXPECT_EQ(spanning.error().name, "ConfigurationChangedFault");
  EXPECT_TRUE(cc.ChangesSince(StatisticType::kAgentStatistics, now.timestamp, {}));
  EXPECT_TRUE(cc.ChangesSince(StatisticType::kAgentState, state_before, {}));
  EXPECT_EQ(cc.DispositionNames().back(), "Escalated");
  const size_t columns = now.columns.size();
  cc.AddDisposition("Escalated");    // already there: no change
  cc.AddDisposition("Total Calls");  // would clash with a column: no change
  EXPECT_EQ(cc.ColumnNames(StatisticType::kAgentStatistics).size(), columns);
  // Agents now pick it: over a while some agent's count rises and the update carries it.
  cc.AdvanceTo(kStart + 40 * 60'000);
  auto u = cc.ChangesSince(StatisticType::kAgentStatistics, now.timestamp, {"Escalated"});
  ASSERT_TRUE(u && *u);
  EXPECT_FALSE((*u)->data_update.empty());
  for (const auto& item : (*u)->data_update) {
    EXPECT_TRUE(item.column_name == "Escalated" || item.column_name == "Username");
  }
}

TEST(ContactCenterTest, UnknownTimestampOutsideRetention) {
  DomainSpec spec = BusySpec();
  spec.journal_retention_ms = 10 * 60'000;
  ContactCenter cc(spec, kStart);
  const int64_t t0 = Get(cc, StatisticType::kAgentState).timestamp;
  cc.AdvanceTo(kStart + 5 * 60'000);
  EXPECT_TRUE(cc.ChangesSince(StatisticType::kAgentState, t0, {}));
  cc.AdvanceTo(kStart + 11 * 60'000);
  auto old = cc.ChangesSince(StatisticType::kAgentState, t0, {});
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().name, "UnknownTimestampFault");
  const int64_t now = Get(cc, StatisticType::kAgentState).timestamp;
  EXPECT_EQ(cc.ChangesSince(StatisticType::kAgentState, now + 1, {}).error().name,
            "UnknownTimestampFault");
  auto current = cc.ChangesSince(StatisticType::kAgentState, now, {});
  ASSERT_TRUE(current);
  EXPECT_FALSE(current->has_value());  // nothing changed since the newest stamp
  EXPECT_LT(cc.JournalRetainedCells(), 11 * 60 * 150u * 20u);
}

TEST(ContactCenterTest, UnknownColumnFaults) {
  ContactCenter cc(BusySpec(), kStart);
  auto get = cc.GetStatistics(StatisticType::kAcdStatus, {"Calls In Queue", "Nope"});
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().name, "UnknownColumnFault");
  const int64_t ts = Get(cc, StatisticType::kAcdStatus).timestamp;
  EXPECT_EQ(cc.ChangesSince(StatisticType::kAcdStatus, ts, {"Nope"}).error().name,
            "UnknownColumnFault");
  EXPECT_EQ(cc.SetValue(StatisticType::kAcdStatus, "Sales", "Nope", "1").error().name,
            "UnknownColumnFault");
  EXPECT_EQ(cc.SetValue(StatisticType::kAcdStatus, "Nope", "Calls In Queue", "1").error().name,
            "ObjectNotFoundFault");
  EXPECT_EQ(cc.SetValue(StatisticType::kAcdStatus, "Sales", "Skill Name", "x").error().name,
            "IncorrectArgumentFault");
  EXPECT_EQ(cc.RemoveAgent("nobody").error().name, "AgentNotFoundFault");
  // A filter keeps the key column first and the requested order.
  const auto filtered = Get(cc, StatisticType::kAcdStatus, {"Calls In Queue", "Agents On Call"});
  EXPECT_EQ(filtered.columns,
            (std::vector<std::string>{"Skill Name", "Calls In Queue", "Agents On Call"}));
}

TEST(ContactCenterTest, ValueFormats) {
  DomainSpec quiet = BusySpec();
  quiet.calls_per_skill_per_minute = 1.0;  // so that some agents sit Ready
  ContactCenter cc(quiet, kStart);
  cc.AdvanceTo(kStart + 20 * 60'000);
  const std::regex integer("^[0-9]+$");
  const std::regex wall("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$");
  const std::regex pair("^[0-9]+ \\([0-9]+\\)$");
  const std::regex percent("^[0-9]+\\.[0-9]%$");
  size_t durations = 0, times = 0, pairs = 0, percents = 0, placeholders = 0;
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    const auto s = Get(cc, type);
    EXPECT_EQ(s.columns[0], five9exp::KeyColumn(type));
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const std::string& column = s.columns[c];
      for (const auto& row : s.rows) {
        ASSERT_EQ(row.size(), s.columns.size());
        const CellValue& v = row[c];
        SCOPED_TRACE(column + " = " + v.value_or("<nil>"));
        const bool blank = !v || v->empty();
        if (column.find("Since") != std::string::npos) {
          if (!blank) {
            EXPECT_TRUE(std::regex_match(*v, wall));
            ++times;
          }
        } else if (column.find("Time") != std::string::npos ||
                   column.find("Duration") != std::string::npos) {
          // Only the reason columns of a logged-out agent are nil.
          if (!v) {
            EXPECT_EQ(column, "Reason Duration");
            continue;
          }
          EXPECT_TRUE(std::regex_match(*v, integer));
          ++durations;
        } else if (column == "Agents Logged In") {
          EXPECT_TRUE(std::regex_match(*v, pair));
          ++pairs;
        } else if (column.find("Rate") != std::string::npos ||
                   column.find("Level") != std::string::npos || column == "Dialing Progress") {
          if (*v == "N/A" || *v == "-") {
            ++placeholders;
          } else {
            EXPECT_TRUE(std::regex_match(*v, percent));
            ++percents;
          }
        }
      }
    }
  }
  EXPECT_GT(durations, 0u);
  EXPECT_GT(times, 0u);
  EXPECT_GT(pairs, 0u);
  EXPECT_GT(percents, 0u);
  EXPECT_GT(placeholders, 0u);
  // Reason Code: nil when Logged Out, "" when not Not Ready, a reason when Not Ready.
  const auto agents = Get(cc, StatisticType::kAgentState, {"State", "Reason Code"});
  std::set<std::string> seen;
  for (const auto& row : agents.rows) {
    seen.insert(*row[1]);
    if (*row[1] == "Logged Out") {
      EXPECT_FALSE(row[2].has_value());
    } else if (*row[1] == "Not Ready") {
      EXPECT_FALSE(row[2].value_or("").empty());
    } else {
      EXPECT_EQ(row[2], CellValue(""));
    }
  }
  EXPECT_TRUE(seen.contains("Logged Out") && seen.contains("Ready") && seen.contains("Not Ready"))
      << seen.size();
}

TEST(ContactCenterTest, AgentsComeAndGo) {
  ContactCenter cc(BusySpec(), kStart);
  const int64_t ts = Get(cc, StatisticType::kAgentState).timestamp;
  const std::string victim = cc.AgentUsernames().front();
  cc.AddAgent("zoe.new", "Zoe New");
  cc.AddAgent("zoe.new", "Zoe Again");  // no-op
  EXPECT_TRUE(cc.HasAgent("zoe.new"));
  EXPECT_EQ(cc.AgentFullName("zoe.new"), "Zoe New");
  ASSERT_TRUE(cc.RemoveAgent(victim));
  EXPECT_FALSE(cc.HasAgent(victim));
  for (StatisticType type : {StatisticType::kAgentState, StatisticType::kAgentStatistics}) {
    auto u = cc.ChangesSince(type, ts, {});
    ASSERT_TRUE(u && *u);
    EXPECT_EQ((*u)->added_objects, std::vector<std::string>{"zoe.new"});
    EXPECT_EQ((*u)->deleted_objects, std::vector<std::string>{victim});
  }
  EXPECT_EQ(cc.SkillIdsAndNames().size(), 6u);
  EXPECT_EQ(cc.SkillIdsAndNames()[0].second, "Sales");
}

TEST(ContactCenterTest, SetValueIsStickyAndJournaled) {
  ContactCenter cc(BusySpec(), kStart);
  const int64_t ts = Get(cc, StatisticType::kAcdStatus).timestamp;
  ASSERT_TRUE(cc.SetValue(StatisticType::kAcdStatus, "Sales", "Calls In Queue", "999"));
  ASSERT_TRUE(cc.SetValue(StatisticType::kAcdStatus, "Billing", "Total VMs", std::nullopt));
  cc.AdvanceTo(kStart + 5 * 60'000);
  auto u = cc.ChangesSince(StatisticType::kAcdStatus, ts, {"Calls In Queue", "Total VMs"});
  ASSERT_TRUE(u && *u);
  std::map<std::pair<std::string, std::string>, CellValue> cells;
  for (const auto& item : (*u)->data_update) {
    cells[{item.object_name, item.column_name}] = item.column_value;
  }
  EXPECT_EQ(cells[std::make_pair(std::string("Sales"), std::string("Calls In Queue"))],
            CellValue("999"));
  ASSERT_TRUE(cells.contains({"Billing", "Total VMs"}));
  EXPECT_FALSE(cells[std::make_pair(std::string("Billing"), std::string("Total VMs"))]);
}

TEST(ContactCenterTest, WaitForChangeWakesOnAChange) {
  ContactCenter cc(BusySpec(), kStart);
  const uint64_t seen = cc.change_generation();
  std::atomic<bool> woke{false};
  std::jthread waiter([&] {
    woke = cc.WaitForChange(seen, std::chrono::steady_clock::now() + std::chrono::seconds(30),
                            std::stop_token());
  });
  cc.AdvanceTo(kStart + 5'000);
  waiter.join();
  EXPECT_TRUE(woke);
  EXPECT_NE(cc.change_generation(), seen);

  // No change: the wait ends at its deadline, or at once when stop is requested.
  const uint64_t now_seen = cc.change_generation();
  EXPECT_FALSE(cc.WaitForChange(
      now_seen, std::chrono::steady_clock::now() + std::chrono::milliseconds(20), {}));
  std::stop_source stop;
  std::jthread stopper([&] {
    EXPECT_FALSE(cc.WaitForChange(
        now_seen, std::chrono::steady_clock::now() + std::chrono::seconds(30), stop.get_token()));
  });
  stop.request_stop();
  stopper.join();
}

// A ticker thread advancing the model while a client polls: the chained updates still add up.
TEST(ContactCenterTest, PollingWhileAnotherThreadAdvances) {
  ContactCenter cc(BusySpec(), kStart);
  const auto first = Get(cc, StatisticType::kAgentState);
  KeyedTable table = Keyed(first);
  int64_t ts = first.timestamp;
  std::atomic<bool> done{false};
  std::jthread ticker([&] {
    for (int64_t t = kStart; t <= kStart + 10 * 60'000; t += 3'000) cc.AdvanceTo(t);
    done = true;
  });
  int polls = 0;
  while (!done || polls == 0) {
    const uint64_t seen = cc.change_generation();
    auto u = cc.ChangesSince(StatisticType::kAgentState, ts, {});
    ASSERT_TRUE(u) << u.error().name;
    if (*u) {
      Apply(table, **u);
      ts = (*u)->last_timestamp;
      ++polls;
    } else {
      cc.WaitForChange(seen, std::chrono::steady_clock::now() + std::chrono::milliseconds(50), {});
    }
  }
  ticker.join();
  auto last = cc.ChangesSince(StatisticType::kAgentState, ts, {});
  ASSERT_TRUE(last);
  if (*last) Apply(table, **last);
  EXPECT_EQ(table, Keyed(Get(cc, StatisticType::kAgentState)));
  EXPECT_GT(polls, 0);
}

// 5,000 agents, one simulated minute: prints the real time it took and the update rate.
TEST(ContactCenterTest, FiveThousandAgentsRunFasterThanRealTime) {
  DomainSpec spec;
  spec.agents = 5000;
  spec.skills = 40;
  spec.inbound_campaigns = 6;
  spec.outbound_campaigns = 6;
  spec.autodial_campaigns = 4;
  spec.calls_per_skill_per_minute = 30;
  const auto built = std::chrono::steady_clock::now();
  ContactCenter cc(spec, kStart);
  const auto started = std::chrono::steady_clock::now();
  cc.AdvanceTo(kStart + 60'000);
  const auto done = std::chrono::steady_clock::now();
  size_t cells = 0;
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    auto u = cc.ChangesSince(type, kStart, {});
    ASSERT_TRUE(u);
    if (*u) cells += (*u)->data_update.size();
  }
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  std::printf(
      "[ perf ] 5000 agents: build %lld ms, one simulated minute in %lld ms real; "
      "%zu journaled cells (%.0f/s simulated), %zu merged cells\n",
      static_cast<long long>(ms(started - built)), static_cast<long long>(ms(done - started)),
      cc.JournalRetainedCells(), cc.JournalRetainedCells() / 60.0, cells);
  EXPECT_GT(cc.JournalRetainedCells(), 60u * 100u);  // hundreds of updates a second
}

}  // namespace
}  // namespace five9sim
