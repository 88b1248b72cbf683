"""Chart building blocks: the figure factory with CJK-capable fonts, axis formatters, status bars and
each chart's description (its alt text). The colours are :mod:`salesnb.charts.palette`'s."""

from __future__ import annotations

import matplotlib.ticker as mticker
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from salesnb.charts.palette import PALETTE, STATUS_COLOURS, STATUS_HATCHES
from salesnb.safety import CHART_RC
from salesnb.text.formatting import format_value
from salesnb.text.i18n import tr, trf

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
#: The attribute of a figure holding its description (see :func:`describe`).
_DESCRIPTION = "salesnb_description"


def available_fonts(names: list[str]) -> list[str]:
    """The first of ``names`` (the Latin font) and the first other one installed (the CJK font).

    matplotlib looks a font up for every family in the list at every text, so a longer list costs time
    (5 % of a chart). The first CJK font of :data:`FONT_FALLBACK` that is installed is the only one asked
    for a glyph: Noto Sans CJK (``make sysdeps``) covers the Chinese a CRM holds; with a smaller font only
    (WenQuanYi), a rare character it lacks shows as a box and matplotlib warns.
    """
    present = {f.name for f in font_manager.fontManager.ttflist}
    if not present & set(names[1:]):
        # matplotlib caches its font list on first use; CJK fonts installed after that are not in it
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path.lower():
                font_manager.fontManager.addfont(path)
        present = {f.name for f in font_manager.fontManager.ttflist}
    latin = names[0] if names[0] in present else "DejaVu Sans"
    return [latin, *[n for n in names[1:] if n in present][:1]]


def figure(width: float = 9, height: float = 4.2) -> tuple[Figure, object]:
    # matplotlib falls back glyph by glyph across the entries of font.family (not across the list a
    # generic "sans-serif" expands to), so the family is the list itself; names from CRMs are drawn as
    # written, never as mathtext (CHART_RC: a rep named "$x^{2}$")
    rc = {"font.family": available_fonts(FONT_FALLBACK), "axes.unicode_minus": False, **CHART_RC}
    sns.set_theme(style="whitegrid", rc=rc)
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    # a margin at the edges: the PNG is the figure as laid out, with no second tight-bbox pass on saving
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.1)
    return fig, fig.add_subplot()


def anything_to_draw(values: pd.DataFrame | pd.Series) -> bool:
    """Whether a chart of ``values`` would show something: a value that is neither 0 nor missing. A chart
    of nothing but zeros is replaced by a sentence.

    >>> anything_to_draw(pd.DataFrame({"a": [0.0, float("nan")]})), anything_to_draw(pd.Series([0, 2]))
    (False, True)
    """
    numbers = pd.DataFrame(values).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    return bool(((numbers != 0) & ~pd.isna(numbers)).any())


def whole_ticks() -> mticker.MaxNLocator:
    """matplotlib's automatic ticks (the same steps as its ``AutoLocator``) on whole numbers only: the
    same ticks on any range above a few units, and 0, 1, 2 rather than 0, 0.2 … on a tiny one."""
    return mticker.MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True)


def count_axis(ax, axis: str = "x") -> None:
    """Whole-number ticks for an axis of counts (deals, reps): never 0.5 of a deal."""
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(whole_ticks())


def percent_axis(ax, axis: str = "y") -> None:
    fmt = mticker.PercentFormatter(1.0, decimals=0)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def money_axis(ax, axis: str = "y") -> None:
    def fmt(v: float, _pos: int) -> str:
        if abs(v) >= 1e6:
            return f"{v / 1e6:.1f}M"
        if abs(v) >= 1e3:
            return f"{v / 1e3:.0f}k"
        return f"{v:.0f}"

    target = ax.yaxis if axis == "y" else ax.xaxis
    # whole amounts only: a small range would otherwise print 0.2, 0.4 … rounded to "0, 0, 0, 1, 1"
    target.set_major_locator(whole_ticks())
    target.set_major_formatter(mticker.FuncFormatter(fmt))


def describe(fig: Figure, text: str) -> Figure:
    """Give ``fig`` its description: what it shows in a sentence with the numbers that matter, the alt
    text of its image in a report (:func:`salesnb.reports.display.show_figure`)."""
    setattr(fig, _DESCRIPTION, text)
    return fig


def description(fig: Figure) -> str:
    """A chart's description (:func:`describe`); else its title (the figure's, else its axes')."""
    given = getattr(fig, _DESCRIPTION, None)
    return given or fig.get_suptitle() or " · ".join(t for ax in fig.axes if (t := ax.get_title()))


