// WebServer: /metrics, /-/healthy, /-/ready, /-/reload, the status page, listeners and
// TLS, over real sockets on ephemeral loopback ports.

#include "exporter/web/web_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "exporter/testing/codecs.h"
#include "exporter/web/status_page.h"
#include "exporter/web/web_test_support.h"

namespace five9exp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace five9exp::testing;

constexpr char kMetricsText[] =
    "# HELP five9_up 1 while the session works.\n# TYPE five9_up gauge\nfive9_up{domain=\"acme\"} "
    "1\n";
constexpr char kSessionSecret[] = "session-Secret-abcdef0123456789";

class WebServerTest : public ::testing::Test {
 protected:
  WebServerOptions Options(bool admin = false) {
    WebServerOptions options;
    options.web.listen_address = "127.0.0.1:0";
    options.version = "1.2.3";
    if (admin) {
      options.admin.enabled = true;
      options.admin.tokens = {AdminToken{"operator", kSessionSecret, {"session"}},
                              AdminToken{"reader", "reader-Secret-0123456789", {"read"}}};
    }
    return options;
  }
  WebServerDeps Deps() {
    WebServerDeps deps;
    deps.store = &store_;
    deps.clock = &clock_;
    deps.metrics_body = [this](bool gzip) {
      ++metrics_calls_;
      return std::make_shared<const std::string>(gzip ? gzipped_ : std::string(kMetricsText));
    };
    deps.reload = [this]() -> Result<void> {
      ++reloads_;
      if (reload_error_) return tl::unexpected(*reload_error_);
      return {};
    };
    return deps;
  }
  std::unique_ptr<WebServer> StartServer(WebServerOptions options) {
    auto server = std::make_unique<WebServer>(std::move(options), Deps());
    auto started = server->Start();
    EXPECT_TRUE(started) << (started ? "" : started.error().ToString());
    return server;
  }

  FakeClock clock_;
  SnapshotStore store_;
  std::string gzipped_ = Gzip(kMetricsText);
  std::atomic<int> metrics_calls_{0};
  std::atomic<int> reloads_{0};
  std::optional<Error> reload_error_;
};

TEST_F(WebServerTest, HealthyAnswersOk) {
  auto server = StartServer(Options());
  httplib::Client http("127.0.0.1", server->port());
  auto result = http.Get("/-/healthy");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "OK");
}

TEST_F(WebServerTest, MetricsPlainWithContentType) {
  auto server = StartServer(Options());
  httplib::Client http("127.0.0.1", server->port());
  http.set_decompress(false);
  auto result = http.Get("/metrics", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_FALSE(result->has_header("Content-Encoding"));
  EXPECT_EQ(result->body, kMetricsText);
}

TEST_F(WebServerTest, MetricsGzipWhenAskedAndNeverTwice) {
  auto server = StartServer(Options());
  httplib::Client http("127.0.0.1", server->port());
  http.set_decompress(false);
  for (const char* accept : {"gzip", "deflate, gzip;q=0.5", "br, gzip", "*"}) {
    SCOPED_TRACE(accept);
    auto result = http.Get("/metrics", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    // The exposition's buffer as is: httplib must not compress it again.
    EXPECT_EQ(result->body, gzipped_);
    EXPECT_EQ(Gunzip(result->body), kMetricsText);
  }
  auto refused = http.Get("/metrics", {{"Accept-Encoding", "gzip;q=0"}});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_header("Content-Encoding"));
  EXPECT_EQ(refused->body, kMetricsText);
}

TEST(AcceptsGzipTest, ParsesAcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("GZIP"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.1"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("gzipped"));
}

TEST_F(WebServerTest, ReadyTransitions) {
  auto server = StartServer(Options());
  server->SetDomains({DomainHandle{
      "acme", nullptr, nullptr, {StatisticType::kAgentState, StatisticType::kCampaignState}}});
  httplib::Client http("127.0.0.1", server->port());

  auto none = http.Get("/-/ready");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 503);
  EXPECT_THAT(none->body, HasSubstr("acme: no data yet"));

  auto snapshot = std::make_shared<DomainSnapshot>();
  snapshot->domain = "acme";
  snapshot->tables[StatisticType::kAgentState] =
      MakeTable(StatisticType::kAgentState, {"Username"}, {{"a"}});
  snapshot->tables[StatisticType::kCampaignState] =
      MakeTable(StatisticType::kCampaignState, {"Campaign Name"}, {}, /*ready=*/false);
  store_.Publish(snapshot);
  auto partial = http.Get("/-/ready");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->status, 503);
  EXPECT_THAT(partial->body, HasSubstr("acme/CampaignState"));
  EXPECT_THAT(partial->body, Not(HasSubstr("acme/AgentState")));

  auto loaded = std::make_shared<DomainSnapshot>(*snapshot);
  loaded->tables[StatisticType::kCampaignState].ready = true;
  store_.Publish(loaded);
  auto ready = http.Get("/-/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);

  // A second domain that has not loaded makes the whole exporter unready again.
  server->SetDomains(
      {DomainHandle{
           "acme", nullptr, nullptr, {StatisticType::kAgentState, StatisticType::kCampaignState}},
       DomainHandle{"beta", nullptr, nullptr, {}}});
  auto again = http.Get("/-/ready");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 503);
  EXPECT_THAT(again->body, HasSubstr("beta"));
}

