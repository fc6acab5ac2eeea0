#include "simulator/supervisor_service.h"

#include <cctype>

#include "exporter/common/strings.h"

namespace five9sim {
namespace {

using five9exp::XmlWriter;

int DecodeBase64Char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  int bits = 0;
  uint32_t acc = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = DecodeBase64Char(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

ModelFault LimitFault(const LimitRule& rule) {
  return ModelFault{"OperationsLimitExceededFault",
                    {{"limit", std::to_string(rule.limit)}, {"operationType", rule.operation_type}},
                    "Operations limit exceeded: " + rule.operation_type + " allows " +
                        std::to_string(rule.limit) + " requests per " +
                        std::to_string(rule.window.count()) + " seconds"};
}

SoapReply FaultReply(const ModelFault& fault) {
  SoapReply reply;
  reply.status = 500;
  reply.body = FaultEnvelope(fault);
  return reply;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> DecodeBasicAuth(std::string_view header) {
  constexpr std::string_view kPrefix = "Basic ";
  if (header.size() <= kPrefix.size()) return std::nullopt;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kPrefix[i]))) {
      return std::nullopt;
    }
  }
  const std::string_view encoded = five9exp::TrimAsciiSpace(header.substr(kPrefix.size()));
  auto decoded = DecodeBase64(encoded);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

SupervisorService::SupervisorService(ContactCenter& model, SessionRegistry& sessions,
                                     LimitModel& limits, FaultInjector& faults, ChatHub& chat,
                                     MonitorRegistry& monitors, five9exp::Clock& clock,
                                     ServiceOptions options)
    : model_(model),
      sessions_(sessions),
      limits_(limits),
      faults_(faults),
      chat_(chat),
      monitors_(monitors),
      clock_(clock),
      options_(std::move(options)),
      parties_(sessions, model) {}

void SupervisorService::Stop() {
  stop_.request_stop();
  sessions_.StopAll();
}

void SupervisorService::Count(std::string_view method, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++counters_.calls[std::string(method)];
  ++counters_.outcomes[std::string(method)][std::string(outcome)];
}

CallCounters SupervisorService::Counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

int64_t SupervisorService::AgentId(std::string_view username) { return parties_.AgentId(username); }

SoapReply SupervisorService::Handle(std::string_view authorization, std::string_view body) {
  auto credentials = DecodeBasicAuth(authorization);
  if (!credentials || !sessions_.Authenticate(credentials->first, credentials->second)) {
    Count("(unauthenticated)", "http_401");
    SoapReply reply;
    reply.status = 401;
    reply.unauthorized = true;
    reply.content_type = "text/plain";
    reply.body = "401 Unauthorized";
    return reply;
  }
  if (stop_.stop_requested()) {
    return FaultReply(MakeFault("ServiceUnavailableFault", "server is stopping"));
  }
  if (body.size() > options_.max_request_bytes) {
    Count("(malformed)", "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("request too large");
    return reply;
  }
  auto request = ParseSoapRequest(body, options_.max_request_bytes);
  if (!request) {
    Count("(malformed)", "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("Couldn't parse the SOAP request: " + request.error().message);
    return reply;
  }
  const std::string& method = request->operation;

  // Injected misbehaviour comes first: it plays the network and Five9's front end.
  InjectionPlan plan = faults_.Take(method);
  if (plan.latency.count() > 0) {
    clock_.SleepUntil(clock_.SteadyNow() + plan.latency, stop_.get_token());
  }
  if (plan.outage) {
    Count(method, "outage");
    SoapReply reply;
    reply.status = 503;
    reply.content_type = "text/html";
    reply.body = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
    return reply;
  }
  if (plan.action) {
    const Injection& inj = *plan.action;
    SoapReply reply;
    switch (inj.kind) {
      case InjectionKind::kHttpStatus:
        Count(method, "injected_http_" + std::to_string(inj.http_status));
        reply.status = inj.http_status;
        reply.content_type = "text/plain";
        reply.body = "injected HTTP " + std::to_string(inj.http_status);
        return reply;
      case InjectionKind::kReset:
        Count(method, "injected_reset");
        reply.reset_connection = true;
        return reply;
      case InjectionKind::kTruncated: {
        Count(method, "injected_truncated");
        std::string full = ResponseEnvelope(method, "");
        reply.body = full.substr(0, full.size() / 2);
        return reply;
      }
      case InjectionKind::kMalformed:
        Count(method, "injected_malformed");
        reply.body = "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + std::string(kSoapEnvNs) +
                     "\"><env:Body><ns2:" + method + "Response></env:Body></oops>";
        return reply;
      case InjectionKind::kFault:
        Count(method, "injected_" + inj.fault.name);
        return FaultReply(inj.fault);
      case InjectionKind::kLatency:
        break;
    }
  }
  const Operation* operation = FindOperation(method);
  if (operation == nullptr) {
    Count(method, "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("Cannot find dispatch method for {" + std::string(kFive9Ns) +
                                     "}" + method);
    return reply;
  }
  auto call = sessions_.Begin(credentials->first, method);
  if (!call) {
    Count(method, call.error().name);
    return FaultReply(call.error());
  }
  return Dispatch(*operation, *request, **call);
}

SoapReply SupervisorService::Dispatch(const Operation& operation, const SoapRequest& request,
                                      SessionRegistry::Call& call) {
  const std::string& method = request.operation;
  auto fail = [&](const ModelFault& fault) {
    Count(method, fault.name);
    return FaultReply(fault);
  };
  if (operation.session == SessionNeed::kRequired) {
    if (auto ok = sessions_.RequireSession(call); !ok) return fail(ok.error());
  }
  if (auto exceeded = limits_.TryConsume(method, clock_.SteadyNow()))
    return fail(LimitFault(*exceeded));
  XmlWriter children;
  OperationContext context{request.payload, call,      children, model_, sessions_, limits_,
                           chat_,           monitors_, parties_, clock_, options_};
  auto done = operation.handler(context);
  // A call whose session was replaced or closed while it ran answers SessionClosedFault
  // (setSessionParameters replaces the session itself, so it is exempt).
  if (call.stop_token().stop_requested() && operation.session != SessionNeed::kOpens) {
    if (auto ok = sessions_.RequireSession(call); !ok) return fail(ok.error());
  }
  if (!done) return fail(done.error());
  Count(method, "ok");
  SoapReply reply;
  reply.body = ResponseEnvelope(method, children.Release());
  return reply;
}

}  // namespace five9sim
