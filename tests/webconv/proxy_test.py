#!/usr/bin/env python3
"""Egress proxy (SPEC "Web security conventions", Egress) against the real exporter and
five9_sim, through a forwarding proxy started here (forward_proxy.py): http:// endpoints
forwarded, https:// ones through CONNECT (to a TLS front before the sim, certificate
checked end to end), Basic proxy credentials from proxy_credentials_file, 407 without them,
the environment's HTTP(S)_PROXY/NO_PROXY when the key is absent, and located errors from
--check-config for bad proxy URLs.

Usage: proxy_test.py BUILD_DIR SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import harness  # noqa: E402
from forward_proxy import ForwardProxy, TlsFront  # noqa: E402
from harness import wait_until  # noqa: E402

PROXY_USER, PROXY_PASSWORD = "egress", "pr0xy-Secret-9"


class Env:
    def __init__(self, build_dir):
        self.workdir = tempfile.mkdtemp(prefix="five9-webconv-proxy-")
        self.sim_bin, self.exporter_bin = common.paths(build_dir)
        self.sim = None
        self.count = 0

    def exporter_dir(self):
        """A folder for the next exporter, and a fresh simulator for it: back-to-back
        sessions of one user would otherwise meet the simulator's (faithful) limits."""
        self.count += 1
        path = os.path.join(self.workdir, f"exporter-{self.count}")
        os.mkdir(path)
        if self.sim:
            self.sim.process.stop()
        self.sim = harness.Sim(self.sim_bin, path, ["--window-scale", "0.02", "--seed", "15"])
        harness.write_secret(path, "proxy-credentials", f"{PROXY_USER}:{PROXY_PASSWORD}")
        return path

    def config(self, workdir, proxy_keys="", endpoint=None, domain_extra=""):
        text = common.exporter_config(self.sim, workdir, admin=False)
        if endpoint:
            text = text.replace(f"endpoint: {self.sim.endpoint}", f"endpoint: {endpoint}")
        return text + proxy_keys + domain_extra

    def start(self, config_text, workdir, env=None):
        return harness.Exporter(self.exporter_bin, workdir, config_text,
                                env=harness.environment_without_proxies(**(env or {})))

    def sim_calls(self):
        return sum(self.sim.state()["calls"].values())


def ok_calls(exporter):
    return common.metric_sum(exporter.metrics(), "five9_exporter_api_calls_total", outcome="ok")


def wait_for_data(exporter):
    wait_until(lambda: ok_calls(exporter) >= 5, 60, "five9 calls answered through the exporter")


def stop(exporter):
    assert exporter.process.stop() == 0


def stderr_of(workdir):
    with open(os.path.join(workdir, "five9_exporter.err")) as f:
        return f.read()


def test_http_endpoint_forwarded_with_credentials_from_the_file(env):
    proxy = ForwardProxy(credentials=f"{PROXY_USER}:{PROXY_PASSWORD}")
    workdir = env.exporter_dir()
    before = env.sim_calls()
    exporter = env.start(env.config(workdir, f"    proxy_url: {proxy.url}\n"
                                             "    proxy_credentials_file: proxy-credentials\n"),
                         workdir)
    wait_for_data(exporter)
    stop(exporter)  # counts are final: the session was closed through the proxy as well
    forwarded = proxy.seen("POST")
    assert forwarded, "the proxy saw no request"
    # Every call the simulator answered came through the proxy (nothing went direct); the
    # simulator counts a call when it answers, so the last long poll may still be counting.
    wait_until(lambda: env.sim_calls() - before == len(forwarded), 30,
               f"the simulator to have answered the {len(forwarded)} proxied calls, and no more")
    for method, target, headers in forwarded:
        assert target.startswith(env.sim.endpoint), target  # absolute-form request-target
        assert headers.get("Proxy-Authorization", "").startswith("Basic "), headers
    log = stderr_of(workdir)
    assert f"proxy={proxy.url}" in log, log[-2000:]
    assert PROXY_PASSWORD not in log
    proxy.close()


def test_407_without_credentials_is_a_clear_error_and_backs_off(env):
    proxy = ForwardProxy(credentials=f"{PROXY_USER}:{PROXY_PASSWORD}")
    workdir = env.exporter_dir()
    before = env.sim_calls()
    exporter = env.start(env.config(workdir, f"    proxy_url: {proxy.url}\n"), workdir)
    refused = f"proxy {proxy.url} answered 407 Proxy Authentication Required"
    wait_until(lambda: refused in stderr_of(workdir), 60, "the 407 error naming the proxy")
    assert "action=back_off_long" in stderr_of(workdir), stderr_of(workdir)[-2000:]
    assert ok_calls(exporter) == 0
    assert common.metric_sum(exporter.metrics(), "five9_exporter_api_calls_total",
                             outcome="http_status") >= 1
    assert exporter.process.proc.poll() is None  # degraded, never a crash
    calls_at_407 = len(proxy.seen())
    stop(exporter)
    assert env.sim_calls() == before  # nothing reached Five9
    assert 1 <= calls_at_407 <= 3, calls_at_407  # backing off, not hammering
    proxy.close()