def attainment_status(value: float) -> str:
    """``good`` at or above quota, ``bad`` below 70 % of it, ``near`` in between.

    >>> [attainment_status(v) for v in (1.0, 0.7, 0.69)]
    ['good', 'near', 'bad']
    """
    return "good" if value >= 1 else "bad" if value < 0.7 else "near"


def status_legend(ax, statuses: list[str], language: str, **kw) -> None:
    """The axes' legend (its lines, for example the 100 % line) and a patch per status shown, named."""
    handles, labels = ax.get_legend_handles_labels()
    for s in ("good", "near", "bad"):
        if s in statuses:
            handles.append(Patch(fc=STATUS_COLOURS[s], hatch=STATUS_HATCHES[s], ec="white"))
            labels.append(tr(f"chart.status.{s}", language))
    ax.legend(handles, labels, **kw)


def attainment_bars(
    labels: pd.Series, attainment: pd.Series, who_key: str, title_key: str, language: str
) -> Figure:
    """Horizontal attainment bars, each labelled with its value and its status in words and drawn in
    its status's colour and hatch (at or above quota, below it, below 70 %), and the labelled 100 %
    line; rows are drawn bottom-up in the order given. Rows without an attainment (no quota) are left
    out: an unknown attainment is not 0 %."""
    known = attainment.notna().to_numpy()
    labels, values = labels[known], attainment[known].astype(float)
    fig, ax = figure(9, max(2.5, 0.45 * len(values) + 1.2))
    statuses = [attainment_status(v) for v in values]
    ax.barh(
        list(labels),
        values,
        color=[STATUS_COLOURS[s] for s in statuses],
        hatch=[STATUS_HATCHES[s] for s in statuses],
        edgecolor="white",
        linewidth=0.5,
    )
    for i, (v, s) in enumerate(zip(values, statuses, strict=True)):
        ax.text(v, i, f"  {v:.0%} · {tr(f'chart.status.{s}', language)}", va="center", fontsize=9)
    ax.axvline(1.0, color=PALETTE["reference"], ls="--", lw=1.5, label=tr("chart.target_line", language))
    # room on the right for the longest label ("132% · below target")
    ax.set_xlim(0, max(1.2, float(values.max() if len(values) else 0) * 1.45))
    percent_axis(ax, "x")
    ax.set_xlabel(tr("chart.attainment_axis", language))
    ax.set_ylabel(tr(who_key, language))
    status_legend(ax, statuses, language, loc="lower right", fontsize=8, framealpha=0.9)
    ax.set_title(tr(title_key, language))
    if not len(values):
        return fig
    order = values.reset_index(drop=True)
    names = [str(n) for n in labels]
    return describe(
        fig,
        trf(
            "chart.alt.attainment",
            language,
            title=tr(title_key, language),
            count=len(values),
            good=statuses.count("good"),
            bad=statuses.count("bad"),
            top=names[int(order.idxmax())],
            top_value=f"{order.max():.0%}",
            low=names[int(order.idxmin())],
            low_value=f"{order.min():.0%}",
        ),
    )


def amount(value: float, currency: str) -> str:
    """An amount as a description writes it (the tables' format)."""
    return format_value(value, "currency", currency)


#: Where a point's label may go, in points from the point: right-above first, then right-below,
#: left-above, left-below (the left ones shifted by the label's width).
_LABEL_SPOTS = ((5, 4), (5, -11), (-5, 4), (-5, -11))


def label_offsets(
    x: list[float], y: list[float], widths: list[float], size: tuple[float, float], height: float = 9
) -> list[tuple[float, float]]:
    """An offset in points for each point's label so that labels do not overlap one another.

    ``x`` and ``y`` are positions in points within a plot of ``size`` (width, height in points),
    ``widths`` each label's width in points. Each label takes the first of four spots around its point
    whose box is free of other labels and points; when none is, the first spot.
    """
    dot = 4.0  # a marker's half size in points
    placed = [(a - dot, b - dot, a + dot, b + dot) for a, b in zip(x, y, strict=True)]
    out = []
    for px, py, w in zip(x, y, widths, strict=True):
        choice = None
        for dx, dy in _LABEL_SPOTS:
            left = px + dx if dx > 0 else px + dx - w
            box = (left, py + dy, left + w, py + dy + height)
            inside = box[0] >= 0 and box[2] <= size[0] and box[1] >= 0 and box[3] <= size[1]
            clear = all(box[2] <= b[0] or b[2] <= box[0] or box[3] <= b[1] or b[3] <= box[1] for b in placed)
            if clear and inside:
                choice = (dx if dx > 0 else dx - w, dy), box
                break
        if choice is None:
            dx, dy = _LABEL_SPOTS[0]
            choice = (dx, dy), (px + dx, py + dy, px + dx + w, py + dy + height)
        out.append(choice[0])
        placed.append(choice[1])
    return out
