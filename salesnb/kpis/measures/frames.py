"""The frame every measure returns: rows indexed by ``(period, rep_id)``, one column per measure, and
the helpers that label records with their period and sum them per rep."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from salesnb.periods import Period
from salesnb.warehouse.schema import TABLES

INDEX = ["period", "rep_id"]

#: Frames a slice may lack (slices built by hand, older callers): a missing one counts as empty.
OPTIONAL_FRAMES = ("orders", "customers", "costs", "surveys", "stage_history")

_DTYPES = {
    "str": object,
    "date": "datetime64[ns]",
    "timestamp": "datetime64[ns]",
    "float": float,
    "int": "Int64",
    "bool": "boolean",
}


def frame_or_empty(data: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """``data[name]``, or an empty frame with the columns of warehouse table ``name`` when it is missing.

    Examples
    --------
    >>> frame_or_empty({}, "costs").columns.tolist()
    ['team_id', 'month', 'sales_cost', 'marketing_cost']
    """
    if data.get(name) is not None:
        return data[name]
    return pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in TABLES[name].columns})


def empty_measures(columns: list[str]) -> pd.DataFrame:
    """A measures frame with ``columns`` and no row.

    Examples
    --------
    >>> empty_measures(["revenue"]).index.names
    FrozenList(['period', 'rep_id'])
    """
    index = pd.MultiIndex.from_arrays([[], []], names=INDEX)
    return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}, index=index)


def assign_period(dates: pd.Series, periods: Sequence[Period]) -> pd.Series:
    """Label each date with the period that contains it (missing where none does).

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-09-30", "2026-10-01", "2027-01-01"]))
    >>> assign_period(s, [Period.parse("2026-09"), Period.parse("2026-10")]).tolist()
    ['2026-09', '2026-10', nan]
    """
    ordered = sorted(periods)
    starts = np.array([np.datetime64(p.start, "ns") for p in ordered])
    ends = np.array([np.datetime64(p.end, "ns") for p in ordered])
    labels = np.array([p.label for p in ordered], dtype=object)
    values = pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(starts, values, side="right") - 1
    ok = (pos >= 0) & ~np.isnat(values)
    pos_safe = np.clip(pos, 0, len(ordered) - 1)
    ok &= values < ends[pos_safe]
    out = np.where(ok, labels[pos_safe], np.nan)
    return pd.Series(out, index=dates.index, dtype=object)


def sum_by_period(df: pd.DataFrame, period: pd.Series, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """``columns`` summed per period label and ``df``'s rep; rows outside every period are left out."""
    frame = pd.DataFrame({"period": period, "rep_id": df["rep_id"], **columns})
    frame = frame.dropna(subset=["period"])
    return frame.groupby(INDEX, sort=True).sum()
