"""The pipeline at a moment: the deals open then, with the stage and the probability they had then.

A deal is open at a moment when it was created before it and not closed by it. Its stage *then* comes
from the stage history (the latest stage entered before the moment), never from its stage today: a deal
open on 31 March and won on 15 April was not "in Won" on 31 March. Without a history entry before the
moment its stage then is **unknown**, with one exception: a deal still open in the data was in its
recorded stage at any moment after the data's last record (:func:`records_end`), since nothing after
that moment could have been recorded.

Its probability then is what the stage then gives: the deal's recorded probability when the stage then
is the stage the deal is still in (the probability a CRM records belongs to the current stage), else the
standard probability of that stage (:data:`~salesnb.warehouse.schema.STAGE_PROBABILITY`). With the
stage unknown the probability is unknown too (NaN): a past weighted pipeline is then unavailable, not
the pipeline weighted by each deal's final outcome.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from salesnb.warehouse.schema import OPEN_STAGES, STAGE_PROBABILITY

#: Days in the same stage after which an open deal is stalled (``stalled_days`` of
#: ``params/risk_rules.yaml`` defaults to it).
STALLED_DAYS = 30
#: Columns :func:`open_deals_at` adds to the deals.
THEN_COLUMNS = ("stage_then", "stage_entered_at", "stage_known", "probability_then")


def records_end(opportunities: pd.DataFrame, stage_history: pd.DataFrame) -> pd.Timestamp:
    """The latest day the deals record anything: a creation, a close or a stage entered (NaT: none).

    Examples
    --------
    >>> o = pd.DataFrame({"created_date": pd.to_datetime(["2026-03-01"]),
    ...                   "close_date": pd.to_datetime(["2026-04-15"])})
    >>> records_end(o, pd.DataFrame({"entered_at": pd.to_datetime([])}))
    Timestamp('2026-04-15 00:00:00')
    """
    days = [
        pd.to_datetime(opportunities["created_date"]).max(),
        pd.to_datetime(opportunities["close_date"]).max(),
        pd.to_datetime(stage_history["entered_at"]).max() if len(stage_history) else pd.NaT,
    ]
    days = [d for d in days if pd.notna(d)]
    return max(days).normalize() if days else pd.NaT


def open_deals_at(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    moment: pd.Timestamp,
    now: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Deals open at ``moment`` (created before it, not closed before it) with their state then.

    Adds ``stage_then`` (missing when unknown; never a closed stage), ``stage_entered_at`` (NaT when
    unknown), ``stage_known`` and ``probability_then`` (NaN when unknown), see the module docstring.
    ``now`` is the moment the deals' recorded stage and probability describe (the data's as-of day);
    by default the day after :func:`records_end`.

    Examples
    --------
    A deal open on 31 March and won on 15 April was in proposal then, at proposal's 50 %:

    >>> o = pd.DataFrame({"opportunity_id": ["d"], "status": ["won"], "stage": ["closed_won"],
    ...     "probability": [1.0], "created_date": pd.to_datetime(["2026-03-01"]),
    ...     "close_date": pd.to_datetime(["2026-04-15"])})
    >>> h = pd.DataFrame({"opportunity_id": ["d", "d"], "stage": ["proposal", "closed_won"],
    ...     "entered_at": pd.to_datetime(["2026-03-20", "2026-04-15"])})
    >>> d = open_deals_at(o, h, pd.Timestamp("2026-04-01"))
    >>> d["stage_then"].tolist(), d["probability_then"].tolist()
    (['proposal'], [0.5])
    >>> open_deals_at(o, h.iloc[0:0], pd.Timestamp("2026-04-01"))["stage_known"].tolist()
    [False]
    """
    deals = open_deals_over(opportunities, stage_history, [moment], now)
    return deals.drop(columns="moment")


