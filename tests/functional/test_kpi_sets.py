"""Any kpi_sets.yaml that passes ``salesnb params check`` renders the reviews (#15): a team type's set
of one KPI leaves out every KPI the review tables read, and the team review and the rep review still
render, their tables showing the columns the catalog's table declarations name."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from salesnb.cli import main
from salesnb.config import PROJECT_ROOT, notebooks_dir
from salesnb.kpis import CATALOG
from salesnb.kpis.sets import ALWAYS, REP_TREND, TEAM_ACTIVITY, TEAM_REPS, TEAM_TRENDS
from salesnb.periods import Period
from salesnb.reports import display
from salesnb.reviews.rep import active_reps
from salesnb.text.formatting import kpi_label
from salesnb.warehouse import connect
from salesnb.warehouse.schema import TEAM_TYPES
from salesnb.warehouse.slices import list_teams

PERIOD = "2026-10"
pytestmark = pytest.mark.slow

#: A KPI no review table reads: the team type's set holds it alone.
ALONE = next(k for k in CATALOG if k not in {*ALWAYS, *REP_TREND.kpis, *TEAM_TRENDS.kpis})


def _render(notebook: str, parameters: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the notebook's cells in this process as papermill would (``parameters`` after the cell tagged
    ``parameters``) and return the HTML the report displayed."""
    shown: list[object] = []
    monkeypatch.setattr(display, "display", shown.append)
    nb = nbformat.read(notebooks_dir() / notebook, as_version=4)
    namespace: dict[str, object] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, notebook, "exec"), namespace)
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(parameters)
    return "".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))


@pytest.fixture(scope="module")
def single_kpi_params(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("params") / "params"
    shutil.copytree(PROJECT_ROOT / "params", folder)
    (folder / "kpi_sets.yaml").write_text("".join(f"{t}: [{ALONE}]\n" for t in TEAM_TYPES), encoding="utf-8")
    assert main(["params", "check", "--params", str(folder)]) == 0
    return folder


@pytest.mark.parametrize("team_type", TEAM_TYPES)
def test_a_set_of_one_kpi_renders_the_team_and_rep_review(demo_db, single_kpi_params, team_type, monkeypatch):
    with connect(demo_db) as con:
        teams = list_teams(con)
        team = str(teams.loc[teams["team_type"] == team_type, "team_id"].iloc[0])
        rep = str(active_reps(con, [team], Period.parse(PERIOD))["rep_id"].iloc[0])
    common = {
        "period": PERIOD,
        "language": "en",
        "db_path": str(demo_db),
        "params_dir": str(single_kpi_params),
    }

    html = _render("team_review.ipynb", {"team": team, **common}, monkeypatch)
    assert kpi_label(ALONE, "en") in html  # the scorecard
    for c in (*TEAM_REPS.for_team_type(team_type), *TEAM_ACTIVITY.columns):
        assert f">{kpi_label(c, 'en')}</th>" in html, c

    html = _render("rep_review.ipynb", {"rep": rep, **common}, monkeypatch)
    assert kpi_label(ALONE, "en") in html
    for c in REP_TREND.for_team_type(team_type):
        assert f">{kpi_label(c, 'en')}</th>" in html, c
