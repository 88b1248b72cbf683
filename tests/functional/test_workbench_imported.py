"""The workbench opened on imported data, not the demo: a US-dollar Zoho export whose data ends in 2018
(``tests/data/usd_2018``) and a Pipedrive export without quotas or stage history
(``tests/data/partial/no-quotas``), each imported as a user would, with a params folder from
``salesnb params init``. The periods offered lie within the data, the pickers list its teams and reps,
every panel renders, and a panel whose input is missing says so instead of showing zeros.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from salesnb.cli import main
from salesnb.periods import Period
from salesnb.warehouse import connect
from salesnb.warehouse.extent import data_extent
from salesnb.workbench import Workbench
from salesnb.workbench.labels import label
from salesnb.workbench.views import overview as views
from salesnb.workbench.views.static import static_outputs
from salesnb.workbench.views.whatif import whatif_html

DATA = Path(__file__).parents[1] / "data"
pytestmark = pytest.mark.slow


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture(scope="module")
def usd_2018(tmp_path_factory) -> Workbench:
    work = tmp_path_factory.mktemp("usd")
    db, data = work / "w.duckdb", DATA / "usd_2018"
    exports = [str(data / "Users.csv"), str(data / "Deals.csv")]
    assert main(["ingest", "--db", str(db), "--currency", "USD", *exports]) == 0
    assert main(["params", "init", str(work / "params"), "--db", str(db)]) == 0
    return Workbench.open(db_path=db, params_dir=work / "params", reports_dir=work / "reports")


@pytest.fixture(scope="module")
def no_quotas(tmp_path_factory) -> Workbench:
    work = tmp_path_factory.mktemp("no-quotas")
    db, case = work / "w.duckdb", DATA / "partial" / "no-quotas"
    for name in ("users", "deals", "activities"):
        export = case / f"{name}.csv"
        mapping = export.with_suffix(".yaml")
        assert main(["ingest", str(export), "--mapping", str(mapping), "--db", str(db)]) == 0
    assert main(["params", "init", str(work / "params"), "--db", str(db)]) == 0
    return Workbench.open(db_path=db, params_dir=work / "params", reports_dir=work / "reports")


@pytest.mark.parametrize("name", ["usd_2018", "no_quotas"])
def test_the_periods_offered_lie_within_the_data(name, request):
    wb: Workbench = request.getfixturevalue(name)
    with connect(wb.db_path) as con:
        extent = data_extent(con)
    assert wb.periods(), "no period offered"
    for offered in wb.periods():
        period = Period.parse(offered)
        assert period.start <= extent.last and period.last_day >= extent.first, offered
    assert Period.parse(wb.selection.period).last_day <= extent.last  # opens on a complete period


@pytest.mark.parametrize("name", ["usd_2018", "no_quotas"])
def test_the_pickers_list_the_organisation_and_every_panel_renders(name, request):
    wb: Workbench = request.getfixturevalue(name)
    regions = [region for _, region in wb.region_options() if region]
    teams = [team for region in regions for _, team in wb.team_options(region) if team]
    assert sorted(teams) == sorted(wb.teams["team_id"])  # every team, each under its region
    wb.select(team=teams[0])
    assert [rep for _, rep in wb.rep_options() if rep], "a team of the data lists no rep"
    shown = static_text(wb)
    assert "Traceback" not in shown and "Error" not in shown
    if name == "usd_2018":
        assert "$" in shown and "¥" not in shown


def static_text(wb: Workbench) -> str:
    """Every panel of the selection as the notebook's last cell shows it (its HTML), as text; every chart
    is a PNG."""
    outputs = static_outputs(wb)
    assert all(data[:8] == b"\x89PNG\r\n\x1a\n" for mime, data in outputs if mime == "image/png")
    return " ".join(text(data) for mime, data in outputs if mime == "text/html")


def test_without_quotas_or_stage_history_the_overview_says_so_not_zero(no_quotas):
    wb = no_quotas
    team = next(team for _, team in wb.team_options() if team)
    wb.select(team=team, period="2025-Q3")
    kpis = wb.kpis().set_index("kpi")
    assert kpis.loc["quota_attainment", ["value", "previous"]].isna().all()
    assert wb.comparison()["quota"].isna().all() and wb.comparison()["quota_attainment"].isna().all()
    assert "No quotas are loaded for this team in 2025-Q3, so attainment is not shown." in text(
        views.comparison_html(wb)
    )
    assert views.comparison_png(wb) is None  # no chart of every rep at 0 %
    funnel = text(views.funnel_html(wb))
    assert "No stage history is recorded for the deals of this team" in funnel
    assert views.funnel_png(wb) is None
    assert "For the analyst: targets provides this" in text(views.kpi_html(wb))
    page = whatif_html(wb)
    assert "No quotas are loaded for this team in 2025-Q3" in text(page)
    table = BeautifulSoup(page, "html.parser").find("table")
    header = [th.get_text(strip=True) for th in table.find("tr").find_all(["th", "td"])]
    column = header.index(label("col.quota"))
    quotas = [row.find_all(["th", "td"])[column].get_text(strip=True) for row in table.find_all("tr")[1:]]
    assert quotas and set(quotas) == {"–"}  # no quota of 0 beside every rep


def test_a_dollar_organisation_of_2018_shows_its_own_figures(usd_2018):
    wb = usd_2018
    assert wb.currency == "USD"
    team = next(team for _, team in wb.team_options() if team)
    wb.select(team=team, period="2018-Q3")
    kpis = wb.kpis().set_index("kpi")
    assert kpis.loc["revenue", "value"] > 0
    shown = text(views.kpi_html(wb))
    assert "$" in shown and "¥" not in shown
    # Zoho deals without calls: the activity KPIs are unknown and the table says which import fills them
    for kpi in ("calls_per_working_day", "talk_time_hours"):
        if kpi in kpis.index:
            assert kpis.loc[kpi, ["value", "previous"]].isna().all(), kpi
    if any(k in kpis.index for k in ("calls_per_working_day", "talk_time_hours")):
        assert "For the analyst: activities provides this" in shown
