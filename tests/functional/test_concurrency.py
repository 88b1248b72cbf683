"""Issue #6: imports while reports read the warehouse: no lock errors, no torn reads, kill -9 safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from salesnb.cli import main
from salesnb.ingest import ingest_files
from salesnb.warehouse import connect

SAMPLES = Path(__file__).parents[1] / "data" / "samples"
ZOHO = SAMPLES / "zoho"
FXIAOKE = sorted((SAMPLES / "fxiaoke").iterdir())
STATE_SQL = """
SELECT (SELECT count(*) FROM reps), (SELECT count(*) FROM opportunities),
       (SELECT sum(round(amount * 100)::BIGINT) FROM opportunities), (SELECT count(*) FROM activities),
       (SELECT count(*) FROM imports)
"""

# A report kernel's view, with plain DuckDB (no salesnb retry to hide a lock error): a fresh read-only
# connection per query ("fresh"), or one connection opened at the start and kept ("hold").
READER = """
import json, sys, time
from pathlib import Path
import duckdb
db, stop, mode, sql = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
reads, errors = [], []
held = duckdb.connect(db, read_only=True) if mode == "hold" else None
deadline = time.monotonic() + 30
while time.monotonic() < deadline and not stop.exists():
    try:
        if held is not None:
            reads.append(held.execute(sql).fetchone())
        else:
            with duckdb.connect(db, read_only=True) as con:
                reads.append(con.execute(sql).fetchone())
    except Exception as exc:
        errors.append(repr(exc))
    if len(reads) + len(errors) == 1:
        print("reading", flush=True)
print(json.dumps({"reads": reads, "errors": errors}), flush=True)
"""


def state(db: Path) -> tuple[int, ...]:
    with connect(db) as con:
        return tuple(con.execute(STATE_SQL).fetchone())


def leftovers(db: Path) -> list[str]:
    return sorted(
        p.name
        for p in db.parent.iterdir()
        if p.name.startswith(f".{db.name}.") or p.suffix in (".wal", ".lock")
    )


def test_readers_see_the_state_before_or_after_each_import_and_never_a_lock_error(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_files([ZOHO / "Users.csv"], db)
    states = [state(db)]
    stop = tmp_path / "stop"
    readers = {
        mode: subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop), mode, STATE_SQL],
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in ("fresh", "hold")
    }
    try:
        for proc in readers.values():
            assert proc.stdout.readline() == "reading\n"
        imports = [[ZOHO / "Deals.csv"], [ZOHO / "Calls.csv"], FXIAOKE, [ZOHO / "Deals.csv"], FXIAOKE[:1]]
        for files in imports * 2:  # the second round re-imports: only the import log grows
            assert main(["ingest", *map(str, files), "--db", str(db)]) == 0
            states.append(state(db))
            time.sleep(0.1)
    finally:
        stop.touch()
        out = {mode: proc.communicate(timeout=60)[0] for mode, proc in readers.items()}
    fresh, hold = (json.loads(out[mode]) for mode in ("fresh", "hold"))
    assert fresh["errors"] == [] and hold["errors"] == []
    known = {tuple(s) for s in states}
    seen = {tuple(r) for r in fresh["reads"]}
    assert seen <= known, f"reads matching no committed state: {seen - known}"
    assert len(seen) >= 4, f"the reader saw only {len(seen)} of {len(known)} states"  # it read throughout
    assert {tuple(r) for r in hold["reads"]} == {states[0]}  # an open connection keeps its file whole
    assert len(set(states)) == len(states) and leftovers(db) == []


def write_big_deals(folder: Path, rows: int) -> Path:
    """The Zoho deals sample repeated to ``rows`` rows under new record ids: an import that takes seconds."""
    sample = pd.read_csv(ZOHO / "Deals.csv", dtype=str)
    big = sample.sample(rows, replace=True, random_state=1).reset_index(drop=True)
    big["Record Id"] = [f"zcrm_big{i:09d}" for i in range(rows)]
    path = folder / "Deals.csv"
    big.to_csv(path, index=False)
    return path


def test_a_writer_killed_mid_import_leaves_the_old_warehouse_and_the_next_write_cleans_up(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest_files([ZOHO / "Users.csv", ZOHO / "Deals.csv"], db)
    before, before_state = db.read_bytes(), state(db)
    (tmp_path / "big").mkdir()
    big = write_big_deals(tmp_path / "big", 300_000)
    writer = subprocess.Popen(
        [sys.executable, "-m", "salesnb.cli", "ingest", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        cwd=Path(__file__).parents[2],
    )
    try:
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".writing") for p in tmp_path.iterdir()):
            assert writer.poll() is None and time.monotonic() < deadline, "the writer never started a copy"
            time.sleep(0.01)
        time.sleep(0.5)  # into staging and writing the copy
        assert writer.poll() is None, "the import finished before it could be killed: make it bigger"
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert db.read_bytes() == before and state(db) == before_state  # the old warehouse, whole
    stale = leftovers(db)
    assert any(name.endswith(".writing") for name in stale)  # the dead writer's copy is still there…
    ingest_files([ZOHO / "Calls.csv"], db)  # …until the next writer (the lock died with its holder)
    assert leftovers(db) == []
    after = state(db)
    assert after[:3] == before_state[:3] and after[3] == 942
