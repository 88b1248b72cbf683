"""The team review's charts."""

from __future__ import annotations

import contextlib

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from salesnb.charts.base import (
    amount,
    attainment_bars,
    count_axis,
    describe,
    figure,
    label_offsets,
    money_axis,
    percent_axis,
)
from salesnb.charts.palette import CATEGORY_COLOURS, CATEGORY_MARKERS, PALETTE
from salesnb.text.i18n import tr, trf


def plot_revenue_trend(
    trend: pd.DataFrame,
    language: str,
    currency: str,
    title_key: str = "chart.trend_title",
    height: float = 4.2,
) -> Figure:
    """Revenue bars against the quota line per period, attainment on a second axis, with headroom above
    the bars for the legend (a team's trend, or with ``title_key`` a rep's). Periods without a quota have
    no quota point; with no quota at all, neither the quota line nor the attainment axis is drawn."""
    fig, ax = figure(9, height)
    labels = list(trend.index)
    x = range(len(labels))
    quotas = trend["quota"].notna().any()
    ax.bar(x, trend["revenue"], color=PALETTE["main"], label=tr("kpi.revenue", language))
    if quotas:
        ax.plot(x, trend["quota"], color=PALETTE["accent"], marker="o", lw=2, label=tr("kpi.quota", language))
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.set_ylabel(f"{tr('chart.amount_axis', language)} ({currency})")
    ax.set_xlabel(tr("chart.period_axis", language))
    money_axis(ax)
    top_amount = float(pd.concat([trend["revenue"], trend["quota"]]).max()) if len(trend) else 0.0
    ax.set_ylim(0, max(top_amount if top_amount == top_amount else 0.0, 1.0) * 1.3)
    if not quotas:
        ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
        ax.set_title(tr("chart.revenue_only_title", language))
        return describe(fig, _trend_description(trend, "chart.revenue_only_title", language, currency))
    ax2 = ax.twinx()
    att = trend["quota_attainment"].astype(float)
    ax2.plot(
        x,
        att,
        color=PALETTE["secondary"],
        ls="--",
        marker="s",
        ms=4,
        label=tr("kpi.quota_attainment", language),
    )
    ax2.set_ylabel(tr("chart.attainment_axis", language))
    percent_axis(ax2)
    ax2.grid(False)
    top = float(att.max()) if att.notna().any() else 0.0
    ax2.set_ylim(0, max(1.5, top) * 1.3)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", ncol=3, fontsize=8, framealpha=0.9)
    ax.set_title(tr(title_key, language))
    return describe(fig, _trend_description(trend, title_key, language, currency))


def _trend_description(trend: pd.DataFrame, title_key: str, language: str, currency: str) -> str:
    """The revenue trend in words: the last period's revenue, attainment and how often quota was met."""
    title = tr(title_key, language)
    revenue = trend["revenue"].dropna()
    if not len(revenue):
        return title
    last = revenue.index[-1]
    quota = trend["quota"].get(last)
    quota_text = ""
    if pd.notna(quota) and quota:
        met = trend.dropna(subset=["quota"])
        quota_text = trf(
            "chart.alt.trend_quota",
            language,
            attainment=f"{revenue[last] / quota:.0%}",
            quota=amount(quota, currency),
            met=int((met["revenue"] >= met["quota"]).sum()),
            periods=len(met),
        )
    return trf(
        "chart.alt.trend",
        language,
        title=title,
        first=trend.index[0],
        last=last,
        revenue=amount(revenue[last], currency),
        quota=quota_text,
    )


def plot_rep_attainment(reps: pd.DataFrame, language: str) -> Figure:
    """Horizontal bars of quota attainment per rep, with the 100 % line."""
    data = reps.sort_values("quota_attainment", ascending=True)
    return attainment_bars(data["name"], data["quota_attainment"], "rep", "chart.reps_title", language)


def plot_funnel(funnel: pd.DataFrame, language: str) -> Figure:
    """Deals at each stage reached, labelled with the step conversion."""
    fig, ax = figure(9, 3.6)
    names = [tr(f"stage.{s}", language) for s in funnel["stage"]]
    ax.barh(names[::-1], funnel["deals"][::-1], color=PALETTE["main"])
    for i, (deals, step) in enumerate(
        zip(funnel["deals"][::-1], funnel["step_conversion"][::-1], strict=True)
    ):
        text = f"{deals}" if pd.isna(step) else f"{deals}  ({step:.0%})"
        ax.text(deals, i, "  " + text, va="center", fontsize=9)
    ax.set_xlabel(tr("deals", language))
    count_axis(ax, "x")
    ax.set_ylabel(tr("stage", language))
    ax.set_xlim(0, max(1, funnel["deals"].max()) * 1.25)
    ax.set_title(tr("chart.funnel_title", language))
    stages = [
        trf("chart.alt.funnel_stage", language, stage=name, deals=deals)
        if pd.isna(step)
        else trf("chart.alt.funnel_step", language, stage=name, deals=deals, step=f"{step:.0%}")
        for name, deals, step in zip(names, funnel["deals"], funnel["step_conversion"], strict=True)
    ]
    sep = tr("chart.list_sep", language)
    return describe(fig, trf("chart.alt.funnel", language, title=ax.get_title(), stages=sep.join(stages)))


