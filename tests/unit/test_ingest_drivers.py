"""Imports of what drives the KPIs: targets, costs, surveys, training and activities (#16 point 3).

The fixtures in tests/data/drivers are modelled on real sheets: header variants, Chinese headers, a title
row above the header, day-first dates, blank rows, quarters beside months.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salesnb.cli import main
from salesnb.errors import ParameterError
from salesnb.ingest import ingest_files, module_mapping
from salesnb.ingest.mapping import detect_mapping
from salesnb.ingest.modules import MODULES

DRIVERS = Path(__file__).parents[1] / "data" / "drivers"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    ingest_files([DRIVERS / "roster.csv"], db, log_dir=tmp_path / "logs")
    return db


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def reasons(result) -> dict[int, str]:
    q = pd.read_csv(result.quarantine_csv, encoding="utf-8-sig")
    return dict(zip(q["row"], q["rule"], strict=True))


def test_targets_sheet_months_quarters_teams_and_quarantine(db: Path, tmp_path: Path):
    (r,) = ingest_files([DRIVERS / "targets.csv"], db, log_dir=tmp_path / "logs")
    assert r.module == "targets" and r.balanced and r.blank_rows == 1
    assert (r.rows_read, r.main.new, r.quarantined) == (8, 3, 5)
    assert reasons(r) == {
        2: "overlapping_period",  # Rachel's Q1 and her February (row 6, kept) would count February twice
        3: "unknown_owner",
        5: "unknown_team",
        8: "unreadable_amount",
        10: "no_scope",
    }
    assert rows(
        db, "SELECT scope, scope_id, metric, CAST(month AS VARCHAR), target FROM targets ORDER BY ALL"
    ) == [
        ("rep", "iris", "new_customers", "2027-03-01", 7.0),
        ("rep", "rachel", "revenue", "2027-02-01", 40000.0),
        ("team", "beijing-telesales", "revenue", "2027-01-01", 100000.0),
        ("team", "beijing-telesales", "revenue", "2027-02-01", 100000.0),
        ("team", "beijing-telesales", "revenue", "2027-03-01", 100000.0),
    ]


def test_a_reimport_replaces_targets_and_never_double_counts(db: Path, tmp_path: Path):
    ingest_files([DRIVERS / "targets.csv"], db, log_dir=tmp_path / "logs")
    (again,) = ingest_files([DRIVERS / "targets.csv"], db, log_dir=tmp_path / "logs")
    assert (again.main.new, again.main.updated, again.main.unchanged) == (0, 0, 3)
    changed = tmp_path / "targets.csv"
    changed.write_text("Team,Month,Quota\nBeijing Telesales,2027-02,120000\n", encoding="utf-8")
    (update,) = ingest_files([changed], db, log_dir=tmp_path / "logs")
    assert (update.main.new, update.main.updated) == (0, 1)
    assert rows(db, "SELECT count(*), sum(target) FROM targets WHERE scope = 'team'") == [(3, 320000.0)]


def test_chinese_xlsx_with_a_title_row_and_a_quarter_spread_to_the_cent(db: Path, tmp_path: Path):
    (r,) = ingest_files([DRIVERS / "targets_zh.xlsx"], db, log_dir=tmp_path / "logs")
    assert (r.rows_read, r.main.new, r.quarantined, r.blank_rows) == (3, 3, 0, 1)
    assert any("title rows" in n for n in r.notes)
    got = rows(db, "SELECT scope, metric, CAST(month AS VARCHAR), target FROM targets ORDER BY ALL")
    # 99,999.99 over three months: 33,333.33 twice, and the third takes what rounding left
    assert got == [
        ("rep", "new_customers", "2027-02-01", 3.0),
        ("rep", "revenue", "2027-01-01", 20000.0),
        ("team", "revenue", "2027-01-01", 33333.33),
        ("team", "revenue", "2027-02-01", 33333.33),
        ("team", "revenue", "2027-03-01", 33333.33),
    ]


def test_day_first_dates_through_a_mapping(db: Path, tmp_path: Path):
    mapping = DRIVERS / "targets_dayfirst.yaml"
    (r,) = ingest_files([DRIVERS / "targets_dayfirst.csv"], db, mapping_file=mapping, log_dir=tmp_path / "l")
    assert r.main.new == 2
    assert rows(db, "SELECT scope_id, CAST(month AS VARCHAR) FROM targets ORDER BY 1") == [
        ("iris", "2027-01-01"),
        ("rachel", "2027-03-01"),  # 05/03/2027 is 5 March
    ]


def test_costs_quarters_and_a_file_with_one_kind_of_cost_keeps_the_other(db: Path, tmp_path: Path):
    first, second = ingest_files(
        [DRIVERS / "costs.csv", DRIVERS / "costs_marketing.csv"], db, log_dir=tmp_path / "logs"
    )
    assert (first.rows_read, first.main.new, first.quarantined) == (4, 2, 2)
    assert reasons(first) == {4: "unknown_team", 5: "no_cost"}
    assert (second.main.new, second.main.updated) == (0, 1)
    got = rows(
        db, "SELECT team_id, CAST(month AS VARCHAR), sales_cost, marketing_cost FROM costs ORDER BY 2, 1"
    )
    shanghai = [r for r in got if r[0] != "beijing-telesales"]
    assert ("beijing-telesales", "2027-01-01", 12000.0, 4500.0) in got
    assert [r[2:] for r in shanghai] == [(10000.0, 300.0)] * 3


def test_surveys_in_chinese_with_scores_checked(db: Path, tmp_path: Path):
    (r,) = ingest_files([DRIVERS / "surveys_zh.csv"], db, log_dir=tmp_path / "logs")
    assert r.module == "surveys" and r.balanced and r.blank_rows == 1
    assert reasons(r) == {4: "unreadable_score", 5: "no_score", 6: "unknown_owner"}
    got = rows(db, "SELECT survey_id, rep_id, customer_id IS NOT NULL, csat, nps FROM surveys ORDER BY 1")
    assert got == [("csv:S1", "wangfang", True, 4, 9), ("csv:S2", "rachel", False, 5, None)]


def test_training_xlsx_completions(db: Path, tmp_path: Path):
    (r,) = ingest_files([DRIVERS / "training.xlsx"], db, log_dir=tmp_path / "logs")
    assert (r.rows_read, r.main.new, r.quarantined) == (6, 3, 3)
    assert reasons(r) == {4: "duplicate_record", 6: "unknown_owner", 7: "unreadable_score"}
    q = pd.read_csv(r.quarantine_csv, encoding="utf-8-sig").set_index("row")
    assert (q.loc[4, "column"], q.loc[4, "value"]) == ("Course", "negotiation-101")  # not a key's hash
    got = rows(
        db,
        "SELECT rep_id, module_id, CAST(completed_date AS VARCHAR), score "
        "FROM training_completions ORDER BY 1",
    )
    assert got == [
        ("iris", "negotiation-101", "2026-11-04", 70.0),  # the later of the two rows
        ("rachel", "product-basics", "2026-11-02", 85.0),
        ("wangfang", "call-openers", "2026-11-03", 92.5),
    ]


def test_activities_of_every_kind(db: Path, tmp_path: Path):
    (r,) = ingest_files([DRIVERS / "activities.csv"], db, log_dir=tmp_path / "logs")
    assert (r.rows_read, r.main.new) == (5, 4) and reasons(r) == {6: "unknown_value"}
    got = rows(
        db, "SELECT activity_id, activity_type, duration_seconds, connected FROM activities ORDER BY 1"
    )
    assert got == [
        ("csv:A1", "call", 330, True),
        ("csv:A2", "meeting", 3600, None),
        ("csv:A3", "visit", 7200, None),
        ("csv:A4", "email", 0, None),
    ]


def test_the_calls_presets_still_detect_as_calls():
    samples = DRIVERS.parent / "samples"
    zoho = (samples / "zoho" / "Calls.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    fxiaoke = list(pd.read_excel(samples / "fxiaoke" / "跟进记录.xlsx", nrows=0).columns)
    assert detect_mapping(zoho, "Calls.csv").name == "Zoho CRM calls"
    assert detect_mapping(fxiaoke, "跟进记录.xlsx").source == "fxiaoke"


def test_module_option_reads_a_file_as_the_module(db: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "quota.csv"
    sheet.write_text("Salesperson,Quota Amount,Period\nIris Lee,500,2027-04\n", encoding="utf-8")
    assert main(["ingest", str(sheet), "--module", "targets", "--db", str(db)]) == 0
    assert "rows read 1 / stored 1 new" in capsys.readouterr().out
    with pytest.raises(ParameterError, match="no built-in format for this module"):
        module_mapping("deals")
    with pytest.raises(ParameterError, match="for module targets, not costs"):
        module_mapping("costs", module_mapping("targets"))


@pytest.mark.parametrize("module", ["targets", "costs", "surveys", "training", "activities"])
def test_every_field_of_the_format_is_documented(module: str):
    doc = (Path(__file__).parents[2] / "docs" / "imports.md").read_text(encoding="utf-8")
    section = doc.split(f"## `{module}`", 1)[1].split("\n## ", 1)[0]
    mapping = module_mapping(module)
    for name in MODULES[module]:
        assert f"| `{name.name}` |" in section, f"{module}.{name.name} missing from docs/imports.md"
        for header in mapping.columns.get(name.name, []):
            assert header in section, f"{module}: header {header!r} missing from docs/imports.md"
