#include "exporter/web/web_server.h"

#include <httplib.h>

#include <atomic>
#include <cstdint>

#include "exporter/common/log.h"
#include "exporter/config/listen_address.h"
#include "exporter/web/api_error.h"
#include "exporter/web/connection_server.h"
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

// One listener: httplib's routes and the connection front end that feeds them.
struct Listener {
  std::unique_ptr<HttpProcessor> http;
  std::unique_ptr<ConnectionServer> connections;
};

}  // namespace

struct WebServer::Impl {
  WebServerOptions options;
  WebServerDeps deps;
  std::unique_ptr<AdminApi> admin_api;    // set when the admin API is enabled
  std::unique_ptr<WebSecurity> security;  // TLS, basic auth, headers (web_security.h)

  // Owned by Start/Stop (called from one thread).
  std::optional<Listener> main_listener;
  std::optional<Listener> admin_listener;  // only with a separate admin address
  std::atomic<int> port{0};
  std::atomic<int> admin_port{0};

  std::atomic<int> admin_in_flight{0};
  std::mutex reload_mutex;  // one reload at a time

  mutable std::mutex mutex;
  // State below is protected by mutex.
  std::vector<DomainHandle> domains;

  std::mutex counts_mutex;  // one sum of the listeners' counts reported at a time

  std::vector<DomainHandle> Domains() const {
    std::lock_guard lock(mutex);
    return domains;
  }

  Listener MakeListener() {
    Listener listener;
    listener.http = std::make_unique<HttpProcessor>();
    httplib::Server* server = listener.http.get();
    InstallWebSecurity(*server);
    server->set_payload_max_length(options.admin.max_body_bytes);
    // Only advertised in the Keep-Alive header; ConnectionGuard enforces idle_timeout.
    server->set_keep_alive_timeout(std::max<time_t>(
        1, std::chrono::duration_cast<std::chrono::seconds>(options.web.idle_timeout).count()));
    server->set_keep_alive_max_count(1000);
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
    ConnectionServerOptions connection_options;
    connection_options.limits = {
        options.web.read_header_timeout, options.web.idle_timeout,
        static_cast<size_t>(std::max(1, options.web.max_connections_per_address)),
        static_cast<size_t>(std::max(1, options.web.max_connections))};
    connection_options.worker_threads = std::max(2, options.worker_threads);
    connection_options.max_body_bytes = options.admin.max_body_bytes;
    if (security->tls()) {
      // The certificate comes from WebSecurity at every handshake (rotation, no restart).
      connection_options.tls_setup = [this](SSL_CTX& ctx) { return security->InstallOn(&ctx); };
    }
    ConnectionObserver observer;
    observer.dropped = [this](DropReason reason) {
      if (deps.count_http_connection_dropped) {
        deps.count_http_connection_dropped(DropReasonName(reason));
      }
    };
    observer.counts_changed = [this] { ReportConnectionCounts(); };
    listener.connections = std::make_unique<ConnectionServer>(
        *listener.http, std::move(connection_options), std::move(observer));
    return listener;
  }

  // five9_exporter_http_connections{state}: the listeners together.
  void ReportConnectionCounts() {
    if (!deps.set_http_connections) return;
    std::lock_guard lock(counts_mutex);
    ConnectionCounts sum;
    for (const std::optional<Listener>* listener : {&main_listener, &admin_listener}) {
      if (!*listener) continue;
      const ConnectionCounts counts = (*listener)->connections->Counts();
      sum.open += counts.open;
      sum.reading += counts.reading;
      sum.active += counts.active;
      sum.idle += counts.idle;
    }
    deps.set_http_connections("open", sum.open);
    deps.set_http_connections("reading", sum.reading);
    deps.set_http_connections("active", sum.active);
    deps.set_http_connections("idle", sum.idle);
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
  if (impl.main_listener) return MakeError(ErrorCode::kInternal, "web server already started");
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

  Listener main_listener = impl.MakeListener();
  std::optional<Listener> admin_listener;
  if (separate_admin) admin_listener = impl.MakeListener();
  impl.RegisterMain(*main_listener.http);
  if (admin_on) impl.RegisterAdmin(separate_admin ? *admin_listener->http : *main_listener.http);

  const auto listen = [](Listener& listener, const ListenAddress& address,
                         const std::string& text) -> Result<int> {
    auto port = listener.connections->Listen(BindHost(address), address.port);
    if (!port && port.error().code == ErrorCode::kIo) {
      return MakeError(ErrorCode::kIo,
                       "cannot listen on \"" + text + "\" (in use or not permitted)");
    }
    return port;
  };
  // On error the listeners' destructors release what was bound.
  auto port = listen(main_listener, *main_address, impl.options.web.listen_address);
  if (!port) return tl::unexpected(port.error());
  int admin_port = admin_on ? *port : 0;
  if (separate_admin) {
    auto bound = listen(*admin_listener, admin_address, impl.options.admin.listen_address);
    if (!bound) return tl::unexpected(bound.error());
    admin_port = *bound;
  }

  // Both are in place before either loop runs: the loops read them to sum their counts.
  impl.main_listener = std::move(main_listener);
  impl.admin_listener = std::move(admin_listener);
  impl.port = *port;
  impl.admin_port = admin_port;
  impl.main_listener->connections->Start();
  if (impl.admin_listener) impl.admin_listener->connections->Start();
  LogInfo("listening", {{"address", impl.options.web.listen_address},
                        {"port", std::to_string(*port)},
                        {"tls", impl.security->tls() ? "true" : "false"},
                        {"admin_api", admin_on ? "true" : "false"},
                        {"admin_port", std::to_string(admin_port)}});
  return {};
}

void WebServer::Stop() {
  Impl& impl = *impl_;
  // Joins every loop and worker before either listener goes away (they read both).
  for (std::optional<Listener>* listener : {&impl.main_listener, &impl.admin_listener}) {
    if (*listener) (*listener)->connections->Stop();
  }
  impl.main_listener.reset();
  impl.admin_listener.reset();
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
