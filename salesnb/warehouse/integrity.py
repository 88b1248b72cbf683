"""Whether a warehouse file is a whole salesnb warehouse, and DuckDB's errors for one that is not.

:mod:`salesnb.warehouse.store` and :mod:`salesnb.warehouse.copy_on_write` open the file and ask these:
:func:`check_warehouse` on open (the file holds every block DuckDB's header counts, and salesnb's ``meta``
table), :func:`reading` around every use (a damaged block is only found when a query reads it). Either gives
:class:`~salesnb.errors.WarehouseCorruptError`: one line naming the file and the fix, exit 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from salesnb.errors import WarehouseCorruptError

#: DuckDB's file starts with three 4 KiB headers, then the blocks its header counts.
HEADERS_BYTES = 3 * 4096
#: What DuckDB says of a file that is not a whole database (on open or on any later read), and how the
#: one-line error puts it.
DAMAGED = (
    ("not a valid DuckDB database file", "not a DuckDB database file"),
    ("Could not read enough bytes", "cut short: a block lies past the end of the file"),
    ("does not match stored checksum", "damaged: a block does not match its checksum"),
    ("Corrupt database file", "damaged"),
    ("database file with version number", None),  # DuckDB's own words: which versions
)


def damage_reason(exc: BaseException, path: Path) -> str | None:
    """Why ``exc`` says the warehouse at ``path`` is not a whole database, else ``None``."""
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    for phrase, reason in DAMAGED:
        if phrase in text:
            if phrase == DAMAGED[0][0] and path.exists() and path.stat().st_size == 0:
                return "an empty file"
            return reason or re.sub(r'\s*"[^"]*"', "", re.sub(r"^[A-Za-z ]*Error: ", "", text)).strip()
    return None


def check_warehouse(
    con: duckdb.DuckDBPyConnection, path: Path, size: int | None, *, blank_ok: bool = False
) -> None:
    """Raise :class:`~salesnb.errors.WarehouseCorruptError` unless ``con`` holds a whole salesnb warehouse.

    ``size`` is the file's size (``None``: not known, e.g. a write-ahead log is pending, so not checked):
    a file shorter than DuckDB's headers and the blocks it uses was cut short. A salesnb warehouse has
    the ``meta`` table; with ``blank_ok`` a database with no table at all passes too (a writer makes it a
    warehouse).
    """
    try:
        block_size, blocks = con.execute(
            "SELECT block_size, used_blocks FROM pragma_database_size() "
            "WHERE database_name = current_database()"
        ).fetchone()
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
        }
    except duckdb.Error as exc:
        raise WarehouseCorruptError(str(path), damage_reason(exc, path) or str(exc)) from exc
    # DuckDB truncates free blocks at the end of the file but still counts them in ``total_blocks``; the
    # ``used_blocks`` blocks it needs lie somewhere in the file, so the file holds at least that many.
    expected = HEADERS_BYTES + int(block_size) * int(blocks) if blocks else 0
    if size is not None and size < expected:
        raise WarehouseCorruptError(str(path), f"cut short: {size:,} bytes of {expected:,}")
    if "meta" not in tables and not (blank_ok and not tables):
        found = f"tables {', '.join(sorted(tables)[:3])}" if tables else "no tables"
        raise WarehouseCorruptError(str(path), f"a DuckDB database with {found}, no salesnb meta table")


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn a read that finds the warehouse at ``path`` damaged (DuckDB reads blocks as queries need
    them) into :class:`~salesnb.errors.WarehouseCorruptError`."""
    try:
        yield
    except duckdb.Error as exc:
        if (reason := damage_reason(exc, path)) is None:
            raise
        raise WarehouseCorruptError(str(path), reason) from exc
