#include "exporter/web/web_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>

#include "exporter/common/log.h"
#include "exporter/config/listen_address.h"
#include "exporter/web/api_error.h"
#include "exporter/web/health.h"
#include "exporter/web/status_page.h"
#include "exporter/web/web_security.h"

namespace five9exp {
namespace {

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kTextContentType = "text/plain; charset=utf-8";
// Every path parameter may hold any byte once decoded ('\n' included), so match
// anything: [\s\S] where '.' would stop at a newline.
constexpr const char* kAdminPattern = R"(/api/[\s\S]*)";

HttpRequest Convert(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  const std::string_view target = req.target;
  out.raw_path = std::string(target.substr(0, target.find('?')));
  for (const auto& [key, value] : req.params) out.query.emplace_back(key, value);
  for (const auto& [key, value] : req.headers) out.headers.emplace_back(key, value);
  out.body = req.body;
  out.remote_addr = req.remote_addr;
  return out;
}

void Write(const HttpResponse& in, httplib::Response& res) {
  res.status = in.status;
  for (const auto& [key, value] : in.headers) res.set_header(key, value);
  res.set_content(in.body, in.content_type);
}

void WriteText(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text, kTextContentType);
}

// The host to bind: every interface when the address names none.
std::string BindHost(const ListenAddress& address) {
  return address.host.empty() ? "0.0.0.0" : address.host;
}

bool IsApiPath(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

// Starts `server`'s accept loop on a thread and waits until it runs, so that a Stop()
// right after cannot miss it (httplib's stop() is a no-op before the loop starts).
std::jthread RunServer(httplib::Server* server) {
  std::jthread thread([server] { server->listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return thread;
}

}  // namespace

struct WebServer::Impl {
  WebServerOptions options;
  WebServerDeps deps;
  std::unique_ptr<AdminApi> admin_api;    // set when the admin API is enabled
  std::unique_ptr<WebSecurity> security;  // TLS, basic auth, headers (web_security.h)

  // Owned by Start/Stop (called from one thread).
  std::unique_ptr<httplib::Server> main_server;
  std::unique_ptr<httplib::Server> admin_server;  // only with a separate admin address
  std::vector<std::jthread> threads;
  std::atomic<int> port{0};
  std::atomic<int> admin_port{0};

  std::atomic<int> admin_in_flight{0};
  std::mutex reload_mutex;  // one reload at a time

  mutable std::mutex mutex;
  // State below is protected by mutex.
  std::vector<DomainHandle> domains;

  std::vector<DomainHandle> Domains() const {
    std::lock_guard lock(mutex);
    return domains;
  }

  Result<std::unique_ptr<httplib::Server>> MakeServer() {
    std::unique_ptr<httplib::Server> server;
    if (security->tls()) {
      // The certificate comes from WebSecurity at every handshake (rotation, no restart).
      auto tls = std::make_unique<httplib::SSLServer>(
          [this](SSL_CTX& ctx) { return security->InstallOn(&ctx); });
      if (!tls->is_valid()) return MakeError(ErrorCode::kConfig, "TLS: cannot set up OpenSSL");
      server = std::move(tls);
    } else {
      server = std::make_unique<httplib::Server>();
    }
    InstallWebSecurity(*server);
    const int workers = std::max(2, options.worker_threads);
    server->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    server->set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which would let a second exporter bind
    // the same port and silently steal half the scrapes. SO_REUSEADDR alone still allows
    // a quick restart.
    server->set_socket_options([](int sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server->set_payload_max_length(options.admin.max_body_bytes);
    server->set_read_timeout(std::chrono::seconds(10));
    server->set_write_timeout(std::chrono::seconds(10));
    server->set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          return HandleError(req, res);
        }));
    server->set_exception_handler(
        [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
          // Should not happen: handlers catch what they call. Never leak the what().
          LogWarn("http handler threw", {{"path", req.path}});
          if (deps.count_handler_exception) deps.count_handler_exception("http");
          Write(ToHttpResponse(MakeApiError(500, "internal", "internal error")), res);
        });
    return server;
  }

  // --- web config file (web_security.h): basic auth before routing, headers after. ---
  void InstallWebSecurity(httplib::Server& server) {
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // The admin API (and /-/reload when it is on) authenticate by Bearer token alone.
      const bool bearer_route = IsApiPath(req) || (admin_api && req.path == "/-/reload");
      if (security->Admit(bearer_route, req.get_header_value("Authorization"))) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      res.set_header("WWW-Authenticate", WebSecurity::kBasicChallenge);
      WriteText(res, 401, "Unauthorized\n");
      return httplib::Server::HandlerResponse::Handled;
    });
    server.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      for (const auto& [name, value] : security->Headers()) res.set_header(name, value);
    });
  }
  // --- end web config file ---

  // Fills the body of errors httplib produced itself (404 no route, 413 too large,
  // 400 bad request line...). Answers we wrote already have a body.
  httplib::Server::HandlerResponse HandleError(const httplib::Request& req,
                                               httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string code = "http_" + std::to_string(res.status);
    std::string message = "request failed";
    if (res.status == 404) {
      code = "not_found";
      message = "no such route";
    } else if (res.status == 413) {
      code = "payload_too_large";
      message = "the body exceeds " + std::to_string(options.admin.max_body_bytes) + " bytes";
    } else if (res.status == 405) {
      code = "method_not_allowed";
      message = "method not allowed";
    }
    if (IsApiPath(req)) {
      HttpResponse response = ToHttpResponse(MakeApiError(res.status, code, message));
      Write(response, res);
      if (admin_api) {
        const HttpRequest request = Convert(req);
        admin_api->Audit(request, "", "unknown", request.raw_path, "", "", response, "");
      }
    } else {
      WriteText(res, res.status, message + "\n");
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  void RegisterMain(httplib::Server& server) {
    server.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
      if (!deps.metrics_body) {
        WriteText(res, 503, "metrics are not available\n");
        return;
      }
      const bool gzip = AcceptsGzip(req.get_header_value("Accept-Encoding"));
      std::shared_ptr<const std::string> body = deps.metrics_body(gzip);
      if (!body) {
        WriteText(res, 503, "metrics are not available\n");
        return;
      }
      res.status = 200;
      res.set_header("Vary", "Accept-Encoding");
      if (gzip) res.set_header("Content-Encoding", "gzip");
      if (body->empty()) {
        res.set_content("", kMetricsContentType);
        return;
      }
      // A content provider with a length: httplib then sends the cached buffer as is
      // (no copy, and no second compression of an already gzipped body).
      res.set_content_provider(body->size(), kMetricsContentType,
                               [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                 sink.write(body->data() + offset, length);
                                 return true;
                               });
    });
    server.Get("/-/healthy",
               [](const httplib::Request&, httplib::Response& res) { WriteText(res, 200, "OK"); });
    server.Get("/-/ready", [this](const httplib::Request&, httplib::Response& res) {
      const Readiness readiness = CheckReadiness(*deps.store, Domains());
      if (readiness.ready) {
        WriteText(res, 200, "OK");
        return;
      }
      std::string text = "not ready:";
      for (const std::string& item : readiness.missing) text += " " + item + ",";
      text.back() = '\n';
      WriteText(res, 503, text);
    });
    server.Post("/-/reload", [this](const httplib::Request& req, httplib::Response& res) {
      HandleReload(req, res);
    });
    server.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      std::vector<std::string> names;
      for (const DomainHandle& domain : Domains()) names.push_back(domain.name);
      res.status = 200;
      res.set_content(
          RenderStatusPage(names, deps.store->GetAll(), deps.clock->WallNow(), options.version,
                           deps.leadership ? deps.leadership() : std::vector<LeadershipView>{},
                           deps.dropped_families ? deps.dropped_families()
                                                 : std::map<std::string, DroppedByType>{}),
          "text/html; charset=utf-8");
    });
    server.Get(R"(/-/state/([A-Za-z0-9._-]+))", [this](const httplib::Request& req,
                                                       httplib::Response& res) {
      Write(ServePeerState(Convert(req), req.matches[1].str(), options.peer_token, deps.peer_state),
            res);
    });
  }

  void HandleReload(const httplib::Request& req, httplib::Response& res) {
    const HttpRequest request = Convert(req);
    std::string who = "-";
    if (admin_api) {
      // Reloading re-reads secrets and may change sessions: an operator action, so the
      // role that already governs the Five9 session.
      Principal principal;
      if (auto denied = admin_api->Authorize(request, kRoleSession, "reload", &principal)) {
        Write(*denied, res);
        return;
      }
      who = principal.name;
    } else if (!IsLoopbackHost(req.remote_addr)) {
      // Without tokens nobody can be authenticated; only local operators may reload.
      HttpResponse response = ToHttpResponse(MakeApiError(
          403, "forbidden", "without the admin API, /-/reload is accepted from loopback only"));
      LogInfo("reload refused", {{"remote", req.remote_addr}});
      Write(response, res);
      return;
    }
    HttpResponse response;
    std::string fault;
    if (!deps.reload) {
      response = ToHttpResponse(MakeApiError(503, "unavailable", "reload is not wired"));
    } else {
      std::lock_guard lock(reload_mutex);
      Result<void> result = deps.reload();
      if (result) {
        response.status = 200;
        response.content_type = kTextContentType;
        response.body = "OK";
      } else {
        const bool bad_config = result.error().code == ErrorCode::kConfig ||
                                result.error().code == ErrorCode::kInvalidArgument;
        fault = result.error().Label();
        response =
            ToHttpResponse(MakeApiError(bad_config ? 400 : 500, fault, result.error().message));
      }
    }
    if (admin_api) {
      admin_api->Audit(request, who, "reload", "/-/reload", "", "", response, fault);
    } else {
      LogInfo("reload", {{"status", std::to_string(response.status)}, {"remote", req.remote_addr}});
    }
    Write(response, res);
  }

  void RegisterAdmin(httplib::Server& server) {
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      const HttpRequest request = Convert(req);
      if (admin_in_flight.fetch_add(1) >= options.max_admin_in_flight) {
        admin_in_flight.fetch_sub(1);
        HttpResponse busy = ToHttpResponse(
            MakeApiError(503, "busy", "too many admin requests in flight; retry shortly"));
        busy.headers.emplace_back("Retry-After", "1");
        admin_api->Audit(request, "", "unknown", request.raw_path, "", "", busy, "");
        Write(busy, res);
        return;
      }
      // Released on every exit path, so a throwing handler cannot shrink the cap for good.
      struct Release {
        std::atomic<int>& count;
        ~Release() { count.fetch_sub(1); }
      } release{admin_in_flight};
      Write(admin_api->Handle(request), res);
    };
    server.Get(kAdminPattern, handler);
    server.Post(kAdminPattern, handler);
    server.Put(kAdminPattern, handler);
    server.Delete(kAdminPattern, handler);
    server.Patch(kAdminPattern, handler);
  }
};

