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

import pandas as pd

from salesnb.warehouse.schema import OPEN_STAGES, STAGE_PROBABILITY

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


def stage_at(stage_history: pd.DataFrame, moment: pd.Timestamp) -> pd.DataFrame:
    """Each deal's latest stage entered before ``moment``: ``opportunity_id``, ``stage``, ``entered_at``,
    and ``last`` (no later entry in the whole history: the deal has not moved since)."""
    hist = stage_history.sort_values(["opportunity_id", "entered_at"], kind="stable")
    last = ~hist["opportunity_id"].duplicated(keep="last")
    before = pd.to_datetime(hist["entered_at"]) < moment
    out = hist[before].assign(last=last[before]).drop_duplicates("opportunity_id", keep="last")
    return out[["opportunity_id", "stage", "entered_at", "last"]]


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
    created = pd.to_datetime(opportunities["created_date"])
    closed = pd.to_datetime(opportunities["close_date"])
    is_open = (created < moment) & (closed.isna() | (closed >= moment))
    deals = opportunities[is_open].reset_index(drop=True)
    mine = stage_history[stage_history["opportunity_id"].isin(deals["opportunity_id"])]
    then = stage_at(mine, moment).rename(columns={"stage": "stage_then", "entered_at": "stage_entered_at"})
    deals = deals.merge(then, on="opportunity_id", how="left")
    still_open = deals["status"].eq("open") & deals["close_date"].isna()
    current = deals["stage"] if "stage" in deals else pd.Series(None, index=deals.index, dtype=object)
    # a closing entry before a close that came later says nothing of the open stage the deal was in
    from_history = deals["stage_then"].isin(OPEN_STAGES)
    if now is None:
        end = records_end(opportunities, stage_history)
        now = end + pd.Timedelta(days=1) if pd.notna(end) else pd.Timestamp.max
    # after the data's last record a deal still open is in its recorded stage (none recorded: unknown)
    recorded = ~from_history & still_open & (moment >= now) & current.isin(OPEN_STAGES)
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
