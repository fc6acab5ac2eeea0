#!/usr/bin/env python3
"""The status page in a real browser: Debian's chromium, headless, loads / of an exporter
fed by five9_sim and the test checks the rendered DOM (the domain, every statistic type's
readiness and age, the budget table, a recent fault injected in the simulator); the page is
one self-contained document (no external resource) that refreshes itself. A screenshot is
kept in the build tree (tests/webconv/status_page.png).

Usage: status_page_test.py BUILD_DIR SOURCE_DIR
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import harness  # noqa: E402
from harness import http, wait_until  # noqa: E402

TYPES = ["AgentState", "AgentStatistics", "ACDStatus", "CampaignState",
         "OutboundCampaignManager", "OutboundCampaignStatistics", "InboundCampaignStatistics",
         "AutodialCampaignStatistics"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


class Dom(html.parser.HTMLParser):
    """The parts of the rendered DOM the test looks at: h2 texts, table rows, resources."""

    def __init__(self):
        super().__init__()
        self.h2, self.rows, self.resources, self.meta = [], [], [], []
        self._cell, self._row, self._in_h2 = None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "meta":
            self.meta.append(a)
        if tag in ("script", "img", "iframe", "link", "object", "embed", "video", "audio"):
            self.resources.append((tag, a))
        if a.get("src") or (tag == "link" and a.get("href")):
            self.resources.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data
        if self._cell is not None:
            self._cell += data


class Env:
    def __init__(self, build_dir):
        self.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not self.chromium:
            raise common.SkipTest("chromium is not installed (Debian package chromium)")
        self.artifacts = os.path.join(build_dir, "tests", "webconv")
        os.makedirs(self.artifacts, exist_ok=True)
        self.workdir = tempfile.mkdtemp(prefix="five9-webconv-page-")
        sim_bin, exporter_bin = common.paths(build_dir)
        self.sim = harness.Sim(sim_bin, self.workdir, ["--window-scale", "0.02", "--seed", "6"])
        self.exporter = harness.Exporter(exporter_bin, self.workdir,
                                         common.exporter_config(self.sim, self.workdir))

    def browser(self, *args):
        profile = tempfile.mkdtemp(dir=self.workdir, prefix="chromium-")
        run = subprocess.run([self.chromium, *FLAGS, f"--user-data-dir={profile}", *args],
                             capture_output=True, text=True, timeout=180)
        if run.returncode != 0:
            raise AssertionError(f"chromium exited {run.returncode}: {run.stderr[-2000:]}")
        return run.stdout


def test_page_is_self_contained_and_refreshes(env):
    status, headers, body = http("GET", env.exporter.base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html"), (status, headers)
    dom = Dom()
    dom.feed(body.decode())
    assert not dom.resources, dom.resources
    refresh = [m for m in dom.meta if m.get("http-equiv", "").lower() == "refresh"]
    assert refresh and int(refresh[0]["content"].split(";")[0]) > 0, dom.meta


def test_rendered_dom_shows_domain_types_budget_and_faults(env):
    def ready():
        text = http("GET", env.exporter.base + "/-/ready")[2]
        return text == b"OK"
    wait_until(ready, 180, "every table ready")
    env.sim.control("inject", {"kind": "fault", "method": "getStatisticsUpdate",
                               "fault": "UnknownTimestampFault"})
    wait_until(lambda: b"UnknownTimestampFault" in http("GET", env.exporter.base + "/")[2], 60,
               "the fault in the exporter's snapshot")
    wait_until(ready, 180, "every table ready again")
    dom = Dom()
    dom.feed(env.browser("--dump-dom", "--virtual-time-budget=2000", env.exporter.base + "/"))
    assert "fast" in dom.h2, dom.h2
    by_type = {}
    for row in dom.rows:  # the readiness table comes first; later tables (poll share) repeat names
        if row and row[0] in TYPES:
            by_type.setdefault(row[0], row)
    assert sorted(by_type) == sorted(TYPES), by_type
    for name, row in by_type.items():
        # Statistic type | Ready | Consistent | Age | Rows
        assert row[1] == "yes", row
        assert row[3] and row[3] != "-", row
    header = next(row for row in dom.rows if row and row[0] == "Operation")
    assert header[:3] == ["Operation", "Window", "Ours"], header
    budget = [row for row in dom.rows if row and row[0] in
              ("QueryStatistics", "QueryChangedStatistics", "StatisticsUpdate")]
    assert budget, dom.rows
    faults = [row for row in dom.rows if len(row) == 4 and row[2] == "UnknownTimestampFault"]
    assert faults and faults[0][1] == "getStatisticsUpdate", dom.rows


def test_screenshot_artifact(env):
    path = os.path.join(env.artifacts, "status_page.png")
    if os.path.exists(path):
        os.remove(path)
    env.browser(f"--screenshot={path}", "--window-size=1280,1600",
                "--virtual-time-budget=2000", env.exporter.base + "/")
    with open(path, "rb") as f:
        head = f.read(8)
    assert head == b"\x89PNG\r\n\x1a\n", head
    assert os.path.getsize(path) > 10_000, os.path.getsize(path)
    print(f"    screenshot: {path} ({os.path.getsize(path)} bytes)", flush=True)


if __name__ == "__main__":
    sys.exit(common.main(globals(), lambda build, _source: Env(build), "status_page_test.py"))
