#include "simulator/model/contact_center.h"

#include <algorithm>
#include <functional>
#include <set>

#include "simulator/model/campaign_control.h"
#include "simulator/model/domain.h"
#include "simulator/model/domain_generator.h"
#include "simulator/model/dynamics.h"
#include "simulator/model/journal.h"
#include "simulator/model/statistic_tables.h"

namespace five9sim {
namespace {

using five9exp::StatisticType;

size_t Index(StatisticType type) { return static_cast<size_t>(type); }

tl::unexpected<ModelFault> UnknownColumn(std::string_view column) {
  return tl::unexpected(
      ModelFault{"UnknownColumnFault", {}, "Unknown column '" + std::string(column) + "'"});
}

// Resolves a column filter to indexes: empty = all; the key column is always included, first
// when it was not requested, so every row stays identifiable.
ModelResult<std::vector<int>> ResolveColumns(const StatisticTables& tables, StatisticType type,
                                             const std::vector<std::string>& columns) {
  std::vector<int> indexes;
  const size_t count = tables.Columns(type).size();
  if (columns.empty()) {
    for (size_t i = 0; i < count; ++i) indexes.push_back(static_cast<int>(i));
    return indexes;
  }
  for (const std::string& column : columns) {
    const int index = tables.ColumnIndex(type, column);
    if (index < 0) return UnknownColumn(column);
    if (std::find(indexes.begin(), indexes.end(), index) == indexes.end()) {
      indexes.push_back(index);
    }
  }
  if (std::find(indexes.begin(), indexes.end(), 0) == indexes.end()) {
    indexes.insert(indexes.begin(), 0);
  }
  return indexes;
}

}  // namespace

ContactCenter::ContactCenter(DomainSpec spec, int64_t start_ms)
    : spec_(std::move(spec)), now_ms_(start_ms) {
  domain_ = std::make_unique<Domain>(GenerateDomain(spec_, start_ms));
  dynamics_ = std::make_unique<Dynamics>(*domain_);
  dynamics_->Begin(start_ms);
  tables_ = std::make_unique<StatisticTables>(*domain_, start_ms);
  domain_->dirty_agents.Clear();
  domain_->dirty_skills.Clear();
  domain_->dirty_campaigns.Clear();
  journal_ = std::make_unique<Journal>(start_ms, domain_->spec.journal_retention_ms);
}

ContactCenter::~ContactCenter() = default;

bool ContactCenter::FlushChangesLocked(int64_t at_ms) {
  std::array<TableBatch, kTypeCount> batches = tables_->Refresh(*domain_, domain_->now_ms);
  domain_->dirty_agents.Clear();
  domain_->dirty_skills.Clear();
  domain_->dirty_campaigns.Clear();
  if (std::all_of(batches.begin(), batches.end(), [](const TableBatch& b) { return b.empty(); })) {
    return false;
  }
  const int64_t stamp = journal_->NextStamp(at_ms);
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    if (!batches[Index(type)].empty()) {
      journal_->Append(type, stamp, std::move(batches[Index(type)]));
    }
  }
  generation_.fetch_add(1);
  return true;
}

void ContactCenter::NotifyChange() { change_cv_.notify_all(); }

void ContactCenter::AdvanceTo(int64_t now_ms) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    if (now_ms <= now_ms_) return;
    now_ms_ = now_ms;
    const int64_t tick = domain_->spec.tick_ms;
    // Ticks sit on a fixed grid from the start, so slicing the advance differently gives the
    // same domain.
    for (int64_t next = domain_->start_ms + (domain_->tick_index + 1) * tick; next <= now_ms;
         next = domain_->start_ms + (domain_->tick_index + 1) * tick) {
      dynamics_->Tick(next);
      changed = FlushChangesLocked(next) || changed;
    }
  }
  if (changed) NotifyChange();
}

int64_t ContactCenter::now_ms() const {
  std::lock_guard lock(mutex_);
  return now_ms_;
}

std::vector<std::string> ContactCenter::ColumnNames(StatisticType type) const {
  std::lock_guard lock(mutex_);
  return tables_->Columns(type);
}

