"""The rep review's charts: where the rep stands on each KPI, and their revenue against quota."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from salesnb.charts.base import PALETTE, figure, money_axis, percent_axis
from salesnb.reports.i18n import tr

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
    colors = [PALETTE["good"] if v >= 0 else PALETTE["bad"] for v in shown]
    y = np.arange(len(data))
    ax.barh(y, shown, color=colors, alpha=0.85, label=tr("rep.chart.team_bar", language))
    ax.scatter(
        peer.clip(-CLIP, CLIP),
        y,
        marker="D",
        s=28,
        color=PALETTE["main"],
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
    ax.axvline(0, color=PALETTE["muted"], lw=1)
    ax.set_yticks(y, list(data["label"]))
    ax.set_xlim(-CLIP * 1.35, CLIP * 1.35)
    percent_axis(ax, "x")
    ax.set_xlabel(tr("rep.chart.position_axis", language))
    fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    ax.set_title(tr("rep.chart.position_title", language))
    return fig


def plot_rep_trend(trend: pd.DataFrame, language: str, currency: str) -> Figure:
    """The rep's revenue bars against the quota line per period, quota attainment on a second axis."""
    fig, ax = figure(9, 4.0)
    labels = list(trend.index)
    x = range(len(labels))
    ax.bar(x, trend["revenue"], color=PALETTE["main"], label=tr("kpi.revenue", language))
    ax.plot(x, trend["quota"], color=PALETTE["accent"], marker="o", lw=2, label=tr("kpi.quota", language))
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.set_ylabel(f"{tr('chart.amount_axis', language)} ({currency})")
    ax.set_xlabel(tr("chart.period_axis", language))
    money_axis(ax)
    top_amount = float(pd.concat([trend["revenue"], trend["quota"]]).max()) if len(trend) else 0.0
    ax.set_ylim(0, max(top_amount, 1.0) * 1.3)  # headroom for the legend above the bars
    ax2 = ax.twinx()
    att = trend["quota_attainment"].astype(float)
    ax2.plot(
        x, att, color=PALETTE["good"], ls="--", marker="s", ms=4, label=tr("kpi.quota_attainment", language)
    )
    ax2.set_ylabel(tr("chart.attainment_axis", language))
    percent_axis(ax2)
    ax2.grid(False)
    top = float(att.max()) if att.notna().any() else 0.0
    ax2.set_ylim(0, max(1.5, top) * 1.3)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", ncol=3, fontsize=8, framealpha=0.9)
    ax.set_title(tr("rep.chart.trend_title", language))
    return fig
