#!/usr/bin/env python3
"""Collects every PromQL expression of dashboards/*.json and dashboards/rules/*.yml.

Shared by check_promql.py (syntax, offline) and queries_return_data.py (against a live
Prometheus). Grafana variables are replaced so that each expression is plain PromQL:
  - object variables by their "All" regex (the dashboards use them only with =~; the
    generator documents that convention), read from each variable's `allValue`;
  - $__rate_interval, $__interval, $__range and friends by fixed durations.
Variable queries are checked too: label_values(SELECTOR, label) -> SELECTOR and
metrics(REGEX) -> {__name__=~"REGEX"}.
"""

import glob
import json
import os
import re

import yaml  # Debian python3-yaml

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DASHBOARD_DIR = os.path.join(SOURCE_DIR, "dashboards")
RULES_GLOB = os.path.join(DASHBOARD_DIR, "rules", "*.rules.yml")

# Grafana's built-in interval variables, replaced by durations valid in PromQL.
BUILTINS = {
    "__rate_interval": "5m",
    "__interval": "1m",
    "__range": "1h",
    "__range_s": "3600",
    "__interval_ms": "60000",
}


class Expression:
    """One expression: where it comes from, the raw text and the substituted PromQL."""

    def __init__(self, origin, raw, promql, kind):
        self.origin = origin  # "five9-agents.json: panel 'Calls' (A)"
        self.raw = raw
        self.promql = promql
        self.kind = kind  # panel | variable | record | alert

    def __repr__(self):
        return f"{self.origin}: {self.promql}"


def substitute(expr, variables):
    def repl(m):
        name = m.group(1) or m.group(2)
        if name in BUILTINS:
            return BUILTINS[name]
        if name in variables:
            return variables[name]
        raise ValueError(f"unknown variable ${name} in {expr!r}")

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", repl, expr)


def variable_promql(query):
    """Turns a Grafana Prometheus variable query into an expression, or None."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", query, re.S)
    if m:
        return m.group(1)
    m = re.fullmatch(r"\s*metrics\((.*)\)\s*", query, re.S)
    if m:
        return '{__name__=~"%s"}' % m.group(1)
    m = re.fullmatch(r"\s*query_result\((.*)\)\s*", query, re.S)
    if m:
        return m.group(1)
    return None


def dashboard_files():
    return sorted(glob.glob(os.path.join(DASHBOARD_DIR, "*.json")))


def rule_files():
    return sorted(glob.glob(RULES_GLOB))


def _panels(panels):
    for p in panels:
        yield p
        yield from _panels(p.get("panels", []))


def dashboard_expressions(path):
    with open(path, encoding="utf-8") as f:
        dash = json.load(f)
    name = os.path.basename(path)
    variables = {}
    out = []
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") == "datasource":
            variables[v["name"]] = "prometheus"
            continue
        variables[v["name"]] = v.get("allValue") or ".+"
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        if isinstance(q, dict):
            q = q.get("query", "")
        expr = variable_promql(q)
        if expr is None:
            raise ValueError(f"{name}: variable {v['name']}: unsupported query {q!r}")
        out.append(Expression(f"{name}: variable ${v['name']}", q,
                              substitute(expr, variables), "variable"))
    for p in _panels(dash.get("panels", [])):
        for t in p.get("targets", []):
            if "expr" not in t:
                continue
            origin = f"{name}: panel {p.get('title')!r} ({t.get('refId')})"
            out.append(Expression(origin, t["expr"], substitute(t["expr"], variables),
                                  "panel"))
    return out


def load_rules(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def rule_expressions(path):
    name = os.path.relpath(path, SOURCE_DIR)
    out = []
    for g in load_rules(path)["groups"]:
        for r in g["rules"]:
            kind = "alert" if "alert" in r else "record"
            out.append(Expression(f"{name}: {kind} {r.get('alert') or r.get('record')}",
                                  r["expr"], r["expr"], kind))
    return out


def all_expressions():
    out = []
    for path in dashboard_files():
        out += dashboard_expressions(path)
    for path in rule_files():
        out += rule_expressions(path)
    return out


if __name__ == "__main__":
    for e in all_expressions():
        print(json.dumps({"origin": e.origin, "kind": e.kind, "promql": e.promql}))
