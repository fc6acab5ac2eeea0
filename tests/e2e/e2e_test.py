#!/usr/bin/env python3
"""End-to-end: five9_sim + five9_exporter + a real Prometheus on loopback.

Usage: e2e_test.py BUILD_DIR SOURCE_DIR
Two simulated domains run side by side:
- "fast": the guide's limit COUNTS with every window shrunk 50x (--window-scale 0.02), so
  start-up and recovery take seconds; most checks use it.
- "strict": the guide's real default limits and window lengths; the exporter must load in
  weight order without a single limit violation (checked over the test's whole run).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import wait_until, http, SkipTest  # noqa: E402

AGENTS, SKILLS = 40, 6
TOKEN = "e2e-admin-token-0123456789"
PSEUDONYM_KEY = "e2e-pseudonym-key-0123456789abcdef"


def parse_metrics(text):
    """Series line -> value (labels kept verbatim); HELP/TYPE lines skipped."""
    series = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        series[key] = float(value)
    return series


def values(series, name, **labels):
    out = []
    for key, value in series.items():
        if not (key == name or key.startswith(name + "{")):
            continue
        if all(f'{k}="{v}"' in key for k, v in labels.items()):
            out.append(value)
    return out


class Env:
    def __init__(self, build_dir, source_dir):
        self.build_dir, self.source_dir = build_dir, source_dir
        self.workdir = tempfile.mkdtemp(prefix="five9-e2e-")
        sim_bin = os.path.join(build_dir, "simulator", "five9_sim")
        self.exporter_bin = os.path.join(build_dir, "exporter", "five9_exporter")
        self.fast = harness.Sim(sim_bin, self.workdir, ["--window-scale", "0.02", "--agents",
                                                        str(AGENTS), "--skills", str(SKILLS),
                                                        "--seed", "7"])
        self.strict = harness.Sim(sim_bin, os.path.join(self.workdir), ["--agents", "10",
                                                                         "--seed", "8"],
                                  user="strict", password="strict-secret")
        harness.write_secret(self.workdir, "fast-password", self.fast.password)
        harness.write_secret(self.workdir, "strict-password", self.strict.password)
        harness.write_secret(self.workdir, "admin-token", TOKEN)
        harness.write_secret(self.workdir, "pseudonym-key", PSEUDONYM_KEY)
        self.config_text = f"""
admin:
  # The tests poll the admin API; the default 5/s, burst 20 would answer 429 (by design).
  rate_limit_per_second: 50
  rate_limit_burst: 200
  tokens:
    - name: e2e-bot
      token_file: admin-token
      roles: [read, campaigns, chat, monitoring, session]
domains:
  - name: fast
    endpoint: {self.fast.endpoint}
    username: {self.fast.user}
    password_file: fast-password
    max_long_poll: 1s
    chat_receive: true
  - name: strict
    endpoint: {self.strict.endpoint}
    username: {self.strict.user}
    password_file: strict-password
    # Agents of this domain are labelled by pseudonym (the dashboards must still work).
    agent_labels: pseudonym
    pseudonym_key_file: pseudonym-key