TEST_F(WebServerTest, StatusPageShowsDomainsAndEscapesHtml) {
  auto server = StartServer(Options());
  server->SetDomains(
      {DomainHandle{"acme", nullptr, nullptr, {}}, DomainHandle{"idle", nullptr, nullptr, {}}});
  auto snapshot = std::make_shared<DomainSnapshot>();
  snapshot->domain = "acme";
  snapshot->up = true;
  snapshot->session_state = "polling";
  snapshot->tables[StatisticType::kAgentState] =
      MakeTable(StatisticType::kAgentState, {"Username"}, {{"<b>agent</b>"}, {"b"}});
  snapshot->tables[StatisticType::kAgentState].updated =
      clock_.WallNow() - std::chrono::seconds(42);
  snapshot->budget = {BudgetWindowState{"QueryStatistics", 60, 2, 1, 1, 1}};
  snapshot->recent_faults = {FaultRecord{clock_.WallNow(), "getStatistics", "ServerFault",
                                         "<script>alert('x')</script> & more"}};
  store_.Publish(snapshot);

  httplib::Client http("127.0.0.1", server->port());
  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(page->body, HasSubstr("polling"));
  EXPECT_THAT(page->body, HasSubstr("AgentState"));
  EXPECT_THAT(page->body, HasSubstr("<td>42s</td><td>2</td>"));
  EXPECT_THAT(page->body, HasSubstr("QueryStatistics"));
  EXPECT_THAT(page->body, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
  EXPECT_THAT(page->body, Not(HasSubstr("<script>")));
  EXPECT_THAT(page->body, HasSubstr("idle"));
  EXPECT_THAT(page->body, HasSubstr("No data yet"));
  EXPECT_THAT(page->body, HasSubstr("1.2.3"));
  EXPECT_THAT(page->body, HasSubstr("Nothing dropped"));
}

TEST_F(WebServerTest, StatusPageSaysWhatTheCardinalityGuardDrops) {
  WebServerDeps deps = Deps();
  deps.dropped_families = [] {
    return std::map<std::string, DroppedByType>{
        {"acme",
         {{StatisticType::kAgentStatistics, DroppedFamilies{.columns = 3, .series = 15000}},
          {StatisticType::kAcdStatus, DroppedFamilies{}}}}};
  };
  WebServer server(Options(), std::move(deps));
  ASSERT_TRUE(server.Start());
  server.SetDomains({DomainHandle{"acme", nullptr, nullptr, {}}});
  auto snapshot = std::make_shared<DomainSnapshot>();
  snapshot->domain = "acme";
  store_.Publish(snapshot);
  httplib::Client http("127.0.0.1", server.port());
  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_THAT(page->body, HasSubstr("<tr><td>AgentStatistics</td><td class=bad>3</td>"
                                    "<td class=bad>15000</td></tr>"));
  EXPECT_THAT(page->body, Not(HasSubstr("<tr><td>ACDStatus</td><td class=bad>")));
  EXPECT_THAT(page->body, Not(HasSubstr("Nothing dropped")));
}

// A handler that throws answers 500 with nothing of the exception in it, and is counted
// (five9_exporter_http_handler_exceptions_total{handler="http"}).
TEST_F(WebServerTest, AHandlerExceptionAnswers500AndIsCounted) {
  WebServerDeps deps = Deps();
  deps.metrics_body = [](bool) -> std::shared_ptr<const std::string> {
    throw std::runtime_error("secret detail");
  };
  std::vector<std::string> counted;
  std::mutex counted_mutex;
  deps.count_handler_exception = [&](std::string_view handler) {
    std::lock_guard lock(counted_mutex);
    counted.emplace_back(handler);
  };
  WebServer server(Options(), std::move(deps));
  ASSERT_TRUE(server.Start());
  httplib::Client http("127.0.0.1", server.port());
  auto result = http.Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_THAT(result->body, Not(HasSubstr("secret detail")));
  server.Stop();
  EXPECT_EQ(counted, std::vector<std::string>{"http"});
}

// The status page shows the scheduler's allocation: weight kind, share in percent and the
// estimated change rate per enabled type; with none enabled it says so.
TEST_F(WebServerTest, StatusPageShowsPollAllocation) {
  auto server = StartServer(Options());
  server->SetDomains(
      {DomainHandle{"acme", nullptr, nullptr, {}}, DomainHandle{"quiet", nullptr, nullptr, {}}});
  auto acme = std::make_shared<DomainSnapshot>();
  acme->domain = "acme";
  acme->poll_shares = {PollShare{StatisticType::kAgentState, true, 0.625, 1.5},
                       PollShare{StatisticType::kCampaignState, false, 0.375, 0.0125}};
  store_.Publish(acme);
  auto quiet = std::make_shared<DomainSnapshot>();
  quiet->domain = "quiet";
  store_.Publish(quiet);

  httplib::Client http("127.0.0.1", server->port());
  auto page = http.Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("<th>Share of polls</th>"));
  EXPECT_THAT(page->body,
              HasSubstr("<tr><td>AgentState</td><td>auto</td><td>62.5%</td><td>1.5</td></tr>"));
  EXPECT_THAT(page->body, HasSubstr("<tr><td>CampaignState</td><td>fixed</td><td>37.5%</td>"
                                    "<td>0.0125</td></tr>"));
  EXPECT_THAT(page->body, HasSubstr("No statistic type enabled."));
}

