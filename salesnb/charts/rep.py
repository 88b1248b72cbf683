"""The rep review's charts: where the rep stands on each KPI, and their revenue against quota."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from salesnb.charts.base import describe, figure, percent_axis
from salesnb.charts.palette import PALETTE, STATUS_COLOURS, STATUS_HATCHES
from salesnb.charts.team import plot_revenue_trend
from salesnb.text.i18n import tr, trf

#: Differences beyond ± this share are drawn at the edge (and labelled with their value).
CLIP = 1.0


def plot_rep_position(position: pd.DataFrame, language: str) -> Figure:
    """Per KPI, how much better (+) or worse (−) than the team median the rep is, relative to it, as bars;
    the difference to the peer median as a marker. ``position`` has ``label`` (the KPI's name in the
    report's language), ``diff_team`` and ``diff_peer``; rows are drawn top-down in the order given."""
    data = position.iloc[::-1].reset_index(drop=True)
    fig, ax = figure(9, max(2.8, 0.42 * len(data) + 1.4))
    team = data["diff_team"].astype(float)
    peer = data["diff_peer"].astype(float)
    shown = team.clip(-CLIP, CLIP).fillna(0.0)
    # better or worse than the median: colour, hatch and the signed label on each bar
    status = ["good" if v >= 0 else "bad" for v in shown]
    y = np.arange(len(data))
    ax.barh(
        y, shown, color=[STATUS_COLOURS[s] for s in status], hatch=[STATUS_HATCHES[s] for s in status],
        edgecolor="white", lw=0.5,
    )  # fmt: skip
    ax.scatter(
        peer.clip(-CLIP, CLIP),
        y,
        marker="D",
        s=28,
        color=PALETTE["main"],
        edgecolors="white",  # apart from the bar it sits on
        linewidths=0.8,
        zorder=3,
        label=tr("rep.chart.peer_marker", language),
    )
    for i, v in enumerate(team):
        if np.isfinite(v):
            x = float(np.clip(v, -CLIP, CLIP))
            ax.text(
                x + (0.03 if v >= 0 else -0.03),
                i,
                f"{v:+.0%}",
                va="center",
                ha="left" if v >= 0 else "right",
                fontsize=8,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    ax.axvline(0, color=PALETTE["reference"], lw=1)
    ax.set_yticks(y, list(data["label"]))
    ax.set_xlim(-CLIP * 1.35, CLIP * 1.35)
    percent_axis(ax, "x")
    ax.set_xlabel(tr("rep.chart.position_axis", language))
    # the bars' two statuses named, each with its colour and hatch, then the peer marker
    bars = [
        Patch(
            fc=STATUS_COLOURS[s],
            hatch=STATUS_HATCHES[s],
            ec="white",
            label=tr(f"chart.position.{s}", language),
        )
        for s in ("good", "bad")
        if s in status
    ]
    handles = [*bars, *ax.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    ax.set_title(tr("rep.chart.position_title", language))
    return describe(fig, _position_description(data, ax.get_title(), language))


def _position_description(data: pd.DataFrame, title: str, language: str) -> str:
    """The rep's position in words: on how many KPIs better than the team median, and the worst gap."""
    known = data.dropna(subset=["diff_team"])
    if not len(known):
        return title
    better = int((known["diff_team"] >= 0).sum())
    worst = known.loc[known["diff_team"].astype(float).idxmin()]
    if worst["diff_team"] >= 0:
        return trf("chart.alt.position_none_below", language, title=title, better=better, count=len(known))
    return trf(
        "chart.alt.position",
        language,
        title=title,
        better=better,
        count=len(known),
        worst=worst["label"],
        worst_value=f"{worst['diff_team']:+.0%}",
    )


def plot_rep_trend(trend: pd.DataFrame, language: str, currency: str) -> Figure:
    """The rep's revenue bars against the quota line per period, quota attainment on a second axis."""
    return plot_revenue_trend(trend, language, currency, title_key="rep.chart.trend_title", height=4.0)
