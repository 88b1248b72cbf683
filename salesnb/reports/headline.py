"""The headline block every review opens with: its ranked findings, each linked to its section, then KPI
tiles with their status in words and colour and a small trend.

The findings are ranked by :func:`salesnb.analysis.headline.rank_findings` (``docs/findings.md``); each
review kind gathers its own candidates (:mod:`salesnb.reports.team_review.headline`,
:mod:`salesnb.reports.rep_review.headline`). The trend is an inline SVG line (HTML and WeasyPrint both
draw it) with its values as the image's text, so a screen reader or a PDF's text layer has them too.
Every string that reaches the HTML is escaped here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from salesnb.analysis.findings import Severity
from salesnb.analysis.headline import Candidate
from salesnb.reports.display import anchor
from salesnb.text.formatting import format_value, kpi_label
from salesnb.text.i18n import tr, trf

#: Tile statuses: the i18n key's suffix and the colour it is shown in (the word always says it too).
STATUS_COLOURS = {
    "on_target": "#1e7b46",
    "below_target": "#b42318",
    "above_median": "#1e7b46",
    "below_median": "#b45309",
    "above_average": "#1e7b46",
    "below_average": "#b45309",
    "near_median": "#52606d",
    "near_average": "#52606d",
    "no_target": "#52606d",
    "symptom": "#b45309",
    "inflated": "#b45309",
    "too_few": "#52606d",
    "no_data": "#52606d",
}
#: How close to its benchmark (relative) a KPI without a target reads as *near* it rather than above or
#: below: a rep at 31.0 % against a median of 31.3 % is at the median, not behind it.
NEAR = 0.05
#: Goal statuses the headline reports, with the severity each is read at (``docs/findings.md``).
GOAL_SEVERITY = {"missed": Severity.MEDIUM, "behind": Severity.MEDIUM, "at_risk": Severity.LOW}
#: The audit verdicts of the goals a finding may rest on.
AUDIT_KEPT = ("passes", "not_judged")
#: Periods a tile's trend shows at most.
TREND_POINTS = 6

STYLE = """<style>
.salesnb-report .headline { border: 1px solid #d9e2ec; border-left: 5px solid #2a6f97; padding: 0.6em 1em;
  margin: 0.8em 0 1em; background: #f8fafc; }
.salesnb-report .headline h2 { margin-top: 0.2em; border: none; }
.salesnb-report .headline a { text-decoration: underline; }
.salesnb-report .headline ol { margin: 0.3em 0 0.6em 1.2em; padding: 0; }
.salesnb-report .headline li { margin: 0.25em 0; }
.salesnb-report .sev { font-weight: bold; font-size: 0.8em; padding: 0 0.35em; border-radius: 3px;
  color: #fff; margin-right: 0.4em; }
.salesnb-report .sev-high { background: #b42318; } .salesnb-report .sev-medium { background: #b45309; }
.salesnb-report .sev-low { background: #52606d; }
.salesnb-report .tiles { display: flex; flex-wrap: wrap; gap: 0.6em; margin: 0.4em 0; }
.salesnb-report .tile { border: 1px solid #d9e2ec; border-top: 4px solid #52606d; background: #fff;
  padding: 0.4em 0.7em; width: 10.5em; break-inside: avoid; page-break-inside: avoid; }
.salesnb-report .tile .label { font-size: 0.82em; color: #3e4c59; }
.salesnb-report .tile .value { font-size: 1.35em; font-weight: bold; }
.salesnb-report .tile .status { font-size: 0.8em; font-weight: bold; }
.salesnb-report .tile .trend-text { font-size: 0.72em; color: #52606d; overflow-wrap: anywhere; }
</style>"""


@dataclass(frozen=True)
class Tile:
    """One KPI's tile: its label, value and status (a key of :data:`STATUS_COLOURS`), the words after the
    status (the target or benchmark, ``""`` when none) and the KPI's last periods (NaN: unknown)."""

    kpi: str
    unit: str
    value: float
    status: str
    against: str
    periods: Sequence[str]
    series: Sequence[float]


def findings_html(ranked: list[Candidate], language: str, nothing: str, missing: str = "") -> str:
    """The findings as a numbered list, each with its severity in words and a link to its section;
    ``nothing`` stands in when there is none, ``missing`` says what the findings could not look at."""
    if ranked:
        items = "".join(
            f'<li><span class="sev sev-{c.severity}">{html.escape(tr(f"severity.{c.severity}", language))}'
            f'</span>{html.escape(c.text)} <a href="#{anchor(c.section)}">'
            f"{html.escape(tr('headline.see', language))}</a></li>"
            for c in ranked
        )
        body = f"<ol>{items}</ol>"
    else:
        body = f"<p>{html.escape(nothing)}</p>"
    if missing:
        body += f'<p class="missing">{html.escape(missing)}</p>'
    return body


def _number(value: float, unit: str, currency: str) -> str:
    return format_value(value, unit, currency)


def sparkline(series: Sequence[float], label: str, width: int = 120, height: int = 28) -> str:
    """The series as a small inline SVG line (gaps where a value is unknown), its values as its text.

    >>> svg = sparkline([1.0, 2.0, float("nan"), 3.0, 4.0], "Win rate: 1, 2, –, 3, 4")
    >>> svg.count("<polyline"), 'aria-label="Win rate: 1, 2, –, 3, 4"' in svg
    (2, True)
    >>> sparkline([float("nan")], "none")
    ''
    """
    known = [v for v in series if v is not None and math.isfinite(v)]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(series) - 1, 1)
    runs: list[list[str]] = [[]]
    last = ""
    for i, v in enumerate(series):
        if v is None or not math.isfinite(v):
            runs.append([])
            continue
        x, y = 2 + i * step, height - 3 - (v - low) / span * (height - 6)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        last = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="#2a6f97"/>'
    lines = "".join(
        f'<polyline points="{" ".join(r)}" fill="none" stroke="#2a6f97" stroke-width="1.5"/>'
        for r in runs
        if len(r) > 1
    )
    if not lines:  # no two known periods in a row: no line to draw
        return ""
    text = html.escape(label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{text}"><title>{text}</title>{lines}{last}</svg>'
    )


def tile_html(tile: Tile, language: str, currency: str) -> str:
    """One tile: label, value, status in words and colour, the trend and its values in text."""
    label = kpi_label(tile.kpi, language)
    colour = STATUS_COLOURS[tile.status]
    status = tr(f"headline.status.{tile.status}", language)
    if tile.against:
        status = trf("headline.status_against", language, status=status, against=tile.against)
    values = [_number(v, tile.unit, currency) for v in tile.series]
    trend = ""
    if tile.periods and any(math.isfinite(v) for v in tile.series):
        span = f"{tile.periods[0]}–{tile.periods[-1]}"
        words = trf("headline.trend", language, span=span, values=tr("missing.list", language).join(values))
        trend = sparkline(list(tile.series), f"{label}: {words}")
        trend += f'<div class="trend-text">{html.escape(words)}</div>'
    return (
        f'<div class="tile" style="border-top-color:{colour}">'
        f'<div class="label">{html.escape(label)}</div>'
        f'<div class="value">{html.escape(_number(tile.value, tile.unit, currency))}</div>'
        f'<div class="status" style="color:{colour}">{html.escape(status)}</div>{trend}</div>'
    )


def status_against(
    value: float, target: float, higher_is_better: bool, benchmark: float = math.nan, name: str = "median"
) -> str:
    """The tile status of ``value``: against its target where there is one, else against the benchmark
    (``name``: the team ``median`` or the team's own moving ``average``); within :data:`NEAR` of the
    benchmark it is *near* it, neither good nor bad news (a target is a line: met or not).

    >>> status_against(0.9, 1.0, True), status_against(20, 30, False), status_against(5, math.nan, True, 4)
    ('below_target', 'on_target', 'above_median')
    >>> status_against(0.310, math.nan, True, 0.313), status_against(8.1, math.nan, False, 10, "average")
    ('near_median', 'above_average')
    >>> status_against(5, math.nan, True), status_against(math.nan, 1.0, True)
    ('no_target', 'no_data')
    """
    better = (lambda a, b: a >= b) if higher_is_better else (lambda a, b: a <= b)
    if not math.isfinite(value):  # unknown (its input is missing): said, never judged as a zero
        return "no_data"
    if math.isfinite(target):
        return "on_target" if better(value, target) else "below_target"
    if math.isfinite(benchmark):
        if abs(value - benchmark) <= NEAR * abs(benchmark):
            return f"near_{name}"
        return f"above_{name}" if better(value, benchmark) else f"below_{name}"
    return "no_target"


def headline_html(findings: str, tiles: list[Tile], language: str, currency: str) -> str:
    """The whole block: the findings, then the tiles."""
    cards = "".join(tile_html(t, language, currency) for t in tiles)
    kpis = f'<h3>{html.escape(tr("headline.kpis", language))}</h3><div class="tiles">{cards}</div>'
    title = html.escape(tr("headline.title", language))
    return f'{STYLE}<div class="headline" id="{anchor("headline")}"><h2>{title}</h2>{findings}{kpis}</div>'


def goal_candidate(goals: pd.DataFrame, language: str, currency: str) -> list[Candidate]:
    """The goals not on course (missed, behind or at risk) as one candidate, the worst status first."""
    if goals.empty or "status" not in goals:
        return []
    off = goals[goals["status"].isin(list(GOAL_SEVERITY))]
    if "audit" in off:  # a goal the SMART audit rejects is the goals table's to explain, not a finding
        off = off[off["audit"].isna() | off["audit"].isin(AUDIT_KEPT)]
    if off.empty:
        return []
    order = list(GOAL_SEVERITY)
    off = off.assign(_o=off["status"].map(order.index)).sort_values("_o")
    items = [
        trf(
            "headline.goal",
            language,
            kpi=kpi_label(str(g["kpi"]), language),
            actual=format_value(g["actual"], str(g["unit"]), currency),
            target=format_value(g["target"], str(g["unit"]), currency),
            status=tr(f"status.{g['status']}", language),
        )
        for _, g in off.head(3).iterrows()
    ]
    text = trf(
        "headline.goals_behind",
        language,
        n=len(off),
        total=len(goals),
        goals=tr("headline.goal_list", language).join(items),
    )
    severity = min((GOAL_SEVERITY[s] for s in off["status"]), key=lambda s: s.rank)
    return [Candidate("goals_behind", severity, len(off), "goals", text)]
