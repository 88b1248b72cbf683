"""Write staged, transformed rows into the warehouse: one transaction per file, idempotent upserts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.errors import DataError, Problem
from salesnb.files.atomic import open_atomic
from salesnb.ingest.mapping import Mapping
from salesnb.ingest.stage import Result
from salesnb.safety import spreadsheet_frame
from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.validate import validate_relation

#: Rows that other files' records only point at: never overwrite what a dedicated import stored.
_INSERT_ONLY = {"deals": {"customers"}, "orders": {"customers"}, "roster": {"regions", "teams"}}
#: Relations whose rows go into another table: the managers a roster names who are nobody yet.
_STORED_AS = {"managers": "reps"}
#: Tables whose rows accumulate: a row is added only when something changed.
_APPEND = {"stage_history"}
MAIN_TABLE = {
    "deals": "opportunities",
    "leads": "leads",
    "accounts": "customers",
    "calls": "activities",
    "activities": "activities",
    "orders": "orders",
    "roster": "reps",
    "targets": "targets",
    "costs": "costs",
    "surveys": "surveys",
    "training": "training_completions",
}
_ORDER = (
    "regions",
    "teams",
    "reps",
    "customers",
    "leads",
    "stage_history",
    "opportunities",
    "activities",
    "orders",
    "targets",
    "costs",
    "surveys",
    "training_completions",
)


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
    moves: list[str] = field(default_factory=list)  # "Olivia Li from bj-telesales to sh-field on 2026-12-01"
    dated: str | None = None  # "2017-01-03 to 2018-12-14": the days of this file's records (none: undated)

    @property
    def balanced(self) -> bool:
        m = self.main
        return self.rows_read == m.new + m.updated + m.unchanged + self.quarantined


def import_id_for(path: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{hashlib.sha1(path.encode()).hexdigest()[:6]}"


def _upsert(con: duckdb.DuckDBPyConnection, table: str, source: str, insert_only: bool) -> TableCounts:
    """Insert new rows, replace changed ones, count unchanged ones; ``source`` is a relation name.

    Rows are matched on the table's declared key. ``insert_only`` (and appended tables) never replace a
    stored row.
    """
    spec = TABLES[table]
    cols = spec.column_names
    col_list = ", ".join(cols)
    join = " AND ".join(f"t.{k} = i.{k}" for k in spec.key)
    diff = " OR ".join(f"i.{c} IS DISTINCT FROM t.{c}" for c in cols if c not in spec.key) or "FALSE"
    replace = not (insert_only or table in _APPEND)
    total, new, changed = con.execute(
        f"""SELECT count(*), coalesce(count_if(t.{spec.key[0]} IS NULL), 0),
                   coalesce(count_if(t.{spec.key[0]} IS NOT NULL AND ({diff})), 0)
            FROM {source} i LEFT JOIN {table} t ON {join}"""
    ).fetchall()[0]  # fetchall: a half-read result would block the next register() on this connection
    if replace and changed:
        con.execute(
            f"DELETE FROM {table} t USING (SELECT i.* FROM {source} i JOIN {table} t ON {join} "
            f"WHERE {diff}) i WHERE {join}"
        )
    if new or (replace and changed):
        # when no incoming key is stored yet (a first import), the anti-join has nothing to exclude
        fresh = new == total
        con.execute(
            f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {source} i"
            + ("" if fresh else f" WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {join})")
        )
    if not replace:
        return TableCounts(new=new, unchanged=total - new)
    return TableCounts(new=new, updated=changed, unchanged=total - new - changed)


def _row_counts(con: duckdb.DuckDBPyConnection, table: str, source: str) -> TableCounts | None:
    """Counts per file row when a row became several stored rows (a quarter's target, its three months):
    a row is new when any of its months is, else updated when any changed. ``None`` for one row each."""
    if "file_row" not in {r[0] for r in con.execute(f"DESCRIBE {source}").fetchall()}:
        return None
    spec = TABLES[table]
    join = " AND ".join(f"t.{k} = i.{k}" for k in spec.key)
    diff = " OR ".join(f"i.{c} IS DISTINCT FROM t.{c}" for c in spec.column_names if c not in spec.key)
    new, changed, same = con.execute(
        f"""SELECT count_if(is_new), count_if(NOT is_new AND changed), count_if(NOT is_new AND NOT changed)
            FROM (SELECT bool_or(t.{spec.key[0]} IS NULL) AS is_new,
                         bool_or(coalesce({diff}, false)) AS changed
                  FROM {source} i LEFT JOIN {table} t ON {join} GROUP BY i.file_row)"""
    ).fetchall()[0]
    return TableCounts(new=new, updated=changed, unchanged=same)


def _complete_teams(con: duckdb.DuckDBPyConnection, relation: str, path: str) -> None:
    """A roster may create teams, but only with a team type (an existing team keeps its type)."""
    con.execute(f"""UPDATE {relation} o SET team_type = t.team_type FROM teams t
                    WHERE o.team_id = t.team_id AND o.team_type IS NULL""")
    missing = [r[0] for r in con.execute(f"SELECT name FROM {relation} WHERE team_type IS NULL").fetchall()]
    if missing:
        raise DataError(
            path,
            "teams",
            [
                Problem(
                    None,
                    "team_type",
                    n,
                    "new team without a team type: add a team-type column (online, telesales, field) "
                    "or defaults.team_type to the mapping",
                )
                for n in missing
            ],
        )


def _record_memberships(con: duckdb.DuckDBPyConnection, incoming: str, reps: str, today: date) -> list[str]:
    """Keep ``memberships`` in step with a roster import, before its reps are stored; returns the moves.

    A stored rep whose team the roster changes moved on the row's ``team_since`` day, else today: their
    open membership ends that day and a new one starts (their past records stay with the old team).
    A new rep's membership starts on ``team_since`` (missing: since before the data).
    """
    # reps stored before memberships existed (an older warehouse, the demo) have always been in their team
    con.execute("""INSERT INTO memberships SELECT rep_id, team_id, NULL, NULL FROM reps r
                   WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.rep_id = r.rep_id)""")
    moved = con.execute(
        f"""SELECT i.rep_id, p.name, s.team_id, i.team_id, coalesce(i.valid_from, ?::DATE) AS since
            FROM {incoming} i JOIN {reps} p USING (rep_id) JOIN reps s USING (rep_id)
            WHERE s.team_id <> i.team_id ORDER BY i.rep_id""",
        [today],
    ).fetchall()
    for rep_id, _, _, team_id, since in moved:
        # a membership that would start on or after the move day is replaced by the move (a correction)
        con.execute(
            "DELETE FROM memberships WHERE rep_id = ? AND valid_from >= ? AND valid_to IS NULL",
            [rep_id, since],
        )
        con.execute(
            "UPDATE memberships SET valid_to = ? WHERE rep_id = ? AND valid_to IS NULL", [since, rep_id]
        )
        con.execute("INSERT INTO memberships VALUES (?, ?, ?, NULL)", [rep_id, team_id, since])
    con.execute(f"""INSERT INTO memberships SELECT rep_id, team_id, valid_from, NULL FROM {incoming} i
                    WHERE NOT EXISTS (SELECT 1 FROM reps r WHERE r.rep_id = i.rep_id)""")
    return [f"{name} from {old} to {new} on {since.isoformat()}" for _, name, old, new, since in moved]


def _convert_leads(con: duckdb.DuckDBPyConnection, relation: str) -> TableCounts:
    """The leads won deals name convert on the deal's win day (to the deal's account, when it names one);
    returns how many leads changed."""
    changed = """FROM {relation} c WHERE leads.lead_id = c.lead_id AND (leads.status <> 'converted'
                 OR leads.converted_date IS DISTINCT FROM c.converted_date
                 OR c.customer_id IS NOT NULL AND leads.customer_id IS DISTINCT FROM c.customer_id)"""
    n = con.execute(
        f"UPDATE leads SET status = 'converted', converted_date = c.converted_date, "
        f"customer_id = coalesce(c.customer_id, leads.customer_id) {changed.format(relation=relation)}"
    ).fetchone()[0]
    total = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    return TableCounts(updated=n, unchanged=total - n)


def _date_new_customers(con: duckdb.DuckDBPyConnection) -> None:
    """An account exported without its created day was created on its first deal's or lead's day (never
    the import day): filled as soon as such a record is stored."""
    con.execute("""UPDATE customers SET created_date = f.day FROM (
                       SELECT customer_id, min(day) AS day FROM (
                           SELECT customer_id, created_date AS day FROM opportunities
                           UNION ALL SELECT customer_id, created_date FROM leads) GROUP BY 1) f
                   WHERE customers.created_date IS NULL AND f.customer_id = customers.customer_id""")


def _stage_changes(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """History rows for deals that are new, whose stage differs from the stored one, or whose stage has no
    dated row yet (an open deal first exported without a "Modified" column)."""
    if not con.execute("SELECT EXISTS (SELECT 1 FROM opportunities)").fetchone()[0]:
        return relation  # no deal stored yet: every one is new
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _hist_new AS SELECT h.* FROM {relation} h
                    LEFT JOIN opportunities o USING (opportunity_id)
                    WHERE o.opportunity_id IS NULL OR o.stage <> h.stage
                       OR NOT EXISTS (SELECT 1 FROM stage_history s
                                      WHERE s.opportunity_id = h.opportunity_id AND s.stage = h.stage)""")
    return "_hist_new"


