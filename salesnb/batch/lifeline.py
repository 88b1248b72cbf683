"""A batch's workers end with the batch: when the ``salesnb run`` process dies, however it dies (``kill -9``
of its pid alone, as a scheduler's timeout does), its workers stop within moments and write nothing more.

A pool worker is forked from multiprocessing's fork server, not from the batch, and holds the fork
server's lifeline itself, so neither the worker nor the fork server ever learns of the batch's death (and
``prctl(PR_SET_PDEATHSIG)`` cannot help: the worker's parent is the fork server, which outlives the
batch). Each worker therefore watches the batch process itself (:func:`watch`): a thread waits on a pidfd
of the batch's process (Linux; elsewhere it polls), and when the batch is gone it runs the worker's
clean-up (its warm kernel is killed, the report in flight thrown away) and ends the worker
(``os._exit``). The fork server and multiprocessing's resource tracker then see their last client go and
exit too; a kernel whose worker died exits through ipykernel's own parent poller. A worker moves a report
into place only inside :func:`placing`: the batch is checked before the move and again after it (a report
that went into place as the batch died is taken away again), and the clean-up waits until the move is done,
so no report appears, or stays, after the batch has died.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

#: Exit status of a worker whose batch died.
ORPHANED = 70

_watched: int | None = None  # the batch's pid, in a worker that watches it
_pidfd: int | None = None  # a pidfd of it: readable once it has ended, zombie or not (a pid may be reused)
_cleanups: list[Callable[[], None]] = []
_ending = threading.RLock()  # held while a report moves into place: the end waits for it


def watch(pid: int, poll: float = 0.5) -> None:
    """Watch process ``pid`` (the batch) from a daemon thread; end this process when it is gone."""
    global _watched, _pidfd
    _watched = pid
    try:
        _pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux >= 5.3, or the batch is already gone
        _pidfd = None
    if orphaned():
        end()
    threading.Thread(target=_wait, args=(poll,), name="salesnb-lifeline", daemon=True).start()


def on_end(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` (quick, from any thread) when this worker ends because its batch died."""
    _cleanups.append(cleanup)


def orphaned() -> bool:
    """Whether this process watches a batch that is gone (``False`` where nothing is watched)."""
    if _watched is None:
        return False
    if _pidfd is not None:
        return bool(select.select([_pidfd], [], [], 0)[0])
    return not _alive(_watched)


def check() -> None:
    """End this worker now if its batch is gone: called before a report is moved into place."""
    if orphaned():
        end()


@contextlib.contextmanager
def placing(path: Path) -> Iterator[None]:
    """Move a report to ``path`` inside this block: this worker ends first if its batch is gone, and a
    report that went into place while the batch died is removed (the batch's manifest never lists it)."""
    with _ending:
        check()
        try:
            yield
        finally:
            if orphaned():
                path.unlink(missing_ok=True)
                end()


def end() -> None:
    """Run the clean-ups, once, and end this process without unwinding (other threads are mid-job)."""
    with _ending:
        for cleanup in reversed(_cleanups):
            with contextlib.suppress(Exception):
                cleanup()
        os._exit(ORPHANED)


def _wait(poll: float) -> None:
    if _pidfd is not None:
        select.select([_pidfd], [], [])  # returns once the batch has ended
    else:
        while not orphaned():
            threading.Event().wait(poll)
    end()


def _alive(pid: int) -> bool:
    """Without a pidfd: whether ``pid`` exists (a zombie counts as alive until its parent reaps it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process reusing the pid
        return True
    return True
