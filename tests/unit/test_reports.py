"""Formatting, escaping, translations and report paths."""

from pathlib import Path

import pandas as pd
import pytest

from salesnb.errors import ParameterError
from salesnb.files.paths import contained, org_dir, team_dir
from salesnb.kpis import CATALOG
from salesnb.periods import Period
from salesnb.text.formatting import format_change, format_value, html_table
from salesnb.text.i18n import STRINGS, tr


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1234567.8, "currency", "¥1,234,568"),
        (-50.0, "currency", "-¥50"),
        (0.3456, "ratio", "34.6%"),
        (3.0, "multiple", "3.00×"),
        (12.0, "count", "12"),
        (17.25, "days", "17.2"),
        (None, "ratio", "–"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit, "CNY") == expected


def test_format_change():
    assert format_change(0.021, 0.07, "ratio", "en") == "+2.1 pts"
    assert format_change(-0.05, None, "ratio", "zh") == "-5.0 个百分点"
    assert format_change(500.0, 0.05, "currency", "en") == "+5.0%"
    assert format_change(5.0, float("nan"), "count", "en") == "–"


def test_html_table_escapes_every_cell_and_header():
    frame = pd.DataFrame({"<b>Rep</b>": ['<script>alert("x")</script>', "A & B"]})
    out = html_table(frame)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&lt;b&gt;Rep&lt;/b&gt;" in out and "A &amp; B" in out


def test_every_string_has_both_languages_and_every_kpi_a_label():
    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "zh"}, key
        assert all(v.strip() for v in entry.values()), key
    for name in CATALOG:
        assert tr(f"kpi.{name}", "zh") != tr(f"kpi.{name}", "en")


def test_unknown_language_and_key():
    with pytest.raises(ParameterError):
        tr("period", "fr")
    with pytest.raises(KeyError):
        tr("no.such.key", "en")


def test_report_paths_stay_inside_reports(tmp_path):
    assert team_dir(tmp_path, Period.parse("2026-10"), "bj-field") == tmp_path / "2026-10" / "bj-field"
    with pytest.raises(ParameterError):
        team_dir(tmp_path, Period.parse("2026-10"), "../../etc")
    with pytest.raises(ParameterError, match="refusing to write outside"):
        contained(tmp_path, tmp_path / ".." / "elsewhere")
    assert contained(tmp_path, Path(tmp_path) / "a" / "b")
    for reserved in ("org", "logs"):  # the overviews' and the logs' folders: no team may take them
        with pytest.raises(ParameterError, match="reserved"):
            team_dir(tmp_path, Period.parse("2026-10"), reserved)
    assert org_dir(tmp_path, Period.parse("2026-10")) == tmp_path / "2026-10" / "org"


def test_an_uneven_load_names_a_median_between_two_counts_as_it_is():
    """A median of 0.5 open deals (one rep with one, one with none) reads 0.5, never "the median of 0"."""
    from types import SimpleNamespace

    from salesnb.analysis.inputs import Availability, Input
    from salesnb.reports.team_review.people import workload_sentences

    imbalance = pd.DataFrame(
        [{"metric": "open_deals", "max": 1.0, "median": 0.5, "max_to_median": 2.0, "threshold": 1.5,
          "flagged": True, "most_loaded": "nora"}]
    )  # fmt: skip
    analysis = SimpleNamespace(names={"nora": "Nora Lind"}, imbalance=imbalance, signals=[])
    analysis.rebalance = pd.DataFrame()
    deals = Availability("2025-Q1", frozenset({Input.DEALS}))
    review = SimpleNamespace(language="en", analysis=analysis, inputs=deals, currency="CNY")
    (sentence,) = workload_sentences(review)
    assert "Nora Lind carries 1 open deals, 2.0× the team median of 0.5 " in sentence
