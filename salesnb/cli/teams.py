"""``salesnb teams``: list the teams in the warehouse."""

from __future__ import annotations

from pathlib import Path

import click

from salesnb.cli.options import db_option, resolve_db
from salesnb.cli.output import echo
from salesnb.warehouse import connect
from salesnb.warehouse.slices import list_teams


@click.command("teams")
@db_option
def command(db_path: Path | None) -> None:
    """List team ids, names, regions and types."""
    with connect(resolve_db(db_path)) as con:
        teams = list_teams(con)
    for t in teams.itertuples(index=False):
        echo(f"{t.team_id:<20} {t.team_type:<10} {t.region_id:<8} {t.name}")
