#include "exporter/five9/http_transport.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "exporter/five9/client.h"
#include "exporter/five9/fault.h"
#include "exporter/testing/canned_http_server.h"
#include "exporter/testing/codecs.h"
#include "exporter/testing/wait.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr char kPassword[] = "s3cr3t-Pa55word";

// Options every test starts from: Five9 credentials, a connect timeout that bounds a test.
HttpTransportOptions OptionsFor(const std::string& endpoint) {
  HttpTransportOptions options;
  options.endpoint = endpoint;
  options.username = "api@acme.example";
  options.password = kPassword;
  options.connect_timeout = milliseconds(2000);
  return options;
}

std::unique_ptr<HttpTransport> Create(const HttpTransportOptions& options) {
  auto transport = HttpTransport::Create(options);
  EXPECT_TRUE(transport) << transport.error().ToString();
  return transport ? std::move(*transport) : nullptr;
}

// An in-test Five9 stand-in on an ephemeral loopback port. Handlers that must
// hang wait on `release_` (with a deadline) so teardown never blocks.
class HttpTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.set_tcp_nodelay(true);
    server_.Post("/ws", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        last_headers_ = req.headers;
        last_body_ = req.body;
        remote_ports_.push_back(req.remote_port);
      }
      res.set_content("<ok/>", "text/xml; charset=utf-8");
    });
    server_.Post("/fault", [](const httplib::Request&, httplib::Response& res) {
      res.status = 500;
      res.set_content("<fault/>", "text/xml");
    });
    server_.Post("/soap", [](const httplib::Request& req, httplib::Response& res) {
      // A real fault for closeSession, a real answer for everything else.
      if (req.body.find("<ser:closeSession>") != std::string::npos) {
        res.status = 500;
        res.set_content(
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>gone"
            "</faultstring><detail><ns2:SessionClosedFault "
            "xmlns:ns2=\"http://service.supervisor.ws.five9.com/\"><message>gone</message>"
            "</ns2:SessionClosedFault></detail></soap:Fault></soap:Body></soap:Envelope>",
            "text/xml");
        return;
      }
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip("<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                           "<env:Body><ns2:createChatSessionResponse "
                           "xmlns:ns2=\"http://service.supervisor.ws.five9.com/\"><return>chat-7"
                           "</return></ns2:createChatSessionResponse></env:Body></env:Envelope>"),
                      "application/soap+xml");
    });
    server_.Post("/gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip("<gzipped>hello</gzipped>"), "application/soap+xml");
    });
    server_.Post("/bomb", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(Gzip(std::string(8 * 1024 * 1024, 'a')), "application/soap+xml");
    });
    server_.Post("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(3 * 1024 * 1024, 'x'), "application/soap+xml");
    });
    server_.Post("/hang", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mutex_);
      ++hanging_;
      entered_.notify_all();
      release_cv_.wait_for(lock, std::chrono::seconds(20), [this] { return released_; });
      res.set_content("<late/>", "text/xml");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    ASSERT_TRUE(WaitUntil([this] { return server_.is_running(); }, std::chrono::seconds(5)));
  }

  void TearDown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      released_ = true;
    }
    release_cv_.notify_all();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::unique_ptr<HttpTransport> Make(const std::string& path, size_t cap = 1024 * 1024) {
    HttpTransportOptions options = OptionsFor("http://127.0.0.1:" + std::to_string(port_) + path);
    options.max_response_bytes = cap;
    return Create(options);
  }

  static void ExpectNoSecret(const Error& error) {
    EXPECT_EQ(error.message.find(kPassword), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find("Basic "), std::string::npos) << error.message;
  }

  // One post to `endpoint`, which must fail without naming a secret: its error.
  static Error FailedPost(const std::string& endpoint) {
    auto transport = Create(OptionsFor(endpoint));
    if (!transport) return Error{ErrorCode::kInternal, "not created"};
    auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(2000)}, {});
    EXPECT_FALSE(r) << endpoint << " answered";
    if (r) return Error{ErrorCode::kInternal, "answered"};
    ExpectNoSecret(r.error());
    return r.error();
  }

  bool WaitForHanging(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return entered_.wait_for(lock, std::chrono::seconds(5), [&] { return hanging_ >= count; });
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable entered_;
  std::condition_variable release_cv_;
  // State below is protected by mutex_.
  bool released_ = false;
  int hanging_ = 0;
  httplib::Headers last_headers_;
  std::string last_body_;
  std::vector<int> remote_ports_;
};