TEST(HtmlEscapeTest, EscapesEveryMetaCharacter) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_F(WebServerTest, ReloadNeedsSessionRoleWhenAdminIsOn) {
  auto server = StartServer(Options(/*admin=*/true));
  httplib::Client http("127.0.0.1", server->port());
  auto anonymous = http.Post("/-/reload");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto reader = http.Post("/-/reload", {{"Authorization", "Bearer reader-Secret-0123456789"}}, "",
                          "text/plain");
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->status, 403);
  EXPECT_EQ(reloads_, 0);

  const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kSessionSecret}};
  auto ok = http.Post("/-/reload", auth, "", "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(reloads_, 1);

  reload_error_ = Error{ErrorCode::kConfig, "config.yaml:3:5: unknown key \"listn\""};
  auto bad = http.Post("/-/reload", auth, "", "text/plain");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("config.yaml:3:5"));

  reload_error_ = Error{ErrorCode::kIo, "disk gone"};
  auto broken = http.Post("/-/reload", auth, "", "text/plain");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 500);

  auto get = http.Get("/-/reload");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 404);
}

TEST_F(WebServerTest, ReloadWithoutAdminIsLoopbackOnly) {
  auto server = StartServer(Options(/*admin=*/false));
  httplib::Client http("127.0.0.1", server->port());
  auto ok = http.Post("/-/reload");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(reloads_, 1);
  auto api = http.Get("/api/v1/domains/acme/campaigns");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);  // the admin API is off
}

