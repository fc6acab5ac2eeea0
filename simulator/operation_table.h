#pragma once
// The simulator's operation table: every operation of the Supervisor Web Service WSDL that
// five9_sim answers, with the session it needs and its handler. The rules every call shares
// (authentication, injections, one call at a time per user, the session check, domain limits,
// the counters) run once in SupervisorService; a handler only reads its request, asks the
// model or a registry and writes the children of its response.
//
// Handlers are grouped by the guide's chapters of methods: operations_session.cc (session
// information, domain limits, API versions), operations_statistics.cc, operations_users.cc
// (user information), operations_campaigns.cc, operations_chat.cc, operations_monitoring.cc.
//
// The table is immutable once built: thread-safe. Handlers are called from many HTTP worker
// threads at once; the registries they use are thread-safe themselves.

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/xml.h"
#include "simulator/chat_hub.h"
#include "simulator/limit_model.h"
#include "simulator/model/contact_center.h"
#include "simulator/monitor_registry.h"
#include "simulator/party_directory.h"
#include "simulator/service_options.h"
#include "simulator/session_registry.h"

namespace five9sim {

// What an operation needs of the caller's session (the guide's "Initializing a Session").
enum class SessionNeed {
  kNone,      // callable without one; not in the guide's list
  kRequired,  // in the guide's list: SessionNotInitializedFault / SessionClosedFault without one
  kOpens,     // setSessionParameters: opens (or replaces) the session, so it never lacks one
};

// Everything a handler needs for one call. Lives on the call's stack.
struct OperationContext {
  five9exp::XmlElement payload;  // the request's Body element
  SessionRegistry::Call& call;   // the admitted call (user, session, stop token)
  five9exp::XmlWriter& out;      // receives the children of <...Response>
  ContactCenter& model;
  SessionRegistry& sessions;
  LimitModel& limits;
  ChatHub& chat;
  MonitorRegistry& monitors;
  PartyDirectory& parties;
  five9exp::Clock& clock;
  const ServiceOptions& options;
};

// A handler: writes the response's children to context.out, or returns the fault to answer.
using OperationHandler = ModelResult<void> (*)(OperationContext& context);

struct Operation {
  std::string_view method;  // the WSDL operation name, e.g. "getStatistics"
  SessionNeed session;
  OperationHandler handler;
};

// The whole table, built once.
const std::vector<Operation>& Operations();
// The entry of `method`; nullptr for a name that is not in the table.
const Operation* FindOperation(std::string_view method);

// The two fields every long poll (getStatisticsUpdate, receiveMessages) reads.
struct LongPoll {
  int64_t previous_timestamp = 0;
  // Now + longPollingTimeout, the wait clamped to [0, options.max_long_poll].
  std::chrono::steady_clock::time_point deadline;
};
// Reads previousTimestamp, then longPollingTimeout (the first fault of the two).
ModelResult<LongPoll> ReadLongPoll(const OperationContext& context);

// Per-topic parts of the table.
void AddSessionOperations(std::vector<Operation>* operations);
void AddStatisticsOperations(std::vector<Operation>* operations);
void AddUserOperations(std::vector<Operation>* operations);
void AddCampaignOperations(std::vector<Operation>* operations);
void AddChatOperations(std::vector<Operation>* operations);
void AddMonitoringOperations(std::vector<Operation>* operations);

}  // namespace five9sim
