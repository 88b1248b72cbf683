"""Records as CRMs export them (#16): managers named in the roster, deals without a title, an amount or a
created day of their own, unassigned leads, deals that name their lead, new-customer credit on a tie and
customers dated by their first record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from salesnb.ingest import ingest_files
from salesnb.warehouse.slices import load_slice
from tests.unit.test_ingest_bad_inputs import _query as _rows

ROSTER = """\
module: roster
source: crm
columns: {record_id: User ID, name: Name, email: Email, team: Team, manager: Manager, level: Level}
defaults: {team_type: field}
"""
DEALS = """\
module: deals
source: crm
columns: {record_id: Id, owner: Owner, account: Account, amount: Amount, stage: Stage, created: Created,
          close_date: Closed, lead_id: Lead}
values: {stage: {won: closed_won, open: qualification}}
"""
LEADS = """\
module: leads
source: crm
columns: {record_id: Id, owner: Owner, created: Created, source: Origin}
"""
ACCOUNTS = """\
module: accounts
source: crm
columns: {name: Name}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """Ann (manager, reported to by Bob by e-mail and by Cy by her user id) and a manager nobody listed."""
    db = tmp_path / "w.duckdb"
    roster = _write(
        tmp_path,
        "users.csv",
        "User ID,Name,Email,Team,Manager,Level\n"
        "u1,Ann Lead,ann@example.com,East,,manager\n"
        "u2,Bob Rep,bob@example.com,East,ann@example.com,junior\n"
        "u3,Cyd Rep,cyd@example.com,East,u1,junior\n"
        "u4,Dee Rep,dee@example.com,West,Max Boss,senior\n"
        "u5,Eve Rep,eve@example.com,West,Max Boss,junior\n",
    )
    (result,) = ingest_files([roster], db, mapping_file=_write(tmp_path, "roster.yaml", ROSTER))
    assert result.balanced and result.main.new == 5 and result.side["managers"].new == 1
    assert any("manager 'Max Boss' is not in the roster: added as max-boss" in n for n in result.notes)
    return db


def test_managers_are_matched_by_email_user_id_and_created_when_unknown(org: Path):
    lines = dict(_rows(org, "SELECT rep_id, manager_id FROM reps"))
    assert lines == {
        "ann": None,
        "bob": "ann",
        "cyd": "ann",
        "dee": "max-boss",
        "eve": "max-boss",
        "max-boss": None,
    }
    assert _rows(org, "SELECT name, team_id, level, status FROM reps WHERE rep_id = 'max-boss'") == [
        ("Max Boss", "west", "manager", "active")
    ]
    assert _rows(org, "SELECT team_id FROM memberships WHERE rep_id = 'max-boss'") == [("west",)]


def test_unassigned_leads_are_stored_and_a_won_deal_converts_its_lead(org: Path, tmp_path: Path):
    leads = _write(
        tmp_path,
        "leads.csv",
        "Id,Owner,Created,Origin\nL1,,2024-01-05,search\nL2,,2024-01-06,social\nL3,bob@example.com,2024-01-07,\n",
    )
    (lr,) = ingest_files([leads], org, mapping_file=_write(tmp_path, "leads.yaml", LEADS))
    assert (lr.main.new, lr.quarantined) == (3, 0)
    assert _rows(org, "SELECT lead_id, rep_id FROM leads ORDER BY 1") == [
        ("crm:L1", None), ("crm:L2", None), ("crm:L3", "bob")
    ]  # fmt: skip
    deals = _write(
        tmp_path,
        "deals.csv",
        "Id,Owner,Account,Amount,Stage,Created,Closed,Lead\n"
        "D1,Bob Rep,Acme,,won,,2024-02-10,L1\n"  # created: the lead's day; amount unknown
        "D2,Cyd Rep,Beta,,open,2024-02-01,,\n"  # open, no amount, no expected close
        "D3,Cyd Rep,Gamma,100,won,,,L9\n"  # won without a close day, and its lead is not stored
        "D4,Cyd Rep,Delta,100,open,,,\n",  # no created day of its own nor a lead
    )
    (dr,) = ingest_files([deals], org, mapping_file=_write(tmp_path, "deals.yaml", DEALS))
    assert (dr.rows_read, dr.main.new, dr.quarantined, dr.balanced) == (4, 2, 2, True)
    assert sorted(_rows(org, "SELECT file_row, rule FROM quarantine WHERE rule LIKE 'missing%'")) == [
        (4, "missing_close_date"), (4, "missing_created"), (5, "missing_created")
    ]  # fmt: skip
    assert _rows(org, "SELECT opportunity_id, name, amount, created_date FROM opportunities ORDER BY 1") == [
        ("crm:D1", "D1", None, date(2024, 1, 5)),
        ("crm:D2", "D2", None, date(2024, 2, 1)),
    ]
    assert _rows(
        org, "SELECT status, converted_date, customer_id IS NOT NULL FROM leads WHERE lead_id = 'crm:L1'"
    ) == [("converted", date(2024, 2, 10), True)]
    assert dr.side["leads"].updated == 1
    assert any("1 won deal(s) without an amount" in n for n in dr.notes)


