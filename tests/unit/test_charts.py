"""Charts are titled and labelled in the report's language, and Chinese has real glyphs.

pytest turns warnings into errors, so matplotlib's "Glyph … missing from font(s)" fails these tests when
no CJK font is installed (``make sysdeps`` installs one).
"""

import io

import pandas as pd
import pytest

from salesnb import charts
from salesnb.charts.base import label_offsets
from salesnb.reports.display import figure_png
from salesnb.text.i18n import tr


@pytest.fixture
def reps():
    return pd.DataFrame(
        {
            "name": ["王芳", "Alice Chen", "李强"],
            "level": ["junior", "senior", "manager"],
            "quota_attainment": [1.2, 0.65, 0.9],
            "calls_per_working_day": [60.0, 45.0, 20.0],
            "contact_rate": [0.3, 0.12, 0.35],
        }
    )


@pytest.fixture
def trend():
    return pd.DataFrame(
        {"revenue": [100.0, 150.0], "quota": [120.0, 140.0], "quota_attainment": [100 / 120, 150 / 140]},
        index=["2026-09", "2026-10"],
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_chart_is_titled_and_labelled(language, reps, trend):
    funnel = pd.DataFrame(
        {
            "stage": ["qualification", "needs_analysis", "proposal", "negotiation", "closed_won"],
            "deals": [10, 8, 5, 3, 2],
            "step_conversion": [None, 0.8, 0.625, 0.6, 0.667],
        }
    )
    figures = {
        "chart.trend_title": charts.plot_revenue_trend(trend, language, "CNY"),
        "chart.reps_title": charts.plot_rep_attainment(reps, language),
        "chart.funnel_title": charts.plot_funnel(funnel, language),
        "chart.activity_title": charts.plot_activity(reps, language),
    }
    for key, fig in figures.items():
        ax = fig.axes[0]
        assert ax.get_title() == tr(key, language)
        assert ax.get_xlabel() and ax.get_ylabel()
        assert figure_png(fig).startswith(b"\x89PNG")  # draws every glyph: warns if one is missing
    legend = figures["chart.activity_title"].axes[0].get_legend()
    assert legend.get_title().get_text() == tr("level", language)
    assert {t.get_text() for t in legend.get_texts()} >= {tr("level.junior", language)}


def _attainment_bands() -> pd.DataFrame:
    """Reps per attainment band of teams t1 and t2, as the org distribution chart takes them."""
    return pd.DataFrame(
        {
            "team_id": ["t1", "t2"],
            "lt50": [1, 4],
            "50_80": [2, 0],
            "80_100": [0, 1],
            "100_120": [3, 0],
            "ge120": [2, 1],
        }
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_org_charts_are_titled_and_labelled(language):
    teams = pd.DataFrame(
        {"team_id": ["t1", "t2"], "name": ["上海电销团队", "Beijing Field"], "quota_attainment": [1.3, 0.4]}
    )
    names = dict(zip(teams["team_id"], teams["name"], strict=True))
    bands = _attainment_bands()
    trend = pd.DataFrame({"t1": [0.5, 0.75], "t2": [0.2, 0.0]}, index=["2026-09", "2026-10"])
    figures = {
        "chart.ranking_title": charts.plot_team_ranking(teams, language),
        "chart.bands_title": charts.plot_attainment_bands(bands, names, language),
        "chart.on_target_title": charts.plot_on_target_trend(trend, names, language),
    }
    for key, fig in figures.items():
        ax = fig.axes[0]
        assert ax.get_title() == tr(key, language)
        assert ax.get_xlabel() and ax.get_ylabel()
        assert figure_png(fig).startswith(b"\x89PNG")
    legend = figures["chart.bands_title"].legends[0]  # the figure's: laid out below the axis label
    assert legend.get_texts()[0].get_text() == tr("band.lt50", language)


@pytest.mark.parametrize("dpi", [110, 90])
def test_one_pass_png_is_the_same_as_savefig(reps, trend, dpi):
    # figure_png skips savefig's separate layout draw; the picture must not change
    def make():
        return [
            charts.plot_revenue_trend(trend, "zh", "CNY"),
            charts.plot_rep_attainment(reps, "zh"),
            charts.plot_activity(reps, "en"),
        ]

    for ours, theirs in zip(make(), make(), strict=True):
        buf = io.BytesIO()
        theirs.savefig(buf, format="png", dpi=dpi, facecolor="white")
        canvas, before = ours.canvas, (ours.dpi, ours.get_facecolor())
        assert figure_png(ours, dpi) == buf.getvalue()
        assert ours.canvas is canvas and (ours.dpi, ours.get_facecolor()) == before  # left as it came


def test_label_offsets_keep_labels_apart_and_inside():
    # two points 20 pt apart on one line: the second label may not sit on the first or on its point
    first, second = label_offsets([100, 120], [50, 50], [40, 40], (400, 200))
    assert first == (5, 4)
    assert second != (5, 4)
    # a point at the right edge: its label goes left of it, shifted by its width
    (edge,) = label_offsets([395], [50], [40], (400, 200))
    assert edge == (-45, 4)


#: Names a CRM may hold that mathtext would parse: ``\foo`` is no maths command (drawing failed),
#: ``$x^{2}$`` was drawn as x squared.
MATH_NAMES = ["Rich $\\foo$", "$x^{2}$", "a $ b $ c"]


def _all_charts() -> list:
    from salesnb.charts.rep import plot_rep_position, plot_rep_trend

    reps = pd.DataFrame(
        {
            "name": MATH_NAMES,
            "level": ["junior", "senior", "manager"],
            "quota_attainment": [1.2, 0.65, 0.9],
            "calls_per_working_day": [60.0, 45.0, 20.0],
            "contact_rate": [0.3, 0.12, 0.35],
        }
    )
    periods = ["$2026$-09", "2026-10"]
    trend = pd.DataFrame(
        {"revenue": [100.0, 150.0], "quota": [120.0, 140.0], "quota_attainment": [0.8, 1.1]}, index=periods
    )
    series = pd.DataFrame(
        {"value": [100.0, 150.0], "moving_avg": [100.0, 125.0], "last_year": [90.0, 95.0]}, index=periods
    )
    funnel = pd.DataFrame(
        {"stage": ["qualification", "closed_won"], "deals": [10, 2], "step_conversion": [None, 0.2]}
    )
    teams = pd.DataFrame({"team_id": ["t1", "t2"], "name": MATH_NAMES[:2], "quota_attainment": [1.3, 0.4]})
    names = dict(zip(teams["team_id"], teams["name"], strict=True))
    bands = _attainment_bands()
    on_target = pd.DataFrame({"t1": [0.5, 0.75], "t2": [0.2, 0.0]}, index=periods)
    position = pd.DataFrame(
        {"label": MATH_NAMES, "diff_team": [0.1, -0.2, 0.3], "diff_peer": [0.0, 0.1, -0.1]}
    )
    return [
        charts.plot_revenue_trend(trend, "en", "$"),
        charts.plot_revenue_moving_average(series, "en", "$"),
        charts.plot_rep_attainment(reps, "en"),
        charts.plot_funnel(funnel, "en"),
        charts.plot_activity(reps, "zh"),
        charts.plot_team_ranking(teams, "en"),
        charts.plot_attainment_bands(bands, names, "en"),
        charts.plot_on_target_trend(on_target, names, "en"),
        plot_rep_position(position, "en"),
        plot_rep_trend(trend, "zh", "$"),
    ]


def test_chart_text_is_never_mathtext():
    """Names with dollar signs are drawn as written in every chart: titles, tick labels (also the ones
    matplotlib makes while drawing), annotations and legends, even when the notebook's own settings
    would parse maths (issue #14, defect 9)."""
    import matplotlib
    from matplotlib.text import Text

    figures = _all_charts()
    with matplotlib.rc_context({"text.parse_math": True}):  # as a notebook that reset matplotlib's settings
        for fig in figures:
            assert figure_png(fig).startswith(b"\x89PNG")  # "Rich $\foo$" made the drawing fail
    drawn = []
    for fig in figures:
        for text in fig.findobj(Text):
            drawn.append(text.get_text())
            if "$" in text.get_text():
                assert text.get_parse_math() is False, text.get_text()
    for name in [*MATH_NAMES, "$2026$-09"]:
        assert name in drawn, name


def _tick_texts(ax, axis: str) -> list[str]:
    figure_png(ax.figure)  # lays the figure out: ticks and their labels are final
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks]


def test_reps_without_a_quota_get_no_bar_not_a_bar_at_zero(reps):
    no_quota = reps.assign(quota_attainment=[1.2, float("nan"), float("nan")])
    fig = charts.plot_rep_attainment(no_quota, "en")
    ax = fig.axes[0]
    assert len(ax.patches) == 1  # the one rep with a quota
    assert not any(t.get_text().strip() == "0%" for t in ax.texts)


def test_a_trend_without_quotas_draws_revenue_only(trend):
    fig = charts.plot_revenue_trend(
        trend.assign(quota=float("nan"), quota_attainment=float("nan")), "en", "USD"
    )
    assert len(fig.axes) == 1  # no attainment axis
    assert fig.axes[0].get_title() == tr("chart.revenue_only_title", "en")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [tr("kpi.revenue", "en")]


def test_small_amounts_and_counts_get_whole_ticks_never_repeated(trend):
    fig = charts.plot_revenue_trend(trend.assign(revenue=[0.0, 1.0], quota=[0.0, 1.0]), "en", "USD")
    ticks = _tick_texts(fig.axes[0], "y")
    assert ticks == sorted(set(ticks), key=ticks.index)  # no "0, 0, 0, 1, 1"
    funnel = pd.DataFrame({"stage": ["qualification", "closed_won"], "deals": [1, 1],
                           "step_conversion": [float("nan"), 1.0]})  # fmt: skip
    xs = _tick_texts(charts.plot_funnel(funnel, "en").axes[0], "x")
    assert all(float(x.replace("−", "-")).is_integer() for x in xs if x)


def test_anything_to_draw_is_false_for_zeros_and_gaps():
    assert not charts.anything_to_draw(pd.DataFrame({"revenue": [0.0, 0.0], "quota": [float("nan")] * 2}))
    assert charts.anything_to_draw(pd.Series([0.0, 3.0]))


def test_the_revenue_ranking_is_titled_and_drawn_best_on_top():
    teams = pd.DataFrame({"name": ["A", "B"], "revenue": [500.0, 900.0]}).sort_values(
        "revenue", ascending=False
    )
    fig = charts.plot_team_revenue(teams, "zh", "USD")
    ax = fig.axes[0]
    assert ax.get_title() == tr("chart.ranking_revenue_title", "zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]


def test_a_single_moving_average_is_drawn_as_a_point_and_none_leaves_no_legend_entry():
    """Three periods have one 3-period average: its line alone would draw nothing beside its legend."""
    series = pd.DataFrame(
        {"value": [3.0, 5.0, 4.0], "moving_avg": [None, None, 4.0], "last_year": [None] * 3},
        index=["2025-09", "2025-10", "2025-11"],
    )
    (line,) = charts.plot_revenue_moving_average(series, "en", "CNY").axes[0].get_lines()
    assert line.get_marker() == "o"
    empty = series.assign(moving_avg=float("nan"))
    axes = charts.plot_revenue_moving_average(empty, "en", "CNY").axes[0]
    assert not axes.get_lines()
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["Revenue"]
