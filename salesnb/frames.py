"""How the package has pandas hold text while it computes a review."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")


def python_strings(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with pandas' text columns stored as Python strings instead of Arrow arrays.

    A review makes tens of thousands of small operations on short text columns (rep ids, period labels,
    stage names). Arrow-backed strings pay a conversion on every scalar access and every small take,
    which made ``load_team_review`` about a quarter slower (1.07–1.16 s against 0.84–0.91 s of CPU per
    review on the demo). The dtype stays pandas' ``str``, with the same values and missing-value
    behaviour; only the storage differs. Frames the call returns keep the Python storage
    (``StringDtype("python")``, which compares unequal to the Arrow one in ``assert_frame_equal``), and
    ``mode.string_storage`` is a process-wide option: another thread creating frames during the call
    gets Python storage too.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with pd.option_context("mode.string_storage", "python"):
            return fn(*args, **kwargs)

    return wrapper
