"""``salesnb params check``: validate every file in ``params/`` without running anything."""

from __future__ import annotations

from pathlib import Path

import click

from salesnb.cli.options import params_option, resolve_params
from salesnb.cli.output import echo
from salesnb.params import load_settings


@click.group("params")
def command() -> None:
    """Report parameters, goals, KPI sets and the other YAML files in params/."""


@command.command("check")
@params_option
def check(params_dir: Path | None) -> None:
    """Validate every params file; exit 2 with one line naming each bad file, item and problem (or the
    folder, when it does not exist)."""
    folder = resolve_params(params_dir)
    checked = load_settings(folder).files
    for path in checked:
        echo(f"ok  {path}")
    echo(f"{len(checked)} file(s) valid in {folder}")