ModelResult<five9exp::Statistics> ContactCenter::GetStatistics(
    StatisticType type, const std::vector<std::string>& columns) const {
  std::lock_guard lock(mutex_);
  auto indexes = ResolveColumns(*tables_, type, columns);
  if (!indexes) return tl::unexpected(indexes.error());
  five9exp::Statistics statistics = tables_->Snapshot(type, *indexes);
  statistics.timestamp = journal_->stamp();
  return statistics;
}

ModelResult<std::optional<five9exp::StatisticsUpdate>> ContactCenter::ChangesSince(
    StatisticType type, int64_t since_ms, const std::vector<std::string>& columns) const {
  std::lock_guard lock(mutex_);
  auto indexes = ResolveColumns(*tables_, type, columns);
  if (!indexes) return tl::unexpected(indexes.error());
  std::vector<bool> mask(tables_->Columns(type).size(), false);
  for (int index : *indexes) mask[index] = true;
  auto merged = journal_->Since(type, since_ms, mask);
  if (!merged) return tl::unexpected(merged.error());
  if (!*merged) return std::optional<five9exp::StatisticsUpdate>();
  const TableBatch& batch = **merged;
  const std::vector<std::string>& names = tables_->Columns(type);
  five9exp::StatisticsUpdate update;
  update.type = type;
  update.previous_timestamp = since_ms;
  update.last_timestamp = journal_->stamp();
  update.data_update.reserve(batch.cells.size());
  for (const CellChange& change : batch.cells) {
    update.data_update.push_back(
        {tables_->ObjectName(type, change.object), names[change.column], change.value});
  }
  // A name deleted under one id and re-added under another (RemoveAgent then AddAgent) is a
  // row that existed and exists: neither list, its cells all follow.
  std::set<std::string> deleted;
  for (uint32_t object : batch.deleted) deleted.insert(tables_->ObjectName(type, object));
  for (uint32_t object : batch.added) {
    const std::string& name = tables_->ObjectName(type, object);
    if (deleted.erase(name) == 0) update.added_objects.push_back(name);
  }
  for (uint32_t object : batch.deleted) {
    const std::string& name = tables_->ObjectName(type, object);
    if (deleted.contains(name)) update.deleted_objects.push_back(name);
  }
  return std::optional<five9exp::StatisticsUpdate>(std::move(update));
}

uint64_t ContactCenter::change_generation() const { return generation_.load(); }

bool ContactCenter::WaitForChange(uint64_t seen, std::chrono::steady_clock::time_point deadline,
                                  std::stop_token stop) const {
  std::unique_lock lock(mutex_);
  return change_cv_.wait_until(lock, stop, deadline, [&] { return generation_.load() != seen; });
}

ModelResult<void> ContactCenter::RunAction(const std::function<ModelResult<void>()>& action) {
  ModelResult<void> result;
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    result = action();
    if (result) changed = FlushChangesLocked(now_ms_);
  }
  if (changed) NotifyChange();
  return result;
}

ModelResult<void> ContactCenter::StartCampaign(std::string_view name) {
  return RunAction([&] { return five9sim::StartCampaign(*domain_, *dynamics_, name); });
}

ModelResult<void> ContactCenter::StopCampaign(std::string_view name) {
  return RunAction([&] { return five9sim::StopCampaign(*domain_, *dynamics_, name); });
}

ModelResult<void> ContactCenter::ForceStopCampaign(std::string_view name) {
  return RunAction([&] { return five9sim::ForceStopCampaign(*domain_, *dynamics_, name); });
}

ModelResult<void> ContactCenter::ResetCampaign(std::string_view name) {
  return RunAction([&] { return five9sim::ResetCampaign(*domain_, *dynamics_, name); });
}

ModelResult<void> ContactCenter::ResetCampaignDispositions(
    std::string_view name, const std::vector<std::string>& dispositions,
    std::optional<std::string> /*after*/, std::optional<std::string> /*before*/) {
  return RunAction([&] {
    return five9sim::ResetCampaignDispositions(*domain_, *dynamics_, name, dispositions);
  });
}

std::vector<std::string> ContactCenter::DispositionNames() const {
  std::lock_guard lock(mutex_);
  return domain_->dispositions;
}

std::string ContactCenter::CampaignStateOf(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const int id = domain_->FindCampaign(name);
  return id < 0 ? "" : CampaignStateName(domain_->campaigns[id].state);
}

