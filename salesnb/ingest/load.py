"""Write prepared rows into the warehouse: one transaction per file, idempotent upserts, full counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.errors import DataError, Problem
from salesnb.ingest.build import build
from salesnb.ingest.mapping import normalise
from salesnb.ingest.transform import Context, Prepared
from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.validate import validate_frame

#: Rows that other files' records only point at: never overwrite what a dedicated import stored.
_INSERT_ONLY = {
    "deals": {"customers"},
    "orders": {"customers"},
    "roster": {"regions", "teams"},
}
#: Tables whose rows accumulate rather than replace (appended only when something changed).
_APPEND = {"stage_history"}


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class FileResult:
    path: str
    mapping: str
    module: str
    encoding: str
    import_id: str
    rows_read: int
    quarantined: int
    main: TableCounts
    side: dict[str, TableCounts] = field(default_factory=dict)
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)
    unknown_owners: dict[str, int] = field(default_factory=dict)
    quarantine_csv: str | None = None

    @property
    def balanced(self) -> bool:
        m = self.main
        return self.rows_read == m.new + m.updated + m.unchanged + self.quarantined


MAIN_TABLE = {
    "deals": "opportunities",
    "leads": "leads",
    "accounts": "customers",
    "calls": "activities",
    "orders": "orders",
    "roster": "reps",
}


def context_from(con: duckdb.DuckDBPyConnection, currency: str) -> Context:
    """Names and e-mails of known reps, names and ids of known teams."""
    reps = con.execute("SELECT rep_id, name FROM reps").fetchall()
    teams = con.execute("SELECT team_id, name FROM teams").fetchall()
    by_name = {normalise(n): r for r, n in reps} | {normalise(r): r for r, _ in reps}
    return Context(
        currency=currency,
        reps_by_name=by_name,
        teams_by_name={normalise(n): t for t, n in teams} | {normalise(t): t for t, _ in teams},
    )


def import_id_for(path: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{hashlib.sha1(path.encode()).hexdigest()[:6]}"


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, insert_only: bool
) -> TableCounts:
    spec = TABLES[table]
    cols = spec.column_names
    key = list(spec.key)
    con.register("_incoming", frame[cols])
    try:
        join = " AND ".join(f"t.{k} = i.{k}" for k in key)
        new = con.execute(
            f"SELECT count(*) FROM _incoming i WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {join})"
        ).fetchone()[0]
        diff = " OR ".join(f"i.{c} IS DISTINCT FROM t.{c}" for c in cols if c not in key) or "FALSE"
        changed = con.execute(
            f"SELECT count(*) FROM _incoming i JOIN {table} t ON {join} WHERE {diff}"
        ).fetchone()[0]
        col_list = ", ".join(cols)
        if insert_only or table in _APPEND:
            con.execute(f"INSERT OR IGNORE INTO {table} ({col_list}) SELECT {col_list} FROM _incoming")
            return TableCounts(new=new, unchanged=len(frame) - new)
        if changed:
            con.execute(
                f"DELETE FROM {table} t USING (SELECT i.* FROM _incoming i JOIN {table} t ON {join} "
                f"WHERE {diff}) i WHERE {join}"
            )
        con.execute(f"INSERT OR IGNORE INTO {table} ({col_list}) SELECT {col_list} FROM _incoming")
        return TableCounts(new=new, updated=changed, unchanged=len(frame) - new - changed)
    finally:
        con.unregister("_incoming")


def _stage_changes(con: duckdb.DuckDBPyConnection, history: pd.DataFrame) -> pd.DataFrame:
    """History rows for deals that are new or whose stage differs from the stored one."""
    con.register("_hist", history)
    try:
        return con.execute(
            """SELECT h.* FROM _hist h LEFT JOIN opportunities o USING (opportunity_id)
               WHERE o.opportunity_id IS NULL OR o.stage <> h.stage"""
        ).df()
    finally:
        con.unregister("_hist")


def check_new_teams(con: duckdb.DuckDBPyConnection, prep: Prepared, frames: dict[str, pd.DataFrame]) -> None:
    """A roster may create teams, but only with a team type; fail before writing when one lacks it."""
    teams = frames.get("teams")
    if teams is None:
        return
    known = {r[0]: r[1] for r in con.execute("SELECT team_id, team_type FROM teams").fetchall()}
    teams["team_type"] = [
        t if isinstance(t, str) else known.get(i)
        for i, t in zip(teams["team_id"], teams["team_type"], strict=True)
    ]
    missing = teams[teams["team_type"].isna()]
    if len(missing):
        raise DataError(
            prep.path,
            "teams",
            [
                Problem(
                    None,
                    "team_type",
                    n,
                    "new team without a team type: add a team-type column (online, telesales, field) "
                    "or defaults.team_type to the mapping",
                )
                for n in missing["name"]
            ],
        )


def write_file(
    con: duckdb.DuckDBPyConnection, prep: Prepared, encoding: str, blank_rows: int, dry_run: bool
) -> FileResult:
    """Store one prepared file in one transaction (rolled back on error or for a dry run)."""
    frames = build(prep)
    module = prep.mapping.module
    main = MAIN_TABLE[module]
    import_id = import_id_for(prep.path)
    valid = {}
    for table, frame in frames.items():
        if table == "teams":
            check_new_teams(con, prep, frames)
        valid[table] = validate_frame(frame.reset_index(drop=True), table, source=prep.path)
    con.execute("BEGIN TRANSACTION")
    try:
        side: dict[str, TableCounts] = {}
        order = [
            t
            for t in (
                "regions",
                "teams",
                "reps",
                "customers",
                "leads",
                "stage_history",
                "opportunities",
                "activities",
                "orders",
            )
            if t in valid
        ]
        main_counts = TableCounts()
        for table in order:
            frame = valid[table]
            if table == "stage_history":
                frame = _stage_changes(con, frame)
            counts = _upsert(con, table, frame, table in _INSERT_ONLY.get(module, set()))
            if table == main:
                main_counts = counts
            else:
                side[table] = counts
        q = prep.quarantine.assign(
            import_id=import_id,
            value=prep.quarantine["value"].map(_cell_text),
        )
        q = q.drop_duplicates(["row", "column", "rule"]).rename(
            columns={"row": "file_row", "column": "source_column"}
        )
        if len(q):
            qv = validate_frame(
                q[TABLES["quarantine"].column_names].reset_index(drop=True), "quarantine", source=prep.path
            )
            _upsert(con, "quarantine", qv, insert_only=True)
        log = pd.DataFrame(
            [
                {
                    "import_id": import_id,
                    "file": prep.path,
                    "mapping": prep.mapping.name,
                    "module": module,
                    "encoding": encoding,
                    "rows_read": prep.rows_read,
                    "rows_new": main_counts.new,
                    "rows_updated": main_counts.updated,
                    "rows_unchanged": main_counts.unchanged,
                    "rows_quarantined": prep.quarantined_rows,
                    "imported_at": datetime.now(UTC).replace(tzinfo=None),
                }
            ]
        )
        _upsert(con, "imports", validate_frame(log, "imports", source=prep.path), insert_only=True)
        con.execute("ROLLBACK" if dry_run else "COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    owners = prep.quarantine[prep.quarantine["rule"] == "unknown_owner"]["value"].value_counts()
    return FileResult(
        path=prep.path,
        mapping=prep.mapping.name,
        module=module,
        encoding=encoding,
        import_id=import_id,
        rows_read=prep.rows_read,
        quarantined=prep.quarantined_rows,
        main=main_counts,
        side=side,
        blank_rows=blank_rows,
        notes=prep.notes,
        unknown_owners={str(k): int(v) for k, v in owners.items()},
    )


def _cell_text(value: object) -> str | None:
    """A quarantined cell as text; empty cells are missing values."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def write_quarantine_csv(prep: Prepared, result: FileResult, log_dir: Path) -> Path | None:
    if not len(prep.quarantine):
        return None
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{result.import_id}-{Path(prep.path).stem}.quarantine.csv"
    prep.quarantine.assign(file=prep.path).to_csv(path, index=False, encoding="utf-8-sig")
    return path