"""
        self.exporter = harness.Exporter(self.exporter_bin, self.workdir, self.config_text)
        self.prometheus = None

    def metrics(self):
        return parse_metrics(self.exporter.metrics())

    def admin(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + TOKEN}
        if body is not None:
            headers["Content-Type"] = "application/json"
        status, _, raw = http(method, f"{self.exporter.base}/api/v1/domains/fast{path}", body,
                              headers)
        return status, (json.loads(raw) if raw else None)

    def wait_fast_ready(self, timeout=120):
        def ready():
            got = values(self.metrics(), "five9_exporter_statistics_ready", domain="fast")
            return len(got) == 8 and all(v == 1 for v in got)
        wait_until(ready, timeout, "all eight fast tables ready")

    def counter(self, name, **labels):
        return sum(values(self.metrics(), name, **labels))


# ---- tests -----------------------------------------------------------------------------

def test_all_types_load(env):
    env.wait_fast_ready()
    assert env.metrics().get('five9_up{domain="fast"}') == 1


def test_promtool_accepts_exposition(env):
    promtool = shutil.which("promtool")
    if not promtool:
        raise SkipTest("promtool not installed")
    body = env.exporter.metrics()
    result = subprocess.run([promtool, "check", "metrics"], input=body.encode(),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_prometheus_sees_agents_skills_campaigns_limits(env):
    if not shutil.which("prometheus"):
        raise SkipTest("prometheus not installed")
    env.prometheus = harness.Prometheus(env.workdir, [env.exporter.address])
    p = env.prometheus

    def scalar(q):
        result = p.query(q)
        return float(result[0]["value"][1]) if result else None
    wait_until(lambda: scalar('count(five9_agent_state{domain="fast"})') == AGENTS, 60,
               "Prometheus to see every agent")
    assert scalar('count(count by (skill) (five9_acd_status_calls_in_queue{domain="fast"}))') == SKILLS
    campaigns = scalar('count(count by (campaign) (five9_campaign_state{domain="fast"}))')
    assert campaigns and campaigns >= 3, campaigns
    # Exactly one current state per campaign.
    assert scalar('sum(five9_campaign_state{domain="fast"})') == campaigns
    assert p.query('five9_domain_limit{domain="fast",operation="QueryStatistics"}')
    assert p.query('five9_domain_limit_used{domain="fast",operation="QueryChangedStatistics"}')
    assert p.query('five9_user_limit{domain="fast",kind="supervisor"}')
    assert p.query('five9_agent_statistics_total_calls{domain="fast"}')
    assert p.query('five9_exporter_build_info')


def test_value_change_reaches_prometheus(env):
    if not env.prometheus:
        raise SkipTest("needs Prometheus")
    skill = env.prometheus.query('five9_acd_status_calls_in_queue{domain="fast"}')[0]["metric"]["skill"]
    env.fast.control("set-value", {"type": "ACDStatus", "object": skill,
                                   "column": "Calls In Queue", "value": "4242"})
    wait_until(lambda: env.prometheus.query(
        f'five9_acd_status_calls_in_queue{{domain="fast",skill="{skill}"}} == 4242'), 60,
        "the changed value in Prometheus")


def test_deleted_agent_series_vanish(env):
    series = env.metrics()
    agent = re.search(r'five9_agent_state\{domain="fast",agent="([^"]+)"', "\n".join(series))
    assert agent, "no agent series"
    name = agent.group(1)
    env.fast.control("remove-agent", {"username": name})
    wait_until(lambda: not any(f'agent="{name}"' in k for k in env.metrics()), 60,
               "the removed agent's series to vanish from /metrics")
    if env.prometheus:
        wait_until(lambda: not env.prometheus.query(f'{{domain="fast",agent="{name}"}}'), 60,
                   "the removed agent's series to vanish from Prometheus")


def _recovers(env, inject, reloads_reason=None, outcome=None):
    before = env.counter("five9_exporter_full_reloads_total", domain="fast", reason=reloads_reason) \
        if reloads_reason else 0
    env.fast.control(*inject)
    if reloads_reason:
        wait_until(lambda: env.counter("five9_exporter_full_reloads_total", domain="fast",
                                       reason=reloads_reason) > before, 90,
                   f"a full reload with reason {reloads_reason}")
    if outcome:
        wait_until(lambda: env.counter("five9_exporter_api_calls_total", domain="fast",
                                       outcome=outcome) > 0, 90, f"outcome {outcome} counted")
    # Reloads after a new session are paced by the (shrunk) hour window of QueryStatistics:
    # up to ~72 s of waiting is the budget working, not a hang.
    env.wait_fast_ready(240)
    ok_before = env.counter("five9_exporter_api_calls_total", domain="fast",
                            method="getStatisticsUpdate", outcome="ok")
    wait_until(lambda: env.counter("five9_exporter_api_calls_total", domain="fast",
                                   method="getStatisticsUpdate", outcome="ok") > ok_before, 60,
               "delta polling to continue")


def test_configuration_change_adds_column(env):
    # Runs before the session-close test: a session reload in progress would load the new
    # column with getStatistics and no ConfigurationChangedFault would be seen.
    _recovers(env, ("add-disposition", {"name": "E2E Promo"}),
              reloads_reason="configuration_changed")
    wait_until(lambda: values(env.metrics(), "five9_agent_statistics_e2e_promo", domain="fast"),
               60, "the new disposition column on /metrics")


def test_recovers_from_unknown_timestamp(env):
    _recovers(env, ("inject", {"kind": "fault", "method": "getStatisticsUpdate",
                               "fault": "UnknownTimestampFault"}),
              reloads_reason="unknown_timestamp", outcome="UnknownTimestampFault")


def test_recovers_from_session_close(env):
    _recovers(env, ("close-session", {"user": env.fast.user, "reason": "e2e"}),
              reloads_reason="session", outcome="SessionClosedFault")


def test_recovers_from_http_500_and_broken_xml(env):
    _recovers(env, ("inject", {"kind": "http_status", "status": 500,
                               "method": "getStatisticsUpdate", "count": 2}),
              outcome="http_status")
    _recovers(env, ("inject", {"kind": "malformed", "method": "getStatisticsUpdate"}),
              outcome="malformed_response")
    _recovers(env, ("inject", {"kind": "truncated", "method": "getStatisticsUpdate"}))


def test_limit_fault_pauses_and_recovers(env):
    _recovers(env, ("inject", {"kind": "fault", "method": "getStatisticsUpdate",
                               "fault": "OperationsLimitExceededFault",
                               "fields": {"limit": "30", "operationType": "QueryChangedStatistics"}}),
              outcome="OperationsLimitExceededFault")


def test_outage_sets_up_to_zero_and_back(env):
    env.fast.control("outage", {"seconds": 4})
    wait_until(lambda: env.metrics().get('five9_up{domain="fast"}') == 0, 30, "five9_up 0")
    # Scrapes keep serving the last data during the outage.
    assert values(env.metrics(), "five9_agent_state", domain="fast")
    wait_until(lambda: env.metrics().get('five9_up{domain="fast"}') == 1, 90, "five9_up 1")
    env.wait_fast_ready()


def test_admin_campaign_actions(env):
    status, body = env.admin("GET", "/campaigns")
    assert status == 200, (status, body)
    text = json.dumps(body)
    state = env.fast.state()["campaigns"]
    stopped = [n for n, c in state.items() if c.get("state") == "NOT_RUNNING"
               and c.get("type") in ("OUTBOUND", "AUTODIAL")]
    running = [n for n, c in state.items() if c.get("state") == "RUNNING"]
    assert any(n in text for n in state), text[:300]
    if running:
        status, body = env.admin("POST", f"/campaigns/{urlquote(running[0])}/start")
        assert status == 409, (status, body)
    if stopped:
        status, body = env.admin("POST", f"/campaigns/{urlquote(stopped[0])}/start")
        assert status == 200, (status, body)
        wait_until(lambda: env.fast.state()["campaigns"][stopped[0]]["state"] in
                   ("STARTING", "RUNNING"), 30, "the campaign to start in the simulator")
    status, body = env.admin("POST", "/campaigns/No%20Such%20Campaign/start")
    assert status == 404, (status, body)
    status, _, _ = http("GET", f"{env.exporter.base}/api/v1/domains/fast/campaigns")
    assert status == 401
    status, body = env.admin("GET", "/limits")
    assert status == 200, (status, body)


def test_admin_chat_round_trip(env):
    status, body = env.admin("GET", "/users/logged-in")
    assert status == 200, (status, body)
    agents = [u for u in body["users"] if u.get("role") == "Agent"]
    assert agents, body
    status, body = env.admin("POST", "/chats")
    assert status == 200, (status, body)
    chat = body["chatId"]
    status, body = env.admin("POST", f"/chats/{urlquote(chat)}/invites",
                             {"role": "Agent", "userId": agents[0]["userId"]})
    assert status == 200, (status, body)
    status, body = env.admin("POST", f"/chats/{urlquote(chat)}/messages",
                             {"text": 'Queue <building> & "busy"'})
    assert status == 200, (status, body)

    def agent_answered():
        status, body = env.admin("GET", "/chat-messages?since=0")
        assert status == 200, (status, body)
        return [m for m in body["messages"] if m.get("chatId") == chat
                and m.get("type") == "CHAT" and (m.get("from") or {}).get("role") == "Agent"]
    wait_until(agent_answered, 60, "the simulated agent's answer in /chat-messages")
    status, body = env.admin("DELETE", f"/chats/{urlquote(chat)}")
    assert status == 200, (status, body)
    status, body = env.admin("POST", f"/chats/{urlquote(chat)}/messages", {"text": "late"})
    assert status == 502, (status, body)  # ChatFault from Five9: the chat is closed


def test_admin_monitoring(env):
    agent = re.search(r'five9_agent_state\{domain="fast",agent="([^"]+)"',
                      "\n".join(env.metrics())).group(1)
    path = f"/agents/{urlquote(agent)}/monitoring"
    status, body = env.admin("POST", path, {"mode": "Silence"})
    assert status == 409, (status, body)  # StationNotLoggedInFault
    status, body = env.admin("POST", "/station/login", {"stationName": "e2e-station"})
    assert status == 200, (status, body)
    status, body = env.admin("POST", path, {"mode": "Silence"})
    assert status == 200, (status, body)
    status, body = env.admin("GET", f"/agents/{urlquote(agent)}/supervisors")
    assert status == 200 and "Silence" in json.dumps(body), (status, body)
    status, body = env.admin("DELETE", path)
    assert status == 200, (status, body)
    status, body = env.admin("POST", path, {"mode": "Shouting"})
    assert status == 400, (status, body)
    status, body = env.admin("POST", "/agents/nobody.here/monitoring", {"mode": "Silence"})
    assert status == 404, (status, body)


def urlquote(s):
    import urllib.parse
    return urllib.parse.quote(s, safe="")


def test_dashboard_queries_return_data(env):
    if not env.prometheus:
        raise SkipTest("needs Prometheus")
    script = os.path.join(env.source_dir, "tests", "dashboards", "queries_return_data.sh")
    result = subprocess.run([script, env.prometheus.url, "--wait", "60"], capture_output=True,
                            timeout=400, text=True)
    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_agents_dashboard_works_with_pseudonyms(env):
    # The strict domain uses agent_labels: pseudonym. The agents dashboard, filtered to it,
    # still shows its agents, each under a 16-hex-digit pseudonym and never a username.
    if not env.prometheus:
        raise SkipTest("needs Prometheus")
    sys.path.insert(0, os.path.join(env.source_dir, "tests", "dashboards"))
    import promql_sources as src
    path = os.path.join(env.source_dir, "dashboards", "five9-agents.json")
    with open(path) as f:
        variables = {v["name"]: ".+" for v in json.load(f)["templating"]["list"]}
    variables.update(datasource="prometheus", domain="strict")
    exprs = [src.substitute(e.raw, variables) for e in src.dashboard_expressions(path)
             if e.kind == "panel" and "five9_agent_state" in e.raw and "$domain" in e.raw]
    assert exprs, "the agents dashboard has no five9_agent_state panel"

    raw = wait_until(lambda: env.prometheus.query('five9_agent_state{domain="strict"}'), 240,
                     "the pseudonymised domain's agents in Prometheus")

    def per_agent():
        return [r for e in exprs for r in env.prometheus.query(e) if "agent" in r["metric"]]
    results = wait_until(per_agent, 60, "a per-agent agents-dashboard query for the domain")
    labels = [r["metric"]["agent"] for r in results + raw]
    assert all(re.fullmatch(r"[0-9a-f]{16}", a) for a in labels), labels[:5]
    assert not env.prometheus.query('five9_agent_info{domain="strict"}'), "pseudonym implies no info"


def test_reload_refuses_bad_config(env):
    with open(env.exporter.config_path, "w") as f:
        f.write("domains: [ {name: broken\n")
    env.exporter.process.proc.send_signal(signal.SIGHUP)
    env.exporter.process.wait_for(r"reload refused", 30, stream="stderr")
    assert env.exporter.process.proc.poll() is None
    assert values(env.metrics(), "five9_agent_state", domain="fast")
    # A good reload: a second, read-only token starts working without a restart.
    reader = "e2e-reader-token-9876543210"
    harness.write_secret(env.workdir, "reader-token", reader)
    with open(env.exporter.config_path, "w") as f:
        f.write(env.config_text.replace("domains:", """    - name: e2e-reader
      token_file: reader-token
      roles: [read]
