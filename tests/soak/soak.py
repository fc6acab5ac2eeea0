#!/usr/bin/env python3
"""make soak: five9_exporter against five9_sim's chaos scenario for SOAK_MINUTES.

usage: soak.py BUILD_DIR MINUTES [REPORT_FILE]

The simulator runs simulator/scenarios/chaos.yaml (limit windows x0.05, a fault script);
this driver keeps the chaos going for the whole run, once a minute: agents added and
removed (churn), a disposition added every 5 minutes, one injected fault from a rotating
list (latency, HTTP 503, connection reset, truncated and malformed bodies, session closed,
UnknownTimestamp, Server and OperationsLimitExceeded faults), an outage of 15 s every 10
minutes, plus a configuration reload. Meanwhile 4 threads scrape /metrics (2 with gzip),
each pausing 50 ms between scrapes (so the run leaves CPU to a shared CI machine), and one
thread calls the admin API twice a second (read routes, Five9 calls included).

Every minute it prints the exporter's RSS, open file descriptors and threads. It fails if
 - after the warm-up (2 minutes, or the first third of a shorter run) RSS grows beyond
   1.25 x its value at the end of the warm-up + 16 MiB, fds beyond +16, threads beyond +4;
 - a scrape fails (not 200, connection error) or takes over 2.5 s;
 - an admin call answers 500 (an internal error) or fails to connect;
 - the simulator counts a domain limit violation or a concurrent request of our user
   (ConcurrentModificationFault it raised itself, not injected).
Exit 0 pass, 1 fail.
"""
import json
import os
import sys
import threading
import time
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness  # noqa: E402

SCRAPE_LIMIT_S = 2.5
TOKEN = "soak-admin-token-0123456789"
FAULTS = [
    {"kind": "latency", "method": "getStatisticsUpdate", "ms": 1500, "count": 2},
    {"kind": "http_status", "status": 503, "count": 2},
    {"kind": "reset", "count": 1},
    {"kind": "truncated", "method": "getStatistics", "count": 1},
    {"kind": "malformed", "count": 1},
    "close-session",
    {"kind": "fault", "method": "getStatisticsUpdate", "fault": "UnknownTimestampFault",
     "count": 1},
    {"kind": "fault", "fault": "ServerFault", "count": 2},
    {"kind": "fault", "method": "getStatisticsUpdate", "fault": "OperationsLimitExceededFault",
     "fields": {"limit": 30, "operationType": "QueryChangedStatistics"}, "count": 1},
]


def proc_figures(pid):
    rss_kb = threads = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_kb / 1024.0, fds, threads


class Load:
    """Scrapers and an admin caller on threads; records every problem."""

    def __init__(self, exporter_base):
        self.base = exporter_base
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.problems = []
        self.scrapes = 0
        self.slowest = 0.0
        self.admin_codes = {}
        self.threads = [threading.Thread(target=self.scrape, args=(i % 2 == 0,), daemon=True)
                        for i in range(4)]
        self.threads.append(threading.Thread(target=self.admin, daemon=True))

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)

    def problem(self, text):
        with self.lock:
            if len(self.problems) < 50:
                self.problems.append(f"{time.strftime('%H:%M:%S')} {text}")

    def scrape(self, gzip):
        headers = {"Accept-Encoding": "gzip"} if gzip else {}
        while not self.stop.wait(0.05):
            start = time.monotonic()
            try:
                status, _, body = harness.http("GET", self.base + "/metrics", headers=headers,
                                               timeout=10)
            except Exception as exc:  # noqa: BLE001 - any failure is a finding
                self.problem(f"scrape failed: {exc!r}")
                continue
            took = time.monotonic() - start
            with self.lock:
                self.scrapes += 1
                self.slowest = max(self.slowest, took)
            if status != 200 or not body:
                self.problem(f"scrape answered {status}")
            if took > SCRAPE_LIMIT_S:
                self.problem(f"scrape took {took:.2f} s")

    def admin(self):
        routes = ["/campaigns", "/limits", "/statistics/AgentState", "/user-limits",
                  "/users/logged-in"]
        headers = {"Authorization": "Bearer " + TOKEN}
        i = 0
        while not self.stop.wait(0.5):
            path = routes[i % len(routes)]
            i += 1
            try:
                status, _, _ = harness.http("GET", f"{self.base}/api/v1/domains/chaos{path}",
                                            headers=headers, timeout=60)
            except Exception as exc:  # noqa: BLE001
                self.problem(f"admin {path} failed: {exc!r}")
                continue
            with self.lock:
                self.admin_codes[status] = self.admin_codes.get(status, 0) + 1
            if status == 500:
                self.problem(f"admin {path} answered 500")


