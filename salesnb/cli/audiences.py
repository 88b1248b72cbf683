"""``salesnb audiences``: who receives which report of a period, along the reporting line."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from salesnb.cli.options import (
    db_option,
    params_option,
    parse_period,
    reports_option,
    resolve_db,
    resolve_params,
    resolve_reports,
)
from salesnb.cli.output import echo, text
from salesnb.delivery.audiences import SEND, Audience, check_selectors
from salesnb.delivery.pages import write_pages
from salesnb.delivery.period import plan_audiences
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.safety import spreadsheet_frame, terminal_text

COLUMNS = ("audience", "name", "email", "language", "roles", "report", "status")


def audience_rows(audiences: list[Audience]) -> pd.DataFrame:
    """One row per audience and report (one row for a refused audience, its reason as the status)."""
    rows = []
    for a in audiences:
        who = (a.id, a.name, a.email or "", a.language, ", ".join(a.roles))
        if a.refused:
            rows.append((*who, "", f"refused: {a.refused}"))
            continue
        rows += [(*who, r.selector, r.outcome) for r in a.reports]
    return pd.DataFrame(rows, columns=list(COLUMNS))


@click.command("audiences")
@click.option("--period", required=True, callback=parse_period, help="2026-11, 2026-Q3, 2026 or 2026-W42.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@click.option(
    "--write",
    is_flag=True,
    help="Also write each audience's page: reports/<period>/audiences/<id>/index.html.",
)
@db_option
@reports_option
@params_option
def command(
    period: Period,
    fmt: str,
    write: bool,
    db_path: Path | None,
    reports_root: Path | None,
    params_dir: Path | None,
) -> None:
    """Who receives which report of PERIOD: a rep their review and statement, a team's manager the team
    review and their reps' reviews, a region head the region overview and its teams' reviews, the
    leadership (params/delivery.yaml) the organisation overview, with that file's overrides. Only people
    active in the roster at the period's end and now, at an allowed domain; every other audience is
    refused with its reason. A report that did not render successfully in its latest run (the period's
    manifest) is listed as not sent."""
    settings = load_settings(resolve_params(params_dir))
    check_selectors(settings.delivery)  # before the warehouse is read
    root = resolve_reports(reports_root)
    audiences = plan_audiences(resolve_db(db_path), root, period, settings)
    rows = audience_rows(audiences)
    if fmt == "csv":
        visible = rows.map(terminal_text)
        click.echo(spreadsheet_frame(visible).to_csv(index=False), nl=False)
    else:
        _print_table(rows, period)
    if write:
        pages = write_pages(audiences, root, period)
        echo(f"wrote {len(pages)} audience page(s) under {root / period.label / 'audiences'}")


def _print_table(rows: pd.DataFrame, period: Period) -> None:
    terminal = Console()
    console = terminal if terminal.is_terminal else Console(width=240)  # a file or pipe: whole lines
    t = Table(title=text(f"Audiences · {period.label}", "table.title"), title_justify="left")
    for col in COLUMNS:
        t.add_column(col, no_wrap=col != "roles")
    previous = None
    for row in rows.itertuples(index=False):
        style = "green" if row.status == SEND else "red" if row.status.startswith("refused") else "yellow"
        who = row[:5] if row.audience != previous else ("",) * 5  # each audience's name once
        t.add_row(*(text(v) for v in (*who, row.report)), text(row.status, style), end_section=False)
        previous = row.audience
    console.print(t)
    sent = int((rows["status"] == SEND).sum())
    refused = int(rows["status"].str.startswith("refused").sum())
    echo(f"{sent} report(s) to send, {len(rows) - sent - refused} not sent, {refused} audience(s) refused")
