"""Read an export's cells: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or XLSX, every cell as text.

This is the path for files DuckDB's CSV reader cannot take directly (XLSX, GBK, files with empty lines
that would shift row numbers); :mod:`salesnb.ingest.stage` finds the header, blank and repeated-header
rows. Row numbers are what a spreadsheet shows: the first line of the file is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ERROR_CODES

from salesnb.errors import DataError, Problem
from salesnb.ingest.limits import (
    MAX_COLUMNS,
    MAX_XLSX_CELLS,
    MAX_XLSX_STRINGS,
    MAX_XLSX_UNPACKED,
    csv_fields_of_any_size,
    too_many_columns,
    xlsx_too_large,
)

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


def fail(path: Path | str, reason: str) -> DataError:
    return DataError(str(path), "-", [Problem(None, None, None, reason)])


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    A GB18030 reading must contain a character of GB2312 (everyday hanzi and full-width punctuation, which
    any Chinese text has): Latin-1 or Windows-1252 text whose accented letters happen to pair with the
    next byte decodes without error into rare ideographs ('Müller' as 'M黮ler'), and is refused instead.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-bom"
        except UnicodeDecodeError:
            raise fail(path, "cannot decode the file: it starts with a UTF-8 BOM but is not UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise fail(path, "cannot decode the file as UTF-8 or GB18030/GBK") from None
    if not any(_in_gb2312(m.group()) for m in _NON_ASCII.finditer(text)):
        raise fail(
            path,
            "cannot decode the file as UTF-8 or GB18030/GBK: as GB18030 it has no common Chinese character "
            "(Latin-1 or Windows-1252 text?); save it as UTF-8",
        )
    return text, "gb18030"


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def clean_header(h: object) -> str:
    return " ".join(str(h).replace("\ufeff", "").split())


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def check_readable(path: Path) -> str:
    """The file's kind (``csv`` or ``xlsx``), or a clear error for a missing or unknown file."""
    if not path.exists():
        raise fail(path, "file not found")
    if path.is_dir():
        raise fail(path, "is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise fail(path, f"unknown file type {suffix or '(none)'}: use .csv or .xlsx")


def other_sheets(path: Path) -> list[str]:
    """Sheets of a workbook after the first (only the first is read)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames[1:])
    finally:
        book.close()


@dataclass
class Cells:
    """The rows of a file that hold data, as text cells.

    ``frame`` has one row per row with a cell that is not blank (index = row number, as a spreadsheet
    shows it) and columns up to the last one with such a cell; ``rows`` is the number of rows the file
    has up to its last row with data, so blank rows are counted without being held.
    """

    frame: pd.DataFrame
    rows: int
    encoding: str


def read_cells(path: Path) -> Cells:
    """The cells of a CSV or XLSX file, within :mod:`salesnb.ingest.limits` (see :class:`Cells`)."""
    kind = check_readable(path)
    if kind == "xlsx":
        rows = _xlsx_rows(path)
        encoding = "xlsx"
    else:
        text, encoding = decode(path.read_bytes(), path)
        if not text.strip():
            raise fail(path, "the file is empty")
        delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
        rows = _csv_rows(path, text, delimiter)
    numbers, cells, last, width = [], [], 0, 0
    for number, row in rows:
        while row and not row[-1].strip():
            row.pop()
        last = number
        if not row:
            continue
        if len(row) > MAX_COLUMNS:
            raise too_many_columns(path, number, len(row) - 1)
        width = max(width, len(row))
        numbers.append(number)
        cells.append(row)
    if not cells:
        raise fail(path, "the file is empty")
    # ragged rows are padded; cells beyond the last header are quarantined by the stage
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in cells], index=numbers, dtype=object)
    # blank records at the end of a CSV are counted as blank rows; a sheet ends at its last data
    return Cells(frame, last if kind == "csv" else numbers[-1], encoding)


def _csv_rows(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    # strict: a stray or unterminated quote is an error, never a cell that swallows the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    with csv_fields_of_any_size(len(text)):
        try:
            yield from enumerate(reader, 1)
        except csv.Error as exc:
            raise fail(path, f"malformed CSV at row {reader.line_num}: {exc} (check the quotes)") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text, each up to its last cell (not the sheet's declared dimension)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise fail(path, f"not a readable XLSX file: {exc}") from None
    # sizes as the archive declares them: the zip reader never unpacks more than that
    unpacked = sum(m.file_size for m in members)
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if unpacked > MAX_XLSX_UNPACKED:
        limit = f"{MAX_XLSX_UNPACKED / 1e6:,.0f} MB"
        raise xlsx_too_large(path, f"unpacks to {unpacked / 1e6:,.1f} MB", limit)
    if strings > MAX_XLSX_STRINGS:
        limit = f"{MAX_XLSX_STRINGS / 1e6:,.0f} MB"
        raise xlsx_too_large(path, f"has {strings / 1e6:,.1f} MB of shared strings", limit)
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:
        raise fail(path, f"not a readable XLSX file: {exc}") from None
    try:
        sheet = book.worksheets[0]
        # without this, every row is padded to the declared dimension (A1:XFD1048576 for one stray space)
        sheet.reset_dimensions()
        seen = 0
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                seen += len(values)  # what openpyxl built: each row is as wide as its last cell
                if seen > MAX_XLSX_CELLS:
                    raise xlsx_too_large(
                        path, f"sheet {sheet.title!r} has more than {MAX_XLSX_CELLS:,} cells", "limit"
                    )
                yield number, [_text(v) for v in values]
        except DataError:
            raise
        except Exception as exc:
            raise fail(path, f"not a readable XLSX file: {exc}") from None
    finally:
        book.close()


_EXCEL_ERRORS = frozenset(ERROR_CODES)


def _text(value: object) -> str:
    """A cell value as text: whole numbers without ``.0`` (an id typed as 1001 is '1001'), formula errors
    (``#N/A``…) as empty cells."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value in _EXCEL_ERRORS:
        return ""
    return str(value)
