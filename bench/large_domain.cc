#include "bench/large_domain.h"

#include <cstdio>
#include <random>
#include <string_view>

namespace five9exp::bench {
namespace {

// How a column's cells are made up.
enum class Gen {
  kKey,       // the object's name
  kFullName,  // "First Last"
  kAgentState,
  kReason,  // a reason code while NOT_READY, "" otherwise
  kReasonSince,
  kCallType,
  kCampaignName,
  kEmpty,
  kMedia,
  kCampaignState,
  kCampaignType,
  kMode,
  kDialingMode,
  kCount,    // 0..999
  kSmall,    // 0..30
  kMs,       // 0..3,600,000 ms
  kWall,     // "YYYY-MM-DD HH:MM:SS" today
  kPair,     // "12 (9)"
  kPercent,  // "87.5%"
  kDecimal,  // "1.8"
  kNoValue,  // "-" (e.g. no service level for outbound)
};

struct Column {
  std::string name;
  Gen gen;
};

constexpr std::string_view kStates[] = {"READY", "NOT_READY", "ON_CALL", "ACW", "LOGGED_OUT"};
constexpr std::string_view kReasons[] = {"Break", "Lunch", "Meeting", "Training"};
constexpr std::string_view kCampaignStateNames[] = {"RUNNING", "RUNNING", "RUNNING", "NOT_RUNNING",
                                                    "STOPPING"};
constexpr std::string_view kFirstNames[] = {"Ana", "Bo",   "Chen", "Dana", "Eli", "Femi",
                                            "Gus", "Hana", "Ivo",  "Jo",   "Kai", "Lea"};
constexpr std::string_view kLastNames[] = {"Smith",  "Garcia", "Nguyen", "O'Brien", "Kowalski",
                                           "Müller", "Okafor", "Tanaka", "Silva",   "Rossi"};

std::string AgentName(int i) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "agent%05d@large.example.com", i);
  return buffer;
}

std::string SkillName(int i) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "Skill %03d Support", i);
  return buffer;
}

// Campaigns are numbered 0..campaigns-1; type by index modulo 3.
std::string CampaignName(int i) {
  static constexpr std::string_view kKinds[] = {"Inbound", "Outbound", "Autodial"};
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%s Campaign %03d", kKinds[i % 3].data(), i);
  return buffer;
}

