#!/usr/bin/env python3
"""Generates the Grafana dashboards in this folder (five9-*.json) from one description.

Why a generator: four dashboards share variables, panel styles and query conventions; one
file keeps them consistent, and tests read the same JSON Grafana reads. Edit this file, run
`python3 dashboards/generate.py`, and commit the JSON beside it; ctest
`dashboards_generated_in_sync` fails when the JSON and this generator disagree.

Conventions every query follows (tests/dashboards rely on them):
  - the data source is the `datasource` variable (uid "${datasource}");
  - object variables (domain, skill, agent, campaign, instance and the metric-name
    variables of the campaign dashboard) are multi-value with "All" and are only used with
    `=~`, so substituting their "all" regex gives a valid query (see VARIABLE_ALL_REGEX);
  - only metric names from shared SPEC "Metrics" are used; campaign statistic columns are
    not fixed, so the campaign dashboard discovers them by metric-name regex.
Standard library only (python3 is in scripts/install-deps.sh).
"""

import json
import os
import sys

SCHEMA_VERSION = 38  # Grafana 10.0; Grafana 10.x/11.x migrate it forward on load.
DS = {"type": "prometheus", "uid": "${datasource}"}

# The regex each variable stands for when "All" is selected; tests substitute these.
VARIABLE_ALL_REGEX = {
    "domain": ".+",
    "skill": ".+",
    "agent": ".+",
    "campaign": ".+",
    "instance": ".+",
    "outbound_stat": "five9_outbound_campaign_statistics_.+",
    "inbound_stat": "five9_inbound_campaign_statistics_.+",
    "autodial_stat": "five9_autodial_campaign_statistics_.+",
    "ocm_stat": "five9_outbound_campaign_manager_.+",
}

# ---------------------------------------------------------------- variables


def datasource_var():
    return {
        "name": "datasource",
        "label": "Data source",
        "type": "datasource",
        "query": "prometheus",
        "hide": 0,
        "refresh": 1,
        "regex": "",
        "includeAll": False,
        "multi": False,
        "options": [],
    }


def query_var(name, label, query, hide=0):
    """A multi-value label variable with All; `query` is a Grafana Prometheus variable query."""
    return {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DS,
        "query": query,
        "refresh": 2,  # on time range change: objects come and go during the day
        "regex": "",
        "sort": 7,  # natural ascending
        "hide": hide,
        "includeAll": True,
        "multi": True,
        "allValue": VARIABLE_ALL_REGEX[name],
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "options": [],
    }


def domain_var(selector_metric="five9_up"):
    return query_var("domain", "Domain", f"label_values({selector_metric}, domain)")


# ---------------------------------------------------------------- panels


def target(expr, legend="", ref="A", instant=False, table=False):
    t = {
        "datasource": DS,
        "refId": ref,
        "expr": expr,
        "legendFormat": legend or "__auto",
        "range": not instant,
        "instant": instant,
    }
    if table:
        t["format"] = "table"
    return t


def thresholds(*steps):
    """steps: (value, color) pairs after the base green step."""
    out = [{"color": "green", "value": None}]
    out += [{"color": c, "value": v} for v, c in steps]
    return {"mode": "absolute", "steps": out}


def field_defaults(unit="short", steps=(), decimals=None, mappings=None, custom=None,
                   color_mode="palette-classic", minimum=None, maximum=None):
    d = {"unit": unit, "color": {"mode": color_mode}, "thresholds": thresholds(*steps),
         "mappings": mappings or []}
    if decimals is not None:
        d["decimals"] = decimals
    if custom is not None:
        d["custom"] = custom
    if minimum is not None:
        d["min"] = minimum
    if maximum is not None:
        d["max"] = maximum
    return d


def reduce(calcs=("lastNotNull",), values=False):
    return {"calcs": list(calcs), "fields": "", "values": values}


def legend(placement="bottom", mode="list", calcs=()):
    return {"showLegend": True, "displayMode": mode, "placement": placement,
            "calcs": list(calcs)}


TOOLTIP = {"mode": "multi", "sort": "desc"}


def panel(kind, title, description, targets, options, defaults, overrides=(),
          transformations=None, **extra):
    p = {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DS,
        "targets": targets,
        "options": options,
        "fieldConfig": {"defaults": defaults, "overrides": list(overrides)},
    }
    if transformations:
        p["transformations"] = transformations
    p.update(extra)
    return p


def stat(title, description, expr, unit="short", steps=(), legend_fmt="", mappings=None,
         graph=True, color_mode="value", text_mode="auto", calc="lastNotNull"):
    return panel(
        "stat", title, description, [target(expr, legend_fmt)],
        {
            "reduceOptions": reduce((calc,)),
            "orientation": "auto",
            "textMode": text_mode,
            "colorMode": color_mode,
            "graphMode": "area" if graph else "none",
            "justifyMode": "auto",
            "wideLayout": True,
            "showPercentChange": False,
            "percentChangeColorMode": "standard",
        },
        field_defaults(unit, steps, mappings=mappings, color_mode="thresholds"))


