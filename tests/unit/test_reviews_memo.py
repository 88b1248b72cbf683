"""The parts a process remembers per team for the overviews: a change of what they depend on is a new key."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd

from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reviews import memo
from salesnb.reviews.memo import TeamParts, parts_key, recall, remember

NOV = Period.parse("2026-11")


def _parts(n: float) -> TeamParts:
    return TeamParts(pd.DataFrame(), {"team_id": "t", "forecast": n}, [])


def test_a_team_remembered_is_recalled_under_the_same_key_only(tmp_path):
    db, goals = tmp_path / "w.duckdb", tmp_path / "goals.yaml"
    db.write_bytes(b"warehouse")
    goals.write_text("goals: []\n", encoding="utf-8")
    settings = Settings(tmp_path, files=(goals,))
    key = parts_key(db, settings, "t", NOV, date(2026, 12, 7), date(2023, 11, 1))
    remember(key, _parts(1.0))
    assert recall(key).forecast["forecast"] == 1.0
    assert recall(parts_key(db, settings, "u", NOV, date(2026, 12, 7), date(2023, 11, 1))) is None
    assert recall(parts_key(db, settings, "t", NOV, date(2026, 12, 8), date(2023, 11, 1))) is None
    # a params file or the warehouse written since: a new key, never the stale parts
    stat = goals.stat()
    os.utime(goals, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert recall(parts_key(db, settings, "t", NOV, date(2026, 12, 7), date(2023, 11, 1))) is None
    key = parts_key(db, settings, "t", NOV, date(2026, 12, 7), date(2023, 11, 1))
    remember(key, _parts(2.0))
    db.write_bytes(b"warehouse, reloaded")
    assert recall(parts_key(db, settings, "t", NOV, date(2026, 12, 7), date(2023, 11, 1))) is None
    Path(f"{db}.wal").write_bytes(b"pending")
    assert parts_key(db, settings, "t", NOV, date(2026, 12, 7), date(2023, 11, 1)) != key
    memo.forget()
    assert recall(key) is None


def test_the_memo_keeps_at_most_its_capacity(tmp_path, monkeypatch):
    monkeypatch.setattr(memo, "CAPACITY", 2)
    memo.forget()
    for i in range(3):
        remember((i,), _parts(float(i)))
    assert recall((0,)) is None and recall((2,)).forecast["forecast"] == 2.0
    memo.forget()


def test_the_kernels_of_a_run_share_the_parts_and_nothing_outlives_the_run():
    from salesnb.files.share import shared_dir, sharing

    memo.forget()
    with sharing() as folder:
        remember(("t", "2026-11"), _parts(3.0))
        memo.forget()  # another kernel of the run: nothing in its memory, the file in the run's folder
        assert recall(("t", "2026-11")).forecast["forecast"] == 3.0
        (file,) = folder.glob("*.pkl")
        file.write_bytes(b"half a file")  # unreadable: computed again, never an error
        memo.forget()
        assert recall(("t", "2026-11")) is None
    assert shared_dir() is None and not folder.exists()
    memo.forget()
    assert recall(("t", "2026-11")) is None
