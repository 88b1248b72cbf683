"""Report progress of a batch: a progress bar on a terminal, one line per finished report, a run log
under ``reports/<period>/logs/``, and a summary whose exit code a scheduler can act on."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from salesnb.cli.output import echo
from salesnb.errors import StorageError
from salesnb.periods import Period
from salesnb.reports.manifest import Entry
from salesnb.safety import terminal_text

#: Temporary files of the batch's atomic writes: ``.<stem>.<pid>.tmp.ipynb`` and ``.<name>.<random>.tmp``.
_TEMP = re.compile(r"^\..+\.tmp(\.ipynb)?$")
_PID = re.compile(r"^\..+\.(\d+)\.tmp\.ipynb$")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _line(entry: Entry, done: int, total: int) -> str:
    """One report's outcome as one line of visible text (team ids and errors may quote CRM data), for the
    terminal and the run log alike."""
    mark = "ok    " if entry.status == "ok" else "FAILED"
    line = f"[{done}/{total}] {mark} {entry.notebook} {entry.team} {entry.period} ({entry.seconds:.1f} s)"
    return terminal_text(line + (f": {entry.error}" if entry.error else ""))


def echo_done(entry: Entry, done: int, total: int) -> None:
    click.echo(_line(entry, done, total), err=entry.status != "ok")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path, older_than: float = 3600.0) -> int:
    """Delete temporary files a killed batch left behind in ``folder``; return how many.

    A notebook's temporary name carries the writing process's id: it is stale when that process is gone.
    Other temporaries (HTML, PDF, manifest) are stale after ``older_than`` seconds (a live write takes
    well under a second). Finished reports are never touched: they only ever appear by rename.
    """
    if not folder.exists():
        return 0
    removed = 0
    now = time.time()
    for path in folder.rglob(".*.tmp*"):
        if not path.is_file() or not _TEMP.match(path.name):
            continue
        pid = _PID.match(path.name)
        stale = not _alive(int(pid.group(1))) if pid else now - path.stat().st_mtime > older_than
        if stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def check_writable(folder: Path, kept: str = "") -> None:
    """Raise :class:`~salesnb.errors.StorageError` (read-only: exit 2; full: exit 1; ``kept`` ends its
    message) unless a file can be made in ``folder`` (created when missing): a batch says so before it
    renders anything."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix=".probe.", suffix=".tmp", dir=folder):
            pass
    except OSError as exc:
        raise (StorageError.from_os_error(exc, folder, kept) or exc) from exc


class Problems:
    """What a batch could not write besides its reports (the manifest, the index, the run log): each
    said once, in the summary, and the batch exits 1."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def add(self, what: str, exc: BaseException, path: Path | None = None) -> None:
        storage = StorageError.from_os_error(exc, path)
        text = f"{what}: {storage if storage is not None else f'{type(exc).__name__}: {exc}'}"
        if text not in self.said:
            self.said.append(text)


class BatchProgress:
    """A progress bar (reports done, failed, ETA) on stderr when it is a terminal; nothing otherwise
    (a scheduler's log gets the per-report lines instead)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.failed = 0
        self.bar: Progress | None = None
        if sys.stderr.isatty() and total:
            self.bar = Progress(
                TextColumn("[bold]reports"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task = self.bar.add_task("reports", total=total, failed=0)

    def __enter__(self) -> BatchProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def advance(self, entry: Entry) -> None:
        self.failed += entry.status != "ok"
        if self.bar is not None:
            self.bar.update(self.task, advance=1, failed=self.failed)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


class RunLog:
    """``reports/<period>/logs/run-<UTC time>.log``: what was planned, each report's outcome, the end.

    A log that cannot be opened stops the batch before it renders (:class:`~salesnb.errors.StorageError`);
    one that fills up on the way is left there, the batch goes on and its summary says so (``problems``).
    """

    def __init__(
        self,
        folder: Path,
        period: Period,
        todo: int,
        skipped: int,
        removed: int,
        problems: Problems | None = None,
    ) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = folder / "logs" / f"run-{stamp}-{os.getpid()}.log"
        self.problems = problems if problems is not None else Problems()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (closed by __exit__)
        except OSError as exc:
            raise (StorageError.from_os_error(exc, self.path) or exc) from exc
        self.broken = False
        self.start = time.perf_counter()
        self.write(f"salesnb run {period.label}: {todo} to render, {skipped} skipped (unchanged)")
        if removed:
            self.write(f"removed {removed} temporary file(s) left by an interrupted run")

    def write(self, text: str) -> None:
        if self.broken:
            return
        try:
            self.fh.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {text}\n")
            self.fh.flush()
        except OSError as exc:
            self.broken = True
            self.problems.add("the run log stopped", exc, self.path)

    def say(self, text: str) -> None:
        echo(text)
        self.write(terminal_text(text))

    def entry(self, entry: Entry, done: int, total: int) -> None:
        echo_done(entry, done, total)
        self.write(_line(entry, done, total))

    def close_with(self, code: int) -> None:
        self.write(f"finished in {time.perf_counter() - self.start:.1f} s, exit code {code}")

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.fh.close()
        except OSError as error:  # the last lines did not fit
            self.problems.add("the run log stopped", error, self.path)


def summarise(
    entries: list[Entry], index_path: object, skipped: int = 0, problems: Problems | None = None
) -> int:
    """Print the summary; return the exit code (1 when any report failed or ``problems`` were met)."""
    failed = [e for e in entries if e.status != "ok"]
    ok = len(entries) - len(failed)
    index = index_path if index_path is not None else "not written"
    echo(f"{ok} reports ok, {len(failed)} failed, {skipped} unchanged; index: {index}")
    said = problems.said if problems is not None else []
    if failed:
        names = ", ".join(f"{e.notebook} {e.team} {e.period}" for e in failed)
        echo(f"salesnb: error: {len(failed)} report(s) failed: {names}", err=True)
    for text in said:
        echo(f"salesnb: error: {text}", err=True)
    return 1 if failed or said else 0
