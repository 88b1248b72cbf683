"""A warehouse file that is not a whole warehouse, and a disk that is full or read-only under it: one
clear error naming the file and the fix, and the file left as it was (#14 defect 12)."""

from __future__ import annotations

import errno
import os

import duckdb
import pandas as pd
import pytest

from salesnb.errors import StorageError, WarehouseCorruptError
from salesnb.warehouse import connect, copy_on_write, replace_tables
from salesnb.warehouse.integrity import HEADERS_BYTES, check_warehouse
from salesnb.warehouse.store import writing


def teams(n: int = 2) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team_id": [f"t{i}" for i in range(n)],
            "name": [f"Team {i} " + "x" * (i % 50) for i in range(n)],
            "region_id": "r1",
            "team_type": "field",
        }
    )


def big_warehouse(path) -> bytes:
    """A warehouse of a few MB whose catalog DuckDB can still read once its end is cut off."""
    replace_tables(path, {"teams": teams(200_000), "meta": pd.DataFrame({"key": ["k"], "value": ["v"]})})
    return path.read_bytes()


def test_a_warehouse_cut_short_is_refused_on_open_naming_the_file_and_the_fix(tmp_path):
    db = tmp_path / "w.duckdb"
    whole = big_warehouse(db)
    db.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(WarehouseCorruptError) as info, connect(db):
        pass
    message = str(info.value)
    assert message.startswith(f"{db} is not a salesnb warehouse (cut short")
    assert "restore it from a backup" in message and f"--db {db}" in message
    assert info.value.exit_code == 2
    with pytest.raises(WarehouseCorruptError, match="cut short"), writing(db):
        pass
    assert db.read_bytes() == whole[: len(whole) // 2]  # neither touched it


def test_a_warehouse_whose_catalog_survived_the_cut_is_refused_by_its_size(demo_db, tmp_path):
    db = tmp_path / "w.duckdb"
    whole = demo_db.read_bytes()
    db.write_bytes(whole[: int(len(whole) * 0.6)])  # the catalog is read, the data blocks are gone
    cut = rf"cut short: {int(len(whole) * 0.6):,} bytes of"
    with pytest.raises(WarehouseCorruptError, match=cut), connect(db):
        pass
    with duckdb.connect(str(demo_db), read_only=True) as con:
        check_warehouse(con, demo_db, len(whole))  # the whole file passes
        # the blocks in use must all be there (free blocks at the end may be truncated away)
        size, used = con.execute(
            "SELECT block_size, used_blocks FROM pragma_database_size() "
            "WHERE database_name = current_database()"
        ).fetchone()
        needed = HEADERS_BYTES + size * used
        assert needed <= len(whole)
        check_warehouse(con, demo_db, needed)
        with pytest.raises(WarehouseCorruptError, match=f"cut short: {needed - 1:,} bytes of {needed:,}"):
            check_warehouse(con, demo_db, needed - 1)


def test_the_size_check_passes_every_whole_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    big_warehouse(db)
    with writing(db) as con:
        con.execute("DELETE FROM teams WHERE team_id > 't5'")
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM teams").fetchone()[0] > 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "an empty file"), (b"team_id,name\nt1,One\n", "not a DuckDB database file")],
)
def test_an_empty_or_foreign_file_is_refused_by_readers_and_writers(tmp_path, content, reason):
    db = tmp_path / "w.duckdb"
    db.write_bytes(content)
    for opening in (connect, writing):
        refused = f"not a salesnb warehouse \\({reason}\\)"
        with pytest.raises(WarehouseCorruptError, match=refused), opening(db):
            pass
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]  # no temp copy, no lock left


def test_a_database_of_something_else_is_refused_and_a_blank_one_becomes_a_warehouse(tmp_path):
    other, blank = tmp_path / "other.duckdb", tmp_path / "blank.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE notes (a INT)")
    duckdb.connect(str(blank)).close()
    with pytest.raises(WarehouseCorruptError, match="tables notes, no salesnb meta table"), writing(other):
        pass
    with pytest.raises(WarehouseCorruptError, match="no tables, no salesnb meta table"), connect(blank):
        pass
    replace_tables(blank, {"teams": teams()})  # nothing to lose in a database with no table
    with connect(blank) as con:
        assert con.execute("SELECT count(*) FROM teams").fetchone()[0] == 2


def test_a_damaged_block_found_by_a_later_read_names_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams()})
    damaged = duckdb.IOException(f'IO Error: Could not read enough bytes from file "{db}": attempted …')
    with pytest.raises(WarehouseCorruptError, match="cut short: a block lies past the end"), connect(db):
        raise damaged
    with pytest.raises(WarehouseCorruptError, match="cut short: a block lies past the end"), writing(db):
        raise damaged
    checksum = duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2")
    damaged_block = r"\(damaged: a block does not match its checksum\)"
    with pytest.raises(WarehouseCorruptError, match=damaged_block), connect(db):
        raise checksum


def test_a_full_disk_while_copying_leaves_the_warehouse_unchanged_in_one_line(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams()})
    before = db.read_bytes()

    def full(src, dst):
        os.write(dst, b"half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(copy_on_write, "_copy_range", full)
    with pytest.raises(StorageError) as info:
        replace_tables(db, {"teams": teams(3)})
    assert str(info.value) == (
        f"cannot write {db}: no space left on the device: free some space there, then run the command "
        "again (the warehouse is unchanged)"
    )
    assert info.value.exit_code == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]


def test_a_full_disk_reported_by_duckdb_and_a_read_only_folder_are_storage_errors(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams()})
    with pytest.raises(StorageError, match="no space left on the device") as info, writing(db) as con:
        con.execute("SELECT 1")
        raise duckdb.IOException(f'IO Error: Could not write file "{db}.x": No space left on device')
    assert info.value.exit_code == 1

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / "w.duckdb.lock"))

    monkeypatch.setattr(copy_on_write.os, "open", read_only)
    with pytest.raises(StorageError) as info, writing(db):
        pass
    assert str(info.value).startswith(f"cannot write {db}: read-only file system: choose a folder")
    assert info.value.exit_code == 2


def test_an_os_error_of_the_callers_own_files_is_not_blamed_on_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"teams": teams()})
    own = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "imports" / "q.csv"))
    with pytest.raises(OSError) as info, writing(db):
        raise own
    assert info.value is own


def test_the_workbench_loader_refuses_a_broken_warehouse_in_one_line(tmp_path):
    from salesnb.workbench import Workbench

    db = tmp_path / "w.duckdb"
    db.write_bytes(b"")
    with pytest.raises(WarehouseCorruptError, match=r"w.duckdb is not a salesnb warehouse \(an empty file\)"):
        Workbench.open(db, params_dir=tmp_path, reports_dir=tmp_path)
