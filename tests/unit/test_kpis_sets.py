"""params/kpi_sets.yaml: every team type, known KPIs only, each once; errors name the file."""

import pytest

from salesnb.config import PROJECT_ROOT
from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG
from salesnb.kpis.sets import (
    ALWAYS,
    TEAM_ACTIVITY,
    TEAM_REPS,
    TEAM_ROWS,
    TEAM_TREND,
    TableColumns,
    load_kpi_sets,
    with_always,
)
from salesnb.params import load_settings
from salesnb.warehouse.schema import TEAM_TYPES


def test_project_kpi_sets_lead_with_each_team_types_metrics():
    sets = load_kpi_sets(PROJECT_ROOT / "params" / "kpi_sets.yaml")
    assert sets["telesales"][2:4] == ["calls_per_working_day", "contact_rate"]
    assert sets["field"][2:4] == ["avg_deal_size", "sales_cycle_days"]


def test_missing_file_shows_the_whole_catalog(tmp_path):
    assert load_settings(tmp_path).kpi_set("online") == list(CATALOG)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("telesales: [revenue]\nonline: [revenue]\n", "team type 'field' has no KPI list"),
        ("telesales: [revenue]\nonline: [revenue]\nfield: [revnue]\n", "field: unknown KPI revnue"),
        (
            "telesales: [revenue, revenue]\nonline: [revenue]\nfield: [revenue]\n",
            "revenue listed more than once",
        ),
        ("telesales: revenue\nonline: [revenue]\nfield: [revenue]\n", "telesales must be a non-empty list"),
        ("retail: [revenue]\n", "unknown key retail"),
    ],
)
def test_bad_kpi_sets_name_the_file_and_the_problem(tmp_path, text, message):
    (tmp_path / "kpi_sets.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as err:
        load_kpi_sets(tmp_path / "kpi_sets.yaml")
    assert "kpi_sets.yaml" in str(err.value)


def test_with_always_appends_what_the_charts_read_without_reordering():
    assert with_always(["contact_rate", "revenue"])[:2] == ["contact_rate", "revenue"]
    assert "quota_attainment" in with_always(["contact_rate"])


def test_always_is_every_kpi_the_team_review_tables_read():
    read = {c for t in (TEAM_TREND, TEAM_REPS, TEAM_ACTIVITY, TEAM_ROWS) for c in t.every if c in CATALOG}
    assert set(ALWAYS) == read and len(ALWAYS) == len(read)
    for team_type in TEAM_TYPES:
        for table in (TEAM_TREND, TEAM_REPS, TEAM_ACTIVITY):
            computed = with_always(["csat"])
            assert [c for c in table.for_team_type(team_type) if c in CATALOG and c not in computed] == []


def test_telesales_adds_its_call_metrics_to_the_rep_comparison():
    assert TEAM_REPS.for_team_type("telesales")[-2:] == ["calls_per_working_day", "contact_rate"]
    assert "contact_rate" not in TEAM_REPS.for_team_type("field")


@pytest.mark.parametrize(
    ("columns", "extra", "message"),
    [(("revenue", "revnue"), {}, "unknown KPI revnue"), (("revenue",), {"retail": ("win_rate",)}, "retail")],
)
def test_a_table_naming_an_unknown_kpi_or_team_type_fails_when_declared(columns, extra, message):
    with pytest.raises(ParameterError, match=message):
        TableColumns(columns, extra)