def https_five9(env, ca_name):
    """A folder and simulator for the next exporter, behind a TLS front whose certificate
    (for localhost) is signed by a new CA: returns (workdir, CA paths, front, endpoint)."""
    workdir = env.exporter_dir()
    ca = common.make_ca(env.workdir, ca_name)
    cert = common.make_cert(env.workdir, ca_name + "-front", ca, san="DNS:localhost")
    front = TlsFront(cert, env.sim.address)
    return workdir, ca, front, f"https://localhost:{front.port}/wssupervisor/v4/SupervisorWebService"


def test_https_endpoint_through_connect_verifies_the_target(env):
    workdir, ca, front, endpoint = https_five9(env, "proxy-ca")
    proxy = ForwardProxy(credentials=f"{PROXY_USER}:{PROXY_PASSWORD}")
    exporter = env.start(env.config(workdir, f"    proxy_url: {proxy.url}\n"
                                             "    proxy_credentials_file: proxy-credentials\n"
                                             f"    ca_file: {ca[0]}\n", endpoint=endpoint),
                         workdir)
    wait_for_data(exporter)
    stop(exporter)
    connects = proxy.seen("CONNECT")
    assert connects and len(connects) == len(proxy.seen()), proxy.seen()
    for _, target, headers in connects:
        assert target == f"localhost:{front.port}", target
        assert headers.get("Proxy-Authorization", "").startswith("Basic "), headers
        assert "Authorization" not in headers, "Five9's credentials were sent to the proxy"
    inner = front.seen()
    assert inner, "nothing arrived through the tunnel"
    for _, _, headers in inner:
        assert headers.get("Authorization", "").startswith("Basic "), headers
        assert not headers.get("Proxy-Authorization"), "the proxy's credentials reached Five9"
    front.close()
    proxy.close()


def test_https_target_with_an_untrusted_certificate_fails_through_the_tunnel(env):
    workdir, _, front, endpoint = https_five9(env, "other-ca")
    proxy = ForwardProxy()
    exporter = env.start(env.config(workdir, f"    proxy_url: {proxy.url}\n",
                                    endpoint=endpoint), workdir)  # system CAs only
    wait_until(lambda: common.metric_sum(exporter.metrics(), "five9_exporter_api_calls_total",
                                         outcome="tls") >= 1, 60, "a TLS error")
    assert proxy.seen("CONNECT")
    assert not front.seen()  # no request was sent to an unverified server
    stop(exporter)
    front.close()
    proxy.close()


def test_environment_used_when_the_key_is_absent(env):
    proxy = ForwardProxy(credentials=f"{PROXY_USER}:{PROXY_PASSWORD}")
    workdir = env.exporter_dir()
    exporter = env.start(env.config(workdir), workdir, env={
        "HTTP_PROXY": f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}"})
    wait_for_data(exporter)
    stop(exporter)
    assert proxy.seen("POST")
    log = stderr_of(workdir)
    assert "from=env:HTTP_PROXY" in log, log[-2000:]
    assert PROXY_PASSWORD not in log
    proxy.close()


def test_no_proxy_and_an_empty_key_bypass_the_environment(env):
    proxy = ForwardProxy()
    for keys, variables in [("", {"NO_PROXY": "localhost, 127.0.0.1"}),
                            ('    proxy_url: ""\n', {})]:
        workdir = env.exporter_dir()
        exporter = env.start(env.config(workdir, keys), workdir,
                             env={"http_proxy": proxy.url, **variables})
        wait_for_data(exporter)
        stop(exporter)
        assert not proxy.seen(), (keys, variables, proxy.seen())
    proxy.close()


def test_unreachable_proxy_is_a_transport_error_naming_it(env):
    workdir = env.exporter_dir()
    dead = f"http://127.0.0.1:{harness.free_port()}"
    exporter = env.start(env.config(workdir, f"    proxy_url: {dead}\n"), workdir)
    wait_until(lambda: common.metric_sum(exporter.metrics(), "five9_exporter_api_calls_total",
                                         outcome="transport") >= 1, 60, "a transport error")
    wait_until(lambda: f"cannot connect to proxy {dead}" in stderr_of(workdir), 30,
               "the error naming the proxy")
    assert exporter.process.proc.poll() is None
    stop(exporter)


def test_check_config_locates_bad_proxy_urls(env):
    workdir = env.exporter_dir()
    path = os.path.join(workdir, "bad.yaml")
    with open(path, "w") as f:
        f.write(env.config(workdir, "    proxy_url: http://proxy.corp\n"))
    line = open(path).read().splitlines().index("    proxy_url: http://proxy.corp") + 1
    run = subprocess.run([env.exporter_bin, "--check-config", f"--config.file={path}"],
                         capture_output=True, text=True,
                         env=harness.environment_without_proxies())
    assert run.returncode != 0
    assert f"bad.yaml:{line}:16: domains[0].proxy_url: has no port" in run.stderr, run.stderr
    # An environment value is judged too, naming the variable, never its password.
    with open(path, "w") as f:
        f.write(env.config(workdir))
    run = subprocess.run([env.exporter_bin, "--check-config", f"--config.file={path}"],
                         capture_output=True, text=True, env=harness.environment_without_proxies(
                             http_proxy=f"socks5://u:{PROXY_PASSWORD}@proxy:1080"))
    assert run.returncode != 0
    assert "domains[0]: environment variable http_proxy has the unsupported scheme" in run.stderr, \
        run.stderr
    assert PROXY_PASSWORD not in run.stderr + run.stdout


if __name__ == "__main__":
    sys.exit(common.main(globals(), lambda build, _source: Env(build), "proxy_test.py"))
