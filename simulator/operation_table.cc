#include "simulator/operation_table.h"

#include <algorithm>

#include "simulator/soap_codec.h"

namespace five9sim {

const std::vector<Operation>& Operations() {
  static const std::vector<Operation> kOperations = [] {
    std::vector<Operation> operations;
    AddSessionOperations(&operations);
    AddStatisticsOperations(&operations);
    AddUserOperations(&operations);
    AddCampaignOperations(&operations);
    AddChatOperations(&operations);
    AddMonitoringOperations(&operations);
    return operations;
  }();
  return kOperations;
}

const Operation* FindOperation(std::string_view method) {
  const std::vector<Operation>& operations = Operations();
  auto it = std::find_if(operations.begin(), operations.end(),
                         [&](const Operation& operation) { return operation.method == method; });
  return it == operations.end() ? nullptr : &*it;
}

ModelResult<LongPoll> ReadLongPoll(const OperationContext& context) {
  auto previous = ReadLong(context.payload, "previousTimestamp");
  if (!previous) return tl::unexpected(previous.error());
  auto timeout = ReadLong(context.payload, "longPollingTimeout");
  if (!timeout) return tl::unexpected(timeout.error());
  const auto wait = std::clamp(std::chrono::milliseconds(*timeout), std::chrono::milliseconds(0),
                               context.options.max_long_poll);
  return LongPoll{*previous, std::chrono::steady_clock::now() + wait};
}

}  // namespace five9sim
