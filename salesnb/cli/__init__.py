"""The ``salesnb`` command. Known errors print one line and exit non-zero; set SALESNB_DEBUG=1 for the
traceback."""

from __future__ import annotations

import click

from salesnb import __version__
from salesnb.config import debug_enabled
from salesnb.errors import SalesnbError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="salesnb")
def cli() -> None:
    """salesnb: sales-team performance reviews from a DuckDB warehouse, rendered by papermill."""


def _register() -> None:
    from salesnb.cli import demo, ingest, kpis, run, teams

    for module in (demo, ingest, kpis, run, teams):
        cli.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning salesnb errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="salesnb", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SalesnbError as exc:
        if debug_enabled():
            raise
        click.echo(f"salesnb: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0
