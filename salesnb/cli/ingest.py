"""``salesnb ingest``: load CRM exports (Zoho CRM, Fxiaoke, any CSV/XLSX with a mapping)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salesnb.cli.options import db_option, resolve_db
from salesnb.cli.output import echo
from salesnb.ingest import SOURCES, ingest_files
from salesnb.ingest.modules import MODULES
from salesnb.ingest.money import parse_fx_option
from salesnb.warehouse.extent import Facts


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Choice(SOURCES),
    default=None,
    help="The CRM the files come from [default: detected from the headers].",
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML mapping for any other CSV/XLSX (see README).",
)
@click.option(
    "--module",
    type=click.Choice(list(MODULES)),
    default=None,
    help="Read every file as this module (targets, costs, surveys, training, activities: the formats of "
    "docs/imports.md) [default: detected from the headers].",
)
@db_option
@click.option("--dry-run", is_flag=True, help="Check and count everything, write nothing to the warehouse.")
@click.option("--strict", is_flag=True, help="Exit 1 when any row was quarantined.")
@click.option(
    "--fx-rate",
    "fx",
    multiple=True,
    metavar="CUR=RATE",
    help="Exchange rate into the warehouse currency, e.g. USD=7.1; repeat for several.",
)
@click.option(
    "--currency",
    default=None,
    metavar="CUR",
    help="The warehouse currency, chosen at the first import (e.g. USD) and kept [default: the mapping's "
    "currency, else CNY].",
)
@click.option(
    "--log-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where quarantine CSVs go [default: imports/ beside the warehouse].",
)
def command(
    paths: tuple[Path, ...],
    source: str | None,
    mapping_file: Path | None,
    module: str | None,
    db_path: Path | None,
    dry_run: bool,
    strict: bool,
    fx: tuple[str, ...],
    currency: str | None,
    log_dir: Path | None,
) -> None:
    """Import CRM exports; every row is stored or quarantined with its reason."""
    db = resolve_db(db_path)
    rates = dict(parse_fx_option(item) for item in fx)

    def planned(p) -> None:
        echo(
            f"{p.staged.path}: {p.mapping.name} ({p.mapping.source}/{p.mapping.module}), "
            f"encoding {p.staged.encoding}, {p.staged.rows_read:,} rows"
        )

    facts: list[Facts] = []
    results = ingest_files(
        list(paths),
        db,
        source,
        mapping_file,
        dry_run,
        log_dir,
        on_planned=planned,
        fx_rates=rates,
        module=module,
        currency=currency,
        on_facts=facts.append,
    )
    quarantined = 0
    for r in results:
        m = r.main
        echo(
            f"{r.path}: rows read {r.rows_read:,} / stored {m.new:,} new + {m.unchanged:,} unchanged"
            f" / updated {m.updated:,} / quarantined {r.quarantined:,}"
            + (f" (blank rows skipped: {r.blank_rows})" if r.blank_rows else "")
        )
        if r.dated:
            echo(f"  records dated {r.dated}")
        for table, c in r.side.items():
            echo(f"  {table}: {c.new:,} new, {c.updated:,} updated, {c.unchanged:,} unchanged")
        for note in r.notes:
            echo(f"  note: {note}")
        for move in r.moves:
            echo(f"  moved: {move}")
        if r.unknown_owners:
            owners = ", ".join(f"{k} ({v} rows)" for k, v in sorted(r.unknown_owners.items()))
            echo(f"  owners not in the roster (rows quarantined, not invented): {owners}")
        if r.quarantine_csv:
            echo(f"  quarantine: {r.quarantine_csv}")
        if not r.balanced:  # pragma: no cover - a bug, never data
            raise RuntimeError(f"{r.path}: counts do not add up")
        quarantined += r.quarantined
    if facts:
        echo("the warehouse holds (unchanged by this dry run):" if dry_run else "the warehouse now holds:")
        for line in facts[0].lines():
            echo(f"  {line}")
    if dry_run:
        echo("dry run: nothing was written (neither the warehouse nor a quarantine file)")
    if strict and quarantined:
        echo(f"salesnb: error: {quarantined} row(s) quarantined (--strict)", err=True)
        sys.exit(1)
