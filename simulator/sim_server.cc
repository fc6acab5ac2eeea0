#include "simulator/sim_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "exporter/common/log.h"

namespace five9sim {
namespace {

using nlohmann::json;

int64_t EpochMs(five9exp::WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int PortOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return -1;
}

// httplib hides the connection's socket, so an injected "connection reset" finds it by its
// ports among the process's descriptors and sets SO_LINGER 0: when httplib then closes the
// aborted connection, the kernel sends RST instead of FIN. Linux only; best effort.
void ArmResetOnClose(int local_port, int remote_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* entry = readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (PortOf(local) != local_port || PortOf(peer) != remote_port) continue;
    linger l{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    shutdown(fd, SHUT_RD);
  }
  closedir(dir);
}

bool IsLoopback(const std::string& addr) {
  return addr == "127.0.0.1" || addr == "::1" || addr.rfind("127.", 0) == 0 ||
         addr == "::ffff:127.0.0.1";
}

void JsonReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(2) + "\n", "application/json");
}

}  // namespace

SimServer::SimServer(SimOptions options) : options_(std::move(options)) {}

SimServer::~SimServer() { Stop(); }

std::string SimServer::base_url() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

std::string SimServer::soap_url() const {
  return base_url() + "/wssupervisor/v9_5/SupervisorWebService";
}

five9exp::Result<std::unique_ptr<SimServer>> SimServer::Start(SimOptions options) {
  if (options.window_scale <= 0 || options.time_scale <= 0 || options.idle_scale <= 0) {
    return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument,
                               "window_scale, time_scale and idle_scale must be > 0");
  }
  if (options.domain.tick_ms <= 0) {
    return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument, "tick_ms must be > 0");
  }
  std::unique_ptr<SimServer> server(new SimServer(std::move(options)));
  SimServer& s = *server;
  const SimOptions& o = s.options_;
  s.started_ = s.clock_.SteadyNow();
  s.start_ms_ = EpochMs(s.clock_.WallNow());
  s.model_ = std::make_unique<ContactCenter>(o.domain, s.start_ms_);
  s.limits_ = std::make_unique<LimitModel>(o.limit_rules, o.window_scale);
  for (const PreloadSpec& p : o.preloads) s.limits_->Preload(p.operation_type, p.count, s.started_);
  s.sessions_ = std::make_unique<SessionRegistry>(o.users, s.clock_, o.idle_scale);
  s.faults_ = std::make_unique<FaultInjector>(s.clock_);
  s.chat_ = std::make_unique<ChatHub>(s.clock_);
  s.monitors_ = std::make_unique<MonitorRegistry>();
  s.service_ = std::make_unique<SupervisorService>(*s.model_, *s.sessions_, *s.limits_, *s.faults_,
                                                   *s.chat_, *s.monitors_, s.clock_, o.service);
  s.control_ =
      std::make_unique<ControlApi>(ControlTargets{*s.model_, *s.sessions_, *s.limits_, *s.faults_,
                                                  *s.chat_, *s.monitors_, *s.service_, s.clock_});

  s.http_ = std::make_unique<httplib::Server>();
  httplib::Server& http = *s.http_;
  const int workers = std::max(4, o.worker_threads);
  http.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<size_t>(workers)); };
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(o.service.max_request_bytes + 1);
  http.set_read_timeout(std::chrono::seconds(30));
  http.set_write_timeout(std::chrono::seconds(30));
  // Keep-alive connections must survive the longest long poll.
  http.set_keep_alive_timeout(60);

  SimServer* self = &s;
  if (o.control_api) {
    http.Get("/control/state", [self](const httplib::Request& req, httplib::Response& res) {
      if (!IsLoopback(req.remote_addr)) return JsonReply(res, 403, {{"error", "loopback only"}});
      JsonReply(res, 200, self->control_->State());
    });
    http.Post(R"(/control/([a-z\-]+))", [self](const httplib::Request& req,
                                               httplib::Response& res) {
      if (!IsLoopback(req.remote_addr)) return JsonReply(res, 403, {{"error", "loopback only"}});
      json args = json::object();
      if (!req.body.empty()) {
        args = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
        if (args.is_discarded()) return JsonReply(res, 400, {{"error", "body is not JSON"}});
      }
      auto result = self->control_->Execute(req.matches[1].str(), args);
      if (!result) {
        const int status = result.error().code == five9exp::ErrorCode::kInvalidArgument ? 400 : 409;
        return JsonReply(res, status, {{"error", result.error().message}});
      }
      JsonReply(res, 200, *result);
    });
  }
  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("five9_sim: POST SOAP requests to /wssupervisor/v9_5/SupervisorWebService\n",
                    "text/plain");
  });
  http.Post(R"(/.*)", [self](const httplib::Request& req, httplib::Response& res) {
    SoapReply reply = self->service_->Handle(req.get_header_value("Authorization"), req.body);
    if (reply.reset_connection) {
      ArmResetOnClose(req.local_port, req.remote_port);
      res.set_content_provider(1024, "text/xml",
                               [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    }
    res.status = reply.status;
    if (reply.unauthorized) res.set_header("WWW-Authenticate", "Basic realm=\"five9_sim\"");
    res.set_content(reply.body, reply.content_type);
  });

  const int port = o.port == 0 ? http.bind_to_any_port(o.host)
                               : (http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    return five9exp::MakeError(five9exp::ErrorCode::kIo,
                               "cannot listen on " + o.host + ":" + std::to_string(o.port));
  }
  s.port_ = port;
  s.listener_ = std::thread([self] { self->http_->listen_after_bind(); });
  s.ticker_ = std::jthread([self](std::stop_token stop) { self->Tick(stop); });
  // Accepting before returning: tests connect at once.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return five9exp::MakeError(five9exp::ErrorCode::kIo, "the HTTP listener did not start");
    }
    std::this_thread::yield();
  }
  return server;
}

void SimServer::Tick(std::stop_token stop) {
  const auto tick = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double, std::milli>(
          std::max(10.0, static_cast<double>(options_.domain.tick_ms) / options_.time_scale)));
  size_t next_step = 0;
  std::vector<ScriptStep> script = options_.script;
  std::stable_sort(script.begin(), script.end(),
                   [](const ScriptStep& a, const ScriptStep& b) { return a.at < b.at; });
  auto next = clock_.SteadyNow();
  while (!stop.stop_requested()) {
    const auto now = clock_.SteadyNow();
    const double elapsed_ms = std::chrono::duration<double, std::milli>(now - started_).count();
    model_->AdvanceTo(start_ms_ + static_cast<int64_t>(elapsed_ms * options_.time_scale));
    while (next_step < script.size() && now - started_ >= script[next_step].at) {
      const json& action = script[next_step].action;
      auto result = control_->Execute(action.value("action", std::string()), action);
      if (!result) {
        five9exp::LogWarn("fault script step failed",
                          {{"step", std::to_string(next_step)}, {"error", result.error().message}});
      } else {
        five9exp::LogInfo("fault script step", {{"action", action.value("action", std::string())}});
      }
      ++next_step;
    }
    next += tick;
    if (next < now) next = now + tick;
    clock_.SleepUntil(next, stop);
  }
}

void SimServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (service_) service_->Stop();
  if (ticker_.joinable()) {
    ticker_.request_stop();
    clock_.Wake();
    ticker_.join();
  }
  if (http_) http_->stop();
  if (listener_.joinable()) listener_.join();
}

}  // namespace five9sim
