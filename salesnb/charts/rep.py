"""The rep review's charts: where the rep stands on each KPI, and their revenue against quota."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from salesnb.charts.base import PALETTE, figure, percent_axis
from salesnb.charts.team import plot_revenue_trend
from salesnb.text.i18n import tr

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
    return plot_revenue_trend(trend, language, currency, title_key="rep.chart.trend_title", height=4.0)
