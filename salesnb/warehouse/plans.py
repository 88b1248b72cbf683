"""The coaching plans the rep reviews gave, kept in the warehouse (table ``coaching_plans``).

A plan is stored per rep and reviewed period; storing a period's plan again replaces it (never a second
copy), so re-rendering a period is idempotent. Everything a batch collected is written in one transaction
through :func:`~salesnb.warehouse.copy_on_write.writing`, so the report kernels reading the warehouse at
the same time never see half a plan or a lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.warehouse.copy_on_write import writing
from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.store import create_schema
from salesnb.warehouse.validate import validate_frame

PLAN_TABLE = "coaching_plans"
PLAN_COLUMNS = TABLES[PLAN_TABLE].column_names
#: One row per stored plan, with or without goals.
REVIEW_TABLE = "coaching_reviews"
REVIEW_COLUMNS = TABLES[REVIEW_TABLE].column_names


def has_plans(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has the plan tables (one built before they existed has not)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?)",
        [PLAN_TABLE, REVIEW_TABLE],
    ).fetchone()
    return bool(found and found[0] == 2)


def read_plan(con: duckdb.DuckDBPyConnection, rep_id: str, period: str) -> pd.DataFrame | None:
    """The goals the review of ``rep_id`` for ``period`` gave, best-ranked first (empty: it gave none);
    ``None`` when no plan of that review is on record (never stored, or a warehouse from before plans
    were stored)."""
    if not has_plans(con):
        return None
    on_record = con.execute(
        f"SELECT count(*) FROM {REVIEW_TABLE} WHERE rep_id = ? AND period = ?", [rep_id, period]
    ).fetchone()
    if not on_record or not on_record[0]:
        return None
    cols = ", ".join(PLAN_COLUMNS)
    sql = f"SELECT {cols} FROM {PLAN_TABLE} WHERE rep_id = ? AND period = ? ORDER BY rank"
    return con.execute(sql, [rep_id, period]).df()


def plan_digest(con: duckdb.DuckDBPyConnection, rep_id: str, period: str) -> str:
    """A digest of the stored plan of ``rep_id`` for ``period`` (``"none"`` without one): the next
    period's review depends on it, so its fingerprint does too."""
    if not has_plans(con):
        return "none"
    parts = []
    for table in (REVIEW_TABLE, PLAN_TABLE):
        sql = f"SELECT count(*), sum(hash(t)) FROM {table} t WHERE rep_id = ? AND period = ?"
        row = con.execute(sql, [rep_id, period]).fetchone()
        parts.append(f"{row[0]}:{row[1]}" if row and row[0] else "none")
    return "none" if parts[0] == "none" else "|".join(parts)


def store_plans(path: str | Path, given: Iterable[tuple[str, str, pd.DataFrame]]) -> int:
    """Store the plans ``given`` (rep, reviewed period, goals as :data:`PLAN_COLUMNS` rows; none when the
    review gave no goal), each replacing whatever was on record for its rep and period; the number of
    goals stored. Everything is validated before anything is written, then written in one transaction."""
    given = list(given)
    if not given:
        return 0
    frames = [goals[PLAN_COLUMNS] for _, _, goals in given if not goals.empty]
    goals = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PLAN_COLUMNS)
    valid = validate_frame(goals, PLAN_TABLE, source="coaching plans") if frames else goals
    at = pd.Timestamp.now(tz="UTC").tz_localize(None)
    reviews = pd.DataFrame(
        [(rep, period, len(g), at) for rep, period, g in given], columns=REVIEW_COLUMNS
    ).drop_duplicates(["rep_id", "period"], keep="last")
    reviews = validate_frame(reviews, REVIEW_TABLE, source="coaching plans")
    with writing(Path(path)) as con:
        create_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_given", reviews)
            # a plan given again for the same rep and period replaces the earlier one, whatever its length
            for table in (PLAN_TABLE, REVIEW_TABLE):
                keys = "SELECT rep_id, period FROM _given"
                con.execute(f"DELETE FROM {table} WHERE (rep_id, period) IN ({keys})")
            given_cols = ", ".join(REVIEW_COLUMNS)
            con.execute(f"INSERT INTO {REVIEW_TABLE} ({given_cols}) SELECT {given_cols} FROM _given")
            if frames:
                con.register("_plans", valid)
                cols = ", ".join(PLAN_COLUMNS)
                con.execute(f"INSERT INTO {PLAN_TABLE} ({cols}) SELECT {cols} FROM _plans")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(valid)