def timeseries(title, description, targets, unit="short", stack=False, bars=False,
               steps=(), minimum=None, maximum=None, legend_calcs=("lastNotNull", "max"),
               threshold_style="off"):
    custom = {
        "drawStyle": "bars" if bars else "line",
        "lineWidth": 1,
        "fillOpacity": 60 if (stack or bars) else 10,
        "gradientMode": "none",
        "showPoints": "never",
        "spanNulls": False,
        "stacking": {"mode": "normal" if stack else "none", "group": "A"},
        "axisPlacement": "auto",
        "thresholdsStyle": {"mode": threshold_style},
    }
    return panel(
        "timeseries", title, description, targets,
        {"legend": legend("bottom", "table", legend_calcs), "tooltip": TOOLTIP},
        field_defaults(unit, steps, custom=custom, minimum=minimum, maximum=maximum))


def bargauge(title, description, targets, unit="short", steps=(), minimum=None, maximum=None,
             color_mode="thresholds"):
    return panel(
        "bargauge", title, description, targets,
        {
            "reduceOptions": reduce(),
            "orientation": "horizontal",
            "displayMode": "gradient",
            "valueMode": "color",
            "namePlacement": "auto",
            "showUnfilled": True,
            "sizing": "auto",
            "minVizHeight": 16,
            "minVizWidth": 8,
            "maxVizHeight": 300,
            "legend": {"showLegend": False, "displayMode": "list", "placement": "bottom",
                       "calcs": []},
        },
        field_defaults(unit, steps, color_mode=color_mode, minimum=minimum, maximum=maximum))


def piechart(title, description, targets, unit="short"):
    return panel(
        "piechart", title, description, targets,
        {
            "reduceOptions": reduce(),
            "orientation": "auto",
            "pieType": "donut",
            "displayLabels": ["value"],
            "legend": {"showLegend": True, "displayMode": "table", "placement": "right",
                       "calcs": [], "values": ["value", "percent"]},
            "tooltip": {"mode": "single", "sort": "none"},
        },
        field_defaults(unit))


def table(title, description, targets, transformations, unit="short", overrides=()):
    return panel(
        "table", title, description, targets,
        {"showHeader": True, "frameIndex": 0, "cellHeight": "sm",
         "footer": {"show": False, "reducer": ["sum"], "countRows": False, "fields": []}},
        field_defaults(unit, custom={"align": "auto", "cellOptions": {"type": "auto"},
                                     "inspect": False, "filterable": True}),
        overrides=overrides, transformations=transformations)


def state_timeline(title, description, expr, legend_fmt, mappings):
    return panel(
        "state-timeline", title, description, [target(expr, legend_fmt)],
        {
            "mergeValues": True,
            "showValue": "never",
            "alignValue": "left",
            "rowHeight": 0.9,
            "legend": {"showLegend": True, "displayMode": "list", "placement": "bottom",
                       "calcs": []},
            "tooltip": {"mode": "single", "sort": "none"},
        },
        field_defaults("short", mappings=mappings, color_mode="thresholds",
                       custom={"fillOpacity": 80, "lineWidth": 0}))


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "panels": []}


def value_map(pairs):
    """pairs: (number, text, color) -> one value mapping."""
    return [{"type": "value",
             "options": {str(v): {"text": t, "color": c, "index": i}
                         for i, (v, t, c) in enumerate(pairs)}}]


def unit_override(field_name, unit):
    return {"matcher": {"id": "byName", "options": field_name},
            "properties": [{"id": "unit", "value": unit}]}


def merge_table(rename, hide=("Time", "job", "instance", "__name__")):
    """Transformations that join instant table queries A, B, ... on their labels."""
    return [
        {"id": "merge", "options": {}},
        {"id": "organize", "options": {
            "excludeByName": {h: True for h in hide},
            "indexByName": {},
            "renameByName": rename,
        }},
    ]


# ---------------------------------------------------------------- layout


class Layout:
    """Places panels on Grafana's 24-column grid left to right, wrapping lines."""

    def __init__(self):
        self.panels = []
        self.x = 0
        self.y = 0
        self.line_h = 0
        self.next_id = 1

    def add(self, p, w, h):
        if self.x + w > 24:
            self.newline()
        p["id"] = self.next_id
        self.next_id += 1
        p["gridPos"] = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.panels.append(p)
        self.x += w
        self.line_h = max(self.line_h, h)

    def newline(self):
        self.y += self.line_h
        self.x = 0
        self.line_h = 0

    def row(self, title):
        self.newline()
        self.add(row(title), 24, 1)
        self.newline()


