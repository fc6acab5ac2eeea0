#pragma once
// The streaming pass over a getStatisticsUpdate answer (XmlStreamParse, no tree): the ingest
// fast path of ParseGetStatisticsUpdateResponse (response_parser.h). It reads only the plain
// 2xx getStatisticsUpdateResponse; any other body (faults, errors, DTDs, any unusual shape)
// is handed to the DOM parser, which stays the reference and words every error. Produces
// exactly what the DOM parser would for the bodies it handles (tests compare the two).
// Thread-safe (no shared state).

#include <optional>

#include "exporter/five9/transport.h"
#include "exporter/five9/types.h"

namespace five9exp {

// What the streaming pass made of a body.
struct StreamedUpdate {
  enum class Outcome {
    kUseDomParser,    // not a plain answer: the DOM parser must read it
    kNothingChanged,  // no <return> (or a nil one): nothing changed since previousTimestamp
    kUpdate,          // `update` holds the answer
  };
  Outcome outcome = Outcome::kUseDomParser;
  StatisticsUpdate update;  // meaningful for kUpdate only

  bool handled() const { return outcome != Outcome::kUseDomParser; }
  // The answer in ParseGetStatisticsUpdateResponse's form (nullopt = nothing changed);
  // only when handled().
  std::optional<StatisticsUpdate> Answer() &&;
};

// `requested` fills StatisticsUpdate::type when the answer omits <type>.
StreamedUpdate ParseGetStatisticsUpdateResponseStreaming(const SoapHttpResponse& response,
                                                         StatisticType requested);

}  // namespace five9exp