TEST_F(HttpTransportTest, SendsBasicAuthSoapHeadersAndBodyAndReusesTheConnection) {
  auto transport = Make("/ws");
  auto first = transport->Post(SoapHttpRequest{"<envelope>1</envelope>", milliseconds(5000)}, {});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "<ok/>");
  EXPECT_EQ(first->content_type, "text/xml; charset=utf-8");
  auto second = transport->Post(SoapHttpRequest{"<envelope>2</envelope>", milliseconds(5000)}, {});
  ASSERT_TRUE(second);
  std::lock_guard<std::mutex> lock(mutex_);
  EXPECT_EQ(last_body_, "<envelope>2</envelope>");
  auto header = [&](const std::string& name) {
    auto it = last_headers_.find(name);
    return it == last_headers_.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(header("Authorization"),
            "Basic " + Base64(std::string("api@acme.example:") + kPassword));
  EXPECT_EQ(header("Content-Type"), "text/xml; charset=UTF-8");
  EXPECT_EQ(header("SOAPAction"), "\"\"");
  EXPECT_NE(header("Accept-Encoding").find("gzip"), std::string::npos);
  ASSERT_EQ(remote_ports_.size(), 2u);
  EXPECT_EQ(remote_ports_[0], remote_ports_[1]) << "keep-alive connection not reused";
}

TEST_F(HttpTransportTest, NonSuccessStatusIsReturnedForTheParser) {
  auto r = Make("/fault")->Post(SoapHttpRequest{"<e/>", milliseconds(5000)}, {});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "<fault/>");
}

TEST_F(HttpTransportTest, GzipResponseIsDecompressed) {
  auto r = Make("/gzip")->Post(SoapHttpRequest{"<e/>", milliseconds(5000)}, {});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->body, "<gzipped>hello</gzipped>");
}

TEST_F(HttpTransportTest, BodyCapAppliesToPlainAndDecompressedBodies) {
  for (const char* path : {"/big", "/bomb"}) {
    auto transport = Make(path, 1024 * 1024);
    auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(5000)}, {});
    ASSERT_FALSE(r) << path;
    EXPECT_EQ(r.error().code, ErrorCode::kBodyTooLarge) << r.error().ToString();
    ExpectNoSecret(r.error());
  }
  // A fresh call on the same transport works after a cap hit.
  auto transport = Make("/big", 4 * 1024 * 1024);
  auto ok = transport->Post(SoapHttpRequest{"<e/>", milliseconds(5000)}, {});
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->body.size(), 3u * 1024 * 1024);
}

TEST_F(HttpTransportTest, ReadTimeoutIsATimeout) {
  auto transport = Make("/hang");
  const auto start = steady_clock::now();
  auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(300)}, {});
  const auto took = steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout) << r.error().ToString();
  EXPECT_LT(took, std::chrono::seconds(5));
  ExpectNoSecret(r.error());
}

TEST_F(HttpTransportTest, StopTokenCancelsALongPollPromptly) {
  auto transport = Make("/hang");
  std::stop_source stop;
  Result<SoapHttpResponse> result = MakeError(ErrorCode::kInternal, "not run");
  steady_clock::time_point stopped_at;
  std::thread caller([&] {
    result = transport->Post(SoapHttpRequest{"<e/>", milliseconds(30000)}, stop.get_token());
  });
  ASSERT_TRUE(WaitForHanging(1));
  stopped_at = steady_clock::now();
  stop.request_stop();
  caller.join();
  const auto took = steady_clock::now() - stopped_at;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled) << result.error().ToString();
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST_F(HttpTransportTest, AlreadyStoppedTokenDoesNotSend) {
  std::stop_source stop;
  stop.request_stop();
  auto r = Make("/ws")->Post(SoapHttpRequest{"<e/>", milliseconds(5000)}, stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  std::lock_guard<std::mutex> lock(mutex_);
  EXPECT_TRUE(remote_ports_.empty());
}

TEST_F(HttpTransportTest, ConnectionRefusedIsATransportError) {
  // A port that was just free: bound (never listened on) and closed again.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  const int port = BindLoopback(fd, /*listen=*/false);
  ::close(fd);
  const Error error = FailedPost("http://127.0.0.1:" + std::to_string(port) + "/ws");
  EXPECT_EQ(error.code, ErrorCode::kTransport) << error.ToString();
}

TEST_F(HttpTransportTest, TlsHandshakeWithAPlainServerIsATlsError) {
  const Error error = FailedPost("https://127.0.0.1:" + std::to_string(port_) + "/ws");
  EXPECT_EQ(error.code, ErrorCode::kTls) << error.ToString();
}

TEST_F(HttpTransportTest, ClientOverHttpParsesAnswersAndFaults) {
  SupervisorClient client(Make("/soap"), ClientOptions{});
  auto chat = client.CreateChatSession();
  ASSERT_TRUE(chat) << chat.error().ToString();
  EXPECT_EQ(*chat, "chat-7");
  auto closed = client.CloseSession();
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::kFault);
  EXPECT_EQ(closed.error().http_status, 500);
  EXPECT_EQ(FaultTypeOf(closed.error()), FaultType::kSessionClosed);
  EXPECT_EQ(ActionFor(closed.error()), FaultAction::kNewSession);
}