std::vector<Column> ColumnsOf(StatisticType type, const LargeDomainSpec& spec) {
  switch (type) {
    case StatisticType::kAgentState:
      return {{"Username", Gen::kKey},
              {"Full Name", Gen::kFullName},
              {"State", Gen::kAgentState},
              {"State Since", Gen::kWall},
              {"State Duration", Gen::kMs},
              {"Reason Code", Gen::kReason},
              {"Reason Since", Gen::kReasonSince},
              {"Reason Duration", Gen::kMs},
              {"Call Type", Gen::kCallType},
              {"Campaign Name", Gen::kCampaignName},
              {"Customer", Gen::kEmpty},
              {"Media Availability", Gen::kMedia},
              {"On Hold Duration", Gen::kMs},
              {"Not Ready State Duration", Gen::kMs},
              {"On Call State Duration", Gen::kMs}};
    case StatisticType::kAgentStatistics: {
      std::vector<Column> columns = {{"Username", Gen::kKey},
                                     {"Full Name", Gen::kFullName},
                                     {"Total Calls", Gen::kCount},
                                     {"First Call Resolution", Gen::kCount},
                                     {"Avg Call Time", Gen::kMs},
                                     {"Avg Talk Time", Gen::kMs},
                                     {"Avg Handle Time", Gen::kMs},
                                     {"Avg Hold Time", Gen::kMs},
                                     {"Avg Idle Time", Gen::kMs},
                                     {"Avg Not Ready Time", Gen::kMs},
                                     {"Avg Wrap Time", Gen::kMs},
                                     {"Total Inbound Calls", Gen::kCount},
                                     {"Total Manual Calls", Gen::kCount}};
      // One column per disposition, named exactly as the disposition.
      static constexpr std::string_view kStems[] = {"Sale",     "Callback",  "No Answer",
                                                    "Busy",     "Voicemail", "Do Not Call",
                                                    "Transfer", "Escalated", "Wrong Number"};
      for (int d = 0; static_cast<int>(columns.size()) < spec.agent_statistics_columns; ++d) {
        std::string name(kStems[d % std::size(kStems)]);
        if (d >= static_cast<int>(std::size(kStems))) name.append(" ").append(std::to_string(d));
        columns.push_back({std::move(name), Gen::kSmall});
      }
      return columns;
    }
    case StatisticType::kAcdStatus:
      return {{"Skill Name", Gen::kKey},
              {"Agents Logged In", Gen::kPair},
              {"Agents Not Ready For Calls", Gen::kSmall},
              {"Agents On Call", Gen::kSmall},
              {"Agents Ready For Calls", Gen::kSmall},
              {"Agents Ready For VMs", Gen::kSmall},
              {"Calls In Queue", Gen::kSmall},
              {"Calls In Queue (Visual IVR)", Gen::kSmall},
              {"Current Longest Queue Time", Gen::kMs},
              {"Longest Queue Time", Gen::kMs},
              {"Queue Callbacks", Gen::kSmall},
              {"Total VMs", Gen::kCount},
              {"VMs In Progress", Gen::kSmall},
              {"VMs In Queue", Gen::kSmall}};
    case StatisticType::kCampaignState:
      return {{"Campaign Name", Gen::kKey},
              {"State", Gen::kCampaignState},
              {"State Since", Gen::kWall},
              {"Campaign Type", Gen::kCampaignType},
              {"Mode", Gen::kMode}};
    case StatisticType::kOutboundCampaignManager:
      return {{"Campaign Name", Gen::kKey},        {"Dialing Mode", Gen::kDialingMode},
              {"Agents Logged In", Gen::kSmall},   {"Agents Ready For Calls", Gen::kSmall},
              {"Calls In Progress", Gen::kSmall},  {"Lines Per Agent", Gen::kDecimal},
              {"Records Dialed", Gen::kCount},     {"Records Remaining", Gen::kCount},
              {"Dialing Progress", Gen::kPercent}, {"Abandon Rate", Gen::kPercent}};
    case StatisticType::kOutboundCampaignStatistics:
      return {{"Campaign Name", Gen::kKey},       {"Agents Logged In", Gen::kSmall},
              {"Calls Dialed", Gen::kCount},      {"Calls Connected", Gen::kCount},
              {"Calls Abandoned", Gen::kSmall},   {"Abandon Rate", Gen::kPercent},
              {"No Answer", Gen::kCount},         {"Busy", Gen::kCount},
              {"Answering Machine", Gen::kCount}, {"Avg Talk Time", Gen::kMs},
              {"Avg Wrap Time", Gen::kMs},        {"Avg Handle Time", Gen::kMs},
              {"Records Remaining", Gen::kCount}, {"Dialing Progress", Gen::kPercent},
              {"Service Level", Gen::kNoValue}};
    case StatisticType::kInboundCampaignStatistics:
      return {{"Campaign Name", Gen::kKey},      {"Agents Logged In", Gen::kSmall},
              {"Calls In Queue", Gen::kSmall},   {"Total Calls", Gen::kCount},
              {"Calls Answered", Gen::kCount},   {"Calls Abandoned", Gen::kSmall},
              {"Abandon Rate", Gen::kPercent},   {"Service Level", Gen::kPercent},
              {"Avg Speed Of Answer", Gen::kMs}, {"Avg Talk Time", Gen::kMs},
              {"Avg Handle Time", Gen::kMs},     {"Avg Wrap Time", Gen::kMs},
              {"Longest Queue Time", Gen::kMs}};
    case StatisticType::kAutodialCampaignStatistics:
      return {{"Campaign Name", Gen::kKey},
              {"Lines In Use", Gen::kSmall},
              {"Calls Dialed", Gen::kCount},
              {"Calls Answered", Gen::kCount},
              {"Answering Machine", Gen::kCount},
              {"No Answer", Gen::kCount},
              {"Busy", Gen::kCount},
              {"Answer Rate", Gen::kPercent},
              {"Avg Call Time", Gen::kMs},
              {"Records Remaining", Gen::kCount},
              {"Dialing Progress", Gen::kPercent}};
  }
  return {};
}

