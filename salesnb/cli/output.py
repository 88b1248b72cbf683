"""What the ``salesnb`` command prints. Names of files, teams, reps and owners come from CRM exports, so
every line goes out as visible text: control characters escaped (:func:`salesnb.safety.terminal_text`)
and, through rich, as :class:`rich.text.Text` (never parsed as markup)."""

from __future__ import annotations

import click
from rich.text import Text

from salesnb.safety import terminal_text


def echo(line: object, err: bool = False) -> None:
    """Print ``line`` as one line of visible text (an ESC shows as ``\\x1b``, a newline as ``\\n``)."""
    click.echo(terminal_text(line), err=err)


def text(value: object, style: str = "") -> Text:
    """``value`` for a rich table or title: visible text in ``style``, never markup (a team named
    ``[red]…[/]`` or ``[link=…]`` prints as named)."""
    return Text(terminal_text(value), style=style)
