"""CRM data in: Zoho CRM, Fxiaoke (纷享销客) and any CSV/XLSX through a mapping.

``ingest_files`` stages every file in DuckDB first (a file that cannot be read, is not recognised or
lacks required columns fails before anything is written), then imports them roster first, each in its
own transaction: rows read = new + updated + unchanged + quarantined, for every file.

The first import chooses the warehouse currency (:func:`~salesnb.ingest.money.choose_currency`) and keeps
it in ``meta``; amounts a mapping states no currency for are in it, others are converted with the rates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.ingest.header import known_headers
from salesnb.ingest.identity import People
from salesnb.ingest.load import FileResult, write_file, write_quarantine_csv
from salesnb.ingest.mapping import Mapping, detect_mapping, load_mapping, presets
from salesnb.ingest.modules import MODULES, ORDER
from salesnb.ingest.money import check_currency, check_own_rate, check_rate, choose_currency
from salesnb.ingest.stage import transform
from salesnb.ingest.staging import Staged, stage
from salesnb.warehouse import create_schema
from salesnb.warehouse.extent import Facts, record_extent, warehouse_facts
from salesnb.warehouse.store import DEFAULT_CURRENCY, read_meta, write_meta, writing

SOURCES = ("zoho", "fxiaoke", "csv")
MEMORY_LIMIT = "900MB"


@dataclass
class Planned:
    staged: Staged
    mapping: Mapping
    table: str  # the temp view of this file's rows (over table <table>_raw)


def plan_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    source: str | None = None,
    mapping_file: Path | None = None,
    fx_rates: dict[str, float] | None = None,
    module: str | None = None,
) -> list[Planned]:
    """Stage and recognise every file; raise on the first that cannot be imported, before any write.

    ``module`` reads every file as that module: with the built-in mapping of its documented format
    (docs/imports.md), or checks that the ``--mapping`` given is one of it."""
    if source == "csv" and mapping_file is None and module is None:
        raise ParameterError("--source csv needs --mapping FILE (see README: 'Importing any CSV')")
    explicit = load_mapping(mapping_file) if mapping_file else None
    if module is not None:
        explicit = module_mapping(module, explicit)
    # the headers a mapping may read: where the header row is, and which repeated columns matter
    known = known_headers([explicit] if explicit else presets(None if source == "csv" else source))
    rates = {
        check_currency(k, "fx_rates"): check_rate(str(k), v, "fx_rates") for k, v in (fx_rates or {}).items()
    }
    planned = []
    for i, path in enumerate(paths):
        table = f"_rows_{i}"
        staged = stage(con, Path(path), table, known)
        mapping = explicit or detect_mapping(
            staged.headers, str(path), None if source in (None, "csv") else source
        )
        if mapping.missing_required(staged.headers):
            raise mapping.explain_missing(staged.headers, str(path))
        if rates:
            mapping.fx_rates = {**mapping.fx_rates, **rates}
        planned.append(Planned(staged, mapping, table))
    return sorted(planned, key=lambda p: ORDER.index(p.mapping.module))


def module_mapping(module: str, explicit: Mapping | None = None) -> Mapping:
    """The mapping that reads files as ``module``: ``explicit`` when it is one of that module, else the
    built-in mapping of the module's documented format (``presets/csv-<module>.yaml``)."""
    if explicit is not None:
        if explicit.module != module:
            raise ParameterError(
                f"{explicit.origin}: the mapping is for module {explicit.module}, not {module}"
            )
        return explicit
    found = [m for m in presets("csv") if m.module == module]
    if not found:
        with_format = sorted({m.module for m in presets("csv")})
        raise ParameterError(
            f"--module {module}: no built-in format for this module (those with one: "
            f"{', '.join(with_format)}); pass --mapping FILE"
        )
    return found[0]