def open_deals_over(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    moments: Iterable[pd.Timestamp],
    now: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """:func:`open_deals_at` at each of ``moments`` in one pass: a row per deal and moment it was open
    at, with the ``moment`` column, by moment (ascending) and then in the deals' order.

    Each deal is spread over the moments between its creation and its close (a binary search each),
    and its stage then is the latest history entry before each moment (one as-of join on the history
    sorted once), so the cost grows with the rows, not with the number of moments.

    Examples
    --------
    >>> o = pd.DataFrame({"opportunity_id": ["a", "b"], "status": ["open", "won"],
    ...     "stage": ["proposal", "closed_won"], "probability": [0.4, 1.0], "amount": [10.0, 20.0],
    ...     "created_date": pd.to_datetime(["2026-01-15", "2026-02-10"]),
    ...     "close_date": pd.to_datetime([None, "2026-03-20"])})
    >>> h = pd.DataFrame({"opportunity_id": ["a", "b", "b"],
    ...     "stage": ["proposal", "qualification", "closed_won"],
    ...     "entered_at": pd.to_datetime(["2026-01-15", "2026-02-10", "2026-03-20"])})
    >>> d = open_deals_over(o, h, pd.to_datetime(["2026-02-01", "2026-03-01", "2026-04-01"]))
    >>> d[["moment", "opportunity_id", "stage_then"]].astype(str).values.tolist()
    [['2026-02-01', 'a', 'proposal'], ['2026-03-01', 'a', 'proposal'], ['2026-03-01', 'b', 'qualification'], \
['2026-04-01', 'a', 'proposal']]
    """
    at = np.unique(pd.to_datetime(pd.Index(list(moments))).dropna().to_numpy("datetime64[ns]"))
    created = pd.to_datetime(opportunities["created_date"]).to_numpy("datetime64[ns]")
    closed = pd.to_datetime(opportunities["close_date"]).to_numpy("datetime64[ns]")
    # open at a moment: created before it, not closed before it (no close: open at every later moment)
    first = np.searchsorted(at, created, side="right")
    after = np.where(np.isnat(closed), len(at), np.searchsorted(at, closed, side="right"))
    count = np.where(np.isnat(created), 0, np.clip(after - first, 0, None))
    row = np.repeat(np.arange(len(opportunities)), count)
    step = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
    which = np.repeat(first, count) + step
    order = np.lexsort((row, which))  # by moment, then in the deals' order
    deals = opportunities.iloc[row[order]].reset_index(drop=True)
    deals.insert(0, "moment", at[which[order]])
    then = _stage_then(stage_history, deals)
    deals = pd.concat([deals, then], axis=1)
    still_open = deals["status"].eq("open") & deals["close_date"].isna()
    current = deals["stage"] if "stage" in deals else pd.Series(None, index=deals.index, dtype=object)
    # a closing entry before a close that came later says nothing of the open stage the deal was in
    from_history = deals["stage_then"].isin(OPEN_STAGES)
    if now is None:
        end = records_end(opportunities, stage_history)
        now = end + pd.Timedelta(days=1) if pd.notna(end) else pd.Timestamp.max
    # after the data's last record a deal still open is in its recorded stage (none recorded: unknown)
    recorded = ~from_history & still_open & (deals["moment"] >= now) & current.isin(OPEN_STAGES)
    deals["stage_then"] = deals["stage_then"].where(from_history, current.where(recorded))
    deals["stage_entered_at"] = pd.to_datetime(deals["stage_entered_at"]).where(from_history)
    deals["stage_known"] = from_history | recorded
    # the recorded probability belongs to the stage the deal is still in
    unmoved = from_history & deals["last"].eq(True) & (current.isna() | current.eq(deals["stage_then"]))
    same = still_open & (recorded | unmoved)
    standard = deals["stage_then"].map(STAGE_PROBABILITY)
    own = deals["probability"].astype(float).where(same)
    deals["probability_then"] = own.fillna(standard).where(deals["stage_known"]).astype(float)
    return deals.drop(columns="last")


def _stage_then(stage_history: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """For each row of ``deals`` (``opportunity_id``, ``moment``; sorted by moment) the latest stage
    entered before the moment: ``stage_then``, ``stage_entered_at`` and ``last`` (no later entry in the
    whole history: the deal has not moved since); missing where the history has none."""
    hist = stage_history[stage_history["opportunity_id"].isin(deals["opportunity_id"])]
    hist = hist.sort_values(["opportunity_id", "entered_at"], kind="stable")
    entered = pd.to_datetime(hist["entered_at"])
    hist = pd.DataFrame(
        {
            "opportunity_id": pd.Series(hist["opportunity_id"].to_numpy(), dtype=object),
            "stage_then": hist["stage"].to_numpy(),
            "stage_entered_at": entered.to_numpy(),  # as stored; the join key below is in nanoseconds
            "entered": entered.to_numpy("datetime64[ns]"),
            "last": (~hist["opportunity_id"].duplicated(keep="last")).to_numpy(),
        }
    )
    hist = hist[hist["entered"].notna()].sort_values("entered", kind="stable")
    left = pd.DataFrame(
        {
            "opportunity_id": pd.Series(deals["opportunity_id"].to_numpy(), dtype=object),
            "moment": deals["moment"].to_numpy("datetime64[ns]"),
        }
    )
    joined = pd.merge_asof(
        left,
        hist,
        left_on="moment",
        right_on="entered",
        by="opportunity_id",
        direction="backward",
        allow_exact_matches=False,  # an entry on the moment itself is not before it
    )
    return joined[["stage_then", "stage_entered_at", "last"]].set_axis(deals.index)
