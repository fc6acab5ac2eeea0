#!/usr/bin/env python3
"""High availability across processes: a fake Kubernetes API server (fake_kube_api.py), two
or three real five9_exporter replicas and five9_sim, the replicas sharing one Five9 user.

Usage: ha_test.py BUILD_DIR SOURCE_DIR
Timings: lease_duration 6s, renew_deadline 3s, retry_period 1s (margin 3s >= 2s).
Every wait polls with a deadline; the measured figures are printed ("figure ...").
Checks (SPEC "High availability and scale-out on Kubernetes"):
- exactly one leader; the standby is ready and serves no data series of the domain;
- SIGTERM of the leader: Lease released (holder cleared), no closeSession, the standby
  leads within retry_period (+ scheduling slack, printed);
- a replica restarted after a failover stays standby;
- kill -9 of the leader: takeover within lease_duration + retry_period;
- either takeover is warm: zero QueryStatistics calls (setSessionParameters, getStatistics,
  getColumnNames), every type served on the new leader's first scrape, and a value changed
  in Five9 just before the handover shown;
- API server down: the leader's fence closes within renew_deadline, no Five9 call follows;
  leadership returns with the API server;
- three replicas, three domains, max_domains 1: one domain each;
- over the whole run the simulator saw no concurrent request of a user and no limit
  violation.
"""
import json
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness  # noqa: E402
from harness import parse_metrics, values, wait_until, http  # noqa: E402

LEASE, RENEW, RETRY = 6.0, 3.0, 1.0
# The machine is shared and loaded: allowance for process scheduling in the measured
# figures (the figures themselves are printed exactly).
SLACK = 1.5
NS = "monitoring"
KUBE_TOKEN = "kube-token-for-tests"
PEER_TOKEN = "peer-token-for-tests-0123456789"
QUERY_STATISTICS = ("setSessionParameters", "getStatistics", "getColumnNames")
STATISTIC_TYPES = 8


class KubeApi:
    def __init__(self, workdir, source_dir):
        script = os.path.join(source_dir, "tests", "ha", "fake_kube_api.py")
        self.process = harness.Process("fake_kube_api", [sys.executable, script, "--token",
                                                         KUBE_TOKEN], workdir)
        m = self.process.wait_for(r"listening on (\S+)", 30)
        self.base = f"http://{m.group(1)}"

    def control(self, action, args=None, method="POST"):
        status, _, body = http(method, f"{self.base}/control/{action}",
                               args if method == "POST" else None)
        assert status == 200, (action, status, body[:200])
        return json.loads(body)

    def holder(self, lease):
        leases = self.control("leases", method="GET")
        doc = leases.get(f"{NS}/{lease}")
        return ((doc or {}).get("spec") or {}).get("holderIdentity") or ""

    def history(self, lease):
        return [h for h in self.control("history", method="GET") if h["lease"] == f"{NS}/{lease}"]


class Replica:
    """One five9_exporter process with its own config and identity."""

    def __init__(self, env, name, identity, domains, max_domains=0):
        self.name, self.identity = name, identity
        path = os.path.join(env.workdir, f"{name}.yaml")
        lines = [
            "high_availability:",
            "  kubernetes:",
            f"    api_server: {env.kube.base}",
            f"    namespace: {NS}",
            f"    token_file: {env.kube_token_file}",
            "    ca_file: \"\"",
            f"    identity: {identity}",
            f"    lease_duration: {int(LEASE)}s",
            f"    renew_deadline: {int(RENEW)}s",
            f"    retry_period: {int(RETRY)}s",
            f"  max_domains: {max_domains}",
            f"  peer_token_file: {env.peer_token_file}",
            "domains:",
        ]
        for domain, user, share in domains:
            lines += [f"  - name: {domain}",
                      f"    endpoint: {env.sims[domain].endpoint}",
                      f"    username: {user}",
                      f"    password_file: {env.password_file}",
                      f"    budget_share: {share}",
                      "    max_long_poll: 1s"]
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        process_env = dict(os.environ, POD_IP="127.0.0.1")
        self.process = harness.Process(name, [env.exporter_bin, f"--config.file={path}",
                                              "--web.listen-address=127.0.0.1:0"],
                                       env.workdir, env=process_env)
        m = self.process.wait_for(r"msg=listening address=(\S+) version=", 30, stream="stderr")
        self.base = f"http://{m.group(1)}"

    def metrics(self):
        status, _, body = http("GET", self.base + "/metrics")
        assert status == 200, status
        return parse_metrics(body.decode())

    def leader_gauge(self, domain):
        return self.metrics().get(f'five9_exporter_leader{{domain="{domain}"}}')

    def alive(self):
        return self.process.proc.poll() is None

    def ready_types(self, series):
        return [v for v in values(series, "five9_exporter_statistics_ready", domain="acme")
                if v == 1]

    def skill(self):
        for key in self.metrics():
            if key.startswith("five9_acd_status_calls_in_queue{") and 'domain="acme"' in key:
                return key.split('skill="', 1)[1].split('"', 1)[0]
        raise AssertionError(f"{self.identity} serves no ACDStatus series")

    def marker(self, skill):
        got = [v for k, v in self.metrics().items()
               if k.startswith("five9_acd_status_calls_in_queue{") and f'skill="{skill}"' in k]
        return got[0] if got else None


