#pragma once
// ContactCenter: the living contact center behind five9_sim. It generates a domain from a
// DomainSpec, runs its dynamics (calls, agents, campaigns) in fixed ticks up to the time it is
// given, computes the eight statistic tables with Five9's column names and value formats, and
// journals every cell change per type so getStatisticsUpdate can be answered exactly.
//
// Time is explicit: callers pass epoch milliseconds (AdvanceTo), so tests and the service
// drive it with any clock. Deterministic for a seed and a sequence of calls.
//
// Ownership: owns the whole model. Thread-safe: every public method takes one internal mutex
// (WaitForChange waits without holding it).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/five9/types.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

struct Domain;
class Dynamics;
class StatisticTables;
class Journal;

class ContactCenter {
 public:
  // Generates the domain at `start_ms` (epoch ms) and records the initial tables.
  ContactCenter(DomainSpec spec, int64_t start_ms);
  ~ContactCenter();
  ContactCenter(const ContactCenter&) = delete;
  ContactCenter& operator=(const ContactCenter&) = delete;

  // Runs the dynamics tick by tick up to `now_ms` (ticks are start_ms + k * tick_ms, so the
  // result does not depend on how the advance is sliced). Earlier times are ignored.
  void AdvanceTo(int64_t now_ms);
  // The latest time given to AdvanceTo (or start_ms).
  int64_t now_ms() const;

  // Current column names of `type`, key column first.
  std::vector<std::string> ColumnNames(five9exp::StatisticType type) const;
  // Full table now; `columns` empty = all; an unknown column => UnknownColumnFault. With a
  // column filter the key column is always included (first, if it was not requested).
  // Statistics::timestamp = the current journal stamp (>= every change already included, and
  // every later change gets a larger stamp).
  ModelResult<five9exp::Statistics> GetStatistics(five9exp::StatisticType type,
                                                  const std::vector<std::string>& columns) const;
  // Changes of `type` with stamp > since_ms, merged (last value per object/column, ordered by
  // row then column), with added/deleted objects; nullopt when nothing (visible through
  // `columns`) changed. previousTimestamp = since_ms, lastTimestamp = the current stamp.
  // Membership is net over the window: an added object's cells all follow in data_update (nil
  // cells as nil); an object that existed at since_ms and exists now is in neither list even if
  // it was deleted and re-added meanwhile (then all its cells follow). So a name is never in both
  // lists and the order of applying deletes, adds and data does not matter, as long as data
  // comes after adds.
  // Faults: since_ms older than retention or newer than the current stamp =>
  // UnknownTimestampFault; columns of `type` changed after since_ms (a disposition was added)
  // => ConfigurationChangedFault; unknown column => UnknownColumnFault.
  ModelResult<std::optional<five9exp::StatisticsUpdate>> ChangesSince(
      five9exp::StatisticType type, int64_t since_ms,
      const std::vector<std::string>& columns) const;
  // Bumps whenever a journal batch is appended; the service waits on it for long polls.
  uint64_t change_generation() const;
  // Blocks until change_generation() != seen, the deadline passes (real time) or `stop` is
  // requested. Returns true when a change happened.
  bool WaitForChange(uint64_t seen, std::chrono::steady_clock::time_point deadline,
                     std::stop_token stop) const;

  // --- campaigns: the campaignState machine. Faults follow the WSDL's declarations per
  // operation: start/stop/forceStop => CampaignNotFoundFault, CampaignStateUpdateFault;
  // reset => CampaignNotFoundFault, WrongCampaignTypeFault (inbound), CampaignStateUpdateFault;
  // resetDispositions => CampaignNotFoundFault, WrongCampaignStateFault (not NOT_RUNNING),
  // DispositionNotFoundFault.
  // Start: NOT_RUNNING -> STARTING -> RUNNING (2 s). Stop: STARTING/RUNNING -> STOPPING ->
  // NOT_RUNNING (3 s). ForceStop: STARTING/RUNNING/STOPPING -> NOT_RUNNING now.
  // Reset (outbound/autodial, NOT_RUNNING): -> RESETTING -> NOT_RUNNING (2 s), list refilled.
  ModelResult<void> StartCampaign(std::string_view name);
  ModelResult<void> StopCampaign(std::string_view name);
  ModelResult<void> ForceStopCampaign(std::string_view name);
  ModelResult<void> ResetCampaign(std::string_view name);
  // `after`/`before` are xs:dateTime strings, accepted as given (the interval is not modelled:
  // every record with one of `dispositions` becomes dialable again).
  ModelResult<void> ResetCampaignDispositions(std::string_view name,
                                              const std::vector<std::string>& dispositions,
                                              std::optional<std::string> after,
                                              std::optional<std::string> before);
  std::vector<std::string> DispositionNames() const;
  // campaignState spelling ("RUNNING", ...); "" if unknown.
  std::string CampaignStateOf(std::string_view name) const;
  // campaignType spelling ("INBOUND", "OUTBOUND", "AUTODIAL"); "" if unknown.
  std::string CampaignTypeOf(std::string_view name) const;
  std::vector<std::string> CampaignNames() const;
  // Adds a disposition: AgentStatistics gains a column (=> ConfigurationChangedFault for
  // updates spanning the change). No-op if the name already is a disposition or a column.
  void AddDisposition(std::string name);
  // Adds/removes an agent (addedObjects/deletedObjects in AgentState and AgentStatistics).
  // AddAgent of an existing username is a no-op; the new agent starts Logged Out.
  void AddAgent(std::string username, std::string full_name);
  // Unknown username => AgentNotFoundFault (agentName).
  ModelResult<void> RemoveAgent(std::string_view username);
  // Sets one cell by hand (tests: "a value changed in the simulator reaches Prometheus").
  // The override is sticky: the dynamics no longer change that cell. Faults: unknown object =>
  // ObjectNotFoundFault, unknown column => UnknownColumnFault, key column =>
  // IncorrectArgumentFault.
  ModelResult<void> SetValue(five9exp::StatisticType type, std::string_view object,
                             std::string_view column, std::optional<std::string> value);

  // --- agents / users for monitoring and chat
  bool HasAgent(std::string_view username) const;
  std::vector<std::string> AgentUsernames() const;
  std::optional<std::string> AgentFullName(std::string_view username) const;
  std::vector<std::pair<int64_t, std::string>> SkillIdsAndNames() const;

  // Cell changes held by the journal (all types): memory use, for tests and benchmarks.
  size_t JournalRetainedCells() const;

 private:
  // Appends the changes of the current domain state as one batch stamped max(at, last + 1).
  // Requires mutex_. Returns true if the batch was not empty.
  bool FlushChangesLocked(int64_t at_ms);
  void NotifyChange();
  // Runs a campaign action under the mutex and publishes its effect at once (a journal batch).
  ModelResult<void> RunAction(const std::function<ModelResult<void>()>& action);

  const DomainSpec spec_;

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  std::unique_ptr<Domain> domain_;
  std::unique_ptr<Dynamics> dynamics_;
  std::unique_ptr<StatisticTables> tables_;
  std::unique_ptr<Journal> journal_;
  int64_t now_ms_ = 0;

  // Long-poll wake-up: generation_ is bumped (under mutex_) after each non-empty batch.
  std::atomic<uint64_t> generation_{0};
  mutable std::condition_variable_any change_cv_;
};

}  // namespace five9sim
