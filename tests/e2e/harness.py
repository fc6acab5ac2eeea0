"""Process harness for end-to-end tests: five9_sim, five9_exporter and a real Prometheus,
all on loopback with ephemeral ports. Standard library only.

Every wait polls with a deadline (no fixed sleeps); every process is killed at exit.
"""
import atexit
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

_PROCS = []


def _cleanup():
    for proc in _PROCS:
        if proc.poll() is None:
            proc.terminate()
    for proc in _PROCS:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


atexit.register(_cleanup)


def wait_until(predicate, timeout, what, interval=0.1):
    """Polls `predicate` until it returns a truthy value or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - report the last one on timeout
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}"
                         + (f" (last error: {last_error})" if last_error else ""))


def free_port():
    """An ephemeral port for programs that cannot report the one they bound (Prometheus)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    """Returns (status, headers, body bytes); never raises for HTTP status codes."""
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


class _LineReader:
    """Collects a process's output lines on a thread so tests can wait for one."""

    def __init__(self, stream, sink_path):
        self.lines = []
        self._lock = threading.Lock()
        self._sink = open(sink_path, "w")
        self._thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self._thread.start()

    def _run(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            with self._lock:
                self.lines.append(line)
            self._sink.write(line + "\n")
            self._sink.flush()

    def find(self, pattern):
        with self._lock:
            for line in self.lines:
                m = re.search(pattern, line)
                if m:
                    return m
        return None


PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy",
                   "NO_PROXY", "all_proxy", "ALL_PROXY")


def environment_without_proxies(**extra):
    """os.environ without egress proxy settings (the exporter honours them, loopback
    included, so a developer's corporate proxy would reroute the tests), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.update(extra)
    return env


class Process:
    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL,
                                     env=environment_without_proxies() if env is None else env)
        _PROCS.append(self.proc)
        self.stdout = _LineReader(self.proc.stdout, os.path.join(workdir, name + ".out"))
        self.stderr = _LineReader(self.proc.stderr, os.path.join(workdir, name + ".err"))

    def wait_for(self, pattern, timeout, stream="stdout"):
        reader = self.stdout if stream == "stdout" else self.stderr

        def check():
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}")
            return reader.find(pattern)
        return wait_until(check, timeout, f"{self.name} to print {pattern!r}")

    def stop(self, timeout=20):
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.proc.wait(timeout=timeout)


class Sim:
    """five9_sim on an ephemeral loopback port."""

    def __init__(self, binary, workdir, args=(), user="e2e", password="e2e-secret"):
        self.user, self.password = user, password
        argv = [binary, "--listen", "127.0.0.1:0", "--user", f"{user}:{password}", *args]
        self.process = Process("five9_sim", argv, workdir)
        m = self.process.wait_for(r"listening on (\S+)", 30)
        self.address = m.group(1)
        self.base = f"http://{self.address}"
        self.endpoint = self.base + "/wssupervisor/v4/SupervisorWebService"

    def control(self, action, args=None):
        status, _, body = http("POST", f"{self.base}/control/{action}", args or {})
        if status != 200:
            raise AssertionError(f"sim control {action} -> {status}: {body[:300]!r}")
        return json.loads(body or b"{}")

    def state(self):
        status, _, body = http("GET", f"{self.base}/control/state")
        assert status == 200, status
        return json.loads(body)


class Exporter:
    """five9_exporter with a generated config, listening on an ephemeral loopback port."""

    def __init__(self, binary, workdir, config_text, extra_args=(), env=None):
        self.config_path = os.path.join(workdir, "exporter.yaml")
        with open(self.config_path, "w") as f:
            f.write(config_text)
        argv = [binary, f"--config.file={self.config_path}",
                "--web.listen-address=127.0.0.1:0", *extra_args]
        self.process = Process("five9_exporter", argv, workdir, env)
        m = self.process.wait_for(r"msg=listening address=(\S+) version=", 30, stream="stderr")
        self.address = m.group(1)
        self.base = f"http://{self.address}"

    def metrics(self):
        status, _, body = http("GET", self.base + "/metrics")
        assert status == 200, status
        return body.decode()


def parse_metrics(text):
    """Series line -> value (labels kept verbatim); HELP/TYPE lines skipped."""
    series = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            series[key] = float(value)
    return series


def values(series, name, **labels):
    """Values of the series of family `name` whose labels include `labels`."""
    return [v for k, v in series.items()
            if (k == name or k.startswith(name + "{"))
            and all(f'{lk}="{lv}"' in k for lk, lv in labels.items())]


def write_secret(workdir, name, value):
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write(value + "\n")
    os.chmod(path, 0o600)
    return path


class Prometheus:
    """A real Prometheus scraping `targets` every `interval`."""

    def __init__(self, workdir, targets, interval="1s", rule_files=()):
        binary = shutil.which("prometheus")
        if not binary:
            raise FileNotFoundError("prometheus")
        self.port = free_port()
        cfg = os.path.join(workdir, "prometheus.yml")
        rules = "".join(f"  - {r}\n" for r in rule_files)
        with open(cfg, "w") as f:
            f.write("global:\n  scrape_interval: %s\n  evaluation_interval: %s\n" % (interval, interval))
            if rules:
                f.write("rule_files:\n" + rules)
            f.write("scrape_configs:\n  - job_name: five9\n    static_configs:\n"
                    "      - targets: [%s]\n" % ", ".join(f"'{t}'" for t in targets))
        data = tempfile.mkdtemp(dir=workdir, prefix="prom-data-")
        argv = [binary, f"--config.file={cfg}", f"--storage.tsdb.path={data}",
                f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"]
        self.process = Process("prometheus", argv, workdir)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_until(lambda: http("GET", self.url + "/-/ready")[0] == 200, 60, "prometheus ready")

    def query(self, promql):
        q = urllib.parse.urlencode({"query": promql})
        status, _, body = http("GET", f"{self.url}/api/v1/query?{q}")
        doc = json.loads(body)
        if status != 200 or doc.get("status") != "success":
            raise AssertionError(f"query {promql!r} failed: {body[:300]!r}")
        return doc["data"]["result"]


class Results:
    """Collects test outcomes; prints the plain 'N passed, N failed' closing line."""

    def __init__(self):
        self.passed, self.failed, self.skipped = 0, 0, 0

    def run(self, name, fn, *args):
        start = time.monotonic()
        try:
            fn(*args)
        except SkipTest as skip:
            self.skipped += 1
            print(f"SKIP {name}: {skip}", flush=True)
            return
        except Exception as exc:  # noqa: BLE001
            self.failed += 1
            print(f"FAIL {name} ({time.monotonic() - start:.1f}s): {exc!r}", flush=True)
            return
        self.passed += 1
        print(f"ok   {name} ({time.monotonic() - start:.1f}s)", flush=True)

    def finish(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        print(line, flush=True)
        return 1 if self.failed else 0


class SkipTest(Exception):
    pass
