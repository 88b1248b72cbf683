"""``salesnb demo``: build the demo organisation's warehouse and render its latest reports."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click

from salesnb.cli.options import (
    db_option,
    params_option,
    reports_option,
    resolve_db,
    resolve_params,
    resolve_reports,
    workers_option,
)
from salesnb.cli.output import echo
from salesnb.cli.progress import default_workers
from salesnb.cli.run import render_period
from salesnb.demo import generate
from salesnb.demo.exports import export_fxiaoke, export_zoho
from salesnb.periods import Period
from salesnb.warehouse import replace_tables
from salesnb.warehouse.store import refuse_imported


@click.command("demo")
@db_option
@reports_option
@params_option
@workers_option
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Pretend today is this day (YYYY-MM-DD) [default: today].",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
@click.option(
    "--months", type=click.IntRange(18, 60), default=21, show_default=True, help="Months of history."
)
@click.option(
    "--render/--no-render",
    default=True,
    show_default=True,
    help="Render the latest month's and quarter's reports for every team.",
)
@click.option(
    "--export-crm",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Only write CRM exports to try `salesnb ingest` on (the warehouse is not touched): DIR/zoho "
    "(Beijing Telesales, English) and DIR/fxiaoke (Shanghai Online, Chinese, GBK), with the calls of the "
    "last month.",
)
@click.option(
    "--replace-imports",
    is_flag=True,
    help="Build the demo even over a warehouse that holds imported CRM data (which is deleted).",
)
def command(
    db_path: Path | None,
    reports_root: Path | None,
    params_dir: Path | None,
    workers: int | None,
    as_of,
    seed: int,
    months: int,
    render: bool,
    export_crm: Path | None,
    replace_imports: bool,
) -> None:
    """Generate the demo organisation (seeded), load it into the warehouse and render its reports."""
    db = resolve_db(db_path)
    today: date = as_of.date() if as_of else date.today()
    started = time.perf_counter()
    if not export_crm and not replace_imports:
        refuse_imported(db)  # said before the generator's half minute; replace_tables checks again
    tables = generate(today, seed=seed, months=months)
    if export_crm:
        # exports are made from the generated tables: the warehouse is neither read nor written
        since = Period.latest_complete("month", today).start
        written = export_zoho(tables, ["bj-telesales"], export_crm / "zoho", since)
        written += export_fxiaoke(tables, ["sh-online"], export_crm / "fxiaoke", since)
        echo("CRM exports (the warehouse was not touched): " + ", ".join(str(p) for p in written))
        return
    # a fresh database swapped in whole under the writers' lock: readers see the old one or the new one
    counts = replace_tables(db, tables, source="salesnb demo", fresh=True, discard_imports=replace_imports)
    summary = ", ".join(f"{name} {n:,}" for name, n in counts.items() if name != "meta")
    echo(f"demo warehouse {db} built in {time.perf_counter() - started:.1f} s: {summary}")
    if not render:
        return
    month = Period.latest_complete("month", today)
    quarter = Period.latest_complete("quarter", today)
    code = 0
    for period in (month, quarter):
        code |= render_period(
            period,
            [],
            True,
            db,
            resolve_reports(reports_root),
            resolve_params(params_dir),
            workers or default_workers(),
            reps=True,
        )
    index = resolve_reports(reports_root) / "index.html"
    echo(f"open {index.resolve()}")
    if code:
        sys.exit(code)