def dashboard(uid, title, description, tags, variables, layout, refresh="30s",
              time_from="now-3h"):
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["five9"] + tags,
        "editable": True,
        "graphTooltip": 1,
        "schemaVersion": SCHEMA_VERSION,
        "version": 1,
        "refresh": refresh,
        "time": {"from": time_from, "to": "now"},
        "timepicker": {"refresh_intervals": ["10s", "30s", "1m", "5m", "15m"]},
        "timezone": "browser",
        "fiscalYearStartMonth": 0,
        "liveNow": False,
        "weekStart": "",
        "annotations": {"list": [{
            "builtIn": 1,
            "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": True,
            "hide": True,
            "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts",
            "type": "dashboard",
        }]},
        "links": [{
            "title": "Five9",
            "type": "dashboards",
            "tags": ["five9"],
            "asDropdown": True,
            "icon": "external link",
            "includeVars": True,
            "keepTime": True,
            "targetBlank": False,
            "tooltip": "",
            "url": "",
        }],
        "templating": {"list": [datasource_var()] + variables},
        "panels": layout.panels,
    }


# ---------------------------------------------------------------- dashboards

D = 'domain=~"$domain"'
DS_SKILL = 'domain=~"$domain",skill=~"$skill"'
DA = 'domain=~"$domain",agent=~"$agent"'
DC = 'domain=~"$domain",campaign=~"$campaign"'

WAIT_STEPS = ((60, "yellow"), (300, "red"))


def wallboard():
    L = Layout()
    acd = lambda col: f"five9_acd_status_{col}{{{DS_SKILL}}}"
    L.add(stat("Calls in queue", "Calls waiting in the selected skills' queues now.",
               f"sum({acd('calls_in_queue')})", steps=((5, "yellow"), (20, "red"))), 4, 5)
    L.add(stat("Longest wait now", "The longest time a call now in queue has waited.",
               f"max({acd('current_longest_queue_time_seconds')})", unit="s",
               steps=WAIT_STEPS), 4, 5)
    L.add(stat("Agents ready", "Agents ready for calls in the selected skills (an agent "
               "with several skills counts once per skill).",
               f"sum({acd('agents_ready_for_calls')})", color_mode="background",
               steps=()), 4, 5)
    L.add(stat("Agents on call", "Agents on a call in the selected skills.",
               f"sum({acd('agents_on_call')})"), 4, 5)
    L.add(stat("Agents not ready", "Agents logged in but not ready for calls.",
               f"sum({acd('agents_not_ready_for_calls')})"), 4, 5)
    L.add(stat("Callbacks queued", "Queued callback requests.",
               f"sum({acd('queue_callbacks')})"), 4, 5)

    L.row("Service")
    L.add(bargauge(
        "Service level by inbound campaign",
        "Service level columns of InboundCampaignStatistics (any column whose name starts "
        "with 'Service Level' and holds a percentage).",
        [target('max by (domain, campaign) ({__name__=~"five9_inbound_campaign_statistics_'
                'service_level.*_ratio",domain=~"$domain"})', "{{campaign}}", instant=True)],
        unit="percentunit", minimum=0, maximum=1,
        steps=()), 8, 8)
    L.panels[-1]["fieldConfig"]["defaults"]["thresholds"] = {
        "mode": "absolute",
        "steps": [{"color": "red", "value": None}, {"color": "yellow", "value": 0.7},
                  {"color": "green", "value": 0.8}]}
    L.add(piechart("Agents by state", "Agents per state (AgentState table).",
                   [target(f"count by (state) (five9_agent_state{{{D}}})", "{{state}}",
                           instant=True)]), 8, 8)
    L.add(bargauge("Calls in queue by skill", "Calls waiting per skill now.",
                   [target(f"sum by (skill) ({acd('calls_in_queue')})", "{{skill}}",
                           instant=True)],
                   steps=((5, "yellow"), (20, "red"))), 8, 8)

    L.row("Per skill")
    L.add(table(
        "Skills now", "ACDStatus per skill: queue and agents.",
        [target(f"sum by (domain, skill) ({acd('calls_in_queue')})", ref="A",
                instant=True, table=True),
         target(f"max by (domain, skill) ({acd('current_longest_queue_time_seconds')})",
                ref="B", instant=True, table=True),
         target(f"sum by (domain, skill) ({acd('agents_ready_for_calls')})", ref="C",
                instant=True, table=True),
         target(f"sum by (domain, skill) ({acd('agents_on_call')})", ref="D", instant=True,
                table=True),
         target(f"sum by (domain, skill) ({acd('agents_not_ready_for_calls')})", ref="E",
                instant=True, table=True),
         target(f"sum by (domain, skill) ({acd('agents_logged_in')})", ref="F",
                instant=True, table=True)],
        merge_table({"domain": "Domain", "skill": "Skill", "Value #A": "In queue",
                     "Value #B": "Longest wait", "Value #C": "Ready", "Value #D": "On call",
                     "Value #E": "Not ready", "Value #F": "Logged in"}),
        overrides=[unit_override("Longest wait", "s")]), 24, 9)
    L.add(timeseries("Calls in queue", "Calls waiting per skill.",
                     [target(f"sum by (skill) ({acd('calls_in_queue')})", "{{skill}}")],
                     stack=True), 12, 9)
    L.add(timeseries("Longest wait now", "Longest wait of a call in queue, per skill.",
                     [target(f"max by (skill) ({acd('current_longest_queue_time_seconds')})",
                             "{{skill}}")],
                     unit="s", steps=WAIT_STEPS, threshold_style="line"), 12, 9)
    L.add(timeseries("Agents ready vs calls waiting",
                     "Ready agents against queued calls over the selected skills.",
                     [target(f"sum({acd('agents_ready_for_calls')})", "Agents ready", "A"),
                      target(f"sum({acd('calls_in_queue')})", "Calls in queue", "B")]),
          12, 8)
    L.add(timeseries("Voicemails", "Voicemails in queue and in progress.",
                     [target(f"sum({acd('vms_in_queue')})", "In queue", "A"),
                      target(f"sum({acd('vms_in_progress')})", "In progress", "B")]),
          12, 8)
    return dashboard(
        "five9-wallboard", "Five9 / Contact center wallboard",
        "Live queue and agent picture of the selected Five9 domains and skills "
        "(five9_exporter; values are cached and refreshed by long polling).",
        ["wallboard"],
        [domain_var(),
         query_var("skill", "Skill",
                   'label_values(five9_acd_status_calls_in_queue{domain=~"$domain"}, skill)')],
        L, refresh="10s", time_from="now-1h")