class Env:
    def __init__(self, build_dir, source_dir):
        self.workdir = tempfile.mkdtemp(prefix="five9-ha-")
        self.exporter_bin = os.path.join(build_dir, "exporter", "five9_exporter")
        sim_bin = os.path.join(build_dir, "simulator", "five9_sim")
        self.kube = KubeApi(self.workdir, source_dir)
        # One Five9 user shared by every replica (the case HA exists for); two more
        # simulated domains (their own limits) for scale-out. Windows shrunk 50x so loads
        # take seconds.
        args = ["--window-scale", "0.02", "--agents", "20", "--skills", "4"]
        self.sim = harness.Sim(sim_bin, self.workdir, args + ["--seed", "11"])
        self.sims = {"acme": self.sim}
        for i, domain in enumerate(("beta", "gamma")):
            os.makedirs(os.path.join(self.workdir, domain), exist_ok=True)
            self.sims[domain] = harness.Sim(sim_bin, os.path.join(self.workdir, domain),
                                            args + ["--seed", str(12 + i)])
        self.kube_token_file = harness.write_secret(self.workdir, "kube-token", KUBE_TOKEN)
        self.peer_token_file = harness.write_secret(self.workdir, "peer-token", PEER_TOKEN)
        self.password_file = harness.write_secret(self.workdir, "password", self.sim.password)
        self.replicas = {}

    def start(self, name, identity, domains=(("acme", "e2e", 0.8),), max_domains=0):
        replica = Replica(self, name, identity, list(domains), max_domains)
        self.replicas[identity] = replica
        return replica

    def sim_calls(self):
        return dict(self.sim.state()["calls"])

    def query_statistics(self):
        calls = self.sim_calls()
        return sum(calls.get(m, 0) for m in QUERY_STATISTICS)

    def set_marker(self, skill, value):
        """A change in Five9 (the simulator) the leader has not necessarily polled yet."""
        self.sim.control("set-value", {"type": "ACDStatus", "object": skill,
                                       "column": "Calls In Queue", "value": str(value)})


def lease_name(domain):
    return f"five9-exporter-{domain}"


def wait_leader(env, domain, timeout, exclude=""):
    def check():
        holder = env.kube.holder(lease_name(domain))
        if holder and holder != exclude and holder in env.replicas:
            replica = env.replicas[holder]
            if replica.alive() and replica.leader_gauge(domain) == 1:
                return replica
        return None
    return wait_until(check, timeout, f"a leader of {domain}")


def holder_change_time(env, domain, holder, after):
    """Monotonic time at which the fake API server saw `holder` take the Lease."""
    for h in env.kube.history(lease_name(domain)):
        if h["holder"] == holder and h["t"] >= after:
            return h["t"]
    return None


def wait_mirrored(standby):
    """Until the standby's status page shows an age for its mirror of the leader's state."""
    def mirrored():
        page = http("GET", standby.base + "/")[2].decode()
        row = next((line for line in page.splitlines() if "<td>acme</td>" in line), "")
        return "standby" in row and " s</td>" in row.split("</td><td>")[4] + "</td>"
    wait_until(mirrored, 60, f"{standby.identity}'s mirror of the leader's state")


def prepare_handover(env, leader, marker):
    """Waits until the leader serves every type, then changes a value in Five9 just before
    the handover. Returns what check_warm_takeover compares against."""
    wait_until(lambda: len(leader.ready_types(leader.metrics())) == STATISTIC_TYPES, 120,
               "every type ready on the leader")
    for standby in env.replicas.values():
        if standby is not leader and standby.alive():
            wait_mirrored(standby)
    skill = leader.skill()
    env.set_marker(skill, marker)
    return {"skill": skill, "marker": marker, "query_statistics": env.query_statistics()}


