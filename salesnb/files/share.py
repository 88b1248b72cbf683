"""A folder the processes of one ``salesnb run`` share computed results in, gone when the run ends.

:func:`sharing` makes it and names it in ``$SALESNB_SHARE_DIR``, which the run's workers and their kernels
inherit; :func:`shared_dir` is where a process finds it (``None`` outside a run). What is shared there is
:mod:`salesnb.reviews.memo`'s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: The environment variable naming the run's shared folder.
SHARE_ENV = "SALESNB_SHARE_DIR"


def shared_dir() -> Path | None:
    """The run's shared folder, or ``None`` outside a run (or when it is gone)."""
    folder = os.environ.get(SHARE_ENV)
    return Path(folder) if folder and Path(folder).is_dir() else None


@contextlib.contextmanager
def sharing() -> Iterator[Path]:
    """A folder private to this user (mode 0700) that the processes started inside share, removed with
    what it holds on leaving; inside an enclosing one, that one.

    >>> with sharing() as folder:
    ...     shared_dir() == folder
    True
    >>> shared_dir() is None
    True
    """
    if shared_dir() is not None:
        yield Path(os.environ[SHARE_ENV])
        return
    folder = Path(tempfile.mkdtemp(prefix="salesnb-share-"))
    os.environ[SHARE_ENV] = str(folder)
    try:
        yield folder
    finally:
        os.environ.pop(SHARE_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)
