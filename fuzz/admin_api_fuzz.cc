// The admin API's request handling (web/admin_api.h) on hostile input: path parameters
// (percent-encoding, names, ids, agents, types), query strings and JSON bodies, with a
// token that holds every role so every route's validation is reached. Five9 is a
// transport that answers each call with an empty `<op>Response` (the routes' own input
// checks are the target, not the response parsers). Every answer must be a valid status
// with the documented JSON error shape on failure.
//
// Input: byte 0 picks the method; then the path below /api/v1/domains/ up to the first
// '\n' (an optional '?' starts the query, taken raw); the rest is the body.

#include <nlohmann/json.hpp>
#include <sstream>

#include "exporter/common/clock.h"
#include "exporter/common/log.h"
#include "exporter/five9/client.h"
#include "exporter/statistics/chat_buffer.h"
#include "exporter/web/admin_api.h"
#include "exporter/web/web_test_support.h"
#include "fuzz/fuzz_support.h"

namespace {

using namespace five9exp;

constexpr char kSecret[] = "fuzz-Secret-0123456789abcdef";

// Answers every call with an empty response of the operation it names.
Result<SoapHttpResponse> EchoOperation(const SoapHttpRequest& request, std::stop_token) {
  const size_t start = request.body.find("<ser:");
  std::string operation = "unknown";
  if (start != std::string::npos) {
    const size_t end = request.body.find_first_of(" />", start + 5);
    operation = request.body.substr(start + 5, end - start - 5);
  }
  return SoapHttpResponse{200, "text/xml", testing::SoapResponse(operation)};
}

struct World {
  World() {
    static std::ostringstream discard;  // audit lines would dominate the run time
    SetLogSink(&discard);
    SetLogLevel(LogLevel::kError);
    client = std::make_unique<SupervisorClient>(std::make_unique<FakeTransport>(EchoOperation),
                                                ClientOptions{});
    runner = std::make_unique<testing::FakeRunner>(*client);
    AdminApiOptions options;
    options.admin.enabled = true;
    options.admin.rate_limit_per_second = 1e9;
    options.admin.rate_limit_burst = 1 << 30;
    options.admin.tokens = {
        AdminToken{"fuzz", kSecret, {"read", "campaigns", "chat", "monitoring", "session"}, ""}};
    api = std::make_unique<AdminApi>(options, store, clock, AdminRequestCounter{});
    api->SetDomains({DomainHandle{"acme", runner.get(), &chat, {}}});

    auto snapshot = std::make_shared<DomainSnapshot>();
    snapshot->domain = "acme";
    snapshot->up = true;
    snapshot->session_state = "polling";
    snapshot->tables[StatisticType::kCampaignState] =
        testing::MakeTable(StatisticType::kCampaignState, {"Campaign Name", "State", "State Since"},
                           {{"Summer", "RUNNING", "2026-11-28 13:59:42"},
                            {"Winter", "NOT_RUNNING", "2026-11-28 13:59:42"}});
    snapshot->tables[StatisticType::kAgentState] = testing::MakeTable(
        StatisticType::kAgentState, {"Username", "State"}, {{"jsmith", "Ready"}});
    store.Publish(snapshot);
  }

  FakeClock clock;
  SnapshotStore store;
  ChatBuffer chat;
  std::unique_ptr<SupervisorClient> client;
  std::unique_ptr<testing::FakeRunner> runner;
  std::unique_ptr<AdminApi> api;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = new World();  // lives for the process, like the exporter's
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
  if (size == 0) return 0;
  const std::string_view rest = five9fuzz::AsText(data + 1, size - 1);
  const size_t newline = rest.find('\n');
  std::string_view target = rest.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);

  HttpRequest request;
  request.method = kMethods[data[0] % 6];
  const size_t question = target.find('?');
  if (question != std::string_view::npos) {
    // Raw name=value pairs (the HTTP server decodes them before the API sees them).
    std::string_view query = target.substr(question + 1);
    target = target.substr(0, question);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const size_t eq = pair.find('=');
      request.query.emplace_back(std::string(pair.substr(0, eq)),
                                 eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  request.raw_path = "/api/v1/domains/" + std::string(target);
  request.headers = {{"Authorization", std::string("Bearer ") + kSecret},
                     {"Content-Type", "application/json"}};
  request.body = std::string(body);
  request.remote_addr = "127.0.0.1";

  const HttpResponse response = world->api->Handle(request);
  FUZZ_CHECK(response.status >= 200 && response.status < 600, "an HTTP status out of range");
  if (response.status >= 400) {
    auto error = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    FUZZ_CHECK(!error.is_discarded() && error.contains("error") &&
                   error["error"].contains("code") && error["error"].contains("message"),
               "an error answer without the {\"error\": {code, message}} shape");
  }
  return 0;
}
