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
    which made ``load_team_review`` about a quarter slower (0.98–1.16 s against 0.73–0.88 s of CPU per
    review on the demo). The dtype stays pandas' ``str``, with the same values and missing-value
    behaviour; only the storage differs, and only during the call (``mode.string_storage``).
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with pd.option_context("mode.string_storage", "python"):
            return fn(*args, **kwargs)

    return wrapper
