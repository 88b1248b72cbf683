"""Schema, validation errors that name row/column/reason, transactional writes and the slice reader."""

import copy
import os
import subprocess
import sys
import threading
import time
from datetime import date

import duckdb
import pandas as pd
import pytest

from salesnb.errors import DataError, WarehouseBusyError, WarehouseMissingError
from salesnb.warehouse import TABLES, connect, replace_tables, validate_frame
from salesnb.warehouse.ddl import ddl
from salesnb.warehouse.slices import Slice, load_slice, resolve_teams, summarise_activities
from salesnb.warehouse.store import writing


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
    assert "left_date DATE,\n" in sql and "crm_user_id VARCHAR\n" in sql


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


def leftovers(folder):
    """Everything a writer may leave next to the warehouse: temp copies, logs, spill folders, the lock."""
    return sorted(p.name for p in folder.iterdir() if p.name != "w.duckdb")


def test_a_second_writer_waits_then_fails_naming_the_lock_file(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    with writing(db):
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError) as info, writing(db, timeout=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    message = str(info.value)
    assert f"warehouse {db} is busy" in message and f"{db}.lock" in message
    assert f"PID {os.getpid()}" in message and "gave up after 0.3 s" in message
    assert leftovers(tmp_path) == []  # the lock file goes with its holder
    with writing(db, timeout=0):  # and the next writer gets it at once
        pass


def test_a_waiting_writer_proceeds_when_the_first_one_finishes(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    done = threading.Event()

    def first():
        with writing(db) as con:
            done.set()
            time.sleep(0.3)
            con.execute("DELETE FROM teams WHERE team_id = 't1'")

    thread = threading.Thread(target=first)
    thread.start()
    done.wait()
    with writing(db, timeout=10) as con:  # sees the first writer's result, not the file it started from
        assert con.execute("SELECT list(team_id) FROM teams").fetchone()[0] == ["t2"]
    thread.join()


def test_a_failure_inside_writing_leaves_the_file_byte_identical_and_no_temp(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    before, inode = db.read_bytes(), db.stat().st_ino
    with pytest.raises(OSError, match="disk full"), writing(db) as con:
        con.execute("DELETE FROM teams")
        con.execute("CREATE TABLE spill AS SELECT range AS i FROM range(100000)")
        raise OSError("disk full")
    assert db.read_bytes() == before and db.stat().st_ino == inode
    assert leftovers(tmp_path) == []
    with writing(db, publish=False) as con:  # a dry run: written, then thrown away
        con.execute("DELETE FROM teams")
    assert db.read_bytes() == before and leftovers(tmp_path) == []


READ_AFTER_A_LINE = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM teams").fetchone()[0])
"""


def test_a_successful_write_replaces_the_file_atomically(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    inode = db.stat().st_ino
    reader = subprocess.Popen(  # a reader in another process that opened the old file and keeps it open
        [sys.executable, "-c", READ_AFTER_A_LINE, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline() == "open\n"
    with writing(db) as con:
        con.execute("DELETE FROM teams WHERE team_id = 't1'")
        assert db.stat().st_ino == inode  # nothing visible until the block ends
    out, _ = reader.communicate("go\n", timeout=30)
    assert out.strip() == "2"  # the old inode, read whole after the swap
    assert db.stat().st_ino != inode
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM teams").fetchone()[0] == 1
    assert leftovers(tmp_path) == []


def test_fresh_starts_from_an_empty_database(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    replace_tables(db, {"teams": teams_frame().head(1)}, fresh=True)
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM teams").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM reps").fetchone()[0] == 0


def test_the_next_writer_removes_temp_files_a_killed_writer_left(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    stale = [".w.duckdb.4242.0badf00d.writing", ".w.duckdb.4242.0badf00d.writing.wal"]
    for name in stale:
        (tmp_path / name).write_bytes(b"half a warehouse")
    (tmp_path / ".w.duckdb.4242.0badf00d.writing.tmp").mkdir()  # DuckDB's spill folder
    (tmp_path / ".w.duckdb.4242.0badf00d.writing.tmp" / "spill.block").write_bytes(b"x")
    other = tmp_path / ".w.duckdb.bak.4242.0badf00d.writing"  # another warehouse's (w.duckdb.bak) temp
    other.write_bytes(b"not ours")
    replace_tables(db, {"teams": teams_frame()})
    assert leftovers(tmp_path) == [other.name]


HOLD_IN_PLACE = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])  # a writer that is not salesnb's: it takes the file itself
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_readers_and_writers_wait_out_an_in_place_writer_then_give_a_clear_error(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    holder = subprocess.Popen([sys.executable, "-c", HOLD_IN_PLACE, str(db), "1.5"], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"holding\n"
        busy = "another process has it open for writing"
        with pytest.raises(WarehouseBusyError, match=busy), connect(db, timeout=0.2):
            pass
        with pytest.raises(WarehouseBusyError, match=busy), writing(db, timeout=0.2):
            pass
        started = time.monotonic()
        with connect(db) as con:  # retried until the holder is gone
            assert con.execute("SELECT count(*) FROM teams").fetchone()[0] == 2
        assert time.monotonic() - started > 0.1
    finally:
        holder.kill()
        holder.wait()


def test_a_write_ahead_log_left_by_a_dead_in_place_writer_is_kept_and_removed(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams_frame()})
    crash = (
        "import duckdb, os, sys; con = duckdb.connect(sys.argv[1]);"
        "con.execute(\"INSERT INTO teams VALUES ('t3', 'Three', 'r1', 'online')\"); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", crash, str(db)], check=False)
    assert (tmp_path / "w.duckdb.wal").exists()
    with writing(db) as con:
        con.execute("DELETE FROM teams WHERE team_id = 't1'")
    assert leftovers(tmp_path) == []
    with connect(db) as con:
        assert con.execute("SELECT list(team_id ORDER BY team_id) FROM teams").fetchone()[0] == ["t2", "t3"]


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


def test_replacing_a_frame_of_a_slice_forgets_what_was_computed_from_it():
    data = Slice({"reps": pd.DataFrame({"rep_id": ["a"]})})
    data.memo["measures"] = "computed"
    assert copy.copy(data).memo == {} and data.memo  # a copy starts empty, the original keeps its own
    data["reps"] = pd.DataFrame({"rep_id": ["b"]})
    assert data.memo == {}
    data.memo["measures"] = "computed"
    data.update(extra=pd.DataFrame())
    assert data.memo == {}


def test_a_reports_fingerprint_follows_the_data_end_and_the_unowned_leads():
    """Another team's later deal moves every report's as-of day, an unowned lead changes the org's lead
    figures: either must re-render a report the batch would otherwise skip as unchanged."""
    from salesnb.warehouse import create_schema
    from salesnb.warehouse.slices import slice_fingerprint

    con = duckdb.connect()
    create_schema(con)
    con.execute("INSERT INTO regions VALUES ('r', 'R')")
    con.execute("INSERT INTO teams VALUES ('t1', 'T1', 'r', 'field'), ('t2', 'T2', 'r', 'field')")
    con.execute(
        "INSERT INTO reps (rep_id, name, team_id, level, status) VALUES "
        "('a', 'A', 't1', 'senior', 'active'), ('b', 'B', 't2', 'senior', 'active')"
    )
    deal = (
        "INSERT INTO opportunities (opportunity_id, name, rep_id, deal_type, amount, currency, stage, "
        "status, created_date) VALUES (?, ?, ?, 'new', 100, 'CNY', 'qualification', 'open', ?)"
    )
    con.execute(deal, ["o1", "o1", "a", "2026-01-05"])
    before = slice_fingerprint(con, ["t1"])
    assert slice_fingerprint(con, ["t1"]) == before  # stable
    con.execute(deal, ["o2", "o2", "b", "2026-03-05"])  # t2's deal, later than anything of t1
    later = slice_fingerprint(con, ["t1"])
    assert later != before
    con.execute(
        "INSERT INTO leads (lead_id, rep_id, created_date, status) VALUES ('l1', NULL, '2026-02-01', 'open')"
    )
    assert slice_fingerprint(con, ["t1"]) != later
