// The simulator's operation table against the reference: it lists exactly the WSDL's
// operations, and its session needs are the guide's "Initializing a Session" list. Then the
// service's behaviour against the table: each operation called without a session answers as
// its entry says, and a name outside the table keeps JAX-WS's client fault.

#include "simulator/operation_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "exporter/five9/envelope.h"
#include "exporter/five9/reference_dir.h"
#include "exporter/five9/xml.h"
#include "simulator/sim_server.h"

namespace five9sim {
namespace {

using namespace std::chrono_literals;

std::string ReadReference(std::string_view name) {
  std::ifstream in(five9exp::ReferencePath(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The wsdl:operation names of the WSDL's portType.
std::set<std::string> WsdlOperations() {
  auto wsdl = five9exp::XmlDocument::Parse(ReadReference(five9exp::kReferenceWsdl));
  EXPECT_TRUE(wsdl) << "the reference WSDL does not parse";
  std::set<std::string> operations;
  if (!wsdl) return operations;
  for (five9exp::XmlElement port_type : wsdl->Root().Children("portType")) {
    for (five9exp::XmlElement operation : port_type.Children("operation")) {
      if (auto name = operation.Attribute("name")) operations.insert(*name);
    }
  }
  return operations;
}

// The methods of the guide's "Initializing a Session" table: the words between "You need to
// create a session before calling these methods" and "To create a session" that are WSDL
// operations (the rest are the table's feature names).
std::set<std::string> GuideSessionMethods(const std::set<std::string>& wsdl_operations) {
  const std::string guide = ReadReference(five9exp::kReferenceGuide);
  const auto begin = guide.find("You need to create a session before calling these methods");
  const auto end = guide.find("To create a session", begin);
  EXPECT_NE(begin, std::string::npos) << "the guide's \"Initializing a Session\" table moved";
  EXPECT_NE(end, std::string::npos);
  std::set<std::string> methods;
  if (begin == std::string::npos || end == std::string::npos) return methods;
  std::istringstream words(guide.substr(begin, end - begin));
  for (std::string word; words >> word;) {
    if (wsdl_operations.contains(word)) methods.insert(word);
  }
  return methods;
}

TEST(OperationTableTest, NamesEachOperationOnceAndFindsIt) {
  std::set<std::string_view> seen;
  for (const Operation& operation : Operations()) {
    EXPECT_TRUE(seen.insert(operation.method).second) << operation.method << " listed twice";
    EXPECT_NE(operation.handler, nullptr) << operation.method;
    EXPECT_EQ(FindOperation(operation.method), &operation) << operation.method;
    EXPECT_EQ(operation.session == SessionNeed::kOpens, operation.method == "setSessionParameters")
        << operation.method;
  }
  EXPECT_EQ(FindOperation("getEverything"), nullptr);
  EXPECT_EQ(FindOperation("getstatistics"), nullptr);  // WSDL names are case-sensitive
  EXPECT_EQ(FindOperation(""), nullptr);
}

TEST(OperationTableTest, ListsExactlyTheOperationsOfTheWsdl) {
  FIVE9_SKIP_WITHOUT_REFERENCE(five9exp::kReferenceWsdl);
  const std::set<std::string> wsdl = WsdlOperations();
  ASSERT_FALSE(wsdl.empty());
  std::set<std::string> table;
  for (const Operation& operation : Operations()) table.emplace(operation.method);
  for (const std::string& name : wsdl) EXPECT_TRUE(table.contains(name)) << name << " missing";
  for (const std::string& name : table)
    EXPECT_TRUE(wsdl.contains(name)) << name << " is not a WSDL operation";
}

TEST(OperationTableTest, SessionNeedIsTheGuidesInitializingASessionList) {
  FIVE9_SKIP_WITHOUT_REFERENCE(five9exp::kReferenceWsdl);
  FIVE9_SKIP_WITHOUT_REFERENCE(five9exp::kReferenceGuide);
  const std::set<std::string> listed = GuideSessionMethods(WsdlOperations());
  ASSERT_FALSE(listed.empty());
  for (const Operation& operation : Operations()) {
    if (operation.session == SessionNeed::kOpens) continue;
    const bool in_guide = listed.contains(std::string(operation.method));
    EXPECT_EQ(operation.session == SessionNeed::kRequired, in_guide)
        << operation.method
        << (in_guide ? " needs a session (the guide lists it)"
                     : " needs none (the guide does not list it)");
  }
}

// Drives SupervisorService directly (no HTTP), as alice ("Basic " + base64("alice:pw-alice")).
class OperationDispatchTest : public ::testing::Test {
 protected:
  static constexpr std::string_view kAliceAuthorization = "Basic YWxpY2U6cHctYWxpY2U=";

  void SetUp() override {
    SimOptions options;
    options.users = {{"alice", "pw-alice", 0}};
    options.domain.seed = 7;
    options.domain.agents = 4;
    options.domain.skills = 2;
    options.time_scale = 1e-6;  // the model stands still
    // Limits are not what these tests are about.
    options.limit_rules = {{"QueryStatistics", 60s, 100000},
                           {"QueryChangedStatistics", 60s, 100000}};
    auto server = SimServer::Start(std::move(options));
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  SoapReply Call(std::string_view method, std::string_view children = "") {
    return server_->service().Handle(kAliceAuthorization,
                                     five9exp::WrapRequestEnvelope(method, children));
  }

  std::unique_ptr<SimServer> server_;
};

TEST_F(OperationDispatchTest, WithoutASessionEachOperationAnswersAsItsEntrySays) {
  for (const Operation& operation : Operations()) {
    if (operation.session == SessionNeed::kOpens) continue;  // it would open one
    // An empty payload: the session check comes before the request is read, so an
    // operation that needs a session says so whatever its arguments.
    const SoapReply reply = Call(operation.method);
    const bool not_initialized = reply.body.find("SessionNotInitializedFault") != std::string::npos;
    if (operation.session == SessionNeed::kRequired) {
      EXPECT_EQ(reply.status, 500) << operation.method;
      EXPECT_TRUE(not_initialized) << operation.method << ": " << reply.body.substr(0, 300);
    } else {
      EXPECT_FALSE(not_initialized) << operation.method << ": " << reply.body.substr(0, 300);
    }
    const CallCounters counters = server_->service().Counters();
    const std::string method(operation.method);
    ASSERT_TRUE(counters.calls.contains(method)) << method << " not counted";
    EXPECT_EQ(counters.calls.at(method), 1) << method;
    EXPECT_EQ(counters.outcomes.at(method).contains("SessionNotInitializedFault"),
              operation.session == SessionNeed::kRequired)
        << method;
  }
}

TEST_F(OperationDispatchTest, AfterSetSessionParametersNoOperationLacksASession) {
  five9exp::ViewSettings settings;
  settings.idle_timeout_s = 600;
  const SoapReply opened = server_->service().Handle(
      kAliceAuthorization, five9exp::BuildSetSessionParametersRequest(settings));
  ASSERT_EQ(opened.status, 200) << opened.body;
  for (const Operation& operation : Operations()) {
    if (operation.session != SessionNeed::kRequired || operation.method == "closeSession") continue;
    const SoapReply reply = Call(operation.method);
    EXPECT_EQ(reply.body.find("SessionNotInitializedFault"), std::string::npos)
        << operation.method << ": " << reply.body.substr(0, 300);
    EXPECT_EQ(reply.body.find("SessionClosedFault"), std::string::npos)
        << operation.method << ": " << reply.body.substr(0, 300);
  }
}

TEST_F(OperationDispatchTest, AnUnknownOperationKeepsItsClientFault) {
  const SoapReply reply = Call("getEverything");
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body.find("soap:Client"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("Cannot find dispatch method for "
                            "{http://service.supervisor.ws.five9.com/}getEverything"),
            std::string::npos)
      << reply.body;
  const CallCounters counters = server_->service().Counters();
  EXPECT_EQ(counters.outcomes.at("getEverything").at("client_fault"), 1);
  // Refused before admission: the session registry never saw the call.
  for (const SessionView& view : server_->sessions().Views())
    EXPECT_FALSE(view.calls.contains("getEverything")) << view.user;
}

}  // namespace
}  // namespace five9sim
