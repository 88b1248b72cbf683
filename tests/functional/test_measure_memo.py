"""Reviews read the same numbers whether or not their slice remembers measures per period.

``load_slice`` returns a :class:`~salesnb.warehouse.slices.Slice`, on which ``compute_measures`` keeps
each period's measures and a review primes them in one pass. Without it every analysis computes its
own: the reviews must not differ by a single value.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import salesnb.analysis.common
import salesnb.kpis.measures
from salesnb.reviews import load_team_review
from salesnb.reviews.rep import load_rep_review


class _NotASlice:  # isinstance(data, _NotASlice) is never true: nothing is remembered
    pass


def _assert_same(a: object, b: object, where: str) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=where)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=where)
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_same(x, y, f"{where}[{i}]")
    else:
        assert a == b or (a != a and b != b), f"{where}: {a!r} != {b!r}"  # NaN equals NaN here


@pytest.mark.parametrize(
    ("load", "who", "period"),
    [
        (load_team_review, "bj-field", "2026-10"),
        (load_team_review, "sh-online", "2026-Q3"),
        (load_rep_review, "sh-telesales-r04", "2026-10"),
    ],
)
def test_remembered_measures_change_nothing(demo_db, monkeypatch, load, who, period):
    remembered = load(who, period, "en", db_path=str(demo_db))
    for module in (salesnb.kpis.measures, salesnb.analysis.common):
        monkeypatch.setattr(module, "Slice", _NotASlice)
    computed_each_time = load(who, period, "en", db_path=str(demo_db))
    _assert_same(remembered, computed_each_time, who)
