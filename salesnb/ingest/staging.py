"""Stage an export's cells in DuckDB: one table of text cells per file, its header found and its columns
named, within the bounds of :mod:`salesnb.ingest.limits`; :mod:`salesnb.ingest.stage` parses the fields.

UTF-8 CSV goes straight through DuckDB's CSV reader, which also checks the encoding; the file is never
decoded in Python, and row numbers come from the table's row ids (insertion order is kept). GB18030/GBK,
XLSX, files with empty lines before the last record (which the reader would skip, shifting row numbers)
and anything the reader refuses go through :func:`~salesnb.ingest.readers.read_cells`.
"""

from __future__ import annotations

import csv
import io
import mmap
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import duckdb

from salesnb.errors import DataError, Problem
from salesnb.ingest.header import HEAD_ROWS, header_index, repeated_columns, title_note
from salesnb.ingest.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    cell_too_long,
    column_name,
    csv_fields_of_any_size,
)
from salesnb.ingest.readers import (
    check_readable,
    clean_header,
    fail,
    other_sheets,
    read_cells,
    sniff_delimiter,
)
from salesnb.ingest.sql import lit


@dataclass
class Staged:
    """An export staged in the warehouse connection: rows in a view such as ``_rows`` (file_row, c0…cN,
    text as read)."""

    path: str
    headers: list[str]
    columns: list[str]  # c0…cN, aligned with headers
    encoding: str
    rows_read: int
    blank_rows: int
    unnamed: list[str] = field(default_factory=list)  # columns with cells but no header
    raw_headers: list[str] = field(default_factory=list)  # the header row as written (white space folded)
    notes: list[str] = field(default_factory=list)


def stage(
    con: duckdb.DuckDBPyConnection, path: Path, name: str = "_rows", known: frozenset[str] | None = None
) -> Staged:
    """Stage the file's cells as view ``name`` (file_row, c0…cN) over table ``<name>_raw``.

    ``known`` are the headers a mapping may read (normalised): the header is the first row of them
    (:mod:`salesnb.ingest.header`), and a column among them that appears twice is merged when the copies
    never disagree, else refused. Without ``known``, the header is the first row with data and every
    repeated header is treated so. Cells are stored trimmed, without a byte order mark, NULL when empty
    (:func:`cell`), so no consumer trims again.
    """
    kind = check_readable(path)
    raw = f"{name}_raw"
    con.execute(f"DROP VIEW IF EXISTS {name}")
    con.execute(f"DROP TABLE IF EXISTS {raw}")
    encoding = ""
    trailing_empty = 0
    if kind == "csv":
        encoding, trailing_empty, delim, width = _scan_csv(path)
    if encoding:
        try:
            con.execute(
                f"CREATE TEMP TABLE {raw} AS SELECT {_cells(width)} FROM read_csv(?, all_varchar = true, "
                f"header = false, null_padding = true, delim = {lit(delim)}, quote = '\"', escape = '\"', "
                f"auto_detect = false, columns = {_columns_arg(width)})",
                [str(path)],
            )
        except duckdb.Error:  # not UTF-8 after all, a stray quote, a wider row…: the careful reader explains
            con.execute(f"DROP TABLE IF EXISTS {raw}")
            encoding = ""
    if not encoding:
        trailing_empty = 0
        cells = read_cells(path)
        encoding = cells.encoding
        frame = cells.frame
        frame.columns = [f"c{i}" for i in range(frame.shape[1])]
        frame.insert(0, "_row", frame.index)
        con.register("_frame", frame)
        selected = ", ".join(f"{cell(f'CAST(f.{c} AS VARCHAR)')} AS {c}" for c in frame.columns[1:])
        # rows without data are not held in Python: the table gets them back as NULL rows, so row ids
        # still follow the file
        con.execute(
            f"CREATE TEMP TABLE {raw} AS SELECT {selected} FROM range(1, {cells.rows + 1}) r(_row) "
            "LEFT JOIN _frame f USING (_row) ORDER BY r._row"
        )
        con.unregister("_frame")
    shaped = _shape(con, str(path), encoding, name, known)
    if kind == "xlsx":
        rest = other_sheets(path)
        if rest:
            shaped.notes.append(f"only the first sheet was read; not read: {', '.join(rest)}")
    shaped.blank_rows += trailing_empty
    return shaped


