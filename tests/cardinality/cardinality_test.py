#!/usr/bin/env python3
"""The cardinality guard against five9_sim's large scenario (simulator/scenarios/large.yaml).

Usage: cardinality_test.py BUILD_DIR SOURCE_DIR
1. With `limits.max_series_per_domain` below what the domain's statistic columns produce,
   the column families on /metrics stay within the cap, every family is whole (one sample
   per agent or none), and five9_exporter_series_dropped / _columns_dropped say what is
   left out.
2. A disposition added at run time is the newest column: it is the one dropped.
3. A reload that changes only the limits brings the families back without a new session.
"""
import os
import re
import signal
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness  # noqa: E402
from harness import wait_until  # noqa: E402

# The large domain exports about 132,000 column samples (measured): the cap must bite.
CAP = 60_000
# Statistic-column families: five9_<subsystem>_<column>... (not the state/info families).
TABLE_PREFIXES = ("five9_agent_state_", "five9_agent_statistics_", "five9_acd_status_",
                  "five9_campaign_state_", "five9_outbound_campaign_manager_",
                  "five9_outbound_campaign_statistics_", "five9_inbound_campaign_statistics_",
                  "five9_autodial_campaign_statistics_")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")


def parse(text):
    """family name -> list of (labels, value)."""
    families = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, line
        families.setdefault(m.group(1), []).append((m.group(2) or "", float(m.group(3))))
    return families


def column_families(families):
    return {n: s for n, s in families.items() if n.startswith(TABLE_PREFIXES)}


def gauge(families, name, **labels):
    return sum(v for l, v in families.get(name, [])
               if all(f'{k}="{x}"' in l for k, x in labels.items()))


def main():
    build_dir, source_dir = sys.argv[1], sys.argv[2]
    workdir = tempfile.mkdtemp(prefix="five9-cardinality-")
    print(f"workdir {workdir}", flush=True)
    scenario = os.path.join(source_dir, "simulator", "scenarios", "large.yaml")
    sim = harness.Sim(os.path.join(build_dir, "simulator", "five9_sim"), workdir,
                      ["--scenario", scenario], user="bench", password="bench-password")
    harness.write_secret(workdir, "password", sim.password)
    config = f"""
domains:
  - name: large
    endpoint: {sim.endpoint}
    username: {sim.user}
    password_file: password
    limits: {{max_series_per_domain: LIMIT}}
"""
    exporter = harness.Exporter(os.path.join(build_dir, "exporter", "five9_exporter"), workdir,
                                config.replace("LIMIT", str(CAP)))
    results = harness.Results()
    agents = sim.state()["model"]["agents"]

    def scrape():
        return parse(exporter.metrics())

    def ready(families):
        got = [v for l, v in families.get("five9_exporter_statistics_ready", [])
               if 'domain="large"' in l]
        return len(got) == 8 and all(v == 1 for v in got)

    def test_cap_holds_and_dropped_metrics_say_so():
        families = wait_until(lambda: (lambda f: f if ready(f) else None)(scrape()), 300,
                              "all eight tables of the large domain ready")
        columns = column_families(families)
        kept = sum(len(s) for s in columns.values())
        dropped = gauge(families, "five9_exporter_series_dropped", domain="large")
        print(f"column samples kept {kept}, dropped {dropped:.0f}, cap {CAP}", flush=True)
        assert kept <= CAP, kept
        assert dropped > 0, "the cap should bite on 5,000 agents"
        assert gauge(families, "five9_exporter_columns_dropped", domain="large") > 0
        # Whole families only: every AgentStatistics family has a sample for every agent
        # that has a value, never a part of them cut off by the cap.
        stats = [n for n in columns if n.startswith("five9_agent_statistics_")]
        assert stats, "the oldest AgentStatistics columns must survive"
        biggest = max(len(columns[n]) for n in stats)
        assert biggest >= agents * 0.9, (biggest, agents)
        # State and info families are never dropped.
        assert len(families.get("five9_agent_state", [])) >= agents * 0.9

    def test_run_time_disposition_is_dropped_first():
        before = scrape()
        columns_before = gauge(before, "five9_exporter_columns_dropped", domain="large",
                               type="AgentStatistics")
        sim.control("add-disposition", {"name": "Cardinality Promo"})
        # The new column reaches the table with the reload Five9's ConfigurationChanged asks
        # for; then it is the newest column and the first one left out.
        after = wait_until(lambda: (lambda f: f if gauge(
            f, "five9_exporter_columns_dropped", domain="large",
            type="AgentStatistics") > columns_before else None)(scrape()), 300,
            "the new disposition column counted as dropped")
        assert not any("cardinality_promo" in n for n in after), "the newest column must go"
        assert sum(len(s) for s in column_families(after).values()) <= CAP

    def test_limits_reload_keeps_the_session():
        sessions = sim.state()["calls"].get("setSessionParameters", 0)
        with open(exporter.config_path, "w") as f:
            f.write(config.replace("LIMIT", "100000000"))
        exporter.process.proc.send_signal(signal.SIGHUP)
        exporter.process.wait_for(r"configuration reloaded", 30, stream="stderr")
        families = wait_until(lambda: (lambda f: f if gauge(
            f, "five9_exporter_series_dropped", domain="large") == 0 else None)(scrape()), 60,
            "nothing dropped under the raised cap")
        assert any("cardinality_promo" in n for n in families), "the family must come back"
        assert gauge(families, "five9_exporter_columns_dropped", domain="large") == 0
        assert sim.state()["calls"].get("setSessionParameters", 0) == sessions, \
            "a limits-only reload must not start a new session"

    for name, fn in [("test_cap_holds_and_dropped_metrics_say_so",
                      test_cap_holds_and_dropped_metrics_say_so),
                     ("test_run_time_disposition_is_dropped_first",
                      test_run_time_disposition_is_dropped_first),
                     ("test_limits_reload_keeps_the_session", test_limits_reload_keeps_the_session)]:
        results.run(name, fn)
    code = exporter.process.stop(timeout=30)
    assert code == 0, code
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
