"""Schema, validation errors that name row/column/reason, transactional writes and the slice reader."""

from datetime import date

import duckdb
import pandas as pd
import pytest

from salesnb.errors import DataError, WarehouseMissingError
from salesnb.warehouse import TABLES, connect, replace_tables, validate_frame
from salesnb.warehouse.schema import ddl
from salesnb.warehouse.slices import load_slice, resolve_teams, summarise_activities


def teams_frame(**overrides):
    base = {
        "team_id": ["t1", "t2"],
        "name": ["One", "Two"],
        "region_id": ["r1", "r1"],
        "team_type": ["telesales", "field"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_ddl_declares_primary_key_and_not_null():
    sql = ddl(TABLES["reps"])
    assert sql.endswith("-- key: rep_id")
    assert "team_id VARCHAR NOT NULL" in sql
    assert "left_date DATE\n" in sql


def test_validation_names_row_column_and_reason():
    bad = teams_frame(team_type=["telesales", "door-to-door"], name=["One", ""])
    with pytest.raises(DataError) as info:
        validate_frame(bad, "teams", source="teams.csv")
    found = {(p.row, p.column, p.reason) for p in info.value.problems}
    assert (1, "team_type", "must be one of 'online', 'telesales', 'field'") in found
    assert (1, "name", "must not be blank") in found
    assert str(info.value).startswith("teams.csv: table teams: row 1")


def test_duplicate_keys_and_missing_columns():
    with pytest.raises(DataError, match="duplicate key"):
        validate_frame(teams_frame(team_id=["t1", "t1"]), "teams")
    with pytest.raises(DataError, match="column 'team_type': required column is missing"):
        validate_frame(teams_frame().drop(columns="team_type"), "teams")
    with pytest.raises(DataError, match="column 'extra': column is not in the schema"):
        validate_frame(teams_frame(extra=[1, 2]), "teams")


def test_bad_input_leaves_the_warehouse_unchanged(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    with pytest.raises(DataError):
        replace_tables(db, {"teams": teams_frame(team_type=["x", "field"])})
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM teams").fetchone()[0] == 2


def test_reading_a_missing_warehouse_says_how_to_create_one(tmp_path):
    with pytest.raises(WarehouseMissingError, match="salesnb demo"), connect(tmp_path / "none.duckdb"):
        pass


def test_summarise_activities_counts_by_hand():
    con = duckdb.connect()
    raw = pd.DataFrame(
        {
            "rep_id": ["a", "a", "a", "a", "b"],
            "activity_type": ["call", "call", "call", "email", "call"],
            "started_at": pd.to_datetime(
                [
                    "2026-10-05 09:00",
                    "2026-10-05 20:30",
                    "2026-10-05 10:00",
                    "2026-10-10 11:00",
                    "2026-10-05 09:00",
                ]
            ),  # 10 Oct is a Saturday
            "duration_seconds": [120, 60, 0, 30, 10],
            "connected": [True, True, False, None, True],
        }
    )
    con.register("_activities", raw)
    daily = summarise_activities(con, ["a"], date(2026, 10, 1), date(2026, 11, 1), table="_activities")
    call = daily[(daily["activity_type"] == "call")].iloc[0]
    assert (call["activities"], call["connected"], call["talk_seconds"], call["after_hours"]) == (
        3,
        2,
        180,
        1,
    )
    email = daily[(daily["activity_type"] == "email")].iloc[0]
    assert (email["weekend"], email["talk_seconds"]) == (1, 0)
    assert set(daily["rep_id"]) == {"a"}


def test_a_team_slice_holds_no_other_teams_reps(demo_db):
    with connect(demo_db) as con:
        data = load_slice(con, ["bj-field"], date(2026, 1, 1), date(2026, 11, 1))
    assert set(data["reps"]["team_id"]) == {"bj-field"}
    reps = set(data["reps"]["rep_id"])
    for name in ["opportunities", "leads", "first_won", "activity_daily"]:
        assert set(data[name]["rep_id"]) <= reps, name
    assert set(data["targets"]["scope_id"]) <= reps | {"bj-field"}
    assert list(data["teams"]["team_id"]) == ["bj-field"]


def test_unknown_team_lists_the_valid_ones(demo_db):
    with connect(demo_db) as con, pytest.raises(Exception, match="unknown team 'nope': valid teams are"):
        resolve_teams(con, ["nope"])


def test_data_model_doc_is_generated_from_the_schema():
    from pathlib import Path

    from salesnb.warehouse.schema import describe_markdown

    doc = Path(__file__).parents[2] / "docs" / "data-model.md"
    assert doc.read_text(encoding="utf-8") == describe_markdown(), "run `make docs`"