def test_a_tie_on_the_first_won_day_credits_the_deal_created_first(org: Path, tmp_path: Path):
    deals = _write(
        tmp_path,
        "deals.csv",
        "Id,Owner,Account,Amount,Stage,Created,Closed,Lead\n"
        "D9,Bob Rep,Acme,10,won,2024-03-02,2024-03-20,\n"
        "D5,Cyd Rep,Acme,10,won,2024-03-01,2024-03-20,\n"  # created first: Cyd wins the customer
        "D7,Dee Rep,Beta,10,won,2024-03-05,2024-03-21,\n"
        "D6,Eve Rep,Beta,10,won,2024-03-05,2024-03-21,\n",  # same day, same created: lowest id, Eve
    )
    ingest_files([deals], org, mapping_file=_write(tmp_path, "deals.yaml", DEALS))
    con = duckdb.connect(str(org), read_only=True)
    try:
        first = load_slice(con, ["east", "west"], date(2024, 3, 1), date(2024, 4, 1))["first_won"]
    finally:
        con.close()
    assert sorted(first["rep_id"]) == ["cyd", "eve"]


def test_a_customer_is_dated_by_its_created_column_else_its_first_record(org: Path, tmp_path: Path):
    accounts = _write(tmp_path, "accounts.csv", "Name\nAcme\n")
    ingest_files([accounts], org, mapping_file=_write(tmp_path, "accounts.yaml", ACCOUNTS))
    assert _rows(org, "SELECT created_date FROM customers") == [(None,)]  # unknown: never the import day
    deals = _write(
        tmp_path,
        "deals.csv",
        "Id,Owner,Account,Amount,Stage,Created,Closed,Lead\nD1,Bob Rep,Acme,5,open,2023-05-04,,\n",
    )
    ingest_files([deals], org, mapping_file=_write(tmp_path, "deals.yaml", DEALS))
    assert _rows(org, "SELECT created_date FROM customers") == [(date(2023, 5, 4),)]


def test_stage_history_holds_only_what_the_export_dates(org: Path, tmp_path: Path):
    """A closed deal's closing stage at its close day; an open deal's stage at its modified time when the
    export has one; an open deal of an export without "Modified" gets no row (never its created day)."""
    rows = (
        "Id,Owner,Account,Amount,Stage,Created,Closed{}\n"
        "D1,Bob Rep,Acme,10,won,2024-01-02,2024-02-10{}\n"
        "D2,Cyd Rep,Beta,20,open,2024-01-03,{}\n"
    )
    deals = _write(tmp_path, "deals.csv", rows.format("", "", ""))
    ingest_files([deals], org, mapping_file=_write(tmp_path, "deals.yaml", DEALS))
    history = "SELECT opportunity_id, stage, CAST(entered_at AS DATE) FROM stage_history ORDER BY 1"
    assert _rows(org, history) == [("crm:D1", "closed_won", date(2024, 2, 10))]
    dated = tmp_path / "dated"
    dated.mkdir()
    deals = _write(dated, "deals.csv", rows.format(",Modified", ",2024-02-11", ",2024-03-05 09:30"))
    mapping = DEALS.replace("lead_id: Lead}", "lead_id: Lead, modified: Modified}")
    ingest_files([deals], org, mapping_file=_write(dated, "deals.yaml", mapping))
    assert _rows(org, history) == [
        ("crm:D1", "closed_won", date(2024, 2, 10)),  # a closed deal's stage is dated by its close day
        ("crm:D2", "qualification", date(2024, 3, 5)),
    ]
