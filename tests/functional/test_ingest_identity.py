"""Who a record belongs to, end to end (issue #14, defects 1 and 2): namesakes stay two people, a real move
keeps each team's past results, and distinct team names never merge."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from salesnb.ingest import ingest_files
from salesnb.kpis.engine import kpi_table
from salesnb.periods import Period
from salesnb.warehouse import connect
from salesnb.warehouse.slices import load_slice

BAD = Path(__file__).parents[1] / "data" / "bad"

DEALS = """Record Id,Deal Owner,Deal Name,Account Name,Amount,Closing Date,Stage,Created Time
zcrm_5001,Rachel Liu,May deal,Beta Co,1000,2026-05-10,Closed Won,2026-04-01 10:00:00
zcrm_5002,Rachel Liu,July deal,Gamma Co,3000,2026-07-10,Closed Won,2026-05-20 10:00:00
zcrm_5003,Olivia Lee,Olivia's deal,Delta Co,700,2026-05-15,Closed Won,2026-04-20 10:00:00
"""


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _revenue(db: Path, team: str, period: str) -> dict[str, float]:
    p = Period.parse(period)
    with connect(db) as con:
        data = load_slice(con, [team], p.history(2)[0].start, p.end)
    table = kpi_table(data, p, "rep", ["revenue", "headcount"])
    wide = table.pivot(index="unit_id", columns="kpi", values="value")
    return {rep: float(row.revenue) for rep, row in wide.iterrows() if row.headcount or row.revenue}


@pytest.fixture
def org(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS, encoding="utf-8")
    ingest_files([BAD / "_roster_zoho.csv", deals], db)
    return db


def test_a_namesake_with_another_email_never_moves_the_rep(org: Path):
    before = _rows(org, "SELECT rep_id, team_id FROM reps ORDER BY rep_id")
    (result,) = ingest_files([BAD / "lead_zoho_users_namesake.csv"], org)
    assert (result.main.new, result.main.updated, result.moves) == (1, 0, [])
    after = dict(_rows(org, "SELECT rep_id, team_id FROM reps"))
    assert {r: after[r] for r, _ in before} == dict(before)  # nobody stored before changed team
    assert after["olivia-lee"] == "shanghai-field"
    # Olivia Lee's deal stays with her and with Beijing
    assert _revenue(org, "beijing-telesales", "2026-05")["olivia"] == 700.0
    assert "olivia" not in _revenue(org, "shanghai-field", "2026-05")


def test_a_name_only_row_matching_a_person_of_another_team_is_quarantined(org: Path):
    (result,) = ingest_files([BAD / "lead_zoho_users_name_only.csv"], org)
    assert result.quarantined == 1 and result.moves == []
    ((rule, reason),) = _rows(org, "SELECT rule, reason FROM quarantine")
    assert rule == "ambiguous_identity"
    assert "olivia (beijing-telesales, olivia@example.com)" in reason
    assert _rows(org, "SELECT team_id FROM reps WHERE rep_id = 'olivia'") == [("beijing-telesales",)]


def test_records_naming_an_owner_shared_by_two_people_are_quarantined_with_the_candidates(org: Path):
    ingest_files([BAD / "lead_zoho_users_namesake.csv"], org)
    (result,) = ingest_files([BAD / "lead_zoho_deals_ambiguous_owner.csv"], org)
    assert (result.rows_read, result.main.new, result.quarantined) == (2, 1, 1)
    ((rule, reason),) = _rows(org, "SELECT rule, reason FROM quarantine")
    assert rule == "ambiguous_owner"
    assert "olivia (beijing-telesales" in reason and "olivia-lee (shanghai-field" in reason


def test_an_owner_id_tells_namesakes_apart(org: Path, tmp_path: Path):
    users = tmp_path / "users.csv"
    users.write_text(
        "User Id,Full Name,Email,Role,Profile,Reporting To,Status,Team Type\n"
        "zcrm_777,Olivia Lee,olivia.lee@sh.example.com,Shanghai Field,Standard,,Active,field\n",
        encoding="utf-8",
    )
    deals = tmp_path / "deals2.csv"
    deals.write_text(
        "Record Id,Deal Owner.id,Deal Owner,Deal Name,Account Name,Amount,Closing Date,Stage,Created Time\n"
        "zcrm_9101,zcrm_777,Olivia Lee,Deal one,Acme,1000,2026-05-10,Closed Won,2026-04-01 10:00:00\n",
        encoding="utf-8",
    )
    ingest_files([users, deals], org)
    assert _rows(org, "SELECT rep_id FROM opportunities WHERE opportunity_id = 'zoho:9101'") == [
        ("olivia-lee",)
    ]
    assert _rows(org, "SELECT crm_user_id FROM reps WHERE rep_id = 'olivia-lee'") == [("zoho:777",)]


def test_a_move_keeps_past_results_with_the_old_team(org: Path):
    (result,) = ingest_files([BAD / "lead_zoho_users_move.csv"], org)
    assert result.moves == ["Rachel Liu from beijing-telesales to shanghai-field on 2026-06-01"]
    assert _rows(
        org,
        "SELECT team_id, valid_from, valid_to FROM memberships WHERE rep_id = 'rachel' "
        "ORDER BY 2 NULLS FIRST",
    ) == [
        ("beijing-telesales", None, Period.parse("2026-06").start),
        ("shanghai-field", Period.parse("2026-06").start, None),
    ]
    # May: before the move, her deal counts for Beijing; July: after it, for Shanghai
    assert _revenue(org, "beijing-telesales", "2026-05") == {"iris": 0.0, "olivia": 700.0, "rachel": 1000.0}
    assert "rachel" not in _revenue(org, "shanghai-field", "2026-05")
    assert _revenue(org, "shanghai-field", "2026-07") == {"rachel": 3000.0}
    assert "rachel" not in _revenue(org, "beijing-telesales", "2026-07")
    # the organisation counts each deal once
    p = Period.parse("2026-Q2")
    with connect(org) as con:
        data = load_slice(con, ["beijing-telesales", "shanghai-field"], p.start, Period.parse("2026-07").end)
    by_team = kpi_table(data, Period.parse("2026-07"), "team", ["revenue"]).set_index("unit_id")["value"]
    assert by_team.to_dict() == {"beijing-telesales": 0.0, "shanghai-field": 3000.0}
    may = kpi_table(data, Period.parse("2026-05"), "team", ["revenue"]).set_index("unit_id")["value"]
    assert may.to_dict() == {"beijing-telesales": 1700.0, "shanghai-field": 0.0}
    # importing the same roster again moves nobody
    (again,) = ingest_files([BAD / "lead_zoho_users_move.csv"], org)
    assert again.moves == [] and again.main.unchanged == 1


def test_long_team_names_stay_distinct_teams(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    (result,) = ingest_files([BAD / "lead_zoho_users_long_teams.csv"], db)
    assert result.side["teams"].new == 3
    teams = dict(_rows(db, "SELECT name, team_id FROM teams"))
    assert len(set(teams.values())) == 3
    alpha = teams["Northern Region Enterprise Key Accounts Team Alpha"]
    with connect(db) as con:
        reps = load_slice(con, [alpha], Period.parse("2026-05").start, Period.parse("2026-05").end)["reps"]
    assert reps["name"].tolist() == ["Ann Alpha"]
    # the same names imported again keep their ids
    ingest_files([BAD / "lead_zoho_users_long_teams.csv"], db)
    assert dict(_rows(db, "SELECT name, team_id FROM teams")) == teams


def test_reserved_ids_are_never_given_to_a_team(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    (result,) = ingest_files([BAD / "lead_zoho_users_reserved.csv"], db)
    ids = {t for (t,) in _rows(db, "SELECT team_id FROM teams")}
    assert not ids & {"org", "logs"}
    assert _rows(db, "SELECT rule FROM quarantine") == [("reserved_id",)]
    assert result.quarantined == 1


def test_a_manager_already_stored_is_found_and_a_shared_name_names_nobody(org: Path, tmp_path: Path):
    later = tmp_path / "later.csv"
    later.write_text(
        "Full Name,Email,Role,Profile,Reporting To,Status,Team Type\n"
        "New Person,newp@example.com,Beijing Telesales,Standard,Iris Lee,Active,telesales\n"
        "Other Person,other@example.com,Beijing Telesales,Standard,Olivia Lee,Active,telesales\n",
        encoding="utf-8",
    )
    ingest_files([BAD / "lead_zoho_users_namesake.csv"], org)  # a second Olivia Lee
    (result,) = ingest_files([later], org)
    assert any("manager 'Olivia Lee' is not one person" in n for n in result.notes)
    managers = dict(_rows(org, "SELECT rep_id, manager_id FROM reps WHERE rep_id IN ('newp', 'other')"))
    assert managers == {"newp": "iris", "other": None}
