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
import pyarrow as pa
import pyarrow.csv as pacsv

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


def _read_csv_arrow(text: str, data: bytes, encoding: str, delimiter: str) -> pd.DataFrame | None:
    """Fast path: pyarrow's multi-threaded reader into arrow-backed text columns.

    Returns ``None`` (use the pandas reader) when row numbers could shift or rows are ragged: pyarrow
    drops empty lines, so a file with an empty line before its last record goes the slow, exact way.
    """
    body = text.rstrip("\r\n")
    if "\n\n" in body or "\n\r\n" in body:
        return None
    first = next(
        csv.reader(io.StringIO(text[: text.find("\n") if "\n" in text else len(text)]), delimiter=delimiter),
        [],
    )
    names = [f"c{i}" for i in range(max(1, len(first)))]
    raw = data[3:] if encoding == "utf-8-bom" else (data if encoding == "utf-8" else text.encode("utf-8"))
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
    frame.columns = range(len(names))
    return frame


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _shape(path: Path, frame: pd.DataFrame, encoding: str) -> RawTable:
    frame = frame.astype(pd.StringDtype("pyarrow")).fillna("")
    frame.index = range(1, len(frame) + 1)  # spreadsheet row numbers: the header is row 1
    nonblank = pd.concat([frame[c].str.strip() != "" for c in frame.columns], axis=1).any(axis=1)
    if not nonblank.any():
        raise DataError(str(path), "-", [Problem(None, None, None, "the file is empty")])
    header_row = int(nonblank.idxmax())
    headers = [_clean_header(h) for h in frame.loc[header_row]]
    # drop trailing unnamed columns that hold nothing (a stray separator at line ends)
    keep = [i for i, h in enumerate(headers) if h or (frame.iloc[:, i].str.strip() != "").any()]
    frame = frame.iloc[:, keep]
    headers = [headers[i] or f"column {i + 1}" for i in keep]
    seen: dict[str, int] = {}
    unique = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    body = frame.loc[header_row + 1 :].copy()
    body.columns = unique
    stripped = pd.DataFrame({c: body[c].str.strip() for c in body.columns}, index=body.index)
    blank = (stripped == "").all(axis=1)
    # a repeated header: test the first column everywhere, the whole row only where that matches
    candidates = stripped.index[stripped[unique[0]].str.replace(r"\s+", " ", regex=True) == headers[0]]
    repeated = pd.Series(False, index=stripped.index)
    if len(candidates):
        rows = stripped.loc[candidates]
        hit = pd.Series(True, index=candidates)
        for column, header in zip(unique, headers, strict=True):
            hit &= rows[column].str.replace(r"\s+", " ", regex=True) == header
        repeated.loc[candidates] = hit
    body = stripped[~blank]
    return RawTable(
        path,
        body,
        encoding,
        blank_rows=int(blank.sum()),
        repeated_header_rows=[int(i) for i in repeated[repeated & ~blank].index],
    )
