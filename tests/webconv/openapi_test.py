#!/usr/bin/env python3
"""The admin API's OpenAPI document against the real exporter and five9_sim:
GET /api/v1/openapi.yaml serves the source file without a token; @redocly/cli lints it clean
(recommended-strict); every answer the admin API gives in this run (successes and errors,
every route) validates against the document's schemas (ajv, validate_responses.mjs).

Usage: openapi_test.py BUILD_DIR SOURCE_DIR   (NPM_DIR from the environment: node_modules)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import harness, TOKEN  # noqa: E402
from harness import http, wait_until  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
READER_TOKEN = "webconv-reader-token-0123456789"
PREFIX = "/api/v1/domains/{domain}/"


def q(text):
    return urllib.parse.quote(text, safe="")


class Env:
    def __init__(self, build_dir, source_dir):
        self.source_dir = source_dir
        self.npm_dir = os.environ.get("NPM_DIR")
        if not self.npm_dir or not os.path.isdir(os.path.join(self.npm_dir, "node_modules")):
            raise common.SkipTest("no node_modules (check_openapi.sh prepares them)")
        self.workdir = tempfile.mkdtemp(prefix="five9-webconv-openapi-")
        sim_bin, exporter_bin = common.paths(build_dir)
        self.sim = harness.Sim(sim_bin, self.workdir, ["--window-scale", "0.02", "--seed", "5",
                                                       "--agents", "12"])
        harness.write_secret(self.workdir, "reader-token", READER_TOKEN)
        config = common.exporter_config(self.sim, self.workdir).replace(
            "  tokens:\n", """  tokens:
    - name: wallboard
      token_file: reader-token
      roles: [read]
