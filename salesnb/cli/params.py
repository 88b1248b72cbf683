"""``salesnb params check``: validate every file in ``params/`` without running anything."""

from __future__ import annotations

from pathlib import Path

import click

from salesnb.cli.options import params_option, resolve_params
from salesnb.params import check_params_dir


@click.group("params")
def command() -> None:
    """Report parameters, goals, KPI sets and the other YAML files in params/."""


@command.command("check")
@params_option
def check(params_dir: Path | None) -> None:
    """Validate every params file; exit 2 naming the file and the problem at the first bad one."""
    folder = resolve_params(params_dir)
    checked = check_params_dir(folder)
    for path in checked:
        click.echo(f"ok  {path}")
    click.echo(f"{len(checked)} file(s) valid in {folder}")