_HEAD_BYTES = 262_144
_EMPTY_LINE = re.compile(rb"\n\r?\n")  # one pass over the bytes finds both forms


def _scan_csv(path: Path) -> tuple[str, int, str, int]:
    """What DuckDB's reader needs, from the bytes: encoding label (empty when the careful reader must
    take the file), empty lines after the last record, the delimiter and the column count."""
    with path.open("rb") as fh:
        if path.stat().st_size == 0:
            raise fail(path, "the file is empty")
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            size = len(mm)
            end = size
            while end > 0 and mm[end - 1 : end] in (b"\n", b"\r"):
                end -= 1
            if end == 0:
                raise fail(path, "the file is empty")
            trailing = max(0, mm[end:size].count(b"\n") - 1)
            bom = mm[:3] == b"\xef\xbb\xbf"
            start = 3 if bom else 0
            # empty lines before the last record: DuckDB skips them, which would shift row numbers
            if mm[start : start + 1] in (b"\n", b"\r") or _EMPTY_LINE.search(mm, 0, end):
                return "", 0, ",", 0
            head = mm[start : min(end, _HEAD_BYTES)].decode("utf-8", errors="ignore")
    if not head.strip():
        return "", 0, ",", 0
    delim = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(head)
    width = _width(head, delim)
    if width > MAX_COLUMNS:  # empty cells that run on, or too many columns: the careful reader measures
        return "", 0, ",", 0
    return ("utf-8-bom" if bom else "utf-8"), trailing, delim, width


def _width(text: str, delim: str) -> int:
    """The widest of the first lines: enough columns for the header and ragged rows near it."""
    head = "\n".join(text[:_HEAD_BYTES].splitlines()[:50])
    with csv_fields_of_any_size(len(head)):
        rows = csv.reader(io.StringIO(head), delimiter=delim)
        return max(1, max((len(r) for r in rows), default=1))


def _columns_arg(width: int) -> str:
    return "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"


def _cells(width: int) -> str:
    """The select list that stages columns c0…c<width-1> of the reader as cells."""
    return ", ".join(f"{cell(f'c{i}')} AS c{i}" for i in range(width))


def cell(text: str) -> str:
    """SQL for a cell as staged: text expression ``text`` trimmed, NULL when empty. A byte order mark at
    its start goes too: files pasted together carry one at the start of each file's first line."""
    return f"NULLIF(trim(ltrim({text}, chr(65279))), '')"


def _shape(
    con: duckdb.DuckDBPyConnection, path: str, encoding: str, name: str, known: frozenset[str] | None
) -> Staged:
    """Find the header row, drop the rows above it and the blank rows, name the columns; the rows are
    then view ``name`` over ``<name>_raw``, numbered by row id (row 1 is the file's first record)."""
    raw = f"{name}_raw"
    cols = [r[0] for r in con.execute(f"DESCRIBE {raw}").fetchall()]
    nonblank = f"coalesce({', '.join(cols)}) IS NOT NULL"
    first = con.execute(
        f"SELECT rowid, * FROM {raw} WHERE rowid IN (SELECT rowid FROM {raw} WHERE {nonblank} "
        f"ORDER BY rowid LIMIT {HEAD_ROWS}) ORDER BY rowid"
    ).fetchall()
    if not first:
        raise DataError(path, "-", [Problem(None, None, None, "the file is empty")])
    at = header_index([r[1:] for r in first], known)
    header_id, cells = first[at][0], first[at][1:]
    notes = [title_note([(r[0] + 1, r[1:]) for r in first[:at]])] if at else []
    headers = [clean_header(h) if h is not None else "" for h in cells]
    # a column without a header is kept only when some row has a cell in it
    nameless = [i for i, h in enumerate(headers) if not h]
    filled = (
        con.execute(
            "SELECT " + ", ".join(f"count({cols[i]})" for i in nameless) + f" FROM {raw} WHERE rowid > ?",
            [header_id],
        ).fetchone()
        if nameless
        else ()
    )
    used = {i for i, n in zip(nameless, filled, strict=True) if n}
    keep = [i for i, h in enumerate(headers) if h or i in used]
    # rows above the header and blank rows go; row ids of the others stay as they were
    blank_cond = f"coalesce({', '.join(cols[i] for i in keep)}) IS NULL"
    blank = con.execute(f"DELETE FROM {raw} WHERE rowid <= ? OR {blank_cond}", [header_id]).fetchone()[0]
    blank -= header_id + 1
    _check_cell_lengths(con, path, raw, [(cols[i], headers[i] or column_name(i)) for i in keep])
    exprs, notes_merged = _merge_repeated(con, path, raw, cols, headers, keep, known)
    notes += notes_merged
    keep = [i for i in keep if i in exprs]
    unnamed = {i for i in keep if not headers[i]}
    names = [headers[i] or f"column {i + 1}" for i in keep]
    seen: dict[str, int] = {}
    unique = []
    for h in names:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    renamed = ", ".join(f"{exprs[i]} AS c{j}" for j, i in enumerate(keep))
    con.execute(f"CREATE TEMP VIEW {name} AS SELECT rowid + 1 AS file_row, {renamed} FROM {raw}")
    rows = con.execute(f"SELECT count(*) FROM {raw}").fetchone()[0]
    extra = [f"c{j}" for j, i in enumerate(keep) if i in unnamed]
    raw_headers = [clean_header(cells[i]) if cells[i] is not None else "" for i in keep]
    return Staged(
        path, unique, [f"c{j}" for j in range(len(keep))], encoding, rows, blank, extra, raw_headers, notes
    )