// Object names of a type's rows.
std::vector<std::string> ObjectsOf(StatisticType type, const LargeDomainSpec& spec) {
  std::vector<std::string> out;
  switch (type) {
    case StatisticType::kAgentState:
    case StatisticType::kAgentStatistics:
      for (int i = 0; i < spec.agents; ++i) out.push_back(AgentName(i));
      break;
    case StatisticType::kAcdStatus:
      for (int i = 0; i < spec.skills; ++i) out.push_back(SkillName(i));
      break;
    case StatisticType::kCampaignState:
      for (int i = 0; i < spec.campaigns; ++i) out.push_back(CampaignName(i));
      break;
    case StatisticType::kInboundCampaignStatistics:
    case StatisticType::kOutboundCampaignStatistics:
    case StatisticType::kOutboundCampaignManager:
    case StatisticType::kAutodialCampaignStatistics: {
      const int kind = type == StatisticType::kInboundCampaignStatistics    ? 0
                       : type == StatisticType::kAutodialCampaignStatistics ? 2
                                                                            : 1;
      for (int i = kind; i < spec.campaigns; i += 3) out.push_back(CampaignName(i));
      break;
    }
  }
  return out;
}

// Makes cells; `row_state` is the row's State value (agent state drives the reason cells).
class CellMaker {
 public:
  explicit CellMaker(uint64_t seed) : random_(seed) {}

  CellValue Make(Gen gen, const std::string& key, std::string_view row_state) {
    switch (gen) {
      case Gen::kKey:
        return key;
      case Gen::kFullName:
        return std::string(kFirstNames[Pick(std::size(kFirstNames))]) + " " +
               std::string(kLastNames[Pick(std::size(kLastNames))]);
      case Gen::kAgentState:
        return std::string(kStates[Pick(std::size(kStates))]);
      case Gen::kReason:
        return row_state == "NOT_READY" ? std::string(kReasons[Pick(std::size(kReasons))]) : "";
      case Gen::kReasonSince:
        return row_state == "NOT_READY" ? Wall() : "";
      case Gen::kCallType:
        return row_state == "ON_CALL" ? "Inbound" : "";
      case Gen::kCampaignName:
        return row_state == "ON_CALL" ? "Inbound Campaign 000" : "";
      case Gen::kEmpty:
        return "";
      case Gen::kMedia:
        return row_state == "LOGGED_OUT" ? "" : "Voice";
      case Gen::kCampaignState:
        return std::string(kCampaignStateNames[Pick(std::size(kCampaignStateNames))]);
      case Gen::kCampaignType:
        return "Inbound";
      case Gen::kMode:
        return "BASIC";
      case Gen::kDialingMode:
        return "PREDICTIVE";
      case Gen::kCount:
        return std::to_string(Pick(1000));
      case Gen::kSmall:
        return std::to_string(Pick(31));
      case Gen::kMs:
        return std::to_string(Pick(3'600'001));
      case Gen::kWall:
        return Wall();
      case Gen::kPair: {
        const uint64_t logged_in = Pick(60);
        return std::to_string(logged_in) + " (" + std::to_string(logged_in / 2) + ")";
      }
      case Gen::kPercent: {
        const uint64_t permille = Pick(1001);
        return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
      }
      case Gen::kDecimal:
        return "1.8";
      case Gen::kNoValue:
        return "-";
    }
    return std::nullopt;
  }

  uint64_t Pick(uint64_t n) { return random_() % n; }

 private:
  std::string Wall() {
    const uint64_t second_of_day = 8 * 3600 + Pick(8 * 3600);
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "2026-11-28 %02d:%02d:%02d",
                  static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                  static_cast<int>(second_of_day % 60));
    return buffer;
  }

  std::mt19937_64 random_;
};

constexpr int64_t kLoadTimestampMs = 1'795'000'000'000;

}  // namespace

std::vector<Statistics> BuildLargeDomainStatistics(const LargeDomainSpec& spec) {
  std::vector<Statistics> out;
  CellMaker maker(spec.seed);
  for (StatisticType type : kAllStatisticTypes) {
    const std::vector<Column> columns = ColumnsOf(type, spec);
    Statistics statistics;
    statistics.type = type;
    statistics.timestamp = kLoadTimestampMs;
    for (const Column& column : columns) statistics.columns.push_back(column.name);
    int state_column = -1;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].name == "State") state_column = static_cast<int>(c);
    }
    for (const std::string& object : ObjectsOf(type, spec)) {
      std::vector<CellValue> row;
      row.reserve(columns.size());
      std::string state;
      if (state_column >= 0) {
        row.resize(columns.size());
        state = *maker.Make(columns[state_column].gen, object, "");
        row[state_column] = state;
        for (size_t c = 0; c < columns.size(); ++c) {
          if (static_cast<int>(c) != state_column)
            row[c] = maker.Make(columns[c].gen, object, state);
        }
      } else {
        for (const Column& column : columns) row.push_back(maker.Make(column.gen, object, state));
      }
      statistics.rows.push_back(std::move(row));
    }
    out.push_back(std::move(statistics));
  }
  return out;
}