AGENT_STATES = [
    ("Ready", 1, "green"), ("On Call", 2, "blue"), ("After Call Work", 3, "purple"),
    ("Not Ready", 4, "orange"), ("Ringing", 5, "yellow"), ("On Preview", 6, "light-blue"),
    ("On Voicemail", 7, "dark-purple"), ("Logged Out", 8, "text"),
]


def coded_state_expr(metric, selector, by, states, other_code, only_current=False):
    """One series per object whose value codes its current state (for state timelines)."""
    current = " == 1" if only_current else ""
    # Parenthesised: `==` binds less tightly than `*`.
    parts = [f'({metric}{{{selector},state="{s}"}}{current}) * {code}'
             for s, code, _ in states]
    parts.append(f"({metric}{{{selector}}}{current}) * {other_code}")
    return f"max by ({by}) (\n  " + "\n  or ".join(parts) + "\n)"


def agents():
    L = Layout()
    count_state = lambda s: f'count(five9_agent_state{{{DA},state="{s}"}}) or vector(0)'
    L.add(stat("Logged in", "Agents in any state but Logged Out.",
               f'count(five9_agent_state{{{DA},state!="Logged Out"}}) or vector(0)'), 4, 5)
    for s, _, color in AGENT_STATES[:4]:
        L.add(stat(s, f"Agents in state {s} now.", count_state(s), graph=True), 4, 5)
    L.add(stat("Calls today", "Sum of Total Calls over the selected agents (AgentStatistics; "
               "the statistics range is set by view_settings).",
               f"sum(five9_agent_statistics_total_calls{{{DA}}})"), 4, 5)

    L.row("State")
    L.add(timeseries("Agents by state", "Agents per state over time.",
                     [target(f"count by (state) (five9_agent_state{{{DA}}})", "{{state}}")],
                     stack=True, legend_calcs=("lastNotNull", "mean", "max")), 12, 9)
    L.add(piechart("Not Ready reasons", "Reason codes of the agents in Not Ready now.",
                   [target(f'count by (reason) (five9_agent_state{{{DA},state="Not Ready"}})',
                           "{{reason}}", instant=True)]), 12, 9)
    states = AGENT_STATES
    mappings = value_map([(code, s, c) for s, code, c in states] + [(9, "Other", "red")])
    L.add(state_timeline(
        "Agent state timeline", "Each agent's state over time (states outside the usual "
        "set show as Other).",
        coded_state_expr("five9_agent_state", DA, "domain, agent", states, 9),
        "{{agent}}", mappings), 24, 12)
    L.add(table(
        "Agents now", "Current state, reason and time in state per agent.",
        [target(f"max by (domain, agent, state, reason) (five9_agent_state{{{DA}}})", ref="A",
                instant=True, table=True),
         target(f"max by (domain, agent) (five9_agent_state_state_duration_seconds{{{DA}}})",
                ref="B", instant=True, table=True)],
        merge_table({"domain": "Domain", "agent": "Agent", "state": "State",
                     "reason": "Reason", "Value #B": "Time in state"},
                    hide=("Time", "job", "instance", "__name__", "Value #A")),
        overrides=[unit_override("Time in state", "s")]), 24, 10)

    L.row("Handling")
    stat_col = lambda c: f"five9_agent_statistics_{c}{{{DA}}}"
    L.add(timeseries("Average handle time", "Avg Handle Time per agent (top 10).",
                     [target(f"topk(10, {stat_col('avg_handle_time_seconds')})", "{{agent}}")],
                     unit="s"), 12, 9)
    L.add(bargauge("Calls per agent", "Total Calls per agent (top 15).",
                   [target(f"topk(15, {stat_col('total_calls')})", "{{agent}}", instant=True)],
                   color_mode="continuous-BlPu"), 12, 9)
    L.add(timeseries("Average times over the selected agents",
                     "Mean over agents of the AgentStatistics averages.",
                     [target(f"avg({stat_col('avg_talk_time_seconds')})", "Talk", "A"),
                      target(f"avg({stat_col('avg_hold_time_seconds')})", "Hold", "B"),
                      target(f"avg({stat_col('avg_wrap_time_seconds')})", "Wrap", "C"),
                      target(f"avg({stat_col('avg_handle_time_seconds')})", "Handle", "D")],
                     unit="s"), 12, 9)
    L.add(timeseries("Calls", "Total, inbound and manual calls over the selected agents.",
                     [target(f"sum({stat_col('total_calls')})", "Total", "A"),
                      target(f"sum({stat_col('total_inbound_calls')})", "Inbound", "B"),
                      target(f"sum({stat_col('total_manual_calls')})", "Manual", "C")]),
          12, 9)
    L.add(table(
        "Agent statistics", "AgentStatistics per agent.",
        [target(f"max by (domain, agent) ({stat_col('total_calls')})", ref="A", instant=True,
                table=True),
         target(f"max by (domain, agent) ({stat_col('total_inbound_calls')})", ref="B",
                instant=True, table=True),
         target(f"max by (domain, agent) ({stat_col('avg_handle_time_seconds')})", ref="C",
                instant=True, table=True),
         target(f"max by (domain, agent) ({stat_col('avg_talk_time_seconds')})", ref="D",
                instant=True, table=True),
         target(f"max by (domain, agent) ({stat_col('avg_wrap_time_seconds')})", ref="E",
                instant=True, table=True)],
        merge_table({"domain": "Domain", "agent": "Agent", "Value #A": "Calls",
                     "Value #B": "Inbound", "Value #C": "Avg handle", "Value #D": "Avg talk",
                     "Value #E": "Avg wrap"}),
        overrides=[unit_override("Avg handle", "s"), unit_override("Avg talk", "s"),
                   unit_override("Avg wrap", "s")]), 24, 10)
    return dashboard(
        "five9-agents", "Five9 / Agents",
        "Agent states, reasons, handle times and calls (five9_exporter).",
        ["agents"],
        [domain_var(),
         query_var("agent", "Agent",
                   'label_values(five9_agent_state{domain=~"$domain"}, agent)')],
        L)