domains:""", 1))
    env.exporter.process.proc.send_signal(signal.SIGHUP)
    env.exporter.process.wait_for(r"configuration reloaded", 30, stream="stderr")
    headers = {"Authorization": "Bearer " + reader}
    base = f"{env.exporter.base}/api/v1/domains/fast"
    assert http("GET", base + "/campaigns", headers=headers)[0] == 200
    assert http("POST", base + "/campaigns/x/stop", headers=headers)[0] == 403


def test_strict_limits_never_violated(env):
    # The strict domain runs at Five9's real default limits for the whole test run.
    state = env.strict.state()
    assert state["limits"]["violations"] == 0, state["limits"]
    ready = values(env.metrics(), "five9_exporter_statistics_ready", domain="strict")
    assert ready and ready.count(1) >= 1, "no strict table loaded yet"
    fast = env.fast.state()["limits"]
    assert fast["violations"] == 0, fast


def test_sigterm_closes_sessions(env):
    code = env.exporter.process.stop(timeout=30)
    assert code == 0, code
    calls = env.fast.state()["calls"]
    assert calls.get("closeSession", 0) >= 1, calls
    assert env.strict.state()["calls"].get("closeSession", 0) >= 1


def main():
    if len(sys.argv) != 3:
        print("usage: e2e_test.py BUILD_DIR SOURCE_DIR", file=sys.stderr)
        return 2
    results = harness.Results()
    env = Env(sys.argv[1], sys.argv[2])
    print(f"workdir {env.workdir}", flush=True)
    for name, fn in [(n, f) for n, f in globals().items() if n.startswith("test_")]:
        results.run(name, fn, env)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
