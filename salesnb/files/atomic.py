"""Write files so a reader never sees half of one: write a temporary sibling, fsync it, check it, rename.

A full disk, a kill or a crash then leaves the previous file (or none), never a short or empty one in its
final place; the temporary sibling is removed when the write fails (a killed writer's is removed by the
next batch, :func:`salesnb.cli.progress.remove_stale_temporaries`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` in one step (``encoding``: e.g. ``utf-8-sig`` for a CSV that
    spreadsheets should read as UTF-8)."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (see :func:`open_atomic`)."""
    with open_atomic(path, "wb") as fh:
        fh.write(data)


@contextmanager
def open_atomic(path: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """A file to write ``path`` through (``open``'s ``mode`` and keywords): a temporary sibling that
    replaces ``path`` in one step when the block ends (flush, fsync, ``os.replace``: atomic on one file
    system, fsync of the folder), and is removed, ``path`` untouched, when the block raises."""
    if "w" not in mode:
        raise ValueError(f"open_atomic writes a new file, not mode {mode!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports are meant to be shared
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def move_into_place(tmp: Path, path: Path, check: Callable[[bytes], object] | None = None) -> None:
    """Rename ``tmp``, a file someone else wrote (papermill's output notebook), to ``path`` only when it
    is whole: fsynced, not empty and accepted by ``check`` (which raises on a file cut short). Otherwise
    ``tmp`` is removed, ``path`` is left as it was and the error is raised."""
    try:
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
            data = fh.read()
        if not data:
            raise ValueError(f"{tmp.name} is empty")
        if check is not None:
            check(data)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - a file system that cannot sync folders
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