// The admin-exposure rule lives in Validate alone (validate_test.cc: AdminExposureVerdict);
// the web server starts whatever validated options say, including admin.insecure on every
// interface and a loopback admin listener beside public metrics.
TEST_F(WebServerTest, AdminListenersFollowTheValidatedOptions) {
  WebServerOptions options = Options(/*admin=*/true);
  options.web.listen_address = ":0";
  options.admin.insecure = true;
  WebServer everywhere(options, Deps());
  ASSERT_TRUE(everywhere.Start());
  EXPECT_GT(everywhere.port(), 0);

  WebServerOptions split = Options(/*admin=*/true);
  split.web.listen_address = ":0";
  split.admin.listen_address = "127.0.0.1:0";
  WebServer separate(split, Deps());
  ASSERT_TRUE(separate.Start());
  EXPECT_GT(separate.admin_port(), 0);
}

TEST_F(WebServerTest, SeparateAdminListener) {
  WebServerOptions options = Options(/*admin=*/true);
  options.admin.listen_address = "127.0.0.1:0";
  auto server = StartServer(options);
  ASSERT_GT(server->admin_port(), 0);
  EXPECT_NE(server->admin_port(), server->port());
  const httplib::Headers auth = {{"Authorization", "Bearer reader-Secret-0123456789"}};
  httplib::Client main_http("127.0.0.1", server->port());
  auto on_main = main_http.Get("/api/v1/domains/acme/campaigns", auth);
  ASSERT_TRUE(on_main);
  EXPECT_EQ(on_main->status, 404);
  httplib::Client admin_http("127.0.0.1", server->admin_port());
  auto on_admin = admin_http.Get("/api/v1/domains/acme/campaigns", auth);
  ASSERT_TRUE(on_admin);
  EXPECT_EQ(on_admin->status, 404);
  EXPECT_THAT(on_admin->body, HasSubstr("domain_not_found"));  // reached the admin API
}

TEST_F(WebServerTest, BindErrorsAreResults) {
  auto first = StartServer(Options());
  WebServerOptions options = Options();
  options.web.listen_address = "127.0.0.1:" + std::to_string(first->port());
  WebServer second(options, Deps());
  auto result = second.Start();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kIo);

  options.web.listen_address = "nonsense";
  WebServer bad(options, Deps());
  EXPECT_FALSE(bad.Start());
}

TEST_F(WebServerTest, StopIsPromptAndIdempotent) {
  auto server = StartServer(Options());
  const int port = server->port();
  server->Stop();
  server->Stop();
  httplib::Client http("127.0.0.1", port);
  http.set_connection_timeout(std::chrono::seconds(1));
  EXPECT_FALSE(http.Get("/-/healthy"));
}

TEST_F(WebServerTest, HttpsWhenTlsIsSet) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("five9-web-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key +
      " -out " + cert + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "openssl CLI not available";

  WebServerOptions options = Options(/*admin=*/true);
  options.web.tls = TlsConfig{cert, key};
  auto server = StartServer(options);
  httplib::SSLClient https("127.0.0.1", server->port());
  https.enable_server_certificate_verification(false);
  auto healthy = https.Get("/-/healthy");
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->status, 200);
  httplib::Client plain("127.0.0.1", server->port());
  plain.set_read_timeout(std::chrono::seconds(2));
  auto refused = plain.Get("/-/healthy");
  EXPECT_TRUE(!refused || refused->status != 200);

  WebServerOptions broken = Options();
  broken.web.tls = TlsConfig{(dir / "missing.pem").string(), key};
  WebServer bad(broken, Deps());
  auto result = bad.Start();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConfig);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace five9exp
