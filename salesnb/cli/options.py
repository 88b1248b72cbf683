"""Options shared by several sub-commands."""

from __future__ import annotations

from pathlib import Path

import click

from salesnb.config import default_db_path, default_params_dir, default_reports_dir
from salesnb.periods import Period

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file [default: $SALESNB_DB or data/salesnb.duckdb].",
)
reports_option = click.option(
    "--reports",
    "reports_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Reports folder [default: $SALESNB_REPORTS or reports/].",
)
params_option = click.option(
    "--params",
    "params_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Parameters folder [default: $SALESNB_PARAMS or params/].",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Parallel report processes [default: number of cores].",
)


def resolve_db(path: Path | None) -> Path:
    return path or default_db_path()


def resolve_reports(path: Path | None) -> Path:
    return path or default_reports_dir()


def resolve_params(path: Path | None) -> Path:
    return path or default_params_dir()


def parse_period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    return None if value is None else Period.parse(value)