TEST(HttpTransportOptionsTest, BadEndpointsAreRejectedWithoutEchoingSecrets) {
  for (const std::string& endpoint :
       std::vector<std::string>{"ftp://host/x", "host/x", "https:///x", "http://host:99999/x",
                                std::string("https://user:") + kPassword + "@host/x"}) {
    HttpTransportOptions options;
    options.endpoint = endpoint;
    options.password = kPassword;
    auto r = HttpTransport::Create(options);
    ASSERT_FALSE(r) << endpoint;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.find(kPassword), std::string::npos);
  }
  HttpTransportOptions ok;
  ok.endpoint = "https://api.five9.com/wssupervisor/v4/SupervisorWebService";
  EXPECT_TRUE(HttpTransport::Create(ok));
}

}  // namespace
}  // namespace five9exp

namespace five9exp {
namespace {

// What a stand-in proxy refusing everything with `status` answers (CannedHttpServer).
std::string ProxyRefusal(int status) {
  return "HTTP/1.1 " + std::to_string(status) +
         " Refused\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
         "Content-Length: 0\r\nConnection: close\r\n\r\n";
}

std::unique_ptr<HttpTransport> ThroughProxy(int proxy_port, bool with_credentials) {
  // Never resolved: the proxy refuses.
  HttpTransportOptions options = OptionsFor("https://api.five9.example:443/ws");
  options.proxy = ProxyServer{.host = "127.0.0.1", .port = proxy_port};
  if (with_credentials) {
    options.proxy->username = "egress";
    options.proxy->password = "pr0xy-Pa55";
  }
  return Create(options);
}

TEST(HttpTransportProxyTest, RefusedConnectWith407IsAClearErrorAndNeverReusesTheSocket) {
  CannedHttpServer proxy(ProxyRefusal(407));
  auto transport = ThroughProxy(proxy.port(), /*with_credentials=*/true);
  for (int attempt = 0; attempt < 2; ++attempt) {  // the second must not talk into the first
    auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(2000)}, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kHttpStatus);
    EXPECT_EQ(r.error().http_status, 407);
    EXPECT_NE(r.error().message.find("proxy http://127.0.0.1:" + std::to_string(proxy.port()) +
                                     " answered 407"),
              std::string::npos)
        << r.error().message;
    EXPECT_EQ(r.error().message.find("pr0xy-Pa55"), std::string::npos);
    EXPECT_EQ(ActionFor(r.error()), FaultAction::kBackOffLong);
  }
  const std::vector<std::string> seen = proxy.requests();
  ASSERT_EQ(seen.size(), 2u);
  for (const std::string& request : seen) {
    EXPECT_TRUE(request.starts_with("CONNECT api.five9.example:443 HTTP/1.1\r\n")) << request;
    EXPECT_NE(request.find("Proxy-Authorization: Basic " + Base64("egress:pr0xy-Pa55")),
              std::string::npos)
        << request;
    // Five9's credentials stay inside the tunnel.
    EXPECT_EQ(request.find("\r\nAuthorization:"), std::string::npos) << request;
  }
}

TEST(HttpTransportProxyTest, ConnectRefusedWith502NamesTheProxyAndBacksOff) {
  CannedHttpServer proxy(ProxyRefusal(502));
  auto transport = ThroughProxy(proxy.port(), /*with_credentials=*/false);
  auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(2000)}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kHttpStatus) << r.error().ToString();
  EXPECT_EQ(r.error().http_status, 502);
  EXPECT_NE(r.error().message.find("answered 502 to CONNECT api.five9.example:443"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(ActionFor(r.error()), FaultAction::kRetryWithBackoff);
}

// httplib 0.11 would block forever on its own mutex for this answer; the transport refuses
// it with a clear error instead.
TEST(HttpTransportProxyTest, ATunnelGrantedWithConnectionCloseIsAnErrorNotAHang) {
  CannedHttpServer proxy(ProxyRefusal(200));
  auto transport = ThroughProxy(proxy.port(), /*with_credentials=*/false);
  auto r = transport->Post(SoapHttpRequest{"<e/>", milliseconds(2000)}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTransport) << r.error().ToString();
  EXPECT_NE(r.error().message.find("cannot tunnel through"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(proxy.requests().size(), 1u);  // httplib never sent its own CONNECT
}

}  // namespace
}  // namespace five9exp
