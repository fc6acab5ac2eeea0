#!/usr/bin/env python3
"""Slow and idle clients must not blind the monitoring (issue 17).

Usage: slow_clients_test.py BUILD_DIR SOURCE_DIR

five9_exporter, fed by five9_sim's demo scenario, is attacked on its /metrics port by
  (a) 256 connections from one address (127.0.0.2; the scraper is 127.0.0.1) that send
      a request head one byte every 2 s,
  (b) 500 such connections from 50 loopback addresses (127.0.0.2 .. 127.0.0.51),
  (c) 1,000 connections from those addresses that send nothing;
a connection the server closes is opened again, as a determined attacker would. During
each attack /metrics is scraped ten times on new connections with Prometheus' default
10 s timeout, and so is the admin API: every request must succeed and the slowest
/metrics scrape take under 2 s. Afterwards the exporter's threads, file descriptors and
memory must return to their resting values.

Two set-ups: plain HTTP with the admin API on its own listener, and HTTPS (web.tls)
with the admin API sharing the /metrics listener (the attackers then trickle a real TLS
ClientHello). Figures are printed for docs/performance.md.
"""
import http.client
import os
import selectors
import socket
import ssl
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, os.path.join(HERE, "..", "webconv"))
import common  # noqa: E402
import harness  # noqa: E402
from harness import wait_until  # noqa: E402

SCRAPES = 10
SCRAPE_TIMEOUT = 10.0  # Prometheus' default scrape_timeout
SLOWEST_ALLOWED = 2.0
TRICKLE_PERIOD = 2.0
ADMIN_HOST = "127.0.0.254"
ATTACKER_ADDRESSES = [f"127.0.0.{i}" for i in range(2, 52)]
SLOW_HEAD = (b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n"
             + b"X-Padding: " + b"a" * 4000)  # never ends: no empty line
# The exporter may keep allocator caches after an attack; more than this is a leak.
MEMORY_SLACK_BYTES = 24 << 20
# A sanitizer's runtime keeps what the program frees (ThreadSanitizer's allocator and shadow
# memory, AddressSanitizer's quarantine), so resident memory cannot return there; threads and
# descriptors still must. CMake passes the build's FIVE9_SANITIZE.
CHECK_MEMORY = not os.environ.get("FIVE9_SANITIZE")


def client_hello():
    """The first flight of a real TLS client: what a slow TLS attacker trickles."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


class Attack:
    """Holds `count` connections to `port` from `addresses` (round robin) on a thread.
    With `payload`, each sends its next byte every TRICKLE_PERIOD; without, nothing."""

    def __init__(self, port, count, addresses, payload=None):
        self.port, self.count, self.addresses, self.payload = port, count, addresses, payload
        self.reopened = 0
        self.rounds = 0  # TRICKLE_PERIOD rounds since every socket was open
        self._stop = threading.Event()
        self._selector = selectors.DefaultSelector()
        self._sockets = {}  # socket -> (slot, bytes sent)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _open(self, slot):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.addresses[slot % len(self.addresses)], 0))
        sock.settimeout(5)
        sock.connect(("127.0.0.1", self.port))
        sock.setblocking(False)
        self._sockets[sock] = [slot, 0]
        self._selector.register(sock, selectors.EVENT_READ)

    def _reopen(self, sock):
        slot = self._sockets.pop(sock)[0]
        self._selector.unregister(sock)
        sock.close()
        self.reopened += 1
        if not self._stop.is_set():
            self._open(slot)

    def _run(self):
        for slot in range(self.count):
            self._open(slot)
        next_send = time.monotonic()
        while not self._stop.is_set():
            timeout = max(0.0, next_send - time.monotonic())
            for key, _ in self._selector.select(timeout=min(timeout, 0.2)):
                try:
                    closed = key.fileobj.recv(4096) == b""
                except (BlockingIOError, InterruptedError):
                    closed = False
                except OSError:
                    closed = True
                if closed:  # the server dropped it: come back
                    self._reopen(key.fileobj)
            if time.monotonic() >= next_send:
                for sock, state in list(self._sockets.items()) if self.payload else ():
                    if state[1] >= len(self.payload):
                        continue
                    try:
                        sock.send(self.payload[state[1]:state[1] + 1])
                        state[1] += 1
                    except OSError:
                        self._reopen(sock)
                next_send += TRICKLE_PERIOD
                self.rounds += 1

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=30)
        for sock in list(self._sockets):
            sock.close()
        self._sockets.clear()


def proc_status(pid):
    """(threads, open fds, resident bytes) of process `pid`."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return int(fields["Threads"]), fds, int(fields["VmRSS"].split()[0]) * 1024


