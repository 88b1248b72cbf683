"""The ``salesnb`` command. Known errors print one line and exit non-zero; set SALESNB_DEBUG=1 for the
traceback. So does a file system that is full (exit 1) or refuses a path (read-only, not permitted:
exit 2), wherever the command meets it (:class:`~salesnb.errors.StorageError`)."""

from __future__ import annotations

import importlib

import click

from salesnb import __version__
from salesnb.config import debug_enabled
from salesnb.errors import SalesnbError, StorageError
from salesnb.safety import terminal_text

#: Sub-commands and the module each lives in, imported only when used: ``salesnb ingest`` need not pay
#: for importing papermill, nbconvert and seaborn.
COMMANDS = {
    "audiences": "audiences",
    "demo": "demo",
    "goals": "goals",
    "ingest": "ingest",
    "kpis": "kpis",
    "params": "params",
    "status": "status",
    "run": "run",
    "teams": "teams",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(f"salesnb.cli.{COMMANDS[name]}").command


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="salesnb")
def cli() -> None:
    """salesnb: sales-team performance reviews from a DuckDB warehouse, rendered by papermill."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning salesnb errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="salesnb", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.message = terminal_text(exc.message)  # it may quote an argument a script took from data
        exc.show()
        return exc.exit_code
    except SalesnbError as exc:
        if debug_enabled():
            raise
        click.echo(f"salesnb: error: {terminal_text(exc)}", err=True)
        return exc.exit_code
    except OSError as exc:
        error = StorageError.from_os_error(exc)
        if error is None or debug_enabled():
            raise
        click.echo(f"salesnb: error: {terminal_text(error)}", err=True)
        return error.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0