def write_file(
    con: duckdb.DuckDBPyConnection,
    path: str,
    mapping: Mapping,
    result: Result,
    encoding: str,
    blank_rows: int,
    dry_run: bool,
) -> FileResult:
    """Validate and store one transformed file in one transaction (rolled back on error or a dry run)."""
    module = mapping.module
    import_id = import_id_for(path)
    if "teams" in result.tables:
        _complete_teams(con, result.tables["teams"], path)
    for table, relation in result.tables.items():
        if table in TABLES or table in _STORED_AS:  # lead_conversions update stored leads
            validate_relation(con, relation, _STORED_AS.get(table, table), source=path)
    q = result.quarantine.assign(import_id=import_id, value=result.quarantine["value"].map(_cell_text))
    q = q.drop_duplicates(["row", "column", "rule"]).rename(
        columns={"row": "file_row", "column": "source_column"}
    )
    con.execute("BEGIN TRANSACTION")
    try:
        side: dict[str, TableCounts] = {}
        main = TableCounts()
        moves: list[str] = []
        for table in (t for t in _ORDER if t in result.tables):
            relation = result.tables[table]
            if table == "reps" and "memberships" in result.tables:
                moves = _record_memberships(con, result.tables["memberships"], relation, date.today())
            if table == "stage_history":
                relation = _stage_changes(con, relation)
            per_row = _row_counts(con, table, relation)
            counts = _upsert(con, table, relation, table in _INSERT_ONLY.get(module, set()))
            counts = per_row or counts
            if table == MAIN_TABLE[module]:
                main = counts
            else:
                side[table] = counts
        main.unchanged += result.repeats  # the same person again: stored once, unchanged by the repeat
        if "managers" in result.tables:
            side["managers"] = _upsert(con, "reps", result.tables["managers"], insert_only=True)
        if "lead_conversions" in result.tables:
            side["leads"] = _convert_leads(con, result.tables["lead_conversions"])
        _date_new_customers(con)
        if len(q):
            con.register("_quarantine", q[TABLES["quarantine"].column_names].reset_index(drop=True))
            validate_relation(con, "_quarantine", "quarantine", source=path)
            _upsert(con, "quarantine", "_quarantine", insert_only=True)
            con.unregister("_quarantine")
        log = pd.DataFrame(
            [
                {
                    "import_id": import_id,
                    "file": path,
                    "mapping": mapping.name,
                    "module": module,
                    "encoding": encoding,
                    "rows_read": result.rows_read,
                    "rows_new": main.new,
                    "rows_updated": main.updated,
                    "rows_unchanged": main.unchanged,
                    "rows_quarantined": result.quarantined_rows,
                    "imported_at": datetime.now(UTC).replace(tzinfo=None),
                }
            ]
        )
        con.register("_log", log)
        validate_relation(con, "_log", "imports", source=path)
        _upsert(con, "imports", "_log", insert_only=True)
        con.unregister("_log")
        if result.rows_read != main.new + main.updated + main.unchanged + result.quarantined_rows:
            raise RuntimeError(
                f"{path}: rows read {result.rows_read} != stored + quarantined; nothing written"
            )
        con.execute("ROLLBACK" if dry_run else "COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    owners = result.quarantine.loc[result.quarantine["rule"] == "unknown_owner", "value"].value_counts()
    return FileResult(
        path=path,
        mapping=mapping.name,
        module=module,
        encoding=encoding,
        import_id=import_id,
        rows_read=result.rows_read,
        quarantined=result.quarantined_rows,
        main=main,
        side=side,
        blank_rows=blank_rows,
        notes=result.notes,
        unknown_owners={str(k): int(v) for k, v in owners.items()},
        moves=moves,
    )


def _cell_text(value: object) -> str | None:
    """A quarantined cell as text; empty cells are missing values."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def write_quarantine_csv(
    path: str, result: FileResult, quarantine: pd.DataFrame, log_dir: Path
) -> Path | None:
    if not len(quarantine):
        return None
    log_dir.mkdir(parents=True, exist_ok=True)
    out = log_dir / f"{result.import_id}-{Path(path).stem}.quarantine.csv"
    # whole or not at all (a full disk leaves no half CSV): salesnb.files.atomic; cells and headers come
    # from the export: a spreadsheet shows them as text, never runs them (salesnb.safety)
    with open_atomic(out, "w", encoding="utf-8-sig", newline="") as fh:
        spreadsheet_frame(quarantine.assign(file=path)).to_csv(fh, index=False)
    return out
