// Differential target: the streaming getStatisticsUpdate parser against the DOM parser.
// Whenever the streaming pass answers itself it must give exactly the DOM's answer; when
// it hands the body over, the combined parser must still equal the DOM (answer or error
// code, fault name and HTTP status). Input: the response body; the first byte also picks
// the HTTP status and the requested type (used when <type> is absent).

#include <sstream>

#include "exporter/five9/response_parser.h"
#include "exporter/five9/statistics_update_stream.h"
#include "fuzz/fuzz_support.h"

namespace {

using five9exp::Result;
using five9exp::StatisticsUpdate;

std::string Dump(const std::optional<StatisticsUpdate>& update) {
  if (!update) return "nothing changed";
  std::ostringstream out;
  out << "type=" << five9exp::ToWire(update->type) << " prev=" << update->previous_timestamp
      << " last=" << update->last_timestamp << "\n";
  for (const auto& item : update->data_update) {
    out << "u[" << item.object_name << "|" << item.column_name << "|"
        << (item.column_value ? "=" + *item.column_value : "nil") << "]\n";
  }
  for (const auto& name : update->added_objects) out << "+" << name << "\n";
  for (const auto& name : update->deleted_objects) out << "-" << name << "\n";
  return out.str();
}

std::string Dump(const Result<std::optional<StatisticsUpdate>>& result) {
  if (!result) {
    return "error " + result.error().Label() + " fault=" + result.error().fault.name +
           " http=" + std::to_string(result.error().http_status);
  }
  return Dump(*result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t selector = size > 0 ? data[0] : 0;
  const int statuses[] = {200, 200, 200, 500};
  five9exp::SoapHttpResponse response{statuses[selector % 4], "text/xml",
                                      std::string(five9fuzz::AsText(data, size))};
  const auto requested = five9exp::kAllStatisticTypes[(selector / 4) % 8];

  const auto dom = five9exp::ParseGetStatisticsUpdateResponseDom(response, requested);
  auto streamed = five9exp::ParseGetStatisticsUpdateResponseStreaming(response, requested);
  const auto combined = five9exp::ParseGetStatisticsUpdateResponse(response, requested);
  if (!dom) five9fuzz::CheckError(dom.error());
  const std::string dom_text = Dump(dom);
  if (streamed.handled()) {
    FUZZ_CHECK(dom.has_value(), "the streaming parser accepted what the DOM parser refuses");
    FUZZ_CHECK(Dump(std::move(streamed).Answer()) == dom_text, "streaming and DOM answers differ");
  }
  FUZZ_CHECK(Dump(combined) == dom_text, "the combined parser differs from the DOM parser");
  return 0;
}
