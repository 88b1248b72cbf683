"""The DuckDB warehouse: create it, write validated tables in one transaction, read slices.

This module is the only place that opens the database file. Readers open it read-only, so many report
kernels can read while nothing writes; writers take the file for the length of one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.errors import WarehouseMissingError
from salesnb.warehouse.schema import TABLES, ddl
from salesnb.warehouse.validate import validate_frame

SCHEMA_VERSION = "1"


@contextmanager
def connect(path: str | Path, *, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse at ``path``; read-only unless asked, and it must exist to be read."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissingError(str(path))
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical table that does not exist yet."""
    for table in TABLES.values():
        con.execute(ddl(table))
        for cols in table.indexes:
            name = f"ix_{table.name}_{'_'.join(cols)}"
            con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table.name} ({', '.join(cols)})")


def replace_tables(
    path: str | Path, frames: Mapping[str, pd.DataFrame], *, source: str = "<frames>"
) -> dict[str, int]:
    """Validate ``frames`` and replace those tables' contents in one transaction.

    Validation happens before anything is written, so bad data leaves the warehouse untouched.
    Returns the number of rows stored per table.
    """
    valid = {name: validate_frame(df, name, source=f"{source}:{name}") for name, df in frames.items()}
    counts: dict[str, int] = {}
    with connect(path, read_only=False) as con:
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


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """Run a parameterised query and return a frame (values are always bound, never formatted in)."""
    return con.execute(sql, params or []).df()
