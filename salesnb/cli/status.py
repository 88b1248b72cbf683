"""``salesnb status``: what the warehouse holds: its currency, as-of day, extent per table, imports."""

from __future__ import annotations

import json
from pathlib import Path

import click

from salesnb.cli.options import db_option, resolve_db
from salesnb.cli.output import echo
from salesnb.safety import terminal_json
from salesnb.warehouse import connect
from salesnb.warehouse.extent import warehouse_facts


@click.command("status")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(db_path: Path | None, fmt: str) -> None:
    """The warehouse's currency, its as-of day (the data's end), each table's first and last day and
    its last import: what every report, goal and period choice reads."""
    db = resolve_db(db_path)
    with connect(db) as con:
        facts = warehouse_facts(con)
    if fmt == "json":
        last = facts.last_import
        doc = {
            "warehouse": str(db),
            "currency": facts.currency,
            "as_of": facts.as_of.isoformat() if facts.as_of else None,
            "as_of_stated": facts.as_of_stated,
            "tables": {
                t: {"first": e.first.isoformat(), "last": e.last.isoformat()} for t, e in facts.tables.items()
            },
            "imports": facts.imports,
            "last_import": None
            if last is None
            else {"file": last[0], "module": last[1], "imported_at": last[2].isoformat()},
        }
        click.echo(terminal_json(json.dumps(doc, ensure_ascii=False, indent=2)))
        return
    echo(f"warehouse: {db}")
    for line in facts.lines():
        echo(line)
