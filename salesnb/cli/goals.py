"""``salesnb goals check [FILE]``: the SMART audit of a goals file, goal by goal, with the numbers.

Exit codes: 0 every goal passes, 1 some goal fails a SMART property, 2 the file or an option is invalid.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from salesnb.cli.options import db_option, resolve_db
from salesnb.cli.output import text
from salesnb.config import default_params_dir
from salesnb.goals import NAMES, PROPERTIES, check_goals, load_goals
from salesnb.safety import terminal_json

MARK = {"pass": "[green]✓[/]", "fail": "[red]✗[/]", "n/a": "[dim]·[/]"}


@click.group("goals")
def command() -> None:
    """SMART goals in params/goals.yaml."""


@command.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check(file: Path | None, db_path: Path | None, fmt: str) -> None:
    """Audit every goal of FILE [default: params/goals.yaml]: which SMART property fails and why."""
    path = file or default_params_dir() / "goals.yaml"
    audits, _, as_of = check_goals(load_goals(path), resolve_db(db_path))
    if fmt == "json":
        click.echo(
            terminal_json(
                json.dumps(
                    {
                        "file": str(path),
                        "as_of": as_of.isoformat(),
                        "goals": [
                            {
                                "id": a.goal.id,
                                "metric": a.goal.metric,
                                "scope": a.goal.scope.label if a.goal.scope else None,
                                "target": a.goal.target,
                                "period": a.period or a.goal.period,
                                "ok": a.ok,
                                "verdicts": a.verdicts,
                                "reasons": a.reasons,
                                "baseline": None if math.isnan(a.baseline) else a.baseline,
                                "suggested": None if math.isnan(a.suggested) else a.suggested,
                            }
                            for a in audits
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
    else:
        console = Console(width=max(110, Console().width))
        title = text(f"SMART audit of {path} (data to {as_of.isoformat()})", "table.title")
        t = Table(title=title, title_justify="left")
        t.add_column("goal")
        for p in PROPERTIES:
            t.add_column(p, justify="center")
        t.add_column("why")
        for a in audits:
            why = [f"{NAMES[p]}: {r}" for p in a.failed for r in a.reasons[p]]
            if not why and a.reasons.get("A"):
                why = [f"Achievable: {a.reasons['A'][-1]}"]
            # the id and the reasons (scopes, names) are data: visible text, never markup
            reasons = Text("\n").join(text(w) for w in why)
            t.add_row(text(a.goal.id), *(MARK[a.verdicts[p]] for p in PROPERTIES), reasons)
        console.print(t)
        failed = [a for a in audits if not a.ok]
        console.print(f"{len(audits)} goals: {len(audits) - len(failed)} pass, {len(failed)} fail")
    if any(not a.ok for a in audits):
        sys.exit(1)


__all__ = ["command"]
