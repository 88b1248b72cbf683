"""Read a CSV or XLSX export into text cells, keeping each row's line number in the file.

Encodings are detected (UTF-8, UTF-8 with BOM, then GB18030, which covers GBK and GB2312). Blank rows
are skipped and counted; a row that repeats the header (exports glued together) is kept for the caller
to quarantine. Nothing is converted here: every cell stays text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from salesnb.errors import DataError, Problem

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class RawTable:
    """The cells of one export, all text; ``frame.index`` is the row number a spreadsheet shows."""

    path: Path
    frame: pd.DataFrame
    encoding: str
    blank_rows: int = 0
    repeated_header_rows: list[int] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-bom"
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise DataError(
        str(path), "-", [Problem(None, None, None, "cannot decode the file as UTF-8 or GB18030/GBK")]
    )


def _clean_header(h: object) -> str:
    return " ".join(str(h).replace("\ufeff", "").split())


def read_export(path: str | Path, sheet: str | int | None = 0) -> RawTable:
    """Read ``path`` (CSV or XLSX) into a :class:`RawTable`; fail clearly if it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise DataError(str(path), "-", [Problem(None, None, None, "file not found")])
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        try:
            frame = pd.read_excel(path, sheet_name=sheet, dtype=str, header=None, engine="openpyxl")
        except Exception as exc:
            raise DataError(
                str(path), "-", [Problem(None, None, None, f"not a readable XLSX file: {exc}")]
            ) from None
        encoding = "xlsx"
    elif suffix in CSV_SUFFIXES:
        text, encoding = _decode(path.read_bytes(), path)
        delimiter = "\t" if suffix == ".tsv" else _sniff_delimiter(text)
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                header=None,
                sep=delimiter,
                keep_default_na=False,
                skip_blank_lines=False,
                engine="c",
            )
        except pd.errors.ParserError as exc:
            raise DataError(str(path), "-", [Problem(None, None, None, f"malformed CSV: {exc}")]) from None
    else:
        raise DataError(
            str(path),
            "-",
            [Problem(None, None, None, f"unknown file type {suffix or '(none)'}: use .csv or .xlsx")],
        )
    return _shape(path, frame, encoding)


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _shape(path: Path, frame: pd.DataFrame, encoding: str) -> RawTable:
    frame = frame.fillna("")
    frame.index = range(1, len(frame) + 1)  # spreadsheet row numbers: the header is row 1
    nonblank = frame.apply(lambda col: col.astype(str).str.strip() != "").any(axis=1)
    if not nonblank.any():
        raise DataError(str(path), "-", [Problem(None, None, None, "the file is empty")])
    header_row = int(nonblank.idxmax())
    headers = [_clean_header(h) for h in frame.loc[header_row]]
    # drop trailing unnamed columns that hold nothing (a stray separator at line ends)
    keep = [i for i, h in enumerate(headers) if h or (frame.iloc[:, i].astype(str).str.strip() != "").any()]
    frame = frame.iloc[:, keep]
    headers = [headers[i] or f"column {i + 1}" for i in keep]
    seen: dict[str, int] = {}
    unique = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    body = frame.loc[header_row + 1 :].copy()
    body.columns = unique
    stripped = body.apply(lambda col: col.astype(str).str.strip())
    blank = (stripped == "").all(axis=1)
    repeated = pd.Series(True, index=stripped.index)
    for column, header in zip(unique, headers, strict=True):
        repeated &= stripped[column].str.replace(r"\s+", " ", regex=True) == header
    body = stripped[~blank]
    return RawTable(
        path,
        body,
        encoding,
        blank_rows=int(blank.sum()),
        repeated_header_rows=[int(i) for i in repeated[repeated & ~blank].index],
    )
