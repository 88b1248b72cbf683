"""A dry run writes nothing at all: no warehouse, no quarantine CSV, no log folder, and not the folders a
real run would have made for them (a new user tries ``--dry-run`` first, on a path that does not exist
yet)."""

from __future__ import annotations

from pathlib import Path

from salesnb.cli import main

DATA = Path(__file__).parents[1] / "data"


def test_a_dry_run_into_new_folders_leaves_no_trace(tmp_path, capsys):
    db = tmp_path / "acme" / "warehouse" / "salesnb.duckdb"
    case = DATA / "partial" / "no-quotas"
    # deals before their roster: every row would be quarantined (its rep unknown), into imports/ beside db
    for name in ("users", "deals"):
        export = case / f"{name}.csv"
        argv = ["ingest", str(export), "--mapping", str(export.with_suffix(".yaml")), "--db", str(db)]
        assert main([*argv, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would quarantine" in out or "quarantined" in out
    assert "dry run: nothing was written" in out
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_keeps_folders_it_did_not_make(tmp_path):
    (tmp_path / "acme").mkdir()
    db = tmp_path / "acme" / "salesnb.duckdb"
    export = DATA / "partial" / "no-quotas" / "users.csv"
    argv = ["ingest", str(export), "--mapping", str(export.with_suffix(".yaml")), "--db", str(db)]
    assert main([*argv, "--dry-run"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["acme"] and list((tmp_path / "acme").iterdir()) == []
    assert main(argv) == 0 and db.is_file()  # the real run makes what the dry run did not