def main():
    build, minutes = sys.argv[1], float(sys.argv[2])
    report = sys.argv[3] if len(sys.argv) > 3 else None
    source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    workdir = os.path.join(build, "soak")
    os.makedirs(workdir, exist_ok=True)
    sim = harness.Sim(os.path.join(build, "simulator", "five9_sim"), workdir,
                      ["--scenario", os.path.join(source, "simulator", "scenarios", "chaos.yaml")],
                      user="exporter", password="exporter-password")
    harness.write_secret(workdir, "password", sim.password)
    harness.write_secret(workdir, "admin-token", TOKEN)
    config = f"""
admin:
  rate_limit_per_second: 100
  rate_limit_burst: 200
  tokens:
    - {{name: soak, token_file: admin-token, roles: [read, campaigns, chat, monitoring, session]}}
domains:
  - name: chaos
    endpoint: {sim.endpoint}
    username: {sim.user}
    password_file: password
    max_long_poll: 2s
    chat_receive: true
"""
    exporter = harness.Exporter(os.path.join(build, "exporter", "five9_exporter"), workdir,
                                config)
    pid = exporter.process.proc.pid
    harness.wait_until(lambda: "five9_up{domain=\"chaos\"} 1" in exporter.metrics(), 120,
                       "the exporter to reach the simulator")
    load = Load(exporter.base)
    load.start()

    warmup = min(2.0, minutes / 3.0)
    rows, baseline, failures = [], None, []
    start = time.monotonic()
    minute = 0
    print(f"soak: {minutes:g} min, warm-up {warmup:g} min; pid {pid}", flush=True)
    print("soak: minute   rss_mib  fds  threads  scrapes  slowest_s  sim_violations", flush=True)
    while True:
        minute += 1
        # This minute's chaos.
        sim.control("add-agent", {"username": f"soak.agent{minute}", "full_name": f"Soak {minute}"})
        if minute > 2:
            sim.control("remove-agent", {"username": f"soak.agent{minute - 2}"})
        if minute % 5 == 0:
            sim.control("add-disposition", {"name": f"Soak Disposition {minute}"})
        fault = FAULTS[minute % len(FAULTS)]
        if fault == "close-session":
            sim.control("close-session", {"user": sim.user, "reason": "soak"})
        else:
            sim.control("inject", fault)
        if minute % 10 == 0:
            sim.control("outage", {"seconds": 15})
        status, _, body = harness.http("POST", exporter.base + "/-/reload",
                                       headers={"Authorization": "Bearer " + TOKEN})
        if status != 200:
            failures.append(f"minute {minute}: POST /-/reload answered {status}: {body[:200]!r}")
        deadline = start + minute * 60
        while time.monotonic() < deadline:
            if exporter.process.proc.poll() is not None:
                failures.append(f"the exporter exited with {exporter.process.proc.returncode}")
                break
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        if exporter.process.proc.poll() is not None:
            break
        rss, fds, threads = proc_figures(pid)
        violations = sim.state()["limits"]["violations"]
        with load.lock:
            scrapes, slowest = load.scrapes, load.slowest
        rows.append((minute, rss, fds, threads, scrapes, slowest, violations))
        print(f"soak: {minute:6d} {rss:9.1f} {fds:4d} {threads:8d} {scrapes:8d} {slowest:10.3f}"
              f" {violations:15d}", flush=True)
        if baseline is None and minute >= warmup:
            baseline = (rss, fds, threads)
        elif baseline is not None:
            if rss > baseline[0] * 1.25 + 16:
                failures.append(f"minute {minute}: RSS {rss:.1f} MiB > 1.25 x {baseline[0]:.1f} + 16")
            if fds > baseline[1] + 16:
                failures.append(f"minute {minute}: {fds} fds > {baseline[1]} + 16")
            if threads > baseline[2] + 4:
                failures.append(f"minute {minute}: {threads} threads > {baseline[2]} + 4")
        if minute >= minutes:
            break

    load.finish()
    state = sim.state()
    violations = state["limits"]["violations"]
    concurrent = sum(outcomes.get("ConcurrentModificationFault", 0)
                     for outcomes in state["outcomes"].values())
    if violations:
        failures.append(f"the simulator counted {violations} limit violations: "
                        f"{state['limits']['violations_by_operation']}")
    if concurrent:
        failures.append(f"the simulator denied {concurrent} concurrent requests")
    failures.extend(load.problems)
    summary = (f"soak: {len(rows)} minutes, {load.scrapes} scrapes (slowest {load.slowest:.3f} s), "
               f"admin answers {dict(sorted(load.admin_codes.items()))}, "
               f"{sum(state['calls'].values())} Five9 calls, {violations} limit violations, "
               f"{concurrent} concurrent requests")
    print(summary, flush=True)
    if report:
        with open(report, "w") as f:
            f.write("| minute | RSS MiB | fds | threads | scrapes | slowest scrape s |\n")
            f.write("|---:|---:|---:|---:|---:|---:|\n")
            for m, rss, fds, threads, scrapes, slowest, _ in rows:
                f.write(f"| {m} | {rss:.1f} | {fds} | {threads} | {scrapes} | {slowest:.3f} |\n")
            f.write("\n" + summary + "\n")
    exporter.process.stop()
    sim.process.stop()
    for f in failures:
        print("soak FAIL: " + f, flush=True)
    print("soak: " + ("FAILED" if failures else "passed"), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
