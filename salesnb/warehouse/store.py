"""The DuckDB warehouse: create it, write validated tables in one transaction, read slices.

This module and :mod:`salesnb.warehouse.copy_on_write` are the only places that open the database file.

Readers (:func:`connect`) open it read-only and never lock anything of ours, so any number of report
kernels read at once. Writers go through :func:`~salesnb.warehouse.copy_on_write.writing`: they write a
private copy and swap it in, so a reader never sees a half-written warehouse or a DuckDB lock error
because of us.

Within one process DuckDB shares one database per file among open connections: a connection opened while
another to the same path is still open sees the file that one opened. Close connections (``with
connect(...)``) to see a newer warehouse.

A file that is not a whole salesnb warehouse (empty, cut short by a full disk or a bad copy, damaged,
some other file) is :class:`~salesnb.errors.WarehouseCorruptError` (exit 2, one line), whether DuckDB
refuses to open it, the file is shorter than the blocks its header counts, or a read fails later.
A disk that is full or read-only under the warehouse is :class:`~salesnb.errors.StorageError`; the
warehouse is then unchanged.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.errors import ParameterError, WarehouseBusyError, WarehouseCorruptError, WarehouseMissingError
from salesnb.warehouse.copy_on_write import back_off, sidecar, writing
from salesnb.warehouse.ddl import added_columns, ddl, relaxed_columns
from salesnb.warehouse.integrity import check_warehouse, damage_reason, reading
from salesnb.warehouse.schema import TABLES
from salesnb.warehouse.validate import validate_frame

SCHEMA_VERSION = "1"
#: The currency of a warehouse that names none (built before salesnb kept one; the demo's).
DEFAULT_CURRENCY = "CNY"

#: Seconds a reader keeps retrying while another process holds the file for writing in place (a writer
#: that is not :func:`writing`: an older salesnb, the DuckDB CLI, …).
READ_TIMEOUT = 30.0
#: Connections this process has open per warehouse path: DuckDB shares the database of a path among them,
#: so only the first one opens (and checks) the file.
_OPEN: Counter[str] = Counter()
_OPEN_LOCK = threading.Lock()


def _is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "Could not set lock" in str(exc)


def _open_read_only(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open read-only; while someone writes the file in place, retry with backoff until ``timeout``."""
    started = time.monotonic()
    deadline, delay = started + timeout, 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            if (reason := damage_reason(exc, path)) is not None:
                raise WarehouseCorruptError(str(path), reason) from exc
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(
                    str(path), f"another process has it open for writing ({exc})", time.monotonic() - started
                ) from exc
            delay = back_off(deadline, delay)


@contextmanager
def connect(
    path: str | Path, *, read_only: bool = True, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse at ``path`` read-only (it must exist); see the module docstring.

    A lock error (someone writes the file in place) is retried for ``timeout`` seconds (default
    :data:`READ_TIMEOUT`), then raised as :class:`~salesnb.errors.WarehouseBusyError`; with nothing
    locked this costs nothing. ``read_only=False`` is :func:`writing` (copy, write, swap): nothing in
    salesnb writes the warehouse in place any more.
    """
    path = Path(path)
    if not read_only:
        with writing(path, timeout=timeout) as con:
            yield con
        return
    key = os.path.realpath(path)
    with _OPEN_LOCK:
        first = not _OPEN[key]
        _OPEN[key] += 1
    try:
        con = _open_checked(path, READ_TIMEOUT if timeout is None else timeout, check=first)
        try:
            with reading(path):
                yield con
        finally:
            con.close()
    finally:
        with _OPEN_LOCK:
            _OPEN[key] -= 1


def _open_checked(path: Path, timeout: float, *, check: bool) -> duckdb.DuckDBPyConnection:
    """:func:`_open_read_only`, and (``check``) :func:`check_warehouse` of the file it opened: the size is
    taken before and after opening, and a file swapped in between (a writer's rename) is opened again."""
    while True:
        try:
            before = os.stat(path)
        except FileNotFoundError:
            raise WarehouseMissingError(str(path)) from None
        con = _open_read_only(path, timeout)
        if not check:
            return con
        try:
            if not os.path.samestat(before, os.stat(path)):
                con.close()
                continue
            pending = sidecar(path, ".wal").exists()  # a dead in-place writer's log: blocks not in the file
            check_warehouse(con, path, None if pending else before.st_size)
        except BaseException:
            con.close()
            raise
        return con


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical table that does not exist yet."""
    for table in TABLES.values():
        con.execute(ddl(table))
        for statement in added_columns(table):
            con.execute(statement)
        not_null = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
            "AND NOT is_nullable",
            [table.name],
        ).fetchall()
        relax = relaxed_columns(table, {r[0] for r in not_null})
        if relax:
            # DuckDB alters no table an index depends on: the indexes go, and come back below
            for cols in table.indexes:
                con.execute(f"DROP INDEX IF EXISTS ix_{table.name}_{'_'.join(cols)}")
            for statement in relax:
                con.execute(statement)
        for cols in table.indexes:
            name = f"ix_{table.name}_{'_'.join(cols)}"
            con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table.name} ({', '.join(cols)})")


def count_imports(path: str | Path) -> int:
    """How many files ``salesnb ingest`` imported into the warehouse at ``path`` (0 when there is none)."""
    path = Path(path)
    if not path.exists():
        return 0
    with connect(path) as con:
        known = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return con.execute("SELECT count(*) FROM imports").fetchone()[0] if "imports" in known else 0


def refuse_imported(path: str | Path) -> None:
    """Raise :class:`~salesnb.errors.ParameterError` when the warehouse at ``path`` holds imported data."""
    if held := count_imports(path):
        raise ParameterError(
            f"{path} holds {held} imported file(s) (salesnb ingest): building a new warehouse there would "
            f"delete them; use another --db, or pass --replace-imports to discard them"
        )


def replace_tables(
    path: str | Path,
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str = "<frames>",
    fresh: bool = False,
    discard_imports: bool = False,
) -> dict[str, int]:
    """Validate ``frames`` and replace those tables' contents in one transaction (through :func:`writing`).

    Validation happens before anything is written, so bad data leaves the warehouse untouched.
    ``fresh=True`` builds a new warehouse holding only ``frames`` (a demo build) instead of updating a copy;
    it refuses a warehouse that holds imported CRM data unless ``discard_imports`` says to throw it away.
    Returns the number of rows stored per table.
    """
    if fresh and not discard_imports:
        refuse_imported(path)
    valid = {name: validate_frame(df, name, source=f"{source}:{name}") for name, df in frames.items()}
    counts: dict[str, int] = {}
    with writing(path, fresh=fresh) as con:
        create_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            for name, df in valid.items():
                cols = ", ".join(TABLES[name].column_names)
                con.execute(f"DELETE FROM {name}")
                con.register("_incoming", df)
                con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _incoming")
                con.unregister("_incoming")
                counts[name] = len(df)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return counts


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The warehouse's key/value facts (as-of date, currency, …)."""
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def warehouse_currency(meta: Mapping[str, str]) -> str:
    """The warehouse currency its ``meta`` names (:data:`DEFAULT_CURRENCY` when it names none)."""
    return meta.get("currency") or DEFAULT_CURRENCY


def write_meta(con: duckdb.DuckDBPyConnection, facts: Mapping[str, str]) -> None:
    """Set these keys of the warehouse's ``meta`` (the others are kept)."""
    for key, value in facts.items():
        con.execute("DELETE FROM meta WHERE key = ?", [key])
        con.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [key, value])


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """Run a parameterised query and return a frame (values are always bound, never formatted in)."""
    return con.execute(sql, params or []).df()
