"""The catalog declares everything about a KPI once: labels, measures, direction, and docs/kpis.md's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG, compute_measures
from salesnb.kpis.catalog import SHOWN_MEASURES, column
from salesnb.kpis.catalog.markdown import BEGIN, END, catalog_markdown, with_catalog, write_catalog
from salesnb.periods import Period
from salesnb.text.formatting import kpi_label, unit_of
from salesnb.text.i18n import LANGUAGES, tr
from salesnb.warehouse.schema import TARGET_METRICS

DOC = Path(__file__).parents[2] / "docs" / "kpis.md"


def test_kpi_doc_table_is_written_from_the_catalog():
    text = DOC.read_text(encoding="utf-8")
    assert text == with_catalog(text), "run `make docs`"
    assert "## Costs, customers and surveys" in text  # the prose around the table stays


def test_write_catalog_replaces_only_the_marked_section(tmp_path):
    doc = tmp_path / "kpis.md"
    doc.write_text(f"# KPIs\n\nbefore\n\n{BEGIN}\n| stale |\n{END}\n\nafter\n", encoding="utf-8")
    assert write_catalog(doc)
    text = doc.read_text(encoding="utf-8")
    assert "| stale |" not in text and catalog_markdown() in text
    assert text.startswith("# KPIs\n\nbefore\n\n") and text.endswith(f"{END}\n\nafter\n")
    assert not write_catalog(doc)  # written once, nothing left to change


def test_a_document_without_the_markers_is_refused():
    with pytest.raises(ParameterError, match="no catalog section"):
        with_catalog("# KPIs\n\nno table here\n")


def test_every_kpi_is_a_row_of_the_table():
    rows = catalog_markdown().splitlines()[2:]
    assert [r.split(" | ")[1] for r in rows] == [f"`{name}`" for name in CATALOG]


def test_each_kpi_reads_exactly_the_measures_it_declares(tiny_data):
    measures = compute_measures(tiny_data, [Period.parse("2026-10")])
    for name, kpi in CATALOG.items():
        assert set(kpi.measures) <= set(measures.columns), name
        assert len(kpi.compute(measures[list(kpi.measures)])) == len(measures), name
        for left_out in kpi.measures:
            with pytest.raises(KeyError):
                kpi.compute(measures[[m for m in kpi.measures if m != left_out]])


def test_labels_are_declared_in_the_catalog_for_every_language():
    for name, kpi in CATALOG.items():
        assert set(kpi.labels) == set(LANGUAGES), name
        for language in LANGUAGES:
            assert tr(f"kpi.{name}", language) == kpi_label(name, language) == kpi.labels[language]
    assert kpi_label("quota", "en") == "Quota" and unit_of("quota") == "currency"


def test_a_column_is_a_kpi_or_a_shown_measure():
    assert column("win_rate") is CATALOG["win_rate"] and column("quota") is SHOWN_MEASURES["quota"]
    assert not set(CATALOG) & set(SHOWN_MEASURES)
    with pytest.raises(ParameterError, match="unknown KPI nope"):
        column("nope")


def test_direction_decides_what_is_better():
    assert CATALOG["revenue"].higher_is_better and not CATALOG["sales_cycle_days"].higher_is_better
    assert CATALOG["headcount"].direction == "neutral" and CATALOG["headcount"].higher_is_better


def test_target_metrics_are_the_kpis_that_add_up_over_months():
    """A target is stored per month and a period sums its months: only KPIs that accumulate can take one,
    and the import converts a target's currency only where the KPI is money (warehouse TARGET_METRICS)."""
    accumulating = {name: kpi.unit for name, kpi in CATALOG.items() if kpi.accumulates}
    assert accumulating == TARGET_METRICS
