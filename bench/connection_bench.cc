// What the slow-client front end (exporter/web/connection_server.h, issue 17) costs a
// normal scrape: the same handler and body served by httplib's own accept loop and
// thread pool (the baseline, how main served before) and by ConnectionServer, measured
// in the same run on loopback. Prints p50/p99 latency and requests per second for
// keep-alive and new-connection scrapes, and the ratio new/baseline.
//
// Usage: five9_bench_connections [BODY_BYTES (default 262144)] [REQUESTS (default 3000)]

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "exporter/web/connection_server.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double p50_us = 0;
  double p99_us = 0;
  double rps = 0;
};

void AddRoute(httplib::Server& server, const std::string& body) {
  server.Get("/metrics", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "text/plain; version=0.0.4");
  });
}

// `clients` threads, each sending `requests / clients` GETs, on one kept-alive
// connection each or on a new connection per request.
Figures Measure(int port, int requests, int clients, bool keep_alive) {
  std::vector<std::vector<double>> latencies(clients);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client kept("127.0.0.1", port);
      kept.set_keep_alive(true);
      for (int i = 0; i < requests / clients; ++i) {
        const auto begin = Clock::now();
        httplib::Result result = [&] {
          if (keep_alive) return kept.Get("/metrics");
          httplib::Client fresh("127.0.0.1", port);
          return fresh.Get("/metrics");
        }();
        if (!result || result->status != 200) {
          std::fprintf(stderr, "request failed\n");
          std::exit(1);
        }
        latencies[c].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - begin).count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& part : latencies) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  return {all[all.size() / 2], all[all.size() * 99 / 100],
          static_cast<double>(all.size()) / seconds};
}

void Report(const char* what, const Figures& base, const Figures& now) {
  std::printf(
      "%-28s baseline p50 %7.0f us p99 %7.0f us %8.0f rps | front end p50 %7.0f us "
      "p99 %7.0f us %8.0f rps | ratio p50 %.2f rps %.2f\n",
      what, base.p50_us, base.p99_us, base.rps, now.p50_us, now.p99_us, now.rps,
      now.p50_us / base.p50_us, now.rps / base.rps);
}

}  // namespace

int main(int argc, char** argv) {
  const size_t body_bytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256 * 1024;
  const int requests = argc > 2 ? std::atoi(argv[2]) : 3000;
  std::string body(body_bytes, 'x');
  for (size_t i = 80; i < body.size(); i += 81) body[i] = '\n';

  // Baseline: httplib's listen loop with a 16-thread pool, as the exporter had it.
  httplib::Server baseline;
  baseline.new_task_queue = [] { return new httplib::ThreadPool(16); };
  baseline.set_tcp_nodelay(true);
  AddRoute(baseline, body);
  const int baseline_port = baseline.bind_to_any_port("127.0.0.1");
  std::thread baseline_thread([&] { baseline.listen_after_bind(); });
  while (!baseline.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  five9exp::HttpProcessor processor;
  AddRoute(processor, body);
  five9exp::ConnectionServer front(processor, five9exp::ConnectionServerOptions{}, {});
  const auto front_port = front.Listen("127.0.0.1", 0);
  if (!front_port) {
    std::fprintf(stderr, "listen: %s\n", front_port.error().message.c_str());
    return 1;
  }
  front.Start();

  std::printf("body %zu bytes, %d requests per measurement, loopback\n", body_bytes, requests);
  for (int clients : {1, 4}) {
    for (bool keep_alive : {true, false}) {
      // Alternate and warm up so neither side profits from running second.
      Measure(baseline_port, requests / 10, clients, keep_alive);
      Measure(*front_port, requests / 10, clients, keep_alive);
      const Figures base = Measure(baseline_port, requests, clients, keep_alive);
      const Figures now = Measure(*front_port, requests, clients, keep_alive);
      const std::string what = std::string(keep_alive ? "keep-alive" : "new connection") + ", " +
                               std::to_string(clients) + " client(s)";
      Report(what.c_str(), base, now);
    }
  }
  front.Stop();
  baseline.stop();
  baseline_thread.join();
  return 0;
}