def check_warm_takeover(env, new, before, what):
    """The new leader resumed: every type on its first scrape as leader, the change made just
    before the handover shown, and not one QueryStatistics call spent on the takeover."""
    first = new.metrics()
    ready = len(new.ready_types(first))
    assert ready == STATISTIC_TYPES, f"{what}: {ready} of {STATISTIC_TYPES} types on the first scrape"
    t0 = time.monotonic()
    wait_until(lambda: new.marker(before["skill"]) == before["marker"], 60,
               f"{what}: the change made just before the handover")
    shown = time.monotonic() - t0
    spent = env.query_statistics() - before["query_statistics"]
    assert spent == 0, f"{what}: {spent} QueryStatistics calls for the takeover"
    print(f"figure {what}: {ready} types on the new leader's first scrape, the last change "
          f"shown {shown:.3f}s later, 0 QueryStatistics calls", flush=True)


def test_exactly_one_leader(env):
    a = env.start("replica-a", "a-1")
    b = env.start("replica-b", "b-1")
    leader = wait_leader(env, "acme", 60)
    standby = b if leader is a else a
    wait_until(lambda: http("GET", leader.base + "/-/ready")[0] == 200, 120, "leader ready")
    assert standby.leader_gauge("acme") == 0, standby.leader_gauge("acme")
    status, _, _ = http("GET", standby.base + "/-/ready")
    assert status == 200, f"standby /-/ready {status}"
    leader_series = leader.metrics()
    assert leader_series.get('five9_up{domain="acme"}') == 1, "leader serves the domain"
    for key in standby.metrics():
        if 'domain="acme"' in key:
            assert key.startswith("five9_exporter_leader"), f"standby serves {key}"
    # Status page shows who leads.
    status, _, page = http("GET", standby.base + "/")
    assert status == 200 and leader.identity.encode() in page and b"standby" in page
    # /-/state needs the peer token.
    status, _, _ = http("GET", leader.base + "/-/state/acme")
    assert status == 401, status
    print(f"figure leader={leader.identity} standby={standby.identity}", flush=True)


def test_state_served_to_peers(env):
    leader = wait_leader(env, "acme", 30)
    standby = next(r for r in env.replicas.values() if r is not leader and r.alive())
    auth = {"Authorization": "Bearer " + PEER_TOKEN}
    # The leader's checkpoint appears within a checkpoint interval once tables are loaded.
    def fetched():
        status, headers, body = http("GET", leader.base + "/-/state/acme", headers=auth)
        return (headers, body) if status == 200 else None
    headers, body = wait_until(fetched, 60, "the leader's state")
    etag = headers.get("ETag")
    assert body.startswith(b"F9XCKPT\n"), body[:16]
    assert etag, headers
    status, _, again = http("GET", leader.base + "/-/state/acme",
                            headers=dict(auth, **{"If-None-Match": etag}))
    assert status in (200, 304), status
    if status == 304:
        assert again == b""
    # A standby serves no state of a domain it does not lead.
    status, _, _ = http("GET", standby.base + "/-/state/acme", headers=auth)
    assert status == 404, status
    wait_mirrored(standby)
    print(f"figure state: {len(body)} bytes, ETag {etag}", flush=True)


def test_sigterm_handover(env):
    leader = wait_leader(env, "acme", 30)
    standby = next(r for r in env.replicas.values() if r is not leader and r.alive())
    close_before = env.sim_calls().get("closeSession", 0)
    before = prepare_handover(env, leader, 4242)
    t0 = time.monotonic()
    leader.process.proc.send_signal(signal.SIGTERM)
    assert leader.process.proc.wait(timeout=30) == 0
    new = wait_leader(env, "acme", RETRY + 10, exclude=leader.identity)
    assert new is standby
    check_warm_takeover(env, new, before, "sigterm")
    released = holder_change_time(env, "acme", "", t0)
    taken = holder_change_time(env, "acme", standby.identity, t0)
    assert released is not None, "the Lease was not released (holderIdentity cleared)"
    assert taken is not None
    print(f"figure sigterm: release->takeover {taken - released:.3f}s "
          f"(retry_period {RETRY}s), signal->takeover {taken - t0:.3f}s", flush=True)
    assert taken - released <= RETRY + SLACK, taken - released
    assert env.sim_calls().get("closeSession", 0) == close_before, "closeSession was called"
    wait_until(lambda: new.metrics().get('five9_up{domain="acme"}') == 1, 60, "new leader up")


def test_restarted_replica_stays_standby(env):
    leader = wait_leader(env, "acme", 30)
    restarted = env.start("replica-a2", "a-2")
    wait_until(lambda: http("GET", restarted.base + "/-/ready")[0] == 200, 30, "restarted ready")
    # Observe for longer than a lease: the holder never changes and the gauge stays 0.
    t0 = time.monotonic()
    while time.monotonic() - t0 < LEASE + 2 * RETRY:
        assert env.kube.holder(lease_name("acme")) == leader.identity
        assert restarted.leader_gauge("acme") == 0
        time.sleep(0.5)


