"""``salesnb kpis``: print the KPI table the reports use, so the numbers can be checked outside a
notebook."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from salesnb.cli.options import db_option, parse_period, resolve_db
from salesnb.cli.output import text
from salesnb.kpis import LEVELS, kpi_table
from salesnb.periods import Period
from salesnb.safety import spreadsheet_frame, terminal_json, terminal_text
from salesnb.text.formatting import format_change, format_value, left_out_note
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import check_period_covered
from salesnb.warehouse.slices import load_slice, resolve_teams
from salesnb.warehouse.store import warehouse_currency


@click.command("kpis")
@click.option(
    "--period",
    required=True,
    callback=parse_period,
    help="2026-10 (month), 2026-Q3 (quarter), 2026 (year) or 2026-W42 (ISO week).",
)
@click.option(
    "--team", "teams", multiple=True, help="Restrict to a team; repeat for several [default: all teams]."
)
@click.option(
    "--by",
    "level",
    type=click.Choice(LEVELS),
    default="team",
    show_default=True,
    help="Level of the rows; with --team, region and org cover only the chosen teams.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@db_option
def command(period: Period, teams: tuple[str, ...], level: str, fmt: str, db_path: Path | None) -> None:
    """KPIs for a period with the previous period and the change."""
    with connect(resolve_db(db_path)) as con:
        chosen = resolve_teams(con, list(teams))  # an unknown team is named first
        check_period_covered(con, period)
        currency = warehouse_currency(read_meta(con))
        prev = period.previous()
        data = load_slice(con, chosen, prev.start, period.end)
    table = kpi_table(data, period, level)  # type: ignore[arg-type]
    if fmt == "csv":
        # full precision (the shortest text that reads back as the same number), never %g: a revenue of
        # 2,982,255 is 2982255.0, not 2.98226e+06; names come from CRMs: inert on the terminal it prints
        # to and in the spreadsheet it is saved for
        visible = table.map(lambda v: terminal_text(v) if isinstance(v, str) else v)
        click.echo(spreadsheet_frame(visible).to_csv(index=False), nl=False)
    elif fmt == "json":
        records = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in table.to_dict(orient="records")
        ]
        click.echo(
            terminal_json(
                json.dumps(
                    {"period": period.label, "level": level, "currency": currency, "rows": records},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
    else:
        _print_table(table, currency, period, level)


def _print_table(table, currency: str, period: Period, level: str) -> None:
    console = Console(width=max(100, Console().width))
    for unit_id, group in table.groupby("unit_id", sort=False):
        name = group["unit_name"].iloc[0]
        # Text, not a markup string: a team named "[red]…" or "[link=…]" is printed as named
        title = text(f"{name} ({unit_id}) · {period.label} · by {level}", "table.title")
        t = Table(title=title, title_justify="left")
        # what a value had to leave out (deals without an amount) beside it, when anything was
        notes = any(group["left_out"] > 0)
        columns = (("KPI", "left"), ("Value", "right"), ("Previous", "right"), ("Change", "right"))
        for col, justify in (*columns, *((("Not included", "left"),) if notes else ())):
            t.add_column(col, justify=justify)  # type: ignore[arg-type]
        for row in group.itertuples(index=False):
            cells = (
                row.label,
                format_value(row.value, row.unit, currency),
                format_value(row.previous, row.unit, currency),
                format_change(row.change, row.change_pct, row.unit, "en"),
                *((left_out_note(row.kpi, row.left_out, "en"),) if notes else ()),
            )
            t.add_row(*(text(c) for c in cells))
        console.print(t)