WebServer::WebServer(WebServerOptions options, WebServerDeps deps)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->deps = std::move(deps);
  if (impl_->options.admin.enabled) {
    AdminApiOptions admin_options{impl_->options.admin, impl_->options.admin_queue_timeout,
                                  impl_->deps.count_admin_auth_failure,
                                  impl_->deps.count_handler_exception};
    impl_->admin_api =
        std::make_unique<AdminApi>(std::move(admin_options), *impl_->deps.store, *impl_->deps.clock,
                                   impl_->deps.count_admin_request);
  }
}

WebServer::~WebServer() { Stop(); }

Result<void> WebServer::Start() {
  Impl& impl = *impl_;
  if (impl.main_server) return MakeError(ErrorCode::kInternal, "web server already started");
  if (impl.deps.store == nullptr || impl.deps.clock == nullptr) {
    return MakeError(ErrorCode::kInternal, "web server needs a snapshot store and a clock");
  }
  impl.security = std::make_unique<WebSecurity>(impl.options.web, *impl.deps.clock,
                                                impl.deps.count_web_config_reload);
  if (auto loaded = impl.security->Init(); !loaded) return tl::unexpected(loaded.error());
  auto main_address = ParseListenAddress(impl.options.web.listen_address);
  if (!main_address) return tl::unexpected(main_address.error());
  const bool admin_on = impl.options.admin.enabled;
  const bool separate_admin = admin_on && !impl.options.admin.listen_address.empty();
  ListenAddress admin_address = *main_address;
  if (separate_admin) {
    auto parsed = ParseListenAddress(impl.options.admin.listen_address);
    if (!parsed) return tl::unexpected(parsed.error());
    admin_address = *parsed;
  }
  // Whether the admin API may listen here was judged once, by Validate (the runtime starts
  // no server from a Config it refused, and warns about admin.insecure from its verdict).

  auto main_server = impl.MakeServer();
  if (!main_server) return tl::unexpected(main_server.error());
  std::unique_ptr<httplib::Server> admin_server;
  if (separate_admin) {
    auto made = impl.MakeServer();
    if (!made) return tl::unexpected(made.error());
    admin_server = std::move(*made);
  }
  impl.RegisterMain(**main_server);
  if (admin_on) impl.RegisterAdmin(separate_admin ? *admin_server : **main_server);

  const auto bind = [](httplib::Server& server, const ListenAddress& address,
                       const std::string& text) -> Result<int> {
    if (address.port == 0) {
      const int port = server.bind_to_any_port(BindHost(address));
      if (port <= 0) return MakeError(ErrorCode::kIo, "cannot listen on \"" + text + "\"");
      return port;
    }
    if (!server.bind_to_port(BindHost(address), address.port)) {
      return MakeError(ErrorCode::kIo,
                       "cannot listen on \"" + text + "\" (in use or not permitted)");
    }
    return address.port;
  };
  auto port = bind(**main_server, *main_address, impl.options.web.listen_address);
  if (!port) return tl::unexpected(port.error());
  int admin_port = admin_on ? *port : 0;
  if (separate_admin) {
    auto bound = bind(*admin_server, admin_address, impl.options.admin.listen_address);
    if (!bound) {
      // Release the first socket: run its loop briefly and stop it (httplib closes the
      // listening socket only from stop() on a running server).
      std::jthread thread = RunServer(main_server->get());
      (*main_server)->stop();
      return tl::unexpected(bound.error());
    }
    admin_port = *bound;
  }

  impl.main_server = std::move(*main_server);
  impl.admin_server = std::move(admin_server);
  impl.port = *port;
  impl.admin_port = admin_port;
  impl.threads.push_back(RunServer(impl.main_server.get()));
  if (impl.admin_server) impl.threads.push_back(RunServer(impl.admin_server.get()));
  LogInfo("listening", {{"address", impl.options.web.listen_address},
                        {"port", std::to_string(*port)},
                        {"tls", impl.security->tls() ? "true" : "false"},
                        {"admin_api", admin_on ? "true" : "false"},
                        {"admin_port", std::to_string(admin_port)}});
  return {};
}

void WebServer::Stop() {
  Impl& impl = *impl_;
  if (impl.main_server) impl.main_server->stop();
  if (impl.admin_server) impl.admin_server->stop();
  impl.threads.clear();  // joins
  impl.main_server.reset();
  impl.admin_server.reset();
  impl.port = 0;
  impl.admin_port = 0;
}

int WebServer::port() const { return impl_->port; }
int WebServer::admin_port() const { return impl_->admin_port; }

void WebServer::SetDomains(std::vector<DomainHandle> domains) {
  if (impl_->admin_api) impl_->admin_api->SetDomains(domains);
  std::lock_guard lock(impl_->mutex);
  impl_->domains = std::move(domains);
}

void WebServer::SetAdminConfig(const AdminConfig& admin) {
  if (impl_->admin_api) impl_->admin_api->SetAdminConfig(admin);
}

void WebServer::ReopenAuditLog() {
  if (impl_->admin_api) impl_->admin_api->ReopenAuditLog();
}

}  // namespace five9exp
