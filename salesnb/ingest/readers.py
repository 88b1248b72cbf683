"""Read an export's cells: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or XLSX, every cell as text.

This is the path for files DuckDB's CSV reader cannot take directly (XLSX, GBK, files with empty lines
that would shift row numbers); :mod:`salesnb.ingest.stage` finds the header, blank and repeated-header
rows. Row numbers are what a spreadsheet shows: the first line of the file is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from salesnb.errors import DataError, Problem

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


def read_cells(path: Path) -> tuple[pd.DataFrame, str]:
    """Every row of the file as text cells (index = row number) and the encoding it was in."""
    kind = check_readable(path)
    if kind == "xlsx":
        try:
            frame = pd.read_excel(
                path, dtype=str, header=None, engine="openpyxl", keep_default_na=False, na_values=[]
            )
        except Exception as exc:
            raise fail(path, f"not a readable XLSX file: {exc}") from None
        encoding = "xlsx"
    else:
        text, encoding = decode(path.read_bytes(), path)
        if not text.strip():
            raise fail(path, "the file is empty")
        delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
        # strict: a stray or unterminated quote is an error, never a cell that swallows the rows after it
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        rows = []
        try:
            for row in reader:
                rows.append(row)
        except csv.Error as exc:
            raise fail(path, f"malformed CSV at row {reader.line_num}: {exc} (check the quotes)") from None
        width = max((len(r) for r in rows), default=1)
        # ragged rows are padded; cells beyond the last header are quarantined by the stage
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    if frame.empty:
        raise fail(path, "the file is empty")
    frame = frame.fillna("").astype(object)
    frame.index = range(1, len(frame) + 1)
    return frame, encoding