def test_kill9_takeover(env):
    leader = wait_leader(env, "acme", 30)
    before = prepare_handover(env, leader, 4343)
    t0 = time.monotonic()
    leader.process.proc.send_signal(signal.SIGKILL)
    leader.process.proc.wait(timeout=10)
    new = wait_leader(env, "acme", LEASE + RETRY + 20, exclude=leader.identity)
    check_warm_takeover(env, new, before, "kill -9")
    taken = holder_change_time(env, "acme", new.identity, t0)
    print(f"figure kill -9: takeover after {taken - t0:.3f}s "
          f"(lease_duration + retry_period = {LEASE + RETRY}s)", flush=True)
    assert taken - t0 <= LEASE + RETRY + SLACK, taken - t0
    wait_until(lambda: new.metrics().get('five9_up{domain="acme"}') == 1, 60, "new leader up")


def test_api_server_outage_fences(env):
    leader = wait_leader(env, "acme", 30)
    wait_until(lambda: leader.metrics().get('five9_up{domain="acme"}') == 1, 60, "leader up")
    t0 = time.monotonic()
    env.kube.control("outage", {"down": True})
    try:
        wait_until(lambda: leader.leader_gauge("acme") == 0, RENEW + 10, "the fence to close")
        fenced = time.monotonic() - t0
        print(f"figure outage: fence closed after {fenced:.3f}s (renew_deadline {RENEW}s)",
              flush=True)
        assert fenced <= RENEW + SLACK, fenced
        # No replica calls Five9 now: the simulator's call counts stand still.
        wait_until(lambda: all(s["in_flight"] == 0 for s in env.sim.state()["sessions"]), 10,
                   "no call in flight")
        before = env.sim_calls()
        t1 = time.monotonic()
        while time.monotonic() - t1 < 2 * RETRY + 1:
            assert env.sim_calls() == before, "a Five9 call was made without the Lease"
            time.sleep(0.5)
    finally:
        env.kube.control("outage", {"down": False})
    back = wait_leader(env, "acme", LEASE + RETRY + 20)
    print(f"figure outage: {back.identity} leads again after the API server returned", flush=True)
    wait_until(lambda: back.metrics().get('five9_up{domain="acme"}') == 1, 60, "leader up again")


def test_scale_out_max_domains(env):
    for replica in env.replicas.values():
        if replica.alive():
            replica.process.stop()
    domains = (("acme", "e2e", 0.8), ("beta", "e2e", 0.8), ("gamma", "e2e", 0.8))
    replicas = [env.start(f"scale-{i}", f"s-{i}", domains, max_domains=1) for i in range(3)]

    def spread():
        holders = [env.kube.holder(lease_name(d)) for d, _, _ in domains]
        if sorted(holders) != sorted(r.identity for r in replicas):
            return None
        return all(sum(r.leader_gauge(d) or 0 for d, _, _ in domains) == 1 for r in replicas)
    # Leases of the earlier phases are held by stopped replicas until they expire.
    wait_until(spread, 3 * (LEASE + RETRY) + 30, "one domain per replica")
    print("figure scale-out: " + ", ".join(
        f"{d}->{env.kube.holder(lease_name(d))}" for d, _, _ in domains), flush=True)


def test_simulator_saw_no_overlap(env):
    for domain, sim in env.sims.items():
        state = sim.state()
        concurrent = sum(outcomes.get("ConcurrentModificationFault", 0)
                         for outcomes in state["outcomes"].values())
        assert concurrent == 0, f"{domain}: {concurrent} concurrent requests of one user"
        assert state["limits"]["violations"] == 0, (domain, state["limits"])
        print(f"figure simulator {domain}: calls {sum(state['calls'].values())}, "
              f"getStatistics {state['calls'].get('getStatistics', 0)}, "
              f"setSessionParameters {state['calls'].get('setSessionParameters', 0)}, "
              f"closeSession {state['calls'].get('closeSession', 0)}, "
              f"concurrent 0, violations 0", flush=True)


def main():
    build_dir, source_dir = sys.argv[1], sys.argv[2]
    env = Env(build_dir, source_dir)
    results = harness.Results()
    for name, fn in [("exactly_one_leader", test_exactly_one_leader),
                     ("state_served_to_peers", test_state_served_to_peers),
                     ("sigterm_handover", test_sigterm_handover),
                     ("restarted_replica_stays_standby", test_restarted_replica_stays_standby),
                     ("kill9_takeover", test_kill9_takeover),
                     ("api_server_outage_fences", test_api_server_outage_fences),
                     ("scale_out_max_domains", test_scale_out_max_domains),
                     ("simulator_saw_no_overlap", test_simulator_saw_no_overlap)]:
        results.run(name, fn, env)
    print(f"logs in {env.workdir}", flush=True)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
