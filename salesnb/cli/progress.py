"""Report progress of a batch: one line per finished report, and a summary."""

from __future__ import annotations

import os

import click

from salesnb.batch.manifest import Entry


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def echo_done(entry: Entry, done: int, total: int) -> None:
    mark = "ok    " if entry.status == "ok" else "FAILED"
    line = f"[{done}/{total}] {mark} {entry.notebook} {entry.team} {entry.period} ({entry.seconds:.1f} s)"
    if entry.error:
        line += f": {entry.error}"
    click.echo(line, err=entry.status != "ok")


def summarise(entries: list[Entry], index_path: object) -> int:
    """Print the summary; return the exit code (1 when any report failed)."""
    failed = [e for e in entries if e.status != "ok"]
    click.echo(f"{len(entries) - len(failed)} reports ok, {len(failed)} failed; index: {index_path}")
    if failed:
        names = ", ".join(f"{e.team} {e.period}" for e in failed)
        click.echo(f"salesnb: error: {len(failed)} report(s) failed: {names}", err=True)
        return 1
    return 0