CAMPAIGN_STATES = [
    ("RUNNING", 1, "green"), ("STARTING", 2, "light-green"), ("STOPPING", 3, "orange"),
    ("RESETTING", 4, "purple"), ("NOT_RUNNING", 5, "text"),
]
CAMPAIGN_TYPES = [
    ("outbound_stat", "Outbound campaign statistics", "five9_outbound_campaign_statistics_",
     "OutboundCampaignStatistics"),
    ("inbound_stat", "Inbound campaign statistics", "five9_inbound_campaign_statistics_",
     "InboundCampaignStatistics"),
    ("autodial_stat", "Autodial campaign statistics", "five9_autodial_campaign_statistics_",
     "AutodialCampaignStatistics"),
    ("ocm_stat", "Outbound campaign manager (dialing)", "five9_outbound_campaign_manager_",
     "OutboundCampaignManager"),
]


def campaigns():
    L = Layout()
    cs = lambda s: f'count(five9_campaign_state{{{DC},state="{s}"}} == 1) or vector(0)'
    L.add(stat("Running", "Campaigns in RUNNING.", cs("RUNNING"), color_mode="background"),
          6, 5)
    L.add(stat("Starting / stopping", "Campaigns in STARTING or STOPPING.",
               f'count(five9_campaign_state{{{DC},state=~"STARTING|STOPPING"}} == 1) '
               "or vector(0)"), 6, 5)
    L.add(stat("Resetting", "Campaigns in RESETTING.", cs("RESETTING")), 6, 5)
    L.add(stat("Not running", "Campaigns in NOT_RUNNING.", cs("NOT_RUNNING")), 6, 5)

    L.row("State")
    mappings = value_map([(code, s, c) for s, code, c in CAMPAIGN_STATES] +
                         [(9, "Other", "red")])
    L.add(state_timeline(
        "Campaign state timeline", "Each campaign's state over time (CampaignState).",
        coded_state_expr("five9_campaign_state", DC, "domain, campaign", CAMPAIGN_STATES, 9,
                         only_current=True),
        "{{campaign}}", mappings), 16, 10)
    L.add(table("Campaigns now", "Current state per campaign.",
                [target(f"max by (domain, campaign, state) "
                        f"(five9_campaign_state{{{DC}}} == 1)", ref="A", instant=True,
                        table=True)],
                merge_table({"domain": "Domain", "campaign": "Campaign", "state": "State"},
                            hide=("Time", "job", "instance", "__name__", "Value #A",
                                  "Value"))), 8, 10)

    # Columns most domains have under these names; panels stay empty where a domain's
    # columns are named otherwise (the generic rows below show everything).
    L.row("Highlights")
    L.add(bargauge(
        "Service level", "Service level columns (percentages) of inbound and outbound "
        "campaign statistics.",
        [target('max by (domain, campaign) ({__name__=~"five9_(inbound|outbound)_campaign_'
                f'statistics_service_level.*_ratio",{DC}}})', "{{campaign}}", instant=True)],
        unit="percentunit", minimum=0, maximum=1), 8, 8)
    L.panels[-1]["fieldConfig"]["defaults"]["thresholds"] = {
        "mode": "absolute",
        "steps": [{"color": "red", "value": None}, {"color": "yellow", "value": 0.7},
                  {"color": "green", "value": 0.8}]}
    L.add(bargauge(
        "Abandon rate", "Abandon rate columns (percentages) of campaign statistics.",
        [target('max by (domain, campaign) ({__name__=~"five9_(inbound|outbound)_campaign_'
                f'statistics_abandon_rate.*_ratio",{DC}}})', "{{campaign}}", instant=True)],
        unit="percentunit", minimum=0, maximum=0.2, steps=((0.03, "yellow"), (0.05, "red"))),
          8, 8)
    L.add(bargauge(
        "Dialing progress", "Share of the dialing list already dialed (outbound and "
        "autodial campaigns).",
        [target('max by (domain, campaign) ({__name__=~"five9_(outbound|autodial)_campaign_'
                f'statistics_dialing_progress.*_ratio",{DC}}})', "{{campaign}}", instant=True)],
        unit="percentunit", minimum=0, maximum=1, color_mode="continuous-BlPu"), 8, 8)

    for var, title, prefix, type_name in CAMPAIGN_TYPES:
        L.row(title)
        L.add(table(
            f"{type_name} now",
            f"Every numeric column of {type_name} per campaign (the columns are the "
            "domain's own; the exporter turns each into a metric).",
            [target(f'{{__name__=~"$' + var + f'",{DC}}}', ref="A", instant=True,
                    table=True)],
            [{"id": "groupingToMatrix", "options": {
                "columnField": "__name__", "rowField": "campaign", "valueField": "Value",
                "emptyValue": "null"}},
             {"id": "renameByRegex", "options": {"regex": prefix + "(.*)",
                                                 "renamePattern": "$1"}}]), 24, 8)
        p = timeseries(
            "$" + var, f"{type_name} column over time, per campaign.",
            [target(f'{{__name__=~"$' + var + f'",{DC}}}', "{{campaign}}")],
            legend_calcs=("lastNotNull",))
        p["repeat"] = var
        p["repeatDirection"] = "h"
        p["maxPerRow"] = 4
        L.add(p, 6, 7)

    return dashboard(
        "five9-campaigns", "Five9 / Campaigns",
        "Campaign states and the dialing and outcome statistics of every campaign type "
        "(five9_exporter). Statistic columns are discovered: the metric-name variables list "
        "whatever the domain reports.",
        ["campaigns"],
        [domain_var(),
         query_var("campaign", "Campaign",
                   'label_values(five9_campaign_state{domain=~"$domain"}, campaign)')] +
        [query_var(var, title.split(" (")[0],
                   "metrics(" + VARIABLE_ALL_REGEX[var] + ")", hide=0)
         for var, title, _, _ in CAMPAIGN_TYPES],
        L)