def plot_activity(reps: pd.DataFrame, language: str) -> Figure:
    """Each rep's calls per working day against contact rate, a colour and a marker per level, with the
    team medians as labelled guides."""
    fig, ax = figure(9, 4.6)
    data = reps.dropna(subset=["calls_per_working_day", "contact_rate"])
    levels = list(dict.fromkeys(data["level"]))
    sns.scatterplot(
        data=data,
        x="calls_per_working_day",
        y="contact_rate",
        hue="level",
        style="level",
        hue_order=levels,
        style_order=levels,
        palette=dict(zip(levels, CATEGORY_COLOURS * 2, strict=False)),
        markers=dict(zip(levels, CATEGORY_MARKERS * 2, strict=False)),
        s=80,
        ax=ax,
    )
    names = [str(n) for n in data["name"]]
    points = zip(data["calls_per_working_day"], data["contact_rate"], strict=True)
    for name, xy, offset in zip(names, points, _spots(ax, data, names), strict=True):
        ax.annotate(name, xy, textcoords="offset points", xytext=offset, fontsize=8)
    calls, rate = data["calls_per_working_day"].median(), data["contact_rate"].median()
    if len(data):
        guide = {"color": PALETTE["muted"], "ls": ":", "lw": 1.2}
        ax.axvline(calls, **guide)
        ax.axhline(rate, **guide, label=tr("chart.team_median", language))
        _label_medians(ax, calls, rate, language)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(tr("level", language))
        for text in legend.get_texts():
            key = f"level.{text.get_text()}"
            with contextlib.suppress(KeyError):
                text.set_text(tr(key, language))
    percent_axis(ax)
    ax.set_xlabel(tr("chart.calls_axis", language))
    ax.set_ylabel(tr("chart.contact_axis", language))
    ax.set_title(tr("chart.activity_title", language))
    if not len(data):
        return fig
    most, fewest = data["calls_per_working_day"].idxmax(), data["calls_per_working_day"].idxmin()
    return describe(
        fig,
        trf(
            "chart.alt.activity",
            language,
            title=ax.get_title(),
            count=len(data),
            calls=f"{calls:.1f}",
            rate=f"{rate:.0%}",
            top=data.at[most, "name"],
            top_calls=f"{data.at[most, 'calls_per_working_day']:.1f}",
            low=data.at[fewest, "name"],
            low_calls=f"{data.at[fewest, 'calls_per_working_day']:.1f}",
        ),
    )


def _label_medians(ax, calls: float, rate: float, language: str) -> None:
    """Label each median line with the value it marks, at its end outside the plot (a tick of a top and
    a right axis): never over a rep's point or name, and the layout makes room for it."""
    style = {"length": 0, "labelsize": 7.5, "labelcolor": PALETTE["muted"]}
    top = ax.secondary_xaxis("top")
    top.set_xticks([calls], [trf("chart.median_label", language, value=f"{calls:.1f}")])
    right = ax.secondary_yaxis("right")
    right.set_yticks([rate], [trf("chart.median_label", language, value=f"{rate:.0%}")])
    for axis in (top, right):
        axis.tick_params(**style)
        axis.grid(False)
        for spine in axis.spines.values():
            spine.set_visible(False)


def _spots(ax, data: pd.DataFrame, names: list[str]) -> list[tuple[float, float]]:
    """Label offsets for the activity scatter (:func:`~salesnb.charts.base.label_offsets`): positions
    and sizes estimated in points from the data limits and the figure size, before layout."""
    if not len(data):
        return []
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width, height = ax.figure.get_figwidth() * 72 * 0.85, ax.figure.get_figheight() * 72 * 0.75
    xs = [(x - x0) / ((x1 - x0) or 1) * width for x in data["calls_per_working_day"]]
    ys = [(y - y0) / ((y1 - y0) or 1) * height for y in data["contact_rate"]]
    # 8-point text: about 4.6 points per Latin character, 8 per CJK character
    widths = [sum(8.0 if ord(c) > 0x2E80 else 4.6 for c in n) for n in names]
    return label_offsets(xs, ys, widths, (width, height))


def plot_revenue_moving_average(series: pd.DataFrame, language: str, currency: str) -> Figure:
    """Revenue per period as bars, its 3-period moving average as a line, last year's value dotted."""
    fig, ax = figure()
    x = list(range(len(series)))
    ax.bar(x, series["value"], color=PALETTE["main"], label=tr("kpi.revenue", language))
    if series["moving_avg"].notna().any():  # a marker on each point: a single average has no line to draw
        ax.plot(
            x, series["moving_avg"], color=PALETTE["accent"], lw=2.2, marker="o", ms=4,
            label=tr("chart.moving_avg", language),
        )  # fmt: skip
    if series["last_year"].notna().any():
        ax.plot(
            x, series["last_year"], color=PALETTE["muted"], ls=":", marker="o", ms=3,
            label=tr("chart.last_year", language),
        )  # fmt: skip
    ax.set_xticks(x, list(series.index), rotation=45, ha="right")
    ax.set_xlabel(tr("chart.period_axis", language))
    ax.set_ylabel(f"{tr('chart.amount_axis', language)} ({currency})")
    money_axis(ax)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(tr("chart.trend_ma_title", language))
    known = series.dropna(subset=["value"])
    if not len(known):
        return fig
    last = known.index[-1]
    year_ago = known.at[last, "last_year"]
    average = known.at[last, "moving_avg"]
    return describe(
        fig,
        trf(
            "chart.alt.moving_avg",
            language,
            title=ax.get_title(),
            first=series.index[0],
            last=last,
            revenue=amount(known.at[last, "value"], currency),
            average=amount(average, currency),
            last_year=""
            if pd.isna(year_ago)
            else trf("chart.alt.last_year", language, value=amount(year_ago, currency)),
        ),
    )
