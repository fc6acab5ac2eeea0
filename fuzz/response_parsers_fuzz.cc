// Every response parser of response_parser.h but getStatisticsUpdate (its own differential
// target). Input: a response body. The parser is the one whose `<op>Response` element the
// body names first (so seeds recorded from the simulator reach their own parser and
// mutations of the name reach the others); a body naming none (a fault, an HTML page)
// goes to the parser picked by its first byte. Every parser must return an answer or a
// named error; the HTTP status comes from the first byte too.

#include <functional>
#include <utility>
#include <vector>

#include "exporter/five9/response_parser.h"
#include "fuzz/fuzz_support.h"

namespace {

using namespace five9exp;
using Parser = std::function<void(const SoapHttpResponse&)>;

template <typename T>
void Check(const Result<T>& result) {
  if (!result) five9fuzz::CheckError(result.error());
}

const std::vector<std::pair<std::string_view, Parser>>& Parsers() {
  static const std::vector<std::pair<std::string_view, Parser>> parsers = {
      {"getSessionParameters", [](auto& r) { Check(ParseGetSessionParametersResponse(r)); }},
      {"getApiVersions", [](auto& r) { Check(ParseGetApiVersionsResponse(r)); }},
      {"getColumnNames", [](auto& r) { Check(ParseGetColumnNamesResponse(r)); }},
      {"getStatistics",
       [](auto& r) {
         auto statistics = ParseGetStatisticsResponse(r, StatisticType::kAgentState);
         Check(statistics);
         if (statistics) {
           for (const auto& row : statistics->rows) {
             FUZZ_CHECK(row.size() == statistics->columns.size(), "a row of another width");
           }
         }
       }},
      {"getCallCountersState", [](auto& r) { Check(ParseGetCallCountersStateResponse(r)); }},
      {"getUserLimits", [](auto& r) { Check(ParseGetUserLimitsResponse(r)); }},
      {"getDispositionsNames", [](auto& r) { Check(ParseGetDispositionsNamesResponse(r)); }},
      {"createChatSession", [](auto& r) { Check(ParseCreateChatSessionResponse(r)); }},
      {"receiveMessages", [](auto& r) { Check(ParseReceiveMessagesResponse(r)); }},
      {"loginStation", [](auto& r) { Check(ParseLoginStationResponse(r)); }},
      {"reconnectStation", [](auto& r) { Check(ParseReconnectStationResponse(r)); }},
      {"getMonitoringSupervisors",
       [](auto& r) { Check(ParseGetMonitoringSupervisorsResponse(r)); }},
      {"getLoggedInUsers", [](auto& r) { Check(ParseGetLoggedInUsersResponse(r)); }},
      {"getMyGroupIds", [](auto& r) { Check(ParseGetMyGroupIdsResponse(r)); }},
      {"getMyPermissions", [](auto& r) { Check(ParseGetMyPermissionsResponse(r)); }},
      {"getMySkillsIds", [](auto& r) { Check(ParseGetMySkillsIdsResponse(r)); }},
      {"setSessionParameters",
       [](auto& r) { Check(ParseEmptyResponse(r, "setSessionParameters")); }},
  };
  return parsers;
}

// The operation of the first "<prefix:opResponse" in `body`, or "".
std::string_view NamedOperation(std::string_view body) {
  for (size_t end = body.find("Response"); end != std::string_view::npos;
       end = body.find("Response", end + 1)) {
    size_t start = end;
    while (start > 0 && std::isalpha(static_cast<unsigned char>(body[start - 1]))) --start;
    if (start > 0 && (body[start - 1] == ':' || body[start - 1] == '<')) {
      return body.substr(start, end - start);
    }
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = five9fuzz::AsText(data, size);
  const uint8_t selector = size > 0 ? data[0] : 0;
  const int statuses[] = {200, 200, 500, 404, 302, 503};
  SoapHttpResponse response{statuses[selector % 6], "text/xml", std::string(body)};
  const auto& parsers = Parsers();
  const std::string_view operation = NamedOperation(body);
  for (const auto& [name, parse] : parsers) {
    if (name == operation) {
      parse(response);
      return 0;
    }
  }
  parsers[(selector / 6) % parsers.size()].second(response);
  return 0;
}