class Env:
    def __init__(self, build_dir, source_dir, name, tls, separate_admin):
        self.name, self.tls = name, tls
        self.workdir = tempfile.mkdtemp(prefix=f"five9-slow-{name}-")
        sim_bin, exporter_bin = common.paths(build_dir)
        scenario = os.path.join(source_dir, "simulator", "scenarios", "demo.yaml")
        self.sim = harness.Sim(sim_bin, self.workdir, ["--scenario", scenario],
                               user="demo", password="demo-password")
        extra = "web:\n  idle_timeout: 3s\n"
        self.context = None
        if tls:
            ca = common.make_ca(self.workdir, "ca")
            cert, key = common.make_cert(self.workdir, "server", ca)
            extra += f"  tls: {{cert_file: {cert}, key_file: {key}}}\n"
            self.context = ssl.create_default_context(cafile=ca[0])
        config = common.exporter_config(self.sim, self.workdir, extra=extra)
        if separate_admin:
            # Not 127.0.0.1:0, which would read as the /metrics listener's own address.
            config = config.replace("admin:\n", f"admin:\n  listen_address: {ADMIN_HOST}:0\n", 1)
        self.admin_host = ADMIN_HOST if separate_admin else "127.0.0.1"
        self.exporter = harness.Exporter(exporter_bin, self.workdir, config)
        self.pid = self.exporter.process.proc.pid
        self.port = int(self.exporter.address.rsplit(":", 1)[1])
        m = self.exporter.process.wait_for(r"admin_port=(\d+)", 5, stream="stderr")
        self.admin_port = int(m.group(1))
        wait_until(lambda: self.request(self.port, "/-/ready")[0] == 200, 120, "exporter ready")

    def request(self, port, path, headers=None, host="127.0.0.1"):
        """(status, body, seconds) of one request on a new connection."""
        start = time.monotonic()
        if self.context:
            conn = http.client.HTTPSConnection(host, port, timeout=SCRAPE_TIMEOUT,
                                               context=self.context)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=SCRAPE_TIMEOUT)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, body, time.monotonic() - start
        finally:
            conn.close()

    def scrape(self):
        return self.request(self.port, "/metrics")

    def admin(self):
        return self.request(self.admin_port, "/api/v1/domains/fast/statistics/ACDStatus",
                            {"Authorization": f"Bearer {common.TOKEN}"}, self.admin_host)

    def metric(self, name, **labels):
        status, body, _ = self.scrape()
        assert status == 200, status
        return common.metric_sum(body.decode(), name, **labels)


def check_ok(env, what, fn):
    """One request through `fn` that must answer 200 with a body; returns its seconds."""
    try:
        status, body, took = fn()
    except (OSError, http.client.HTTPException) as exc:
        raise AssertionError(f"{env.name}: {what} failed: {exc!r}")
    assert status == 200 and body, f"{env.name}: {what} answered {status}"
    return took


def scrape_series(env, what, fn, pace=None):
    """SCRAPES requests through `fn`, each after `pace(i)` returns; every one must answer
    200. Returns their seconds."""
    seconds = []
    for i in range(SCRAPES):
        if pace:
            pace(i)
        try:
            status, body, took = fn()
        except (OSError, http.client.HTTPException) as exc:
            raise AssertionError(f"{env.name}: {what} {i + 1}/{SCRAPES} failed: {exc!r}")
        assert status == 200, f"{env.name}: {what} {i + 1}/{SCRAPES} answered {status}"
        assert body, f"{env.name}: {what} {i + 1}/{SCRAPES} had an empty body"
        seconds.append(took)
    return seconds


def report(env, phase, metrics, admin):
    print(f"FIGURE {env.name} {phase}: /metrics {SCRAPES}/{SCRAPES} ok, median "
          f"{statistics.median(metrics) * 1000:.1f} ms, slowest {max(metrics) * 1000:.1f} ms; "
          f"admin {len(admin)}/{SCRAPES} ok, slowest {max(admin) * 1000:.1f} ms", flush=True)