def ingest_files(
    paths: list[Path],
    db_path: Path,
    source: str | None = None,
    mapping_file: Path | None = None,
    dry_run: bool = False,
    log_dir: Path | None = None,
    on_planned: Callable[[Planned], None] | None = None,
    fx_rates: dict[str, float] | None = None,
    module: str | None = None,
    currency: str | None = None,
    on_facts: Callable[[Facts], None] | None = None,
) -> list[FileResult]:
    """Import ``paths`` into the warehouse at ``db_path``; see the module docstring.

    ``currency`` (``--currency``) chooses the warehouse currency at the first import and must match it
    later; ``on_facts`` is shown the warehouse's :class:`~salesnb.warehouse.extent.Facts` once every file
    is in (on a dry run too: what the warehouse would hold).
    """
    log_dir = log_dir or Path(db_path).parent / "imports"
    results = []
    # copy-on-write (salesnb.warehouse.copy_on_write.writing): readers keep the old file until every file
    # is in; a failure anywhere, or a dry run, leaves the warehouse as it was
    with writing(db_path, publish=not dry_run) as con:
        # staging tables spill to disk past this, so a million-row file fits the memory goal (README)
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("SET preserve_insertion_order = true")
        create_schema(con)
        planned = plan_files(con, [Path(p) for p in paths], source, mapping_file, fx_rates, module)
        # staging numbers rows by row id, which needs the file's order; from here every row carries its
        # file_row, so tables may be built in whatever order the threads finish (faster)
        con.execute("SET preserve_insertion_order = false")
        for item in planned:
            if on_planned:
                on_planned(item)
        currency = settle_currency(con, planned, currency, fx_rates or {})
        for item in planned:
            con.execute(f"CREATE OR REPLACE TEMP VIEW _rows AS SELECT * FROM {item.table}")
            result = transform(con, item.staged, item.mapping, People.load(con), currency)
            dated = record_extent(con, result.tables)  # this file's own records, whatever was there before
            file_result = write_file(
                con,
                item.staged.path,
                item.mapping,
                result,
                item.staged.encoding,
                item.staged.blank_rows,
                dry_run,
            )
            file_result.dated = dated.label if dated is not None else None
            results.append((file_result, result.quarantine))
            con.execute(f"DROP VIEW _rows; DROP VIEW {item.table}; DROP TABLE {item.table}_raw")
        if on_facts:
            on_facts(warehouse_facts(con))
    # only now are the imports in the warehouse: a dry run or a failure has no quarantine file to show;
    # a dry run says instead what would be quarantined, rule by rule
    for file_result, quarantine in results:
        if dry_run:
            file_result.notes += summarise_quarantine(quarantine)
        else:
            csv = write_quarantine_csv(file_result.path, file_result, quarantine, log_dir)
            file_result.quarantine_csv = str(csv) if csv else None
    return [r for r, _ in results]


def summarise_quarantine(quarantine: pd.DataFrame, examples: int = 3) -> list[str]:
    """One line per rule a dry run would quarantine rows for: how many rows, which, and the first reason.

    Examples
    --------
    >>> q = pd.DataFrame({"row": [4, 9], "column": ["Amount"] * 2, "value": ["7", "8"],
    ...                   "rule": ["no_fx_rate"] * 2, "reason": ["no exchange rate to USD"] * 2})
    >>> summarise_quarantine(q)
    ['would quarantine 2 row(s) by no_fx_rate (rows 4, 9; Amount): no exchange rate to USD']
    """
    lines = []
    for rule, group in quarantine.groupby("rule", sort=True):
        rows = sorted(set(group["row"].astype(int)))
        shown = ", ".join(map(str, rows[:examples])) + (", …" if len(rows) > examples else "")
        columns = ", ".join(dict.fromkeys(group["column"].astype(str)))
        reason = group["reason"].iloc[0]
        lines.append(f"would quarantine {len(rows)} row(s) by {rule} (rows {shown}; {columns}): {reason}")
    return lines


def _holds_amounts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any table that stores amounts in the warehouse currency has a row."""
    return any(
        con.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]
        for table in ("opportunities", "orders", "targets", "costs")
    )


def settle_currency(
    con: duckdb.DuckDBPyConnection, planned: list[Planned], requested: str | None, rates: dict[str, float]
) -> str:
    """The warehouse currency (chosen and stored in ``meta`` now when it has none and a file holds money);
    each mapping that states no currency reads its amounts in it."""
    requested = check_currency(requested, "--currency") if requested is not None else None
    recorded = stored = read_meta(con).get("currency")
    if stored is None and _holds_amounts(con):
        # a warehouse filled before the currency was recorded holds its amounts in the default one: a
        # first --currency now would relabel them, not convert them
        stored = DEFAULT_CURRENCY
    stated = [p.mapping.currency for p in planned if p.mapping.currency_stated]
    currency = choose_currency(stored, requested, stated)
    check_own_rate(rates, currency, "--fx-rate")
    for p in planned:
        check_own_rate(p.mapping.fx_rates, currency, f"{p.mapping.origin}: fx_rates")
        if not p.mapping.currency_stated:
            p.mapping.currency = currency
    # a roster or an activity log holds no money: the first file that does (or --currency) chooses
    money = requested or stated or any(f.kind == "amount" for p in planned for f in MODULES[p.mapping.module])
    if recorded is None and (money or stored is not None):
        write_meta(con, {"currency": currency})
    return currency


__all__ = ["SOURCES", "FileResult", "Planned", "ingest_files", "module_mapping", "plan_files"]
