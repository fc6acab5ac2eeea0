// The guide's "Statistics" operations: column names, a full table, and the long-polled
// changes since a timestamp the session was given.
#include <chrono>

#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

ModelResult<void> GetColumnNames(OperationContext& c) {
  auto type = ReadStatisticType(c.payload);
  if (!type) return tl::unexpected(type.error());
  std::vector<five9exp::CellValue> names;
  for (auto& column : c.model.ColumnNames(*type)) names.emplace_back(std::move(column));
  WriteRow(c.out, "return", names);
  return {};
}

ModelResult<void> GetStatistics(OperationContext& c) {
  auto type = ReadStatisticType(c.payload);
  if (!type) return tl::unexpected(type.error());
  std::vector<std::string> columns = ReadColumnNames(c.payload);
  auto stats = c.model.GetStatistics(*type, columns);
  if (!stats) return tl::unexpected(stats.error());
  c.sessions.SetColumns(c.call, *type, columns);
  c.sessions.IssueTimestamp(c.call, *type, stats->timestamp);
  WriteStatistics(c.out, *stats);
  return {};
}

// Waits (up to longPollingTimeout, capped) for a change after previousTimestamp; an answer
// without a `return` element when nothing changed.
ModelResult<void> GetStatisticsUpdate(OperationContext& c) {
  auto type = ReadStatisticType(c.payload);
  if (!type) return tl::unexpected(type.error());
  auto poll = ReadLongPoll(c);
  if (!poll) return tl::unexpected(poll.error());
  if (auto ok = c.sessions.CheckTimestamp(c.call, *type, poll->previous_timestamp); !ok)
    return tl::unexpected(ok.error());
  const std::vector<std::string> columns = c.sessions.Columns(c.call, *type);
  while (true) {
    const uint64_t seen = c.model.change_generation();
    auto changes = c.model.ChangesSince(*type, poll->previous_timestamp, columns);
    if (!changes) return tl::unexpected(changes.error());
    if (*changes) {
      c.sessions.IssueTimestamp(c.call, *type, (*changes)->last_timestamp);
      WriteStatisticsUpdate(c.out, **changes);
      return {};
    }
    if (std::chrono::steady_clock::now() >= poll->deadline || c.call.stop_token().stop_requested())
      return {};
    c.model.WaitForChange(seen, poll->deadline, c.call.stop_token());
  }
}

}  // namespace

void AddStatisticsOperations(std::vector<Operation>* operations) {
  operations->insert(operations->end(),
                     {
                         {"getColumnNames", SessionNeed::kRequired, GetColumnNames},
                         {"getStatistics", SessionNeed::kRequired, GetStatistics},
                         {"getStatisticsUpdate", SessionNeed::kRequired, GetStatisticsUpdate},
                     });
}

}  // namespace five9sim