def run_attack(env, phase, count, addresses, payload):
    attack = Attack(env.port, count, addresses, payload)
    try:
        # Every connection open and past its first byte before scraping.
        wait_until(lambda: attack.rounds >= 1, 60, f"{phase} in place")

        def pace(i):
            # Two scrapes (each followed by an admin request) per round: the series spans
            # 10 s, two head deadlines, so attackers are dropped and come back meanwhile.
            wait_until(lambda: attack.rounds >= 1 + i // 2, 2 * TRICKLE_PERIOD + 5, "next round")
        admin = []

        def both():
            result = env.scrape()
            admin.append(check_ok(env, f"{phase} admin API", env.admin))
            return result
        metrics = scrape_series(env, f"{phase} /metrics", both, pace)
        threads, fds, _ = proc_status(env.pid)
        slowest = max(metrics)
        assert slowest < SLOWEST_ALLOWED, (
            f"{env.name} {phase}: slowest scrape {slowest:.3f}s >= {SLOWEST_ALLOWED}s")
        report(env, phase, metrics, admin)
        print(f"FIGURE {env.name} {phase}: attacker reopened {attack.reopened} connections; "
              f"exporter held {fds} fds, {threads} threads", flush=True)
    finally:
        attack.stop()


def check_attacks(env):
    rest_metrics = scrape_series(env, "idle /metrics", env.scrape)
    rest_admin = scrape_series(env, "idle admin API", env.admin)
    report(env, "idle", rest_metrics, rest_admin)
    rest_threads, rest_fds, rest_rss = proc_status(env.pid)
    hello = client_hello() if env.tls else None
    trickle = hello if env.tls else SLOW_HEAD
    run_attack(env, "a (256 trickling, one address)", 256, ATTACKER_ADDRESSES[:1], trickle)
    run_attack(env, "b (500 trickling, 50 addresses)", 500, ATTACKER_ADDRESSES, trickle)
    run_attack(env, "c (1000 idle, 50 addresses)", 1000, ATTACKER_ADDRESSES, None)

    def rested():
        threads, fds, rss = proc_status(env.pid)
        memory_back = rss <= rest_rss + MEMORY_SLACK_BYTES or not CHECK_MEMORY
        return threads <= rest_threads and fds <= rest_fds and memory_back
    try:
        wait_until(rested, 60, "threads, fds and memory back to resting values" if CHECK_MEMORY
                   else "threads and fds back to resting values (sanitizer build: memory not checked)")
    finally:
        threads, fds, rss = proc_status(env.pid)
        print(f"FIGURE {env.name} resting: threads {rest_threads} -> {threads}, fds {rest_fds} -> "
              f"{fds}, rss {rest_rss >> 20} MiB -> {rss >> 20} MiB", flush=True)
    for reason in ("header_timeout", "per_address_limit"):
        dropped = env.metric("five9_exporter_http_connections_dropped_total", reason=reason)
        assert dropped > 0, f"{env.name}: no drop counted for {reason}"


def check_idle_timeout(env):
    """A keep-alive connection left idle is closed after web.idle_timeout (3 s here)."""
    before = env.metric("five9_exporter_http_connections_dropped_total", reason="idle_timeout")
    sock = socket.create_connection(("127.0.0.1", env.port), timeout=10)
    if env.context:
        sock = env.context.wrap_socket(sock, server_hostname="localhost")
    conn = http.client.HTTPConnection("127.0.0.1", env.port)
    conn.sock = sock
    conn.request("GET", "/-/healthy")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b"OK"
    assert response.getheader("Connection", "") != "close", "keep-alive expected"
    sock.settimeout(10)
    started = time.monotonic()
    try:
        assert sock.recv(1) == b"", "the idle connection should be closed, not answered"
    except (ConnectionResetError, ssl.SSLError):
        pass
    waited = time.monotonic() - started
    assert 2.0 < waited < 9.0, f"closed after {waited:.1f}s, expected about 3 s"
    sock.close()
    wait_until(lambda: env.metric("five9_exporter_http_connections_dropped_total",
                                  reason="idle_timeout") > before, 10, "idle_timeout counted")


def check_env(build_dir, source_dir, name, tls, separate_admin):
    env = Env(build_dir, source_dir, name, tls=tls, separate_admin=separate_admin)
    check_idle_timeout(env)
    check_attacks(env)
    env.exporter.process.stop()
    env.sim.process.stop()


def test_separate_admin_listener_plain_http(build_dir, source_dir):
    check_env(build_dir, source_dir, "plain+admin-listener", tls=False, separate_admin=True)


def test_shared_listener_tls(build_dir, source_dir):
    check_env(build_dir, source_dir, "tls+shared", tls=True, separate_admin=False)


def main():
    if len(sys.argv) != 3:
        print("usage: slow_clients_test.py BUILD_DIR SOURCE_DIR", file=sys.stderr)
        return 2
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4096:
        print(f"SKIP: the open-file limit ({hard}) cannot hold the attacks")
        return 77
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    results = harness.Results()
    for name, fn in [(n, f) for n, f in globals().items() if n.startswith("test_")]:
        results.run(name, fn, sys.argv[1], sys.argv[2])
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
