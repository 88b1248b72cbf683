"""params/kpi_sets.yaml: every team type, known KPIs only, each once; errors name the file."""

import pytest

from salesnb.config import PROJECT_ROOT
from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG
from salesnb.kpis.sets import load_kpi_sets, with_always
from salesnb.params import load_settings


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
