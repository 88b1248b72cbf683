"""Writing the warehouse copy-on-write: nobody ever sees a half-written file.

Writers (:func:`writing`) never touch the file in place: under an exclusive lock on the sidecar
``<db>.lock`` (one writer at a time; the next waits, then fails with
:class:`~salesnb.errors.WarehouseBusyError`), they copy the file to a temp file in the same folder, write
the copy, checkpoint and fsync it, then ``os.replace`` it over the warehouse. A reader that opened the old
file keeps reading the old inode whole (POSIX); readers opened after the swap see the new file; nobody
ever sees a half-written warehouse or a DuckDB lock error because of us. A writer that fails, or is
killed, leaves the old file as it was; its temp file is removed then or by the next writer.

A disk that is full or read-only under the warehouse is :class:`~salesnb.errors.StorageError`; the
warehouse is then unchanged. Reading is :mod:`salesnb.warehouse.store`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from salesnb.errors import StorageError, WarehouseBusyError, WarehouseCorruptError
from salesnb.warehouse.integrity import check_warehouse, damage_reason, reading

#: Seconds a writer waits for the writer before it (the lock on ``<db>.lock``).
WRITE_TIMEOUT = 120.0
_TEMP_SUFFIX = ".writing"


def sidecar(path: Path, suffix: str) -> Path:
    """The file next to ``path`` named like it plus ``suffix`` (its lock, its write-ahead log).

    Examples
    --------
    >>> sidecar(Path("data/salesnb.duckdb"), ".lock").as_posix()
    'data/salesnb.duckdb.lock'
    """
    return path.with_name(path.name + suffix)


def back_off(deadline: float, delay: float) -> float:
    """Sleep ``delay`` (never past ``deadline``) and return the next, longer delay."""
    time.sleep(max(0.0, min(delay, deadline - time.monotonic())))
    return min(delay * 2, 0.5)


@contextmanager
def _writers_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``<db>.lock``; the file is removed again on release.

    A waiter may lock a lock file its holder has just unlinked, so after locking we check the file is still
    the one at the path and start over if not.
    """
    lock = sidecar(path, ".lock")
    started = time.monotonic()
    deadline, delay = started + timeout, 0.02
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            if time.monotonic() >= deadline:
                pid = f" (PID {holder})" if holder.isdigit() else ""
                raise WarehouseBusyError(
                    str(path), f"another write{pid} holds {lock}", time.monotonic() - started
                ) from None
            delay = back_off(deadline, delay)
            continue
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(fd), current):
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with suppress(OSError):
            lock.unlink()
        os.close(fd)


def _remove_temp(temp: Path) -> None:
    for p in (temp, sidecar(temp, ".wal")):
        with suppress(FileNotFoundError):
            p.unlink()
    shutil.rmtree(sidecar(temp, ".tmp"), ignore_errors=True)  # DuckDB's spill folder


def _remove_stale_temps(path: Path) -> None:
    """Temp files of writers that were killed: under the writers' lock, every temp file is stale."""
    pattern = re.compile(
        re.escape(f".{path.name}.") + r"\d+\.[0-9a-f]{8}" + re.escape(_TEMP_SUFFIX) + r"(?=(\.wal|\.tmp)?\Z)"
    )
    for p in path.parent.iterdir():
        if found := pattern.match(p.name):
            _remove_temp(p.with_name(found.group(0)))


def _copy_range(src: int, dst: int) -> None:
    """Copy all of ``src`` into ``dst`` in the kernel (a reflink on btrfs/XFS), else through user space."""
    size, done = os.fstat(src).st_size, 0
    try:
        while done < size:
            n = os.copy_file_range(src, dst, size - done, done, done)
            if n == 0:
                break
            done += n
        return
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (
            errno.EXDEV,
            errno.ENOSYS,
            errno.EINVAL,
            errno.EOPNOTSUPP,
        ):
            raise
    os.lseek(src, 0, os.SEEK_SET)
    os.ftruncate(dst, 0)
    os.lseek(dst, 0, os.SEEK_SET)
    while chunk := os.read(src, 1 << 20):
        os.write(dst, chunk)


def _copy_file(src: int, target: Path, mode: int) -> None:
    dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        _copy_range(src, dst)
    finally:
        os.close(dst)


