"""The headline block's HTML: findings linked to their sections, escaped, and tiles in words and colour."""

from __future__ import annotations

import math

from salesnb.analysis.headline import Candidate
from salesnb.reports.display import anchor, section
from salesnb.reports.headline import STATUS_COLOURS, Tile, findings_html, headline_html, sparkline, tile_html


def test_each_finding_links_to_the_id_its_section_heading_carries():
    c = Candidate("burnout", "high", 1.0, "workload", "Burnout – 李艳: after hours 8.8% → 24.0%")
    html = findings_html([c], "en", "nothing")
    assert f'href="#{anchor("workload")}"' in html and f'id="{anchor("workload")}"' in section(
        "workload", "en"
    )
    assert '<span class="sev sev-high">high</span>' in html and "nothing" not in html


def test_no_finding_is_one_line_and_a_missing_input_is_said():
    html = findings_html([], "en", "Nothing needs action.", "No quotas are loaded, so …")
    assert "<ol>" not in html and "<p>Nothing needs action.</p>" in html
    assert '<p class="missing">No quotas are loaded, so …</p>' in html


def test_crm_text_is_escaped_everywhere_it_reaches_the_block():
    c = Candidate("coaching_gap", "low", 1.0, "rep.feedback", 'Rep "<b>" & co')
    tile = Tile("win_rate", "ratio", 0.2, "below_median", "median <30%>", ["2026-10", "2026-11"], [0.3, 0.2])
    html = headline_html(findings_html([c], "en", ""), [tile], "en", "CNY")
    assert "<b>" not in html and "&lt;b&gt;" in html and "median &lt;30%&gt;" in html


def test_a_tile_says_its_status_in_words_with_its_colour_and_its_trend_as_text():
    tile = Tile("revenue", "currency", 500.0, "below_target", "target ¥1,000", ["2026-10", "2026-11"],
                [800.0, 500.0])  # fmt: skip
    html = tile_html(tile, "en", "CNY")
    assert "below target (target ¥1,000)" in html and STATUS_COLOURS["below_target"] in html
    assert "2026-10–2026-11: ¥800, ¥500" in html and 'role="img"' in html
    # no history: no line and no invented trend
    bare = tile_html(Tile("csat", "ratio", 0.8, "no_target", "", [], []), "zh", "CNY")
    assert "<svg" not in bare and "无目标" in bare


def test_a_sparkline_breaks_at_unknown_values_and_needs_two_points():
    assert sparkline([1.0, math.nan, 2.0], "x") == ""  # two single points: nothing to draw as a line
    assert sparkline([1.0, 1.0], "flat").count("<polyline") == 1  # a flat series still draws


def test_an_unknown_value_is_no_data_never_a_zero_judged_against_its_target():
    from salesnb.reports.headline import status_against

    assert status_against(math.nan, 1.0, True) == "no_data"
    html = tile_html(Tile("csat", "ratio", math.nan, "no_data", "", [], []), "en", "CNY")
    assert "no data this period" in html and "0.0%" not in html
