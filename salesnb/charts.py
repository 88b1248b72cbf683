"""Charts for the reports: seaborn on matplotlib ``Figure`` objects, titled and labelled in the
report's language. Functions return the figure and keep no pyplot state, so they are safe to call from
any process and easy to test.
"""

from __future__ import annotations

import contextlib

import matplotlib.ticker as mticker
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from salesnb.reports.i18n import tr

#: Latin glyphs come from DejaVu Sans; CJK glyphs fall back to Noto Sans CJK (Debian's
#: fonts-noto-cjk, installed by `make sysdeps`) or another CJK font when that is what is present.
FONT_FALLBACK = [
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
]
PALETTE = {"main": "#2a6f97", "accent": "#e07a5f", "muted": "#9aa5b1", "good": "#2e8b57", "bad": "#c0392b"}


def _available(names: list[str]) -> list[str]:
    present = {f.name for f in font_manager.fontManager.ttflist}
    if not present & set(names[1:]):
        # matplotlib caches its font list on first use; CJK fonts installed after that are not in it
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path.lower():
                font_manager.fontManager.addfont(path)
        present = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in names if n in present] or ["DejaVu Sans"]


def _figure(width: float = 9, height: float = 4.2) -> tuple[Figure, object]:
    # matplotlib falls back glyph by glyph across the entries of font.family (not across the list a
    # generic "sans-serif" expands to), so the family is the list itself
    sns.set_theme(
        style="whitegrid", rc={"font.family": _available(FONT_FALLBACK), "axes.unicode_minus": False}
    )
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig, fig.add_subplot()


def _percent(ax, axis: str = "y") -> None:
    fmt = mticker.PercentFormatter(1.0, decimals=0)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _money(ax, axis: str = "y") -> None:
    def fmt(v: float, _pos: int) -> str:
        if abs(v) >= 1e6:
            return f"{v / 1e6:.1f}M"
        if abs(v) >= 1e3:
            return f"{v / 1e3:.0f}k"
        return f"{v:.0f}"

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(mticker.FuncFormatter(fmt))


def plot_revenue_trend(trend: pd.DataFrame, language: str, currency: str) -> Figure:
    """Revenue bars against the quota line per period, attainment on a second axis."""
    fig, ax = _figure()
    labels = list(trend.index)
    x = range(len(labels))
    ax.bar(x, trend["revenue"], color=PALETTE["main"], label=tr("kpi.revenue", language))
    ax.plot(x, trend["quota"], color=PALETTE["accent"], marker="o", lw=2, label=tr("kpi.quota", language))
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.set_ylabel(f"{tr('chart.amount_axis', language)} ({currency})")
    ax.set_xlabel(tr("chart.period_axis", language))
    _money(ax)
    ax2 = ax.twinx()
    ax2.plot(
        x,
        trend["quota_attainment"],
        color=PALETTE["good"],
        ls="--",
        marker="s",
        ms=4,
        label=tr("kpi.quota_attainment", language),
    )
    ax2.set_ylabel(tr("chart.attainment_axis", language))
    _percent(ax2)
    ax2.grid(False)
    ax2.set_ylim(0, max(1.5, float(trend["quota_attainment"].max() or 0) * 1.1))
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="upper left", fontsize=8)
    ax.set_title(tr("chart.trend_title", language))
    return fig


def plot_rep_attainment(reps: pd.DataFrame, language: str) -> Figure:
    """Horizontal bars of quota attainment per rep, with the 100 % line."""
    data = reps.sort_values("quota_attainment", ascending=True)
    fig, ax = _figure(9, max(2.5, 0.42 * len(data) + 1.2))
    colors = [
        PALETTE["good"] if v >= 1 else PALETTE["bad"] if v < 0.7 else PALETTE["main"]
        for v in data["quota_attainment"].fillna(0)
    ]
    ax.barh(data["name"], data["quota_attainment"].fillna(0), color=colors)
    ax.axvline(1.0, color=PALETTE["accent"], ls="--", lw=1.5, label=tr("chart.target_line", language))
    _percent(ax, "x")
    ax.set_xlabel(tr("chart.attainment_axis", language))
    ax.set_ylabel(tr("rep", language))
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(tr("chart.reps_title", language))
    return fig


def plot_funnel(funnel: pd.DataFrame, language: str) -> Figure:
    """Deals at each stage reached, labelled with the step conversion."""
    fig, ax = _figure(9, 3.6)
    names = [tr(f"stage.{s}", language) for s in funnel["stage"]]
    ax.barh(names[::-1], funnel["deals"][::-1], color=PALETTE["main"])
    for i, (deals, step) in enumerate(
        zip(funnel["deals"][::-1], funnel["step_conversion"][::-1], strict=True)
    ):
        text = f"{deals}" if pd.isna(step) else f"{deals}  ({step:.0%})"
        ax.text(deals, i, "  " + text, va="center", fontsize=9)
    ax.set_xlabel(tr("deals", language))
    ax.set_ylabel(tr("stage", language))
    ax.set_xlim(0, max(1, funnel["deals"].max()) * 1.25)
    ax.set_title(tr("chart.funnel_title", language))
    return fig


def plot_activity(reps: pd.DataFrame, language: str) -> Figure:
    """Each rep's calls per working day against contact rate, with team medians as guides."""
    fig, ax = _figure(9, 4.6)
    data = reps.dropna(subset=["calls_per_working_day", "contact_rate"])
    sns.scatterplot(
        data=data, x="calls_per_working_day", y="contact_rate", hue="level", s=80, ax=ax, palette="deep"
    )
    for _, row in data.iterrows():
        ax.annotate(
            str(row["name"]),
            (row["calls_per_working_day"], row["contact_rate"]),
            textcoords="offset points",
            xytext=(5, 4),
            fontsize=8,
        )
    if len(data):
        ax.axvline(data["calls_per_working_day"].median(), color=PALETTE["muted"], ls=":")
        ax.axhline(
            data["contact_rate"].median(),
            color=PALETTE["muted"],
            ls=":",
            label=tr("chart.team_median", language),
        )
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(tr("level", language))
        for text in legend.get_texts():
            key = f"level.{text.get_text()}"
            with contextlib.suppress(KeyError):
                text.set_text(tr(key, language))
    _percent(ax)
    ax.set_xlabel(tr("chart.calls_axis", language))
    ax.set_ylabel(tr("chart.contact_axis", language))
    ax.set_title(tr("chart.activity_title", language))
    return fig
