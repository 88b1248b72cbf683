"""Quarantine CSVs exist only for committed imports, and appear complete or not at all (#14 defect 16: dry
runs and failed ingests left quarantine files for imports that never happened)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import salesnb.ingest as ingest_module
from salesnb.ingest import ingest_files

BAD = Path(__file__).parents[1] / "data" / "bad"
OWNERS = BAD / "zoho_deals_owners.csv"  # 3 rows, 2 quarantined (owners not in the roster)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    ingest_files([BAD / "_roster_zoho.csv"], db, log_dir=tmp_path / "logs")
    return db


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_committed_import_writes_its_quarantine_csv(db: Path, tmp_path: Path):
    (result,) = ingest_files([OWNERS], db, log_dir=tmp_path / "logs")
    assert result.quarantined == 2 and result.quarantine_csv
    assert _files(tmp_path / "logs") == [Path(result.quarantine_csv).name]
    assert len(pd.read_csv(result.quarantine_csv, encoding="utf-8-sig")) == 2


def test_a_dry_run_writes_no_quarantine_csv(db: Path, tmp_path: Path):
    (result,) = ingest_files([OWNERS], db, dry_run=True, log_dir=tmp_path / "logs")
    assert result.quarantined == 2 and result.quarantine_csv is None
    assert _files(tmp_path / "logs") == []


def test_a_failed_ingest_writes_no_quarantine_csv_for_the_files_before(db, tmp_path, monkeypatch):
    real, calls = ingest_module.write_file, []

    def fail_on_the_second_file(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "write_file", fail_on_the_second_file)
    with pytest.raises(OSError, match="disk full"):
        ingest_files([OWNERS, BAD / "zoho_deals_amounts.csv"], db, log_dir=tmp_path / "logs")
    assert _files(tmp_path / "logs") == []


def test_a_quarantine_csv_is_complete_or_absent(db, tmp_path, monkeypatch):
    real = pd.DataFrame.to_csv

    def half_then_fail(self, fh, *args, **kwargs):
        fh.write("row,column\n2,Deal Owner\n")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        ingest_files([OWNERS], db, log_dir=tmp_path / "logs")
    monkeypatch.setattr(pd.DataFrame, "to_csv", real)
    assert _files(tmp_path / "logs") == []
