#!/usr/bin/env python3
"""--web.config.file against the real exporter: TLS on every route, certificate rotation
without a restart, client certificates (RequireAndVerifyClientCert), bcrypt basic-auth
users on every route but the admin API (Bearer only), extra headers, and a bad file that
keeps the last good settings (warned and counted).

Usage: web_config_test.py BUILD_DIR SOURCE_DIR
"""
import http.client
import os
import socket
import ssl
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import harness, TOKEN  # noqa: E402
from harness import wait_until  # noqa: E402


class Env:
    def __init__(self, build_dir):
        self.workdir = tempfile.mkdtemp(prefix="five9-webconv-")
        sim_bin, self.exporter_bin = common.paths(build_dir)
        self.sim = harness.Sim(sim_bin, self.workdir, ["--window-scale", "0.02", "--seed", "3"])
        w = self.workdir
        self.ca1 = common.make_ca(w, "server-ca-1")
        self.ca2 = common.make_ca(w, "server-ca-2")
        self.client_ca = common.make_ca(w, "client-ca")
        self.other_ca = common.make_ca(w, "other-ca")
        self.server1 = common.make_cert(w, "server-1", self.ca1)
        self.server2 = common.make_cert(w, "server-2", self.ca2)
        self.client = common.make_cert(w, "client", self.client_ca, san="DNS:prometheus",
                                       usage="clientAuth")
        self.stranger = common.make_cert(w, "stranger", self.other_ca, san="DNS:stranger",
                                         usage="clientAuth")
        # The served files: rotation replaces their contents.
        self.cert = os.path.join(w, "tls.crt")
        self.key = os.path.join(w, "tls.key")
        self.install_server_cert(self.server1)
        self.password = "s3cret pass:with colon"
        self.hash = common.bcrypt_hash(self.password)
        self.web_config = os.path.join(w, "web.yml")
        self.write_web_config()
        config = common.exporter_config(self.sim, w)
        self.exporter = harness.Exporter(self.exporter_bin, w, config,
                                         [f"--web.config.file={self.web_config}"])
        self.port = int(self.exporter.address.rsplit(":", 1)[1])

    def install_server_cert(self, pair):
        common.replace_file(self.key, open(pair[1], "rb").read())
        common.replace_file(self.cert, open(pair[0], "rb").read())

    def write_web_config(self, client_auth="RequireAndVerifyClientCert", extra=""):
        common.replace_file(self.web_config, f"""tls_server_config:
  cert_file: tls.crt
  key_file: tls.key
  client_ca_file: client-ca.crt
  client_auth_type: {client_auth}
  min_version: TLS12
  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
http_server_config:
  headers:
    X-Frame-Options: deny
    X-Content-Type-Options: nosniff
basic_auth_users:
  prometheus: {self.hash}
{extra}""")

    def context(self, ca, client=None):
        ctx = ssl.create_default_context(cafile=ca[0])
        if client:
            ctx.load_cert_chain(client[0], client[1])
        return ctx

    def request(self, path, ca=None, client="default", headers=None, method="GET"):
        ca = ca or self.ca1
        client = self.client if client == "default" else client
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30,
                                           context=self.context(ca, client))
        try:
            conn.request(method, path, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def auth(self):
        return {"Authorization": common.basic("prometheus", self.password)}

    def metrics_text(self):
        status, _, body = self.request("/metrics", headers=self.auth())
        assert status == 200, status
        return body.decode()

    def counter(self, name, **labels):
        return common.metric_sum(self.metrics_text(), name, **labels)


def test_plain_http_is_refused(env):
    with socket.create_connection(("127.0.0.1", env.port), timeout=10) as s:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(100)
    assert not data.startswith(b"HTTP/1.1 200"), data


def test_basic_auth_on_every_route(env):
    for path in ["/metrics", "/-/healthy", "/-/ready", "/"]:
        status, headers, _ = env.request(path)
        assert status == 401, (path, status)
        assert headers.get("WWW-Authenticate", "").startswith("Basic"), headers
        status, _, _ = env.request(path, headers={"Authorization": common.basic("prometheus",
                                                                                "wrong")})
        assert status == 401, (path, status)
        status, _, _ = env.request(path, headers={"Authorization": common.basic("nobody",
                                                                                env.password)})
        assert status == 401, (path, status)
    status, _, body = env.request("/-/healthy", headers=env.auth())
    assert status == 200 and body == b"OK", (status, body)


def test_admin_api_takes_bearer_only(env):
    path = "/api/v1/domains/fast/session"
    status, _, _ = env.request(path, headers={"Authorization": "Bearer " + TOKEN})
    assert status in (200, 503), status  # 503 until the sim session is up; never 401
    status, _, _ = env.request(path, headers=env.auth())
    assert status == 401, status  # basic credentials are no admin token


def test_headers_added(env):
    status, headers, _ = env.request("/-/healthy", headers=env.auth())
    assert status == 200
    assert headers.get("X-Frame-Options") == "deny", headers
    assert headers.get("X-Content-Type-Options") == "nosniff", headers
    _, headers, _ = env.request("/metrics")  # the 401 carries them too
    assert headers.get("X-Frame-Options") == "deny", headers


def test_client_certificate_required_and_verified(env):
    for client in (None, env.stranger):
        try:
            status, _, _ = env.request("/-/healthy", client=client, headers=env.auth())
        except (ssl.SSLError, ConnectionError, OSError):
            continue
        raise AssertionError(f"handshake with client {client} should fail, got {status}")


def test_certificate_rotation_without_restart(env):
    pid = env.exporter.process.proc.pid
    before = env.counter("five9_exporter_web_config_reloads_total", result="success")
    env.install_server_cert(env.server2)

    def served_by_ca2():
        try:
            return env.request("/-/healthy", ca=env.ca2, headers=env.auth())[0] == 200
        except ssl.SSLError:
            return False
    wait_until(served_by_ca2, 30, "the rotated certificate on a new connection")
    try:
        env.request("/-/healthy", ca=env.ca1, headers=env.auth())
        raise AssertionError("the old certificate is still served")
    except ssl.SSLCertVerificationError:
        pass
    assert env.exporter.process.proc.pid == pid and env.exporter.process.proc.poll() is None
    env.ca1, env.server_now = env.ca2, env.server2
    after = env.counter("five9_exporter_web_config_reloads_total", result="success")
    assert after > before, (before, after)


def test_bad_file_keeps_last_good(env):
    failures = env.counter("five9_exporter_web_config_reloads_total", result="failure")
    common.replace_file(env.web_config, "tls_server_config: [not, a, mapping\n")
    # The next connection reads the broken file; the last good settings keep serving.
    status, _, _ = env.request("/-/healthy", headers=env.auth())
    assert status == 200, status
    status, _, _ = env.request("/metrics")
    assert status == 401, status  # basic auth still enforced
    wait_until(lambda: env.counter("five9_exporter_web_config_reloads_total",
                                   result="failure") > failures, 30, "failure counted")
    env.exporter.process.wait_for(r"level=warn msg=\"web config re-read failed", 30,
                                  stream="stderr")
    # A good file again: VerifyClientCertIfGiven lets a client without certificate in.
    env.write_web_config(client_auth="VerifyClientCertIfGiven")
    wait_until(lambda: env.request("/-/healthy", client=None, headers=env.auth())[0] == 200,
               30, "the corrected file in force")


def test_secrets_never_logged(env):
    text = open(os.path.join(env.workdir, "five9_exporter.err")).read()
    assert env.hash not in text and env.password not in text and TOKEN not in text


if __name__ == "__main__":
    sys.exit(common.main(globals(), lambda build, _source: Env(build), "web_config_test.py"))
