"""The coaching plans kept in the warehouse: stored once per rep and period, replaced on a re-render."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd
import pytest

from salesnb.errors import DataError
from salesnb.warehouse import connect, replace_tables
from salesnb.warehouse.plans import PLAN_COLUMNS, plan_digest, read_plan, store_plans


def goals(rep: str, period: str, *targets: float, goal_period: str = "2026-11") -> pd.DataFrame:
    rows = [
        {"rep_id": rep, "period": period, "rank": i + 1, "goal_period": goal_period, "rule": f"rule-{i}",
         "module": "closing-skills", "metric": "win_rate", "higher_is_better": True, "baseline": 0.2,
         "target": t, "goal_kind": "gap", "rules_fingerprint": "abc", "version": "0.1.0",
         "given_at": pd.Timestamp(datetime(2026, 12, 1, 8))}
        for i, t in enumerate(targets)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    replace_tables(path, {"regions": pd.DataFrame({"region_id": ["east"], "name": ["East"]})}, fresh=True)
    return path


def test_a_plan_is_read_back_in_rank_order(db):
    assert store_plans(db, [("r1", "2026-10", goals("r1", "2026-10", 0.25, 0.3))]) == 2
    with connect(db) as con:
        plan = read_plan(con, "r1", "2026-10")
        assert list(plan["target"]) == [0.25, 0.3] and list(plan["rank"]) == [1, 2]
        assert read_plan(con, "r1", "2026-09") is None and read_plan(con, "r2", "2026-10") is None


def test_storing_a_period_again_replaces_its_plan_and_keeps_the_others(db):
    store_plans(db, [("r1", "2026-10", goals("r1", "2026-10", 0.25, 0.3)),
                     ("r2", "2026-10", goals("r2", "2026-10", 0.4))])  # fmt: skip
    store_plans(db, [("r1", "2026-09", goals("r1", "2026-09", 0.22, goal_period="2026-10"))])
    with connect(db) as con:
        before = plan_digest(con, "r1", "2026-10")
    # re-rendered with other rules: one goal now, never three
    store_plans(db, [("r1", "2026-10", goals("r1", "2026-10", 0.27))])
    with connect(db) as con:
        assert list(read_plan(con, "r1", "2026-10")["target"]) == [0.27]
        assert list(read_plan(con, "r1", "2026-09")["target"]) == [0.22]  # another period is kept
        assert list(read_plan(con, "r2", "2026-10")["target"]) == [0.4]  # another rep is kept
        assert plan_digest(con, "r1", "2026-10") != before
    # re-rendered with no goal at all: a plan without goals is on record, not "no plan"
    store_plans(db, [("r1", "2026-10", goals("r1", "2026-10"))])
    with connect(db) as con:
        plan = read_plan(con, "r1", "2026-10")
        assert plan is not None and plan.empty
        assert plan_digest(con, "r1", "2026-10") not in ("none", before)
        assert con.execute("SELECT count(*) FROM coaching_reviews").fetchone()[0] == 3


def test_a_bad_plan_is_refused_whole_and_the_warehouse_is_unchanged(db):
    store_plans(db, [("r1", "2026-10", goals("r1", "2026-10", 0.25))])
    bad = goals("r2", "2026-10", 0.3).assign(rank=0)  # ranks start at 1
    with pytest.raises(DataError, match="rank"):
        store_plans(db, [("r1", "2026-10", goals("r1", "2026-10", 0.5)), ("r2", "2026-10", bad)])
    with connect(db) as con:
        assert list(read_plan(con, "r1", "2026-10")["target"]) == [0.25]


def test_a_warehouse_from_before_plans_has_none_on_record(tmp_path):
    path = tmp_path / "old.duckdb"
    replace_tables(path, {"regions": pd.DataFrame({"region_id": ["east"], "name": ["East"]})}, fresh=True)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE coaching_plans")
        con.execute("DROP TABLE coaching_reviews")
    with connect(path) as con:
        assert read_plan(con, "r1", "2026-10") is None and plan_digest(con, "r1", "2026-10") == "none"
    store_plans(path, [("r1", "2026-10", goals("r1", "2026-10", 0.25))])  # the table is made on first use
    with connect(path) as con:
        assert len(read_plan(con, "r1", "2026-10")) == 1