@contextmanager
def _pinned(path: Path, timeout: float) -> Iterator[int | None]:
    """Open the warehouse and hold a shared POSIX lock on it; yield the descriptor (None: no file yet).

    DuckDB's in-place writers (never ours: an older salesnb, the DuckDB CLI, …) hold an exclusive POSIX lock
    on the file, so this waits one out, and keeps one from starting until the swap. Closing the descriptor
    drops every POSIX lock this process holds on the file, DuckDB readers' in this process included; that
    only matters against in-place writers.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield None
        return
    try:
        started = time.monotonic()
        deadline, delay = started + timeout, 0.02
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(
                        str(path), "another process has it open for writing", time.monotonic() - started
                    ) from None
                delay = back_off(deadline, delay)
        yield fd
    finally:
        os.close(fd)


def _copy_warehouse(src: int, path: Path, temp: Path) -> None:
    """Copy the warehouse (open as ``src``) and a write-ahead log a dead in-place writer left to ``temp``."""
    mode = os.fstat(src).st_mode & 0o777
    _copy_file(src, temp, mode)
    try:
        wal = os.open(sidecar(path, ".wal"), os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        _copy_file(wal, sidecar(temp, ".wal"), mode)
    finally:
        os.close(wal)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def writing(
    path: str | Path, *, fresh: bool = False, publish: bool = True, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Write the warehouse at ``path`` copy-on-write: yield a read-write connection to a private copy.

    Holds the writers' lock ``<db>.lock`` throughout (waiting up to ``timeout`` seconds, default
    :data:`WRITE_TIMEOUT`, for another writer, then :class:`~salesnb.errors.WarehouseBusyError`). The copy
    starts from the current file (``fresh=True``: from an empty database). When the block ends normally the
    copy is checkpointed, fsynced and atomically renamed over ``path`` (not when ``publish=False``, e.g. a
    dry run); when it raises, or the process dies, ``path`` is untouched and the copy is deleted (by the
    next writer after a kill).

    A ``<db>.wal`` next to the warehouse can only come from an in-place writer that died (ours never write
    in place, and a live one is waited for): it is copied with the file, so its committed transactions are
    replayed into the copy, and removed just before the swap (a reader opening in that instant sees the
    file as of its last checkpoint, never a log that does not match the file).
    """
    path = Path(path)
    timeout = WRITE_TIMEOUT if timeout is None else timeout
    in_block = False  # an OSError of the caller's block (its own files) is not the warehouse's
    # a dry run leaves no trace: the folders made for its throw-away copy go with it
    made = [] if publish else [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _writers_lock(path, timeout), _pinned(path, timeout) as src:
            _remove_stale_temps(path)
            temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
            try:
                copied = src is not None and not fresh
                if copied:
                    _copy_warehouse(src, path, temp)
                con = _open_copy(path, temp, os.fstat(src).st_size if copied else None)
                done = False
                try:
                    with reading(path):
                        in_block = True
                        yield con
                        in_block = False
                        if publish:
                            con.execute("CHECKPOINT")
                            done = True
                finally:
                    if not done:  # the copy is thrown away: do not spend a checkpoint on it
                        with suppress(duckdb.Error):
                            con.execute("PRAGMA disable_checkpoint_on_shutdown")
                    con.close()
                if publish:
                    if sidecar(temp, ".wal").exists():  # pragma: no cover - DuckDB checkpointed it
                        raise RuntimeError(
                            f"{temp}: write-ahead log left after CHECKPOINT; warehouse not replaced"
                        )
                    _fsync(temp)
                    with suppress(FileNotFoundError):
                        sidecar(path, ".wal").unlink()  # replayed into the copy
                    os.replace(temp, path)
                    _fsync(path.parent, directory=True)
            finally:
                _remove_temp(temp)
    except (OSError, duckdb.Error) as exc:
        if in_block and isinstance(exc, OSError):
            raise
        if (error := StorageError.from_os_error(exc, path, "the warehouse is unchanged")) is None:
            raise
        raise error from exc
    finally:
        for folder in made:  # deepest first, once the lock is released; one holding anything else stays
            with suppress(OSError):
                folder.rmdir()


def _open_copy(path: Path, temp: Path, size: int | None) -> duckdb.DuckDBPyConnection:
    """Open the private copy ``temp`` of ``path`` read-write; ``size``: the size of the file copied, which
    :func:`check_warehouse` checks (``None``: a new warehouse, nothing to check)."""
    try:
        con = duckdb.connect(str(temp))
    except duckdb.Error as exc:
        if (reason := damage_reason(exc, path)) is None:
            raise
        raise WarehouseCorruptError(str(path), reason) from exc
    if size is not None:
        pending = sidecar(temp, ".wal").exists()  # replayed on open: blocks the file does not hold yet
        try:
            check_warehouse(con, path, None if pending else size, blank_ok=True)
        except BaseException:
            with suppress(duckdb.Error):
                con.execute("PRAGMA disable_checkpoint_on_shutdown")
            con.close()
            raise
    return con
