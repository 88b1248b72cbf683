"""The charts' colours meet WCAG 2.2's 3:1 for graphics, good and bad are told apart without hue, and
every chart says its status in words and what it shows in its description (issue #18, point 3)."""

import re

import pandas as pd
import pytest
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from salesnb import charts
from salesnb.charts.palette import (
    BAND_HATCHES,
    SHARE_CMAP,
    STATUS_COLOURS,
    STATUS_HATCHES,
    contrast_ratio,
    drawing_colours,
    relative_luminance,
)
from salesnb.reports.display import figure_png
from salesnb.text.i18n import tr
from tests.unit.test_charts import _all_charts


@pytest.mark.parametrize(("name", "colour"), sorted(drawing_colours().items()))
def test_every_palette_colour_has_3_to_1_against_white(name, colour):
    assert contrast_ratio(colour) >= 3.0, f"{name} {colour}: {contrast_ratio(colour):.2f}:1"


def test_the_contrast_formula_matches_wcag_examples():
    # WCAG's own end points and the colours issue #18 measured (2.95:1 and 2.5:1)
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#e07a5f") == pytest.approx(2.95, abs=0.01)
    assert contrast_ratio("#9aa5b1") == pytest.approx(2.5, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_good_and_bad_differ_in_lightness_and_pattern_not_hue_alone():
    good, near, bad = (STATUS_COLOURS[k] for k in ("good", "near", "bad"))
    # red #c0392b against green #2e8b57 was 1.28:1: one colour to a red-green colour-blind reader
    assert contrast_ratio(good, bad) >= 2.0
    assert contrast_ratio(good, near) >= 1.5
    assert STATUS_HATCHES["bad"] and STATUS_HATCHES["bad"] != STATUS_HATCHES["near"]
    assert BAND_HATCHES[0] and BAND_HATCHES[1] and BAND_HATCHES[0] != BAND_HATCHES[1]


def _drawn_colours(fig) -> set[str]:
    """The colours of the data a figure draws: bars, lines and points (not grid, spines or legend)."""
    found = set()
    for ax in fig.axes:
        for artist in ax.patches:
            if isinstance(artist, Rectangle) and artist.get_facecolor()[3] > 0:
                found.add(to_hex(artist.get_facecolor(), keep_alpha=True))
        for line in ax.lines:
            if isinstance(line, Line2D):
                found.add(to_hex(line.get_color(), keep_alpha=True))
        for coll in ax.collections:
            if isinstance(coll, PathCollection):  # scatter points
                found |= {to_hex(c, keep_alpha=True) for c in coll.get_facecolors()}
    return found


def test_every_chart_draws_with_palette_colours_only():
    allowed = {to_hex(c, keep_alpha=True) for c in drawing_colours().values()}
    for fig in _all_charts():
        meshes = [c for c in fig.axes[0].collections if isinstance(c, QuadMesh)]
        if meshes:  # the heat map: its colour map, each cell labelled with its value
            assert meshes[0].get_cmap().name == SHARE_CMAP
            assert all(t.get_text().endswith("%") for t in fig.axes[0].texts)
            continue
        drawn = _drawn_colours(fig)
        assert drawn, fig.axes[0].get_title()
        assert drawn <= allowed, (fig.axes[0].get_title(), drawn - allowed)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_attainment_bars_say_their_status_in_words_and_hatch(language):
    reps = pd.DataFrame({"name": ["A", "B", "C"], "quota_attainment": [1.2, 0.8, 0.4]})
    ax = charts.plot_rep_attainment(reps, language).axes[0]
    labels = [t.get_text() for t in ax.texts]
    for status in ("good", "near", "bad"):
        assert any(tr(f"chart.status.{status}", language) in t for t in labels), status
    hatches = {round(p.get_width(), 2): p.get_hatch() for p in ax.patches if isinstance(p, Rectangle)}
    assert hatches[0.4] == STATUS_HATCHES["bad"] and not hatches[1.2]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert tr("chart.target_line", language) in legend and tr("chart.status.bad", language) in legend


def test_activity_medians_are_labelled_with_their_values_and_levels_have_markers():
    reps = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D"],
            "level": ["junior", "senior", "junior", "manager"],
            "calls_per_working_day": [60.0, 40.0, 20.0, 30.0],
            "contact_rate": [0.3, 0.1, 0.4, 0.2],
        }
    )
    fig = charts.plot_activity(reps, "en")
    figure_png(fig)
    ends = fig.axes[0].child_axes  # the medians' labels are ticks of a top and a right axis
    ticks = [t.get_text() for ax in ends for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert "team median 35.0" in ticks and "team median 25%" in ticks
    scatter = next(c for c in fig.axes[0].collections if isinstance(c, PathCollection))
    assert len({p.vertices.tobytes() for p in scatter.get_paths()}) == 3  # a marker shape per level


def test_every_chart_describes_what_it_shows_with_numbers():
    for fig in _all_charts():
        title = fig.axes[0].get_title()
        text = charts.description(fig)
        assert text.startswith(title) and len(text) > len(title) + 10, text
        assert re.search(r"\d", text[len(title) :]), text


def test_a_chart_of_nothing_is_described_by_its_title():
    empty = pd.DataFrame({"name": [], "quota_attainment": []})
    fig = charts.plot_rep_attainment(empty, "en")
    assert charts.description(fig) == tr("chart.reps_title", "en")