def _check_cell_lengths(
    con: duckdb.DuckDBPyConnection, path: str, raw: str, columns: list[tuple[str, str]]
) -> None:
    """Refuse a cell over :data:`~salesnb.ingest.limits.MAX_CELL_CHARS`, naming its row and column."""
    # a byte count is free and bounds the characters: the characters are counted only past the limit
    longest = con.execute("SELECT " + ", ".join(f"max(strlen({c}))" for c, _ in columns) + f" FROM {raw}")
    sizes = longest.fetchone()
    for (c, header), size in zip(columns, sizes, strict=True):
        if (size or 0) <= MAX_CELL_CHARS:
            continue
        found = con.execute(
            f"SELECT rowid + 1, length({c}), length({c}) - length(replace({c}, chr(10), '')) + 1 FROM {raw} "
            f"WHERE length({c}) > {MAX_CELL_CHARS} ORDER BY rowid LIMIT 1"
        ).fetchone()
        if found:
            raise cell_too_long(path, found[0], header, found[1], found[2])


def _merge_repeated(
    con: duckdb.DuckDBPyConnection,
    path: str,
    raw: str,
    cols: list[str],
    headers: list[str],
    keep: list[int],
    known: frozenset[str] | None,
) -> tuple[dict[int, str], list[str]]:
    """Columns whose header appears twice (or more) among those a mapping reads: merged when the copies
    never disagree (in each row the same or empty), so no copy's cells are lost and none is chosen over
    another; refused otherwise, naming both positions and the first row where they differ.

    Returns the SQL of each kept position (a merged column under its first copy's position; the other
    copies are left out) and a note per merge.
    """
    exprs = {i: cols[i] for i in keep}
    notes = []
    for group in repeated_columns([headers[i] if i in exprs else "" for i in range(len(headers))], known):
        first = group[0]
        for one, other in combinations(group, 2):
            a, b = cols[one], cols[other]
            row = con.execute(
                f"SELECT rowid + 1, {a}, {b} FROM {raw} WHERE {a} <> {b} ORDER BY rowid LIMIT 1"
            ).fetchone()
            if row:
                a_text, b_text = (repr(v if len(v) <= 40 else v[:39] + "…") for v in row[1:])
                times = "twice" if len(group) == 2 else f"{len(group)} times"
                reason = (
                    f"the column appears {times} and copies differ (column {column_name(one)}: {a_text}, "
                    f"column {column_name(other)}: {b_text}): delete or rename one of them"
                )
                raise DataError(path, "-", [Problem(row[0], headers[first], None, reason)])
        for other in group[1:]:
            del exprs[other]
        exprs[first] = f"coalesce({', '.join(cols[i] for i in group)})"
        places = ", ".join(column_name(i) for i in group)
        notes.append(
            f"column {headers[first]!r} appears {len(group)} times ({places}): the copies never "
            "disagree, so they were read as one"
        )
    return exprs, notes
