#!/usr/bin/env python3
"""The admin audit sink against the real exporter: admin.audit_log to a file at
--log.level=error, one JSON line per admin request with the SPEC's fields, refused ones
(401, 403, 429) included; failed authentications throttled per address (429) and counted;
the file reopened on SIGHUP after a logrotate-style rename.

Usage: audit_test.py BUILD_DIR SOURCE_DIR
"""
import json
import os
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import harness, TOKEN  # noqa: E402
from harness import http, wait_until  # noqa: E402

READER_TOKEN = "webconv-reader-token-0123456789"
FIELDS = {"time", "token", "remote", "method", "route", "action", "domain", "target", "status",
          "outcome", "fault"}


class Env:
    def __init__(self, build_dir):
        self.workdir = tempfile.mkdtemp(prefix="five9-webconv-audit-")
        sim_bin, exporter_bin = common.paths(build_dir)
        self.sim = harness.Sim(sim_bin, self.workdir, ["--window-scale", "0.02", "--seed", "4"])
        harness.write_secret(self.workdir, "reader-token", READER_TOKEN)
        self.audit = os.path.join(self.workdir, "audit.log")
        config = common.exporter_config(self.sim, self.workdir)
        config = config.replace("  tokens:\n", f"""  audit_log: {self.audit}
  tokens:
    - name: wallboard
      token_file: reader-token
      roles: [read]
""", 1)
        # At --log.level=error the exporter prints no "listening" line: pick the port here.
        config_path = os.path.join(self.workdir, "exporter.yaml")
        with open(config_path, "w") as f:
            f.write(config)
        port = harness.free_port()
        self.process = harness.Process("five9_exporter", [
            exporter_bin, f"--config.file={config_path}",
            f"--web.listen-address=127.0.0.1:{port}", "--log.level=error"], self.workdir)
        self.root = f"http://127.0.0.1:{port}"
        wait_until(lambda: http("GET", self.root + "/-/healthy")[0] == 200, 30,
                   "the exporter to serve")
        self.base = self.root + "/api/v1/domains/fast"

    def admin(self, method, path, token=TOKEN, body=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return http(method, self.base + path, body, headers)

    def lines(self, path=None):
        try:
            with open(path or self.audit) as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def counter(self, name, **labels):
        _, _, body = http("GET", self.root + "/metrics")
        return common.metric_sum(body.decode(), name, **labels)


def test_every_request_one_line_whatever_the_level(env):
    before = len(env.lines())
    status, _, _ = env.admin("GET", "/session")
    assert status in (200, 503), status
    assert env.admin("POST", "/campaigns/Summer/start", token=READER_TOKEN)[0] == 403
    assert env.admin("GET", "/session", token="not-a-token")[0] == 401
    lines = env.lines()[before:]
    assert len(lines) == 3, lines
    for line in lines:
        assert set(line) == FIELDS, line
        assert line["remote"] == "127.0.0.1", line
        assert line["time"].endswith("Z"), line
    assert lines[0]["token"] == "webconv-bot" and lines[0]["action"] == "session_get", lines[0]
    assert lines[0]["route"] == "/api/v1/domains/{domain}/session", lines[0]
    assert lines[1]["status"] == 403 and lines[1]["token"] == "wallboard", lines[1]
    assert lines[1]["target"] == "Summer" or lines[1]["target"] == "", lines[1]
    assert lines[1]["outcome"] == "forbidden", lines[1]
    assert lines[2]["status"] == 401 and lines[2]["token"] == "", lines[2]
    text = open(env.audit).read()
    assert TOKEN not in text and READER_TOKEN not in text and "not-a-token" not in text
    # Nothing about admin requests in the process log at --log.level=error.
    err = open(os.path.join(env.workdir, "five9_exporter.err")).read()
    assert "admin request" not in err and '"action"' not in err, err[-500:]


def test_failed_authentications_throttled_and_counted(env):
    unknown = env.counter("five9_exporter_admin_auth_failures_total", reason="unknown")
    statuses = [env.admin("GET", "/session", token=f"guess-{i}")[0] for i in range(12)]
    assert 429 in statuses, statuses
    first = statuses.index(429)
    assert all(s == 401 for s in statuses[:first]) and first <= 10, statuses
    status, headers, body = env.admin("GET", "/session")  # the right token, same address
    assert status == 429, status
    assert int(headers["Retry-After"]) >= 1, headers
    assert json.loads(body)["error"]["code"] == "auth_throttled", body
    assert env.lines()[-1]["status"] == 429, env.lines()[-1]
    assert env.lines()[-1]["outcome"] == "auth_throttled", env.lines()[-1]
    assert env.counter("five9_exporter_admin_auth_failures_total", reason="unknown") > unknown
    assert env.counter("five9_exporter_admin_auth_failures_total", reason="throttled") >= 2


def test_reopened_on_sighup(env):
    rotated = env.audit + ".1"
    os.rename(env.audit, rotated)
    count = len(env.lines(rotated))
    env.admin("GET", "/session", token="")  # still throttled or 401: audited either way
    assert len(env.lines(rotated)) == count + 1
    env.process.proc.send_signal(signal.SIGHUP)
    wait_until(lambda: os.path.exists(env.audit), 30, "the audit file recreated on SIGHUP")
    env.admin("GET", "/session", token="")
    wait_until(lambda: len(env.lines()) >= 1, 10, "a line in the new file")
    assert len(env.lines(rotated)) == count + 1
    assert oct(os.stat(env.audit).st_mode & 0o777) == "0o600"


if __name__ == "__main__":
    sys.exit(common.main(globals(), lambda build, _source: Env(build), "audit_test.py"))
