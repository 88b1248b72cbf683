"""A team with reps but no deals, and periods before or after the data (#14 defect 14).

The warehouse is the demo's with a new team ``new-team`` (reps, nothing else: a roster just imported) and
with every deal of ``tj-online`` removed (its calls kept). Every review of them loads and renders; the team
review of the new team says there is nothing to review; a period wholly outside the data is one line
naming the data's extent, exit 2, before anything renders.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.reviews import load_team_review
from salesnb.reviews.org import load_org_overview
from salesnb.reviews.rep import active_reps, load_rep_review
from salesnb.warehouse import connect
from salesnb.warehouse.extent import data_extent
from salesnb.warehouse.store import writing
from tests.functional.commands import salesnb

pytestmark = pytest.mark.slow
DEALS_OF_TJ = "SELECT opportunity_id FROM opportunities JOIN reps USING (rep_id) WHERE team_id = 'tj-online'"


ROSTER = """Full Name,Email,Role,Profile,Reporting To,Status,Team Type
Nora Field,nora@example.com,New Team,Standard,,Active,field
Ned Field,ned@example.com,New Team,Standard,Nora Field,Active,field
"""


@pytest.fixture(scope="module")
def empty_team_db(demo_db, tmp_path_factory) -> Path:
    """The demo, a new team imported from a roster (reps, nothing else), and tj-online's deals gone."""
    folder = tmp_path_factory.mktemp("empty-team")
    db, roster = folder / "w.duckdb", folder / "Users.csv"
    shutil.copyfile(demo_db, db)
    roster.write_text(ROSTER, encoding="utf-8")
    imported = salesnb("ingest", str(roster), "--source", "zoho", "--db", str(db))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    with writing(db) as con:
        con.execute(f"DELETE FROM stage_history WHERE opportunity_id IN ({DEALS_OF_TJ})")
        for table in ("orders", "activities"):
            con.execute(f"UPDATE {table} SET opportunity_id = NULL WHERE opportunity_id IN ({DEALS_OF_TJ})")
        con.execute(f"DELETE FROM opportunities WHERE opportunity_id IN ({DEALS_OF_TJ})")
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM reps WHERE team_id = 'new-team'").fetchone()[0] == 2
    return db


@pytest.mark.parametrize("period", ["2026-10", "2026-Q3"])
def test_every_review_of_a_team_without_deals_loads(empty_team_db, period):
    db = str(empty_team_db)
    for team in ("new-team", "tj-online"):
        review = load_team_review(team=team, period=period, db_path=db)
        assert review.team_id == team
        with connect(db) as con:
            reps = active_reps(con, [team], Period.parse(period))
        for rep in list(reps["rep_id"])[:2]:
            assert load_rep_review(rep=rep, period=period, db_path=db).rep_id == rep
    assert load_team_review(team="new-team", period=period, db_path=db).nothing_to_review
    assert not load_team_review(team="bj-field", period="2026-10", db_path=db).nothing_to_review
    load_org_overview(period=period, db_path=db)


@pytest.mark.parametrize(("period", "side"), [("1900-01", "before"), ("2999-01", "after")])
def test_a_review_loaded_by_hand_for_a_period_outside_the_data_names_its_extent(empty_team_db, period, side):
    """As `salesnb run` and `kpis` do (#16): a notebook run by hand says the covered range, not zeros."""
    db = str(empty_team_db)
    for load in (
        lambda: load_team_review(team="new-team", period=period, db_path=db),
        lambda: load_rep_review(period=period, db_path=db),
        lambda: load_org_overview(period=period, db_path=db),
    ):
        with pytest.raises(ParameterError, match=f"{period} .* is {side} the data: the warehouse covers 20"):
            load()


def test_a_team_without_deals_renders_every_report_and_says_there_is_nothing_to_review(
    empty_team_db, tmp_path
):
    reports = tmp_path / "reports"
    args = ["run", "--period", "2026-10", "--team", "new-team", "--team", "tj-online", "--reps", "--org"]
    run = salesnb(*args, "--workers", "2", "--db", str(empty_team_db), "--reports", str(reports))
    assert run.returncode == 0, run.stdout + run.stderr
    manifest = json.loads((reports / "2026-10" / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert {e["notebook"] for e in manifest} == {"team_review", "rep_review", "org_overview"}
    assert all(e["status"] == "ok" for e in manifest)
    page = (reports / "2026-10" / "new-team" / "team_review.html").read_text(encoding="utf-8")
    assert "Nothing to review for New Team in 2026-10" in page
    other = (reports / "2026-10" / "bj-field").exists()
    assert not other  # only the teams asked for
    assert "Nothing to review" not in (reports / "2026-10" / "tj-online" / "team_review.html").read_text(
        encoding="utf-8"
    )  # its calls are something to review


@pytest.mark.parametrize(("period", "side"), [("1900-01", "before"), ("2999-01", "after"), ("2999", "after")])
def test_a_period_outside_the_data_is_one_line_naming_its_extent(empty_team_db, tmp_path, period, side):
    with connect(empty_team_db) as con:
        extent = data_extent(con)
    for command in (["run", "--reports", str(tmp_path / "reports")], ["kpis"]):
        done = salesnb(*command, "--period", period, "--db", str(empty_team_db))
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert f"is {side} the data: the warehouse covers {extent.first} to {extent.last}" in done.stderr
    assert not (tmp_path / "reports").exists()  # nothing rendered, no folder made
