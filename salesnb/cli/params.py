"""``salesnb params``: validate every file in ``params/`` without running anything (``check``), or write a
params folder for the organisation an import brought into the warehouse (``init``)."""

from __future__ import annotations

from pathlib import Path

import click

from salesnb.cli.options import db_option, params_option, resolve_db, resolve_params
from salesnb.cli.output import echo
from salesnb.config import PROJECT_ROOT
from salesnb.delivery.audiences import check_selectors
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
    settings = load_settings(folder)
    check_selectors(settings.delivery)  # delivery.yaml's report kinds: known to the reports, not to params
    checked = settings.files
    for path in checked:
        echo(f"ok  {path}")
    echo(f"{len(checked)} file(s) valid in {folder}")


@command.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--template",
    "template",
    type=click.Path(file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "params",
    show_default="the project's params/",
    help="Folder the KPI sets, coaching rules, training catalog, benchmarks and defaults are copied from.",
)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty, replacing its files.")
def init(folder: Path, db_path: Path | None, template: Path, force: bool) -> None:
    """Write a params folder for the organisation in the warehouse into FOLDER: its teams, goals
    suggested from its own history, a commission plan template and the default KPI sets, coaching rules
    and training catalog, with a README saying what to edit first. Refuses a folder that is not empty
    (exit 2) unless --force."""
    from salesnb.params.scaffold import next_step, write_params_folder

    written, org = write_params_folder(folder, resolve_db(db_path), template, force=force)
    for path in written:
        echo(f"wrote  {path}")
    checked = load_settings(folder).files
    echo(f"{len(written)} file(s) written to {folder}, {len(checked)} read and valid")
    for line in next_step(folder, org.extent, str(db_path) if db_path else None):
        echo(line)