LargeDomain::LargeDomain(const LargeDomainSpec& spec) : spec_(spec) {
  const WallTime now{std::chrono::milliseconds(kLoadTimestampMs)};
  for (Statistics& statistics : BuildLargeDomainStatistics(spec)) {
    auto table = std::make_unique<StatisticTable>(statistics.type);
    table->Load(statistics, now);
    tables_.emplace(statistics.type, std::move(table));
  }
}

std::shared_ptr<const DomainSnapshot> LargeDomain::Snapshot() const {
  auto snapshot = std::make_shared<DomainSnapshot>();
  snapshot->domain = spec_.domain;
  snapshot->up = true;
  snapshot->session_state = "polling";
  for (const auto& [type, table] : tables_) snapshot->tables.emplace(type, table->Snapshot());
  uint64_t version = 0;
  for (const auto& [type, table] : tables_) version += table->version();
  snapshot->version = version;
  return snapshot;
}

StatisticsUpdate MakeRowsDelta(const TableSnapshot& table, double fraction, int round) {
  StatisticsUpdate update;
  update.type = table.type;
  update.previous_timestamp = table.five9_timestamp;
  update.last_timestamp = table.five9_timestamp + 1000;
  if (!table.columns || table.rows.empty() || fraction <= 0) return update;
  const std::vector<std::string>& columns = *table.columns;
  // The last column of these fixtures is always numeric (a duration, count or percentage
  // column); a changed plain integer keeps any kind valid except percentages, so pick the
  // last column whose current value is a bare integer.
  int column = -1;
  for (int c = static_cast<int>(columns.size()) - 1; c >= 0; --c) {
    const CellValue& value = table.rows.front()->cells[c];
    if (c != table.key_column && value && !value->empty() &&
        value->find_first_not_of("0123456789") == std::string::npos) {
      column = c;
      break;
    }
  }
  if (column < 0) return update;
  const size_t step = std::max<size_t>(1, static_cast<size_t>(1.0 / fraction));
  for (size_t r = static_cast<size_t>(round) % step; r < table.rows.size(); r += step) {
    const TableRow& row = *table.rows[r];
    const int64_t current = std::stoll(row.cells[column].value_or("0"));
    update.data_update.push_back(
        ItemUpdate{row.key, columns[column], std::to_string(current + 1 + round)});
  }
  return update;
}

StatisticsUpdate MakeAgentStatisticsUpdate(const LargeDomainSpec& spec,
                                           const std::vector<std::string>& columns, int items,
                                           int round) {
  StatisticsUpdate update;
  update.type = StatisticType::kAgentStatistics;
  update.previous_timestamp = kLoadTimestampMs + round * 1000;
  update.last_timestamp = update.previous_timestamp + 1000;
  // Skip Username and Full Name; the rest are numeric (counts and milliseconds).
  const int first_column = 2;
  const int numeric_columns = static_cast<int>(columns.size()) - first_column;
  std::mt19937_64 random(spec.seed + 1000 + static_cast<uint64_t>(round));
  for (int i = 0; i < items; ++i) {
    const int agent = static_cast<int>(random() % static_cast<uint64_t>(spec.agents));
    const int column = first_column + static_cast<int>(i % numeric_columns);
    update.data_update.push_back(ItemUpdate{AgentName(agent), columns[column],
                                            std::to_string(1000 + round * 7 + random() % 999)});
  }
  return update;
}

size_t CountSeries(const std::string& body) {
  size_t count = 0;
  size_t line_start = 0;
  while (line_start < body.size()) {
    size_t end = body.find('\n', line_start);
    if (end == std::string::npos) end = body.size();
    if (end > line_start && body[line_start] != '#') ++count;
    line_start = end + 1;
  }
  return count;
}

}  // namespace five9exp::bench