std::string ContactCenter::CampaignTypeOf(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const int id = domain_->FindCampaign(name);
  return id < 0 ? "" : CampaignTypeName(domain_->campaigns[id].type);
}

std::vector<std::string> ContactCenter::CampaignNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const Campaign& c : domain_->campaigns) names.push_back(c.name);
  return names;
}

void ContactCenter::AddDisposition(std::string name) {
  {
    std::lock_guard lock(mutex_);
    const std::vector<std::string>& columns = tables_->Columns(StatisticType::kAgentStatistics);
    if (std::find(domain_->dispositions.begin(), domain_->dispositions.end(), name) !=
            domain_->dispositions.end() ||
        std::find(columns.begin(), columns.end(), name) != columns.end()) {
      return;
    }
    FlushChangesLocked(now_ms_);  // earlier changes keep their own, older stamp
    dynamics_->AddDisposition(std::move(name));
    tables_->AddDispositionColumn(*domain_, domain_->now_ms);
    journal_->ColumnsChanged(StatisticType::kAgentStatistics, journal_->NextStamp(now_ms_));
    generation_.fetch_add(1);
  }
  NotifyChange();
}

void ContactCenter::AddAgent(std::string username, std::string full_name) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    if (domain_->FindAgent(username) >= 0) return;
    dynamics_->AddAgent(std::move(username), std::move(full_name), domain_->now_ms);
    changed = FlushChangesLocked(now_ms_);
  }
  if (changed) NotifyChange();
}

ModelResult<void> ContactCenter::RemoveAgent(std::string_view username) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    const int id = domain_->FindAgent(username);
    if (id < 0) {
      return tl::unexpected(ModelFault{"AgentNotFoundFault",
                                       {{"agentName", std::string(username)}},
                                       "Agent '" + std::string(username) + "' not found"});
    }
    dynamics_->RemoveAgent(id, domain_->now_ms);
    changed = FlushChangesLocked(now_ms_);
  }
  if (changed) NotifyChange();
  return {};
}

ModelResult<void> ContactCenter::SetValue(StatisticType type, std::string_view object,
                                          std::string_view column,
                                          std::optional<std::string> value) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    const int col = tables_->ColumnIndex(type, column);
    if (col < 0) return UnknownColumn(column);
    if (col == 0) {
      return tl::unexpected(
          ModelFault{"IncorrectArgumentFault",
                     {},
                     "The key column '" + std::string(column) + "' cannot be set"});
    }
    const int id = tables_->FindObject(type, object);
    if (id < 0) {
      return tl::unexpected(ModelFault{
          "ObjectNotFoundFault",
          {},
          "No " + std::string(five9exp::ToWire(type)) + " row '" + std::string(object) + "'"});
    }
    tables_->SetOverride(type, id, col, std::move(value));
    if (type == StatisticType::kAgentState || type == StatisticType::kAgentStatistics) {
      domain_->dirty_agents.Mark(id);
    } else if (type == StatisticType::kAcdStatus) {
      domain_->dirty_skills.Mark(id);
    } else {
      domain_->dirty_campaigns.Mark(id);
    }
    changed = FlushChangesLocked(now_ms_);
  }
  if (changed) NotifyChange();
  return {};
}

bool ContactCenter::HasAgent(std::string_view username) const {
  std::lock_guard lock(mutex_);
  return domain_->FindAgent(username) >= 0;
}

std::vector<std::string> ContactCenter::AgentUsernames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const Agent& a : domain_->agents) {
    if (!a.removed) names.push_back(a.username);
  }
  return names;
}

std::optional<std::string> ContactCenter::AgentFullName(std::string_view username) const {
  std::lock_guard lock(mutex_);
  const int id = domain_->FindAgent(username);
  if (id < 0) return std::nullopt;
  return domain_->agents[id].full_name;
}

std::vector<std::pair<int64_t, std::string>> ContactCenter::SkillIdsAndNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<int64_t, std::string>> skills;
  for (const Skill& s : domain_->skills) skills.emplace_back(s.wire_id, s.name);
  return skills;
}

size_t ContactCenter::JournalRetainedCells() const {
  std::lock_guard lock(mutex_);
  return journal_->RetainedCells();
}

}  // namespace five9sim
