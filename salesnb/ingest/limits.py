"""The bounds of a file ingest reads, and the one-line errors for a file past them.

Every reader works from the data a file really holds (a space typed in cell XFD1048576 makes a sheet
declare 16,384 columns by 1,048,576 rows; the blank cells are not data). What is left is held to:

* :data:`MAX_COLUMNS` columns with data: the widest CRM objects have a few hundred fields (Zoho allows
  500 custom fields a module, Salesforce 800 an object), and every column costs memory in each row group;
* :data:`MAX_CELL_CHARS` characters in a cell, four times the 32,767 a spreadsheet cell can hold, so a
  cell this long is a quote left open or a pasted file, never a CRM field;
* :data:`MAX_XLSX_CELLS` cells read from an XLSX sheet, :data:`MAX_XLSX_STRINGS` bytes of its shared
  strings and :data:`MAX_XLSX_UNPACKED` bytes unpacked from the whole workbook (a 10 MB file can unpack
  to gigabytes): openpyxl reads some 30,000 to 70,000 cells or strings a second in Python, so these keep
  any workbook near half a minute and a few hundred MB (about 70,000 rows of a 14-column export); CSV
  has no such bound (DuckDB reads it in parallel and spills to disk), so the fix is to save as CSV.

Each error names the file, where the limit was met, the limit and what to do.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl.utils import get_column_letter

from salesnb.errors import DataError, Problem

MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 131_072
MAX_XLSX_CELLS = 1_000_000
MAX_XLSX_STRINGS = 12_000_000
MAX_XLSX_UNPACKED = 100_000_000


def _error(path: Path | str, row: int | None, column: str | None, reason: str) -> DataError:
    return DataError(str(path), "-", [Problem(row, column, None, reason)])


def column_name(index: int) -> str:
    """The spreadsheet name of column ``index`` (0-based) and its number: ``'XFD (16384)'``."""
    return f"{get_column_letter(index + 1)} ({index + 1:,})"


def too_many_columns(path: Path | str, row: int, index: int) -> DataError:
    """Row ``row`` has data in column ``index`` (0-based), past :data:`MAX_COLUMNS`."""
    return _error(
        path,
        row,
        column_name(index),
        f"the file has data in more than {MAX_COLUMNS:,} columns (the limit of an export): export only "
        "the fields you need, or delete the columns after the last one you need",
    )


def cell_too_long(path: Path | str, row: int, column: str, length: int, lines: int) -> DataError:
    """A cell of ``length`` characters spanning ``lines`` lines at ``row``, ``column``."""
    reason = f"a cell of {length:,} characters is over the limit of {MAX_CELL_CHARS:,} characters for a cell"
    if lines > 1:
        fix = (
            f"; it runs over {lines:,} lines of the file: if a quote is left open at row {row}, close it, "
            "else shorten the cell"
        )
    else:
        fix = ": shorten the cell or leave its column out of the export"
    return _error(path, row, column, reason + fix)


def xlsx_too_large(path: Path | str, what: str, limit: str) -> DataError:
    """An XLSX file past one of the workbook bounds (``what`` it holds, over ``limit``)."""
    return _error(
        path,
        None,
        None,
        f"the workbook {what}, over the {limit} an XLSX file may hold: save the sheet as CSV UTF-8 "
        "and import that (CSV has no such limit)",
    )


@contextmanager
def csv_fields_of_any_size(text_length: int) -> Iterator[None]:
    """Let :mod:`csv` read fields as long as the text (its default stops at 131,072 characters with an
    error that blames no cell); the staged cells are measured against :data:`MAX_CELL_CHARS` instead,
    which names the row and column."""
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, max(old, text_length + 1)))
    try:
        yield
    finally:
        csv.field_size_limit(old)
