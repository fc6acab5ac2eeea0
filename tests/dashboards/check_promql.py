#!/usr/bin/env python3
"""Offline checks of every PromQL expression and rule (ctest dashboards_promql).

1. Every expression of every dashboard (panel targets and variable queries, with Grafana
   variables substituted) parses: each becomes a recording rule in a temporary rule file
   that `promtool check rules` compiles (no Prometheus server needed).
2. dashboards/rules/*.rules.yml pass `promtool check rules`.
3. Alert conventions: CamelCase names with the Five9 prefix, a severity label from the set,
   summary and description annotations.
4. `promtool test rules` passes and every alert has a test case in which it fires.
4b. State-timeline expressions (states coded as numbers) decode every state correctly.
5. Every metric name used is one of shared SPEC "Metrics" (families of statistic tables by
   prefix; state, limit and self metrics by exact name; recording rules of our own).
Exit 0 pass, 1 fail, 77 skip (promtool or PyYAML absent).
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml  # noqa: F401  (promql_sources needs it)
except ImportError:
    print("SKIP: python3-yaml (PyYAML) is not installed")
    sys.exit(77)

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import promql_sources as src  # noqa: E402

SEVERITIES = {"critical", "warning", "info"}
TABLE_PREFIXES = ("agent_state_", "agent_statistics_", "acd_status_", "campaign_state_",
                  "outbound_campaign_manager_", "outbound_campaign_statistics_",
                  "inbound_campaign_statistics_", "autodial_campaign_statistics_")
EXACT_METRICS = {
    "five9_up", "five9_agent_state", "five9_campaign_state", "five9_agent_info",
    "five9_domain_limit", "five9_domain_limit_used", "five9_user_limit",
    "five9_users_logged_in",
    "five9_exporter_api_calls_total", "five9_exporter_api_call_duration_seconds_bucket",
    "five9_exporter_api_call_duration_seconds_sum",
    "five9_exporter_api_call_duration_seconds_count",
    "five9_exporter_statistics_ready", "five9_exporter_statistics_updated_timestamp_seconds",
    "five9_exporter_statistics_objects", "five9_exporter_full_reloads_total",
    "five9_exporter_admin_requests_total", "five9_exporter_build_info",
    "five9_exporter_unparsed_values_total",
    # SPEC "High availability and scale-out on Kubernetes".
    "five9_exporter_leader", "five9_exporter_leader_transitions_total",
    # SPEC "Numbers users can trust": cardinality guard and self-health.
    "five9_exporter_series_dropped", "five9_exporter_columns_dropped",
    "five9_exporter_config_reload_success", "five9_exporter_config_reload_timestamp_seconds",
    "five9_exporter_backoff", "five9_exporter_admin_queue", "five9_exporter_budget_allowed",
    "five9_exporter_budget_spent", "five9_exporter_statistics_consistent",
    "five9_exporter_http_handler_exceptions_total",
}
OTHER_METRICS = {"up", "process_start_time_seconds", "process_resident_memory_bytes",
                 "process_cpu_seconds_total", "process_open_fds"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def promtool(*args):
    return subprocess.run(["promtool", *args], capture_output=True, text=True)


def write_rule_file(path, exprs):
    rules = [{"record": f"dashboard_check:expr_{i}", "expr": e.promql}
             for i, e in enumerate(exprs)]
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"groups": [{"name": "dashboard_check", "rules": rules}]}, f)


def check_dashboard_exprs(tmp):
    exprs = []
    for path in src.dashboard_files():
        try:
            exprs += src.dashboard_expressions(path)
        except ValueError as e:
            fail(str(e))
    if not exprs:
        fail("no dashboard expressions found")
        return 0
    batch = os.path.join(tmp, "dashboards.rules.json")
    write_rule_file(batch, exprs)
    if promtool("check", "rules", batch).returncode == 0:
        return len(exprs)
    # Name the culprits one by one.
    for e in exprs:
        one = os.path.join(tmp, "one.rules.json")
        write_rule_file(one, [e])
        r = promtool("check", "rules", one)
        if r.returncode != 0:
            fail(f"{e.origin}: does not parse: {e.promql!r}\n{r.stdout}{r.stderr}")
    return len(exprs)


def metric_names(promql):
    # Drop string literals (label values, regexes) and label matchers before picking names.
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', promql)
    text = re.sub(r"\{[^}]*\}", "{}", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", text))
    functions_and_keywords = {
        "sum", "max", "min", "avg", "count", "topk", "bottomk", "rate", "increase", "changes",
        "time", "vector", "scalar", "histogram_quantile", "and", "or", "unless", "by",
        "without", "on", "ignoring", "group_left", "group_right", "bool", "label_values",
        "metrics", "absent", "clamp_min", "clamp_max", "offset", "e", "inf", "nan",
    }
    return {n for n in names if n not in functions_and_keywords and not n.isdigit()}


def check_metric_names(records):
    for e in src.all_expressions():
        names = metric_names(e.promql)
        # {__name__=~"five9_<type>_..."} selectors name table families by prefix.
        for m in re.finditer(r'__name__=~?"([^"]*)"', e.promql):
            if not m.group(1).startswith("five9_"):
                fail(f"{e.origin}: __name__ matcher outside five9_: {m.group(1)}")
                continue
            # five9_(a|b)_rest: each alternative + rest must name a statistic family.
            rest = m.group(1)[len("five9_"):]
            alt = re.match(r"\(([a-z_|]+)\)(.*)", rest)
            candidates = [a + alt.group(2) for a in alt.group(1).split("|")] if alt else [rest]
            for c in candidates:
                if not c.startswith(TABLE_PREFIXES):
                    fail(f"{e.origin}: __name__ matcher is not a statistic family: {m.group(1)}")
        for n in names:
            if n in EXACT_METRICS or n in OTHER_METRICS or n in records:
                continue
            if n.startswith("five9_") and n[len("five9_"):].startswith(TABLE_PREFIXES):
                continue
            fail(f"{e.origin}: metric {n!r} is not in SPEC 'Metrics'")


def check_state_timelines(tmp):
    """State timelines encode each object's state as a number (value mappings turn it back
    into text): evaluate each such expression on made-up series with promtool and check
    every mapped state, and an unknown one, decode to its code."""
    cases = []
    for path in src.dashboard_files():
        with open(path, encoding="utf-8") as f:
            dash = json.load(f)
        variables = {v["name"]: v.get("allValue") or ".+"
                     for v in dash.get("templating", {}).get("list", [])}
        for p in dash.get("panels", []):
            if p.get("type") != "state-timeline":
                continue
            expr = src.substitute(p["targets"][0]["expr"], variables)
            metric = re.search(r"(five9_\w+)\{", expr).group(1)
            obj = re.match(r"\s*max by \(domain, (\w+)\)", expr).group(1)
            codes = {}
            for m in p["fieldConfig"]["defaults"]["mappings"]:
                for value, res in m["options"].items():
                    codes[res["text"]] = int(value)
            series, samples = [], []
            for i, (state, code) in enumerate(sorted(codes.items()) + [("Weird State", None)]):
                if state == "Other":
                    continue
                name = f"o{i}"
                want = code if code is not None else codes["Other"]
                series.append({"series": f'{metric}{{domain="d",{obj}="{name}",'
                                         f'state="{state}",reason=""}}', "values": "1x5"})
                # Campaign state series exist for every state, 0 for the others.
                series.append({"series": f'{metric}{{domain="d",{obj}="{name}",'
                                         f'state="ZZ_not_current",reason=""}}',
                               "values": "0x5"})
                samples.append({"labels": f'{{domain="d",{obj}="{name}"}}', "value": want})
            cases.append((f"{os.path.basename(path)}: {p['title']}", expr, series, samples))
    for origin, expr, series, samples in cases:
        if "five9_agent_state" in expr:
            # Agent state has one series per agent: drop the "not current" ones.
            series = [x for x in series if "ZZ_not_current" not in x["series"]]
        rules = os.path.join(tmp, "empty.rules.yml")
        with open(rules, "w", encoding="utf-8") as f:
            f.write("groups: []\n")
        test = os.path.join(tmp, "timeline.test.yml")
        with open(test, "w", encoding="utf-8") as f:
            json.dump({"rule_files": [rules], "tests": [{
                "interval": "1m", "input_series": series,
                "promql_expr_test": [{"expr": expr, "eval_time": "2m",
                                      "exp_samples": samples}]}]}, f)
        r = promtool("test", "rules", test)
        if r.returncode != 0:
            fail(f"{origin}: state codes wrong:\n{r.stdout}{r.stderr}")
    return len(cases)


def check_rules(tmp):
    files = src.rule_files()
    if not files:
        fail("no dashboards/rules/*.rules.yml")
        return set(), set()
    r = promtool("check", "rules", *files)
    if r.returncode != 0:
        fail(f"promtool check rules: {r.stdout}{r.stderr}")
    alerts, records = set(), set()
    for path in files:
        for g in src.load_rules(path)["groups"]:
            for rule in g["rules"]:
                if "record" in rule:
                    records.add(rule["record"])
                    if not re.fullmatch(r"[a-z0-9_]+:[a-z0-9_]+(:[a-z0-9_]+)?", rule["record"]):
                        fail(f"recording rule {rule['record']}: not level:metric:operations")
                    continue
                name = rule["alert"]
                alerts.add(name)
                if not re.fullmatch(r"Five9[A-Z][A-Za-z0-9]+", name):
                    fail(f"alert {name}: not CamelCase with the Five9 prefix")
                sev = rule.get("labels", {}).get("severity")
                if sev not in SEVERITIES:
                    fail(f"alert {name}: severity {sev!r} not in {sorted(SEVERITIES)}")
                ann = rule.get("annotations", {})
                for key in ("summary", "description"):
                    if not ann.get(key):
                        fail(f"alert {name}: missing annotation {key}")
    return alerts, records


def check_rule_tests(alerts):
    tests = sorted(glob.glob(os.path.join(src.DASHBOARD_DIR, "rules", "tests", "*.test.yml")))
    if not tests:
        fail("no dashboards/rules/tests/*.test.yml")
        return
    for t in tests:
        # promtool resolves rule_files relative to the test file's folder.
        r = subprocess.run(["promtool", "test", "rules", os.path.basename(t)],
                           capture_output=True, text=True, cwd=os.path.dirname(t))
        if r.returncode != 0:
            fail(f"promtool test rules {t}:\n{r.stdout}{r.stderr}")
    fired = set()
    for t in tests:
        with open(t, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for case in doc.get("tests", []):
            for a in case.get("alert_rule_test", []):
                if a.get("exp_alerts"):
                    fired.add(a["alertname"])
    for name in sorted(alerts - fired):
        fail(f"alert {name}: no promtool test case where it fires")


def main():
    if shutil.which("promtool") is None:
        print("SKIP: promtool is not installed (Debian package prometheus)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        n = check_dashboard_exprs(tmp)
        timelines = check_state_timelines(tmp)
        alerts, records = check_rules(tmp)
        check_rule_tests(alerts)
        check_metric_names(records)
    print(f"{n} dashboard expressions ({timelines} state timelines evaluated), "
          f"{len(records)} recording rules, {len(alerts)} alerts checked")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
