#pragma once
// Test support for web_test: a fake AdminCallRunner that runs admin calls on a real
// SupervisorClient over a scripted FakeTransport, canned SOAP bodies, snapshot
// builders, log capture and path encoding. Test-only; not part of f9_web.

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/common/log.h"
#include "exporter/five9/client.h"
#include "exporter/statistics/admin_call_runner.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/testing/fake_transport.h"

namespace five9exp::testing {

// SOAP 1.1 response envelope of `operation` with `children` inside.
inline std::string SoapResponse(std::string_view operation, std::string_view children = "") {
  return "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Body>"
         "<ns2:" +
         std::string(operation) +
         "Response xmlns:ns2=\"http://service.supervisor.ws.five9.com/\">" + std::string(children) +
         "</ns2:" + std::string(operation) + "Response></env:Body></env:Envelope>";
}

// A SOAP fault with detail element `name` (e.g. "CampaignNotFoundFault") and children.
inline std::string SoapFault(std::string_view name, std::string_view children = "") {
  return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
         "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>fault</faultstring><detail>"
         "<ns2:" +
         std::string(name) + " xmlns:ns2=\"http://service.supervisor.ws.five9.com/\">" +
         std::string(children) + "</ns2:" + std::string(name) +
         "></detail></soap:Fault></soap:Body></soap:Envelope>";
}

// Runs every admin call at once on the test's client, or refuses with `refusal`.
// Thread-safe.
class FakeRunner final : public AdminCallRunner {
 public:
  explicit FakeRunner(SupervisorClient& client) : client_(client) {}

  Result<void> RunAdminCall(std::string_view method,
                            std::function<Result<void>(SupervisorClient&)> call,
                            std::chrono::milliseconds) override {
    std::lock_guard lock(mutex_);
    methods_.emplace_back(method);
    if (refusal_) return tl::unexpected(*refusal_);
    return call(client_);
  }

  void Refuse(std::optional<Error> error) {
    std::lock_guard lock(mutex_);
    refusal_ = std::move(error);
  }
  std::vector<std::string> methods() const {
    std::lock_guard lock(mutex_);
    return methods_;
  }

 private:
  SupervisorClient& client_;
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::optional<Error> refusal_;
  std::vector<std::string> methods_;
};

// A ready table of `type` with `columns` and rows (first cell = key).
inline TableSnapshot MakeTable(StatisticType type, std::vector<std::string> columns,
                               std::vector<std::vector<CellValue>> rows, bool ready = true) {
  TableSnapshot table;
  table.type = type;
  table.columns = std::make_shared<const std::vector<std::string>>(std::move(columns));
  table.key_column = 0;
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a[0] < b[0]; });
  for (auto& cells : rows) {
    auto row = std::make_shared<TableRow>();
    row->key = cells[0].value_or("");
    row->cells = std::move(cells);
    table.rows.push_back(std::move(row));
  }
  table.ready = ready;
  table.five9_timestamp = 1'800'000'000'000;
  table.updated = WallTime(std::chrono::seconds(1'800'000'000));
  table.version = 1;
  return table;
}

// Captures log lines while alive (the sink is process-wide; tests run one at a time).
class LogCapture {
 public:
  LogCapture() { SetLogSink(&stream_); }
  ~LogCapture() { SetLogSink(nullptr); }
  std::string text() const { return stream_.str(); }
  // Lines containing `needle`.
  std::vector<std::string> Lines(std::string_view needle) const {
    std::vector<std::string> out;
    std::istringstream in(stream_.str());
    for (std::string line; std::getline(in, line);) {
      if (line.find(needle) != std::string::npos) out.push_back(line);
    }
    return out;
  }

 private:
  std::ostringstream stream_;
};

// Percent-encodes everything but unreserved characters (RFC 3986), for test paths.
inline std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace five9exp::testing
