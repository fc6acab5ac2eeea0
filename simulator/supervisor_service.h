#pragma once
// SupervisorService: answers the SOAP operations of the Supervisor Web Service, with Five9's
// rules (HTTP Basic auth, sessions, serial calls per user, per-session timestamps, domain
// limits, long polling) on top of the ContactCenter model, plus the fault injections.
// The operations themselves are the table of operation_table.h; this class runs, once for
// every call, the rules they share, in this order: authentication, injections, unknown
// operation, one call at a time per user, the session check, domain limits, the handler.
// Independent of the HTTP library: SimServer feeds it requests; tests may call it directly.
//
// Does not own its collaborators (SimServer does). Thread-safe: every method may be called
// from many HTTP worker threads at once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"
#include "simulator/chat_hub.h"
#include "simulator/fault_injector.h"
#include "simulator/limit_model.h"
#include "simulator/model/contact_center.h"
#include "simulator/monitor_registry.h"
#include "simulator/operation_table.h"
#include "simulator/party_directory.h"
#include "simulator/service_options.h"
#include "simulator/session_registry.h"
#include "simulator/soap_codec.h"

namespace five9sim {

// What the HTTP layer sends back.
struct SoapReply {
  int status = 200;
  std::string content_type = "text/xml;charset=UTF-8";
  std::string body;
  bool reset_connection = false;  // drop the connection instead of answering
  bool unauthorized = false;      // add WWW-Authenticate
};

// Outcome counters for the control API.
struct CallCounters {
  std::map<std::string, int64_t> calls;                            // per method
  std::map<std::string, std::map<std::string, int64_t>> outcomes;  // method -> outcome -> n
};

class SupervisorService {
 public:
  SupervisorService(ContactCenter& model, SessionRegistry& sessions, LimitModel& limits,
                    FaultInjector& faults, ChatHub& chat, MonitorRegistry& monitors,
                    five9exp::Clock& clock, ServiceOptions options);

  // One POST: the Authorization header value (may be empty) and the body.
  SoapReply Handle(std::string_view authorization, std::string_view body);

  // Stops every long poll and injected delay; later calls answer ServiceUnavailableFault.
  void Stop();

  CallCounters Counters() const;
  // Stable wsRoledId.userId of an agent (assigned on first use).
  int64_t AgentId(std::string_view username);

 private:
  // The table's rules around one admitted call of `operation`: the session check, the
  // domain limits, the handler, and the answer to a call whose session ended meanwhile.
  SoapReply Dispatch(const Operation& operation, const SoapRequest& request,
                     SessionRegistry::Call& call);
  void Count(std::string_view method, std::string_view outcome);

  ContactCenter& model_;
  SessionRegistry& sessions_;
  LimitModel& limits_;
  FaultInjector& faults_;
  ChatHub& chat_;
  MonitorRegistry& monitors_;
  five9exp::Clock& clock_;
  const ServiceOptions options_;
  PartyDirectory parties_;
  std::stop_source stop_;

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  CallCounters counters_;
};

// Decodes "Basic base64(user:password)"; nullopt when absent or malformed.
std::optional<std::pair<std::string, std::string>> DecodeBasicAuth(std::string_view header);

}  // namespace five9sim
