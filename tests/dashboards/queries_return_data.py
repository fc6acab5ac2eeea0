#!/usr/bin/env python3
"""Checks that every dashboard and rule expression returns data from a live Prometheus.

Meant for the end-to-end harness (five9_sim + five9_exporter + Prometheus scraping it as
job "five9-exporter"; the rule files need not be loaded: recording rules are checked by
evaluating their expressions): run it once the exporter has loaded every table and
Prometheus has scraped a few times (rate() needs two samples; --wait retries).

  queries_return_data.sh PROMETHEUS_URL [--allow-empty FILE] [--wait SECONDS]

- panel and variable expressions (Grafana variables replaced by their "All" regex, interval
  variables by 5m/1m/1h) must return at least one series, evaluated instantly;
- recording rules must return data when evaluated as expressions;
- alert expressions are not expected to fire; each metric they read must exist instead.
Expressions that legitimately return nothing in a healthy run (admin requests, unparsed
values, faults) are listed in may_be_empty.txt: one regex per line, searched in the
expression as queried; an empty expression matching any line is reported but allowed.
--wait retries empty expressions for up to SECONDS (data arrives in steps).
Exit 0 when all return data, 1 otherwise, 2 on usage or connection errors.
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import promql_sources as src  # noqa: E402
from check_promql import metric_names  # noqa: E402


def query(base, expr):
    url = base.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{body.get('errorType')}: {body.get('error')}")
    result = body["data"]["result"]
    if body["data"]["resultType"] == "scalar":
        return [result]
    return result


def load_allow(path):
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [re.compile(line.strip()) for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def may_be_empty(expr, allow):
    return any(a.search(expr) for a in allow)


def checks():
    """(origin, promql) pairs: what must return data."""
    out = []
    for e in src.all_expressions():
        if e.kind == "alert":
            for n in sorted(metric_names(e.promql)):
                if ":" not in n:
                    out.append((f"{e.origin}: metric {n}", f"count({n})"))
        else:
            out.append((e.origin, e.promql))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("prometheus_url")
    ap.add_argument("--allow-empty", default=os.path.join(os.path.dirname(__file__),
                                                          "may_be_empty.txt"))
    ap.add_argument("--wait", type=float, default=0)
    args = ap.parse_args()
    allow = load_allow(args.allow_empty)
    todo = checks()
    deadline = time.monotonic() + args.wait
    while True:
        empty, errors = [], []
        for origin, expr in todo:
            try:
                if not query(args.prometheus_url, expr):
                    empty.append((origin, expr))
            except urllib.error.URLError as e:
                print(f"ERROR: cannot query {args.prometheus_url}: {e}")
                return 2
            except (RuntimeError, urllib.error.HTTPError) as e:
                errors.append((origin, expr, str(e)))
        real_empty = [x for x in empty if not may_be_empty(x[1], allow)]
        if (not real_empty and not errors) or time.monotonic() >= deadline:
            break
        time.sleep(5)
    for origin, expr, err in errors:
        print(f"FAIL (error): {origin}: {expr}\n  {err}")
    for origin, expr in empty:
        tag = "ok, may be empty" if may_be_empty(expr, allow) else "FAIL (no data)"
        print(f"{tag}: {origin}: {expr}")
    bad = len(errors) + len(real_empty)
    print(f"{len(todo) - len(empty) - len(errors)} of {len(todo)} expressions returned data; "
          f"{len(empty) - len(real_empty)} allowed empty; {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
