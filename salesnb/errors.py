"""One error hierarchy for salesnb.

Every error the CLI knows how to explain derives from :class:`SalesnbError`. The CLI prints
``str(error)`` on one line and exits with ``error.exit_code``; ``SALESNB_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SalesnbError(Exception):
    """Base class of every error salesnb raises on purpose."""

    exit_code = 1


class ParameterError(SalesnbError, ValueError):
    """A parameter (CLI option, notebook parameter, params/ YAML key) is not valid."""

    exit_code = 2


class WarehouseMissingError(SalesnbError, FileNotFoundError):
    """The warehouse file does not exist yet."""

    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(
            f"no warehouse at {path}: create one with `salesnb demo --db {path}` "
            f"or load CRM exports with `salesnb ingest`"
        )
        self.path = path


class WarehouseBusyError(SalesnbError, TimeoutError):
    """Another process kept the warehouse (or its writers' lock) for longer than we wait."""

    def __init__(self, path: str, reason: str, waited: float) -> None:
        super().__init__(f"warehouse {path} is busy: {reason}; gave up after {waited:.1f} s, try again later")
        self.path = path
        self.reason = reason
        self.waited = waited


@dataclass(frozen=True)
class Problem:
    """One failed check on one row: where it is and why it failed."""

    row: int | None
    column: str | None
    value: object
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = "" if self.value is None else f" (value {self.value!r})"
        return f"{', '.join(where)}: {self.reason}{value}" if where else f"{self.reason}{value}"


class DataError(SalesnbError, ValueError):
    """Data failed validation: carries the source, the table and every failing row.

    Bad input, like a bad parameter: exit 2 (1 is kept for reports that failed and ``--strict``).
    """

    exit_code = 2

    def __init__(self, source: str, table: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.table = table
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "no detail"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        where = f"{source}: " if table in ("", "-") else f"{source}: table {table}: "
        super().__init__(f"{where}{first}{more}")


class NotebookRunError(SalesnbError, RuntimeError):
    """A notebook failed while papermill executed it."""

    def __init__(self, notebook: str, team: str, period: str, cell: int | None, reason: str) -> None:
        self.notebook = notebook
        self.team = team
        self.period = period
        self.cell = cell
        self.reason = reason
        at = f" at cell {cell}" if cell is not None else ""
        super().__init__(f"{notebook} for team {team}, period {period} failed{at}: {reason}")
