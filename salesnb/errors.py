"""One error hierarchy for salesnb.

Every error the CLI knows how to explain derives from :class:`SalesnbError`. The CLI prints
``str(error)`` on one line and exits with ``error.exit_code``; ``SALESNB_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


class SalesnbError(Exception):
    """Base class of every error salesnb raises on purpose."""

    exit_code = 1


class ParameterError(SalesnbError, ValueError):
    """A parameter (CLI option, notebook parameter, params/ YAML key) is not valid.

    ``problems`` holds each problem on its own line: one, or several found at once (:meth:`of`).
    """

    exit_code = 2

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    @classmethod
    def of(cls, problems: Sequence[str], where: str) -> ParameterError:
        """One error for the ``problems`` found in ``where``: ``N problems in WHERE: first; second; …``
        (just the problem when there is one).

        Examples
        --------
        >>> str(ParameterError.of(["a.yaml: x is bad", "b.yaml: y is bad"], "params"))
        '2 problems in params: a.yaml: x is bad; b.yaml: y is bad'
        """
        more = f"{len(problems)} problems in {where}: " if len(problems) > 1 else ""
        return cls(more + "; ".join(problems), problems)


class ParameterProblems:
    """The problems of several items checked one after the other, raised together at the end.

    Examples
    --------
    >>> found = ParameterProblems()
    >>> for value in ("1", "x", "y"):
    ...     with found.check():
    ...         if not value.isdigit():
    ...             raise ParameterError(f"f.yaml: {value} is not a digit")
    >>> found.raise_any("f.yaml")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: 2 problems in f.yaml: f.yaml: x is not a digit; f.yaml: y is not a digit
    """

    def __init__(self) -> None:
        self.found: list[str] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        """Run the block; a :class:`ParameterError` it raises is kept (every problem it holds) instead."""
        try:
            yield
        except ParameterError as exc:
            self.found.extend(exc.problems)

    def add(self, problem: str) -> None:
        """Keep one more problem, found without an exception."""
        self.found.append(problem)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self, where: str) -> None:
        """Raise every problem kept as one :class:`ParameterError` (:meth:`ParameterError.of`), if any."""
        if self.found:
            raise ParameterError.of(self.found, where)


class WarehouseMissingError(SalesnbError, FileNotFoundError):
    """The warehouse file does not exist yet."""

    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(
            f"no warehouse at {path}: create one with `salesnb demo --db {path}` "
            f"or load CRM exports with `salesnb ingest`"
        )
        self.path = path


class WarehouseCorruptError(SalesnbError, ValueError):
    """The warehouse file is there but is not a whole salesnb warehouse: empty, truncated, damaged, or some
    other file. Bad input: exit 2, before anything is read from it or written to it."""

    exit_code = 2

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"{path} is not a salesnb warehouse ({reason}): restore it from a backup, or move it away and "
            f"rebuild it with `salesnb ingest EXPORTS --db {path}` (or `salesnb demo --db {path}`)"
        )
        self.path = path
        self.reason = reason


class WarehouseBusyError(SalesnbError, TimeoutError):
    """Another process kept the warehouse (or its writers' lock) for longer than we wait."""

    def __init__(self, path: str, reason: str, waited: float) -> None:
        super().__init__(f"warehouse {path} is busy: {reason}; gave up after {waited:.1f} s, try again later")
        self.path = path
        self.reason = reason
        self.waited = waited


#: What a file system that is full (the environment: exit 1, try again) or that refuses a path (the path
#: given: exit 2, choose another) says, and the fix each message ends with.
_FULL = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded"}
_REFUSED = {
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


class StorageError(SalesnbError, OSError):
    """A file salesnb has to write (or read) cannot be: the disk is full, or the path is read-only or not
    permitted.

    One line naming the path and the fix. A full disk exits 1 (nothing is wrong with the input: free some
    space, run again); a path that is read-only or not permitted exits 2 (fix it or choose another, like
    any bad input). ``kept`` says what was left as it was (e.g. "the warehouse is unchanged").
    """

    def __init__(self, path: str, reason: str, full: bool, kept: str = "") -> None:
        self.path = path
        self.reason = reason
        self.full = full
        self.exit_code = 1 if full else 2
        if full:
            text = f"cannot write {path}: {reason}: free some space there, then run the command again"
        elif reason == _REFUSED[errno.EROFS]:
            text = f"cannot write {path}: {reason}: choose a folder that can be written"
        else:
            text = f"{path}: {reason}: check its permissions, or choose another path"
        super().__init__(text + (f" ({kept})" if kept else ""))

    @classmethod
    def from_os_error(
        cls, exc: BaseException, path: str | os.PathLike[str] | None = None, kept: str = ""
    ) -> StorageError | None:
        """The :class:`StorageError` of ``exc`` (an :class:`OSError`, or an error whose message carries
        one, as DuckDB's do), or ``None`` when it is neither a full nor a refusing file system."""
        if isinstance(exc, StorageError):
            return exc
        code = getattr(exc, "errno", None)
        if code not in _FULL and code not in _REFUSED:
            text = str(exc)
            code = next((c for c in (*_FULL, *_REFUSED) if os.strerror(c) in text), None)
        if code is None:
            return None
        where = path if path is not None else getattr(exc, "filename", None) or "a file"
        return cls(str(where), _FULL.get(code) or _REFUSED[code], code in _FULL, kept)


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
    """A report could not be produced: its notebook failed while papermill executed it, or the executed
    notebook or its HTML (or PDF) could not be written.

    Carries the report kind, its scope (the manifest's ``team`` field: a team, ``<team>/<rep>``, ``org``
    or a region), the period, the cell that failed (``None`` when the failure was not in a cell) and the
    one-line ``reason`` a batch records for the report.

    Examples
    --------
    >>> str(NotebookRunError("team_review", "bj-field", "2026-10", 7, "KeyError: 'revenue'"))
    "team_review of bj-field for 2026-10 failed at cell 7: KeyError: 'revenue'"
    """

    def __init__(self, kind: str, scope: str, period: str, cell: int | None, reason: str) -> None:
        self.kind = kind
        self.scope = scope
        self.period = period
        self.cell = cell
        self.reason = reason
        at = f" at cell {cell}" if cell is not None else ""
        super().__init__(f"{kind} of {scope} for {period} failed{at}: {reason}")

    def __reduce__(self) -> tuple[type[NotebookRunError], tuple[str, str, str, int | None, str]]:
        return type(self), (self.kind, self.scope, self.period, self.cell, self.reason)