def exporter_health():
    L = Layout()
    I = 'instance=~"$instance"'
    ID = 'instance=~"$instance",domain=~"$domain"'
    up_map = value_map([(0, "DOWN", "red"), (1, "UP", "green")])
    L.add(stat("Five9 session", "five9_up per domain: 1 while the Supervisor session works.",
               f"five9_up{{{ID}}}", legend_fmt="{{domain}}", mappings=up_map,
               color_mode="background", graph=False, steps=()), 8, 5)
    L.panels[-1]["fieldConfig"]["defaults"]["thresholds"] = {
        "mode": "absolute",
        "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}]}
    L.add(stat("Tables ready", "Statistic tables loaded and served (all enabled types).",
               f"sum(five9_exporter_statistics_ready{{{ID}}})", graph=False), 4, 5)
    L.add(stat("Version", "five9_exporter_build_info.",
               f"five9_exporter_build_info{{{I}}}", legend_fmt="{{version}} ({{revision}})",
               text_mode="name", graph=False, color_mode="none"), 4, 5)
    L.add(stat("Uptime", "Time since the exporter process started.",
               f"time() - process_start_time_seconds{{{I}}}", unit="s", graph=False), 4, 5)
    L.add(stat("Memory", "Resident memory of the exporter.",
               f"process_resident_memory_bytes{{{I}}}", unit="bytes"), 4, 5)

    L.row("Data")
    L.add(timeseries("Data age per type",
                     "Seconds since each statistic table was last refreshed; it grows while "
                     "Five9 is unreachable.",
                     [target(f"time() - five9_exporter_statistics_updated_timestamp_seconds"
                             f"{{{ID}}}", "{{domain}} {{type}}")],
                     unit="s", steps=((300, "yellow"), (900, "red")),
                     threshold_style="line"), 12, 9)
    L.add(timeseries("Objects per type", "Rows (agents, skills, campaigns) per table.",
                     [target(f"five9_exporter_statistics_objects{{{ID}}}",
                             "{{domain}} {{type}}")]), 12, 9)
    L.add(timeseries("Full reloads", "Full getStatistics reloads per type and reason "
                     "(start-up, faults, configuration changes).",
                     [target(f"sum by (domain, type, reason) (increase("
                             f"five9_exporter_full_reloads_total{{{ID}}}[$__rate_interval]))",
                             "{{domain}} {{type}} {{reason}}")],
                     bars=True, legend_calcs=("sum",)), 12, 8)
    L.add(table("Unparsed values", "Values that did not fit their column's kind, per column "
                "(skipped, not exported).",
                [target(f"sum by (domain, type, column) "
                        f"(five9_exporter_unparsed_values_total{{{ID}}})", ref="A",
                        instant=True, table=True)],
                merge_table({"domain": "Domain", "type": "Type", "column": "Column",
                             "Value": "Count"})), 12, 8)

    L.row("Exporter health")
    ok_map = value_map([(0, "REFUSED", "red"), (1, "OK", "green")])
    L.add(stat("Config reload", "five9_exporter_config_reload_success: 1 when the last load "
               "or reload of the config file succeeded; REFUSED while the previous "
               "configuration keeps running (see the log).",
               f"five9_exporter_config_reload_success{{{I}}}", legend_fmt="{{instance}}",
               mappings=ok_map, color_mode="background", graph=False, steps=()), 4, 6)
    L.panels[-1]["fieldConfig"]["defaults"]["thresholds"] = {
        "mode": "absolute",
        "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}]}
    L.add(timeseries("Backoff", "1 while a domain's poller backs off: short (transport "
                     "errors, 5xx) or long (user limit, account faults).",
                     [target(f"five9_exporter_backoff{{{ID}}}", "{{domain}} {{kind}}")],
                     minimum=0, maximum=1, legend_calcs=("max",)), 5, 6)
    L.add(timeseries("Tables in doubt", "Statistic tables whose last delta did not fit and "
                     "wait for a full reload (the last good values are served).",
                     [target(f"count by (domain) (five9_exporter_statistics_consistent"
                             f"{{{ID}}} == 0) or sum by (domain) (0 * "
                             f"five9_exporter_statistics_consistent{{{ID}}})", "{{domain}}")],
                     minimum=0, steps=((1, "red"),), legend_calcs=("max",)), 5, 6)
    L.add(timeseries("Series dropped", "Samples the cardinality guard leaves out of /metrics "
                     "per type (domains[].limits); 0 when nothing is dropped.",
                     [target(f"five9_exporter_series_dropped{{{ID}}}", "{{domain}} {{type}}")],
                     minimum=0, steps=((1, "red"),), legend_calcs=("max",)), 5, 6)
    L.add(timeseries("Admin queue", "Admin calls waiting for their turn on each domain's "
                     "Five9 session.",
                     [target(f"five9_exporter_admin_queue{{{ID}}}", "{{domain}}")],
                     minimum=0, legend_calcs=("max",)), 5, 6)

    L.row("Five9 API budget")
    L.add(bargauge("Own budget spent",
                   "Calls this exporter made in each window against what it may make "
                   "(budget_share of the domain limit).",
                   [target(f"five9_exporter_budget_spent{{{ID}}} / "
                           f"(five9_exporter_budget_allowed{{{ID}}} > 0)",
                           "{{domain}} {{operation}} / {{window_seconds}}s", instant=True)],
                   unit="percentunit", minimum=0, maximum=1,
                   steps=((0.8, "yellow"), (0.95, "red"))), 24, 8)
    L.add(bargauge("Budget used per limit window",
                   "Share of each domain limit already spent in its window "
                   "(getCallCountersState; domain-wide, other integrations count too).",
                   [target(f"five9_domain_limit_used{{{ID}}} / (five9_domain_limit{{{ID}}} > 0)",
                           "{{domain}} {{operation}} / {{window_seconds}}s", instant=True)],
                   unit="percentunit", minimum=0, maximum=1,
                   steps=((0.8, "yellow"), (0.9, "red"))), 12, 10)
    L.add(timeseries("Budget used over time", "Limit use per operation and window.",
                     [target(f"five9_domain_limit_used{{{ID}}} / "
                             f"(five9_domain_limit{{{ID}}} > 0)",
                             "{{domain}} {{operation}} / {{window_seconds}}s")],
                     unit="percentunit", minimum=0, maximum=1,
                     steps=((0.8, "yellow"), (0.9, "red")), threshold_style="dashed"), 12, 10)
    L.add(timeseries("API calls by method", "Supervisor API calls per second by method.",
                     [target(f"sum by (domain, method) (rate("
                             f"five9_exporter_api_calls_total{{{ID}}}[$__rate_interval]))",
                             "{{domain}} {{method}}")],
                     unit="reqps"), 8, 9)
    L.add(timeseries("Faults and errors", "Calls that did not end ok, by fault or error.",
                     [target(f'sum by (domain, outcome) (increase('
                             f'five9_exporter_api_calls_total{{{ID},outcome!="ok"}}'
                             f'[$__rate_interval]))', "{{domain}} {{outcome}}")],
                     bars=True, legend_calcs=("sum",)), 8, 9)
    L.add(timeseries("API call latency",
                     "99th and 50th percentile of Supervisor API call durations by method "
                     "(long polls included).",
                     [target(f"histogram_quantile(0.99, sum by (le, method) (rate("
                             f"five9_exporter_api_call_duration_seconds_bucket{{{ID}}}"
                             f"[$__rate_interval])))", "p99 {{method}}", "A"),
                      target(f"histogram_quantile(0.5, sum by (le, method) (rate("
                             f"five9_exporter_api_call_duration_seconds_bucket{{{ID}}}"
                             f"[$__rate_interval])))", "p50 {{method}}", "B")],
                     unit="s"), 8, 9)
    L.add(bargauge("Users logged in vs limit",
                   "Supervisor and mobile users logged in against the domain's user limits "
                   "(getUserLimits).",
                   [target(f"five9_users_logged_in{{{ID}}} / (five9_user_limit{{{ID}}} > 0)",
                           "{{domain}} {{kind}}", instant=True)],
                   unit="percentunit", minimum=0, maximum=1,
                   steps=((0.8, "yellow"), (0.95, "red"))), 12, 6)
    L.add(timeseries("Admin actions", "Admin API requests by action and HTTP status.",
                     [target(f"sum by (action, code) (increase("
                             f"five9_exporter_admin_requests_total{{{I}}}[$__rate_interval]))",
                             "{{action}} {{code}}")],
                     bars=True, legend_calcs=("sum",)), 12, 6)
    L.add(timeseries("CPU", "CPU seconds per second used by the exporter.",
                     [target(f"rate(process_cpu_seconds_total{{{I}}}[$__rate_interval])",
                             "{{instance}}")], unit="percentunit"), 12, 6)
    L.add(timeseries("Open file descriptors", "Sockets and files held by the exporter.",
                     [target(f"process_open_fds{{{I}}}", "{{instance}}")]), 12, 6)
    return dashboard(
        "five9-exporter", "Five9 / Exporter health",
        "five9_exporter itself: sessions, data age, API budget, faults, reloads and admin "
        "actions.",
        ["exporter"],
        [query_var("instance", "Instance", "label_values(five9_exporter_build_info, instance)"),
         query_var("domain", "Domain", 'label_values(five9_up{instance=~"$instance"}, domain)')],
        L, time_from="now-6h")


DASHBOARDS = {
    "five9-wallboard.json": wallboard,
    "five9-agents.json": agents,
    "five9-campaigns.json": campaigns,
    "five9-exporter.json": exporter_health,
}


def render(fn):
    return json.dumps(fn(), indent=2, sort_keys=False) + "\n"


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, fn in DASHBOARDS.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(render(fn))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
