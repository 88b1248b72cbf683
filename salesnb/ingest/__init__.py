"""CRM data in: Zoho CRM, Fxiaoke (纷享销客) and any CSV/XLSX through a mapping.

``ingest_files`` reads every file first (a file that cannot be read or lacks required columns fails
before anything is written), imports them roster first, each in its own transaction, and returns the
counts per file: rows read = new + updated + unchanged + quarantined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesnb.errors import ParameterError
from salesnb.ingest.load import FileResult, context_from, write_file, write_quarantine_csv
from salesnb.ingest.mapping import Mapping, detect_mapping, load_mapping
from salesnb.ingest.modules import ORDER
from salesnb.ingest.readers import RawTable, read_export
from salesnb.ingest.transform import prepare
from salesnb.warehouse import connect, create_schema
from salesnb.warehouse.store import read_meta

SOURCES = ("zoho", "fxiaoke", "csv")


@dataclass
class Planned:
    raw: RawTable
    mapping: Mapping


def plan_files(
    paths: list[Path],
    source: str | None = None,
    mapping_file: Path | None = None,
    fx_rates: dict[str, float] | None = None,
) -> list[Planned]:
    """Read and recognise every file; raise on the first that cannot be imported, before any write."""
    if source == "csv" and mapping_file is None:
        raise ParameterError("--source csv needs --mapping FILE (see README: 'Importing any CSV')")
    explicit = load_mapping(mapping_file) if mapping_file else None
    planned = []
    for path in paths:
        raw = read_export(path)
        mapping = explicit or detect_mapping(
            raw.headers, str(path), None if source in (None, "csv") else source
        )
        if mapping.missing_required(raw.headers):
            raise mapping.explain_missing(raw.headers, str(path))
        if fx_rates:
            mapping.fx_rates = {**mapping.fx_rates, **fx_rates}
        planned.append(Planned(raw, mapping))
    return sorted(planned, key=lambda p: ORDER.index(p.mapping.module))


def ingest_files(
    paths: list[Path],
    db_path: Path,
    source: str | None = None,
    mapping_file: Path | None = None,
    dry_run: bool = False,
    log_dir: Path | None = None,
    on_planned=None,
    fx_rates: dict[str, float] | None = None,
) -> list[FileResult]:
    """Import ``paths`` into the warehouse at ``db_path``; see the module docstring."""
    planned = plan_files(paths, source, mapping_file, fx_rates)
    if on_planned:
        for p in planned:
            on_planned(p)
    log_dir = log_dir or db_path.parent / "imports"
    results = []
    with connect(db_path, read_only=False) as con:
        create_schema(con)
        currency = read_meta(con).get("currency", "CNY")
        for item in planned:
            ctx = context_from(con, currency)  # after a roster import the next file sees its reps
            prep = prepare(item.raw, item.mapping, ctx)
            result = write_file(con, prep, item.raw.encoding, item.raw.blank_rows, dry_run)
            csv = write_quarantine_csv(prep, result, log_dir)
            result.quarantine_csv = str(csv) if csv else None
            results.append(result)
    return results


__all__ = ["SOURCES", "FileResult", "ingest_files", "plan_files"]
