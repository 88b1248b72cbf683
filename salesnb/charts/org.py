"""The organisation overview's charts: team ranking, attainment bands and reps on target over time."""

from __future__ import annotations

import matplotlib.ticker as mticker
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from salesnb.charts.base import amount, attainment_bars, count_axis, describe, figure, money_axis
from salesnb.charts.palette import BAND_COLOURS, BAND_HATCHES, PALETTE, SHARE_CMAP
from salesnb.text.i18n import tr, trf

#: The bands at or above quota (the last two of the distribution's band columns).
ON_TARGET_BANDS = 2


def plot_team_ranking(teams: pd.DataFrame, language: str) -> Figure:
    """Teams' quota attainment as horizontal bars, best on top, with the 100 % line."""
    data = teams.dropna(subset=["quota_attainment"]).iloc[::-1]
    return attainment_bars(data["name"], data["quota_attainment"], "team", "chart.ranking_title", language)


def plot_team_revenue(teams: pd.DataFrame, language: str, currency: str) -> Figure:
    """Teams' revenue as horizontal bars, best on top: the ranking when no team has a quota."""
    data = teams.dropna(subset=["revenue"]).iloc[::-1]
    fig, ax = figure(9, max(2.5, 0.45 * len(data) + 1.2))
    values = data["revenue"].astype(float)
    ax.barh(list(data["name"]), values, color=PALETTE["main"])
    money_axis(ax, "x")
    ax.set_xlim(0, max(1.0, float(values.max()) if len(values) else 0.0) * 1.15)
    ax.set_xlabel(f"{tr('kpi.revenue', language)} ({currency})")
    ax.set_ylabel(tr("team", language))
    ax.set_title(tr("chart.ranking_revenue_title", language))
    if not len(values):
        return fig
    names = [str(n) for n in data["name"]]
    order = values.reset_index(drop=True)
    return describe(
        fig,
        trf(
            "chart.alt.team_revenue",
            language,
            title=ax.get_title(),
            count=len(values),
            top=names[int(order.idxmax())],
            top_value=amount(order.max(), currency),
            low=names[int(order.idxmin())],
            low_value=amount(order.min(), currency),
        ),
    )


def plot_attainment_bands(distribution: pd.DataFrame, names: dict[str, str], language: str) -> Figure:
    """Stacked bars per team: how many reps fall in each attainment band (the frame's band columns)."""
    bands = [c for c in distribution.columns if c not in ("team_id", "reps")]
    data = distribution.set_index("team_id")[bands].iloc[::-1]
    labels = [names.get(t, t) for t in data.index]
    fig, ax = figure(9, max(2.5, 0.5 * len(data) + 1.4))
    left = pd.Series(0.0, index=data.index)
    for key, colour, hatch in zip(bands, BAND_COLOURS, BAND_HATCHES, strict=True):
        ax.barh(
            labels, data[key], left=left, color=colour, hatch=hatch, edgecolor="white", lw=0.5,
            label=tr(f"band.{key}", language),
        )  # fmt: skip
        left += data[key]
    ax.set_xlabel(tr("chart.reps_axis", language))
    count_axis(ax, "x")
    ax.set_ylabel(tr("team", language))
    # below the axis label, laid out with it (a legend anchored under the axes covered "Reps")
    fig.legend(loc="outside lower center", ncol=5, fontsize=8, frameon=False)
    ax.set_title(tr("chart.bands_title", language))
    counts = data.iloc[::-1]
    teams = [
        trf(
            "chart.alt.band_team",
            language,
            team=names.get(t, t),
            on=int(row.iloc[-ON_TARGET_BANDS:].sum()),
            reps=int(row.sum()),
        )
        for t, row in counts.iterrows()
    ]
    sep = tr("chart.list_sep", language)
    return describe(fig, trf("chart.alt.bands", language, title=ax.get_title(), teams=sep.join(teams)))


def plot_on_target_trend(trend: pd.DataFrame, names: dict[str, str], language: str) -> Figure:
    """A heat map, teams by periods: the share of each team's reps at or above quota."""
    data = trend.T
    data.index = [names.get(t, t) for t in data.index]
    fig, ax = figure(10, max(2.6, 0.45 * len(data) + 1.6))
    sns.heatmap(
        data,
        ax=ax,
        vmin=0,
        vmax=1,
        cmap=SHARE_CMAP,
        annot=True,
        fmt=".0%",
        annot_kws={"fontsize": 8},
        linewidths=0.5,
        cbar_kws={"label": tr("chart.on_target_axis", language), "format": mticker.PercentFormatter(1.0, 0)},
    )
    ax.set_xlabel(tr("chart.period_axis", language))
    ax.set_ylabel(tr("team", language))
    ax.tick_params(axis="x", rotation=45)
    ax.set_title(tr("chart.on_target_title", language))
    if not data.shape[1]:
        return fig
    latest = data.iloc[:, -1]
    shares = [f"{team} {share:.0%}" for team, share in latest.items() if pd.notna(share)]
    sep = tr("chart.list_sep", language)
    return describe(
        fig,
        trf(
            "chart.alt.on_target",
            language,
            title=ax.get_title(),
            period=data.columns[-1],
            teams=sep.join(shares),
        ),
    )
