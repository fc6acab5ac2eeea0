#pragma once
// SoapCodec: the simulator's side of the wire. Parses SOAP 1.1 requests with the safe
// parser of exporter/five9/xml.h and writes schema-valid responses and faults with XmlWriter.
//
// Responses look like Five9's JAX-WS stack: env:Envelope / env:Header / env:Body /
// ns2:<operation>Response with unqualified children in WSDL sequence order. Faults are
// soap:Server faults whose <detail> carries ns2:<Name>Fault with its WSDL fields in order.
//
// Stateless free functions: thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/common/error.h"
#include "exporter/five9/types.h"
#include "exporter/five9/xml.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

// The Five9 namespace of every payload element.
inline constexpr std::string_view kFive9Ns = "http://service.supervisor.ws.five9.com/";
inline constexpr std::string_view kSoapEnvNs = "http://schemas.xmlsoap.org/soap/envelope/";

// A parsed request. `payload` (the Body's element) points into `doc`.
struct SoapRequest {
  std::string operation;  // local name of the Body element, e.g. "getStatistics"
  five9exp::XmlDocument doc;
  five9exp::XmlElement payload;
};

// Parses an envelope. Errors (kMalformedResponse / kBodyTooLarge / kInvalidArgument for a
// non-SOAP document or a payload outside the Five9 namespace) become soap:Client faults.
five9exp::Result<SoapRequest> ParseSoapRequest(std::string_view body, size_t max_bytes);

// True when `name` is a fault element of the WSDL (e.g. "SessionClosedFault").
bool IsWsdlFault(std::string_view name);
// Every fault the simulator can answer with (the WSDL's fault elements), sorted.
std::vector<std::string> WsdlFaultNames();
// The WSDL fields of a fault other than `message` (e.g. {"limit","operationType"}).
std::vector<std::string_view> FaultFields(std::string_view name);
// A fault with only a message.
ModelFault MakeFault(std::string name, std::string message);

// env:Envelope around ns2:<operation>Response containing trusted `children` markup.
std::string ResponseEnvelope(std::string_view operation, std::string_view children);
// soap:Server fault; `fault.fields` may be in any order (written in WSDL order, repeated
// names keep their relative order). Names that are not WSDL faults are written as ServerFault.
std::string FaultEnvelope(const ModelFault& fault);
// soap:Client fault without detail (what JAX-WS sends for unparsable requests).
std::string ClientFaultEnvelope(std::string_view faultstring);

// Writers of response children (each writes the <return> elements of its response).
void WriteStatistics(five9exp::XmlWriter& w, const five9exp::Statistics& stats);
void WriteStatisticsUpdate(five9exp::XmlWriter& w, const five9exp::StatisticsUpdate& update);
// A `row` typed element: <name><values><data>..</data>...</values></name>.
void WriteRow(five9exp::XmlWriter& w, std::string_view name,
              const std::vector<five9exp::CellValue>& values);
void WriteLimitStates(five9exp::XmlWriter& w,
                      const std::vector<five9exp::LimitTimeoutState>& states);
void WriteViewSettings(five9exp::XmlWriter& w, std::string_view name,
                       const five9exp::ViewSettings& settings);
void WriteRoledId(five9exp::XmlWriter& w, std::string_view name, const five9exp::RoledId& id);
void WriteChatMessages(five9exp::XmlWriter& w, const five9exp::ChatMessages& messages);
void WriteStationParameters(five9exp::XmlWriter& w, const five9exp::StationParameters& station);

// Request readers. Absent or invalid fields give the fault Five9 would send
// (MissedArgumentFault / IncorrectArgumentFault).
ModelResult<five9exp::StatisticType> ReadStatisticType(five9exp::XmlElement payload);
ModelResult<int64_t> ReadLong(five9exp::XmlElement payload, std::string_view name);
ModelResult<std::string> ReadString(five9exp::XmlElement payload, std::string_view name);
ModelResult<bool> ReadBool(five9exp::XmlElement payload, std::string_view name);
// getStatistics columnNames: the <data> of the `row` child (empty when absent).
std::vector<std::string> ReadColumnNames(five9exp::XmlElement payload);
ModelResult<five9exp::ViewSettings> ReadViewSettings(five9exp::XmlElement payload);
ModelResult<five9exp::RoledId> ReadRoledId(five9exp::XmlElement payload, std::string_view name);

}  // namespace five9sim
