#!/usr/bin/env python3
"""A real Prometheus scrapes a /metrics body sent as many gzip members (RFC 1952 2.2).

The exporter compresses its body block by block (exporter/metrics/gzip_blocks.h) and relies
on Go's gzip reader, which Prometheus uses, to read the members as one stream. This test
serves a fixed text-format body, cut at line ends into 16 KiB blocks each compressed as its
own member (as BlockGzip does), to a real Prometheus, then compares every sample Prometheus
stored with the plain-text body. Skips when prometheus is not installed.

Usage: gzip_members_test.py
"""
import gzip
import http.server
import os
import sys
import tempfile
import threading
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import wait_until, SkipTest  # noqa: E402

FAMILIES, AGENTS = 12, 400


def plain_body():
    lines = []
    for f in range(FAMILIES):
        name = f"five9_agent_statistics_column_{f}"
        lines += [f"# HELP {name} Cached, refreshed by long polling.", f"# TYPE {name} gauge"]
        for a in range(AGENTS):
            lines.append(f'{name}{{domain="acme",agent="agent{a}@acme.example"}} {a * 13 + f}.5')
    return ("\n".join(lines) + "\n").encode()


def members(body, block=16 * 1024):
    out, start = [], 0
    while start < len(body):
        end = body.find(b"\n", min(start + block, len(body) - 1)) + 1 or len(body)
        out.append(gzip.compress(body[start:end], compresslevel=1))
        start = end
    return out


def count_members(data):
    count, rest = 0, data
    while rest:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(rest)
        rest = d.unused_data
        count += 1
    return count


def main():
    body = plain_body()
    parts = members(body)
    gz = b"".join(parts)
    assert count_members(gz) == len(parts) > 20, (count_members(gz), len(parts))
    served = {"gzip": 0, "plain": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            payload = gz if wants_gzip else body
            served["gzip" if wants_gzip else "plain"] += 1
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            if wants_gzip:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp(prefix="five9-gzip-members-")
    results = harness.Results()

    def scrape_and_compare():
        try:
            prom = harness.Prometheus(workdir, [f"127.0.0.1:{server.server_address[1]}"])
        except FileNotFoundError:
            raise SkipTest("prometheus is not installed")
        wait_until(lambda: prom.query('up{job="five9"} == 1'), 120, "a successful scrape")
        assert served["gzip"] >= 1 and served["plain"] == 0, served
        stored = {}
        for sample in prom.query('{__name__=~"five9_agent_statistics_column_.*"}'):
            m = sample["metric"]
            stored[(m["__name__"], m["agent"])] = float(sample["value"][1])
        expected = {}
        for line in body.decode().splitlines():
            if line.startswith("#"):
                continue
            series, value = line.rsplit(" ", 1)
            name, labels = series.split("{", 1)
            agent = labels.split('agent="', 1)[1].split('"', 1)[0]
            expected[(name, agent)] = float(value)
        assert len(expected) == FAMILIES * AGENTS
        missing = set(expected) - set(stored)
        assert not missing, f"{len(missing)} series missing, e.g. {sorted(missing)[:3]}"
        wrong = [k for k in expected if stored[k] != expected[k]]
        assert not wrong, f"{len(wrong)} values differ, e.g. {wrong[:3]}"
        print(f"Prometheus stored all {len(expected)} samples of a {len(parts)}-member gzip "
              f"body ({len(gz)} bytes, plain {len(body)})", flush=True)

    results.run("prometheus reads a multi-member gzip body", scrape_and_compare)
    server.shutdown()
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