""", 1).replace("    max_long_poll: 1s\n", "    max_long_poll: 1s\n    chat_receive: true\n")
        self.exporter = harness.Exporter(exporter_bin, self.workdir, config)
        self.answers = []

    def call(self, method, template, path=None, body=None, token=TOKEN, domain="fast"):
        """Calls `template` (a document path) with `path` filled in; records the answer."""
        url_path = (path or template).replace("{domain}", q(domain))
        headers = {"Authorization": "Bearer " + token} if token else {}
        raw = None
        if body is not None:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        status, _, data = http(method, self.exporter.base + url_path, raw, headers)
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data.decode(errors="replace")
        self.answers.append({"method": method.lower(), "path": template, "status": status,
                             "body": parsed})
        return status, parsed


def test_document_served_without_token(env):
    status, headers, body = http("GET", env.exporter.base + "/api/v1/openapi.yaml")
    assert status == 200, status
    assert "yaml" in headers.get("Content-Type", ""), headers
    source = open(os.path.join(env.source_dir, "exporter", "web", "openapi.yaml"), "rb").read()
    assert body == source, "the served document differs from exporter/web/openapi.yaml"
    env.served = os.path.join(env.workdir, "openapi.yaml")
    with open(env.served, "wb") as f:
        f.write(body)
    env.answers.append({"method": "get", "path": "/api/v1/openapi.yaml", "status": 200,
                        "body": body.decode()})
    # Other methods are no operation of the document: checked here, not recorded.
    status, headers, _ = http("POST", env.exporter.base + "/api/v1/openapi.yaml", b"{}",
                              {"Content-Type": "application/json"})
    assert status == 405 and headers.get("Allow") == "GET", (status, headers)


def test_redocly_lints_clean(env):
    redocly = os.path.join(env.npm_dir, "node_modules", ".bin", "redocly")
    run = subprocess.run([redocly, "lint", env.served, "--config",
                          os.path.join(HERE, "redocly.yaml")], capture_output=True, text=True,
                         env={**os.environ, "REDOCLY_TELEMETRY": "off",
                              "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0 and "valid" in out, out[-3000:]
    assert not re.search(r"\bwarnings?\b", out.split("validating")[-1]), out[-3000:]


def test_exercise_every_route(env):
    wait_until(lambda: env.call("GET", PREFIX + "campaigns")[0] == 200, 120,
               "the campaign table")
    p = PREFIX
    env.call("GET", p + "campaigns", token="")                               # 401
    env.call("GET", p + "campaigns", token="wrong-token")                    # 401
    env.call("GET", p + "campaigns", domain="nope")                          # 404 domain
    env.call("POST", p + "campaigns/{name}/start", p + "campaigns/x/start",
             token=READER_TOKEN)                                             # 403
    state = env.sim.state()["campaigns"]
    stopped = [n for n, c in state.items() if c.get("state") == "NOT_RUNNING"
               and c.get("type") in ("OUTBOUND", "AUTODIAL")]
    running = [n for n, c in state.items() if c.get("state") == "RUNNING"]
    for name in (running[:1] + stopped[:1] + ["No Such Campaign"]):
        env.call("POST", p + "campaigns/{name}/start", p + f"campaigns/{q(name)}/start")
    for action in ("stop", "force-stop", "reset"):
        for name in stopped[:1] + running[:1]:
            env.call("POST", p + "campaigns/{name}/" + action, p + f"campaigns/{q(name)}/{action}")
    name = (stopped or running)[0]
    env.call("POST", p + "campaigns/{name}/reset-dispositions",
             p + f"campaigns/{q(name)}/reset-dispositions",
             {"dispositions": ["No Answer"], "after": "2026-11-01T00:00:00Z"})
    env.call("POST", p + "campaigns/{name}/reset-dispositions",
             p + f"campaigns/{q(name)}/reset-dispositions", {"dispositions": []})  # 400
    env.call("POST", p + "campaigns/{name}/reset-dispositions",
             p + f"campaigns/{q(name)}/reset-dispositions", b"{not json")        # 400
    env.call("GET", p + "dispositions")
    for route in ("users/logged-in", "me/skills", "me/groups", "me/permissions", "user-limits",
                  "limits", "session"):
        env.call("GET", p + route)
    status, users = env.call("GET", p + "users/logged-in")
    agents = [u for u in (users or {}).get("users", []) if u.get("role") == "Agent"]
    for wire in ("AgentState", "ACDStatus", "CampaignState", "AgentStatistics", "Bogus"):
        env.call("GET", p + "statistics/{type}", p + f"statistics/{wire}")
    status, session = env.call("GET", p + "session")
    if status == 200:
        env.call("PUT", p + "session", body={"viewSettings": session["viewSettings"]})
    env.call("PUT", p + "session", body={"viewSettings": {"shiftStart": "8am"}})  # 400
    # Chat
    status, created = env.call("POST", p + "chats")
    chat = created["chatId"] if status == 200 else "chat-missing"
    c = p + f"chats/{q(chat)}"
    if agents:
        env.call("POST", p + "chats/{id}/invites", c + "/invites",
                 {"role": "Agent", "userId": agents[0]["userId"]})
    env.call("POST", p + "chats/{id}/messages", c + "/messages", {"text": "Queue <building>"})
    env.call("POST", p + "chats/{id}/accept", c + "/accept", {"accepted": True})
    env.call("GET", p + "chat-messages", p + "chat-messages?since=0")
    env.call("GET", p + "chat-messages", p + "chat-messages?since=x")                  # 400
    if agents:
        env.call("DELETE", p + "chats/{id}/participants/{role}/{userId}",
                 c + f"/participants/Agent/{agents[0]['userId']}")
    env.call("DELETE", p + "chats/{id}", c)
    env.call("POST", p + "chats/{id}/messages", c + "/messages", {"text": "late"})      # 502
    env.call("POST", p + "broadcasts", body={"type": "ALL", "text": "All hands"})
    env.call("POST", p + "broadcasts", body={"type": "LOUD", "text": "x"})              # 400
    if agents:
        env.call("POST", p + "info-messages",
                 body={"role": "Agent", "userId": agents[0]["userId"], "text": "Break"})
    # Station and monitoring
    agent = agents[0]["name"] if agents else "nobody.here"
    a = p + f"agents/{q(agent)}"
    env.call("POST", p + "agents/{agent}/monitoring", a + "/monitoring", {"mode": "Silence"})
    env.call("POST", p + "station/login", body={"stationName": "openapi-station"})
    env.call("POST", p + "station/reconnect")
    env.call("POST", p + "agents/{agent}/monitoring", a + "/monitoring", {"mode": "Silence"})
    env.call("GET", p + "agents/{agent}/supervisors", a + "/supervisors")
    env.call("DELETE", p + "agents/{agent}/monitoring", a + "/monitoring")
    env.call("POST", p + "agents/{agent}/monitoring", a + "/monitoring", {"mode": "Shouting"})
    env.call("POST", p + "agents/{agent}/monitoring", p + "agents/nobody.here/monitoring",
             {"mode": "Silence"})
    statuses = sorted({a["status"] for a in env.answers})
    assert {200, 400, 401, 403, 404}.issubset(statuses), statuses
    print(f"    {len(env.answers)} answers, statuses {statuses}", flush=True)


def test_every_answer_validates(env):
    answers = os.path.join(env.workdir, "answers.json")
    with open(answers, "w") as f:
        json.dump(env.answers, f, indent=1)
    script = os.path.join(env.npm_dir, "validate_responses.mjs")
    with open(os.path.join(HERE, "validate_responses.mjs")) as src, open(script, "w") as dst:
        dst.write(src.read())  # node resolves packages from the script's folder
    run = subprocess.run(["node", script, env.served, answers], capture_output=True, text=True,
                         timeout=300)
    print("    " + run.stdout.strip().replace("\n", "\n    "), flush=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


if __name__ == "__main__":
    sys.exit(common.main(globals(), Env, "openapi_test.py"))
