"""Stage conversion and time in stage, and the bottleneck stage against the team's own history.

A deal *leaves* a stage when its stage history shows the next entry (or, failing that, the deal's
close): it **advanced** when the next stage is further down the funnel (or won), was **lost** when it
closed lost, and **went back** otherwise. Per stage and window:

* ``conversion`` = advanced ÷ deals that left the stage in the window;
* ``median_days`` = median days in the stage over the deals that left it in the window *and* the deals
  still in it at the window's end, counted at their age so far. Counting the deals still waiting keeps
  a stall visible while it lasts: only counting the deals that got out would hide the ones that did not.

The **bottleneck** compares the recent window with the baseline window just before it. Per stage the
*days per advance* (median days ÷ conversion) is the time the stage costs for each deal it lets through;
the stage whose days per advance grew the most (``deterioration`` = recent ÷ baseline) is the bottleneck.
Without a baseline the stage with the most days per advance is named instead (``reason`` says which).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import STAGE_ORDER, ts
from salesnb.periods import Period
from salesnb.warehouse.schema import OPEN_STAGES

#: Periods in the recent window the bottleneck looks at: one month holds too few field deals per stage.
RECENT_PERIODS = 3
#: Periods before the recent window that make the team's own baseline.
BASELINE_PERIODS = 6
#: Fewest deals (left the stage or waiting in it) for a stage's numbers to count in either window.
MIN_STAGE_DEALS = 5
#: A deterioration (recent ÷ baseline days per advance) from which the bottleneck is ``significant``:
#: the stage now costs twice the days for each deal it lets through. Below that, a three-month window
#: of a small field team moves by half again through luck alone.
BOTTLENECK_RATIO = 2.0

STAGE_COLUMNS = [
    "stage", "entered", "left", "advanced", "lost", "went_back", "conversion", "median_days_left",
    "in_stage_at_end", "median_age_at_end", "median_days", "days_per_advance",
]  # fmt: skip


def stage_moves(opportunities: pd.DataFrame, stage_history: pd.DataFrame) -> pd.DataFrame:
    """One row per stay in an open stage: ``opportunity_id``, ``rep_id``, ``stage``, ``entered_at``,
    ``left_at`` (NaT while still there), ``outcome`` (advanced / lost / went_back / NaN while there).
    """
    hist = stage_history.sort_values(["opportunity_id", "entered_at"], kind="stable")
    # a repeated entry of the stage the deal is already in is no move
    deal = hist["opportunity_id"]
    hist = hist[~(deal.eq(deal.shift()) & hist["stage"].eq(hist["stage"].shift()))].reset_index(drop=True)
    same = hist["opportunity_id"].eq(hist["opportunity_id"].shift(-1))
    hist["next_stage"] = hist["stage"].shift(-1).where(same)
    hist["left_at"] = pd.to_datetime(hist["entered_at"].shift(-1)).where(same)
    opps = opportunities.set_index("opportunity_id")
    # a deal closed without a closing entry in its history left its last stage on its close date
    last = ~same & hist["stage"].isin(OPEN_STAGES)
    ids = hist.loc[last, "opportunity_id"]
    status = ids.map(opps["status"])
    closed = status.isin(["won", "lost"])
    fill = closed[closed].index
    if len(fill):
        hist.loc[fill, "next_stage"] = np.where(status[fill] == "won", "closed_won", "closed_lost")
        hist.loc[fill, "left_at"] = pd.to_datetime(ids[fill].map(opps["close_date"])).to_numpy()
    stays = hist[hist["stage"].isin(OPEN_STAGES)].copy()
    here = stays["stage"].map(STAGE_ORDER)
    there = stays["next_stage"].map(STAGE_ORDER)
    outcome = pd.Series("went_back", index=stays.index, dtype=object)
    outcome[there > here] = "advanced"
    outcome[stays["next_stage"].eq("closed_lost")] = "lost"
    outcome[stays["next_stage"].isna()] = None
    stays["outcome"] = outcome
    stays["rep_id"] = stays["opportunity_id"].map(opps["rep_id"]).to_numpy()
    stays["entered_at"] = pd.to_datetime(stays["entered_at"])
    return stays[["opportunity_id", "rep_id", "stage", "entered_at", "left_at", "outcome"]].reset_index(
        drop=True
    )


def stage_stats(moves: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per open stage, in funnel order, the stays of :func:`stage_moves` over ``[start, end)``.

    Columns: ``entered`` (stays begun in the window), ``left``, ``advanced``, ``lost``, ``went_back``,
    ``conversion`` (advanced ÷ left), ``median_days_left`` (over the stays that ended in the window),
    ``in_stage_at_end`` (deals still in the stage at ``end``), ``median_age_at_end``, ``median_days``
    (over both, see the module docstring) and ``days_per_advance`` (median_days ÷ conversion).
    """
    day = pd.Timedelta(days=1)
    left = moves[(moves["left_at"] >= start) & (moves["left_at"] < end)]
    waiting = moves[(moves["entered_at"] < end) & (moves["left_at"].isna() | (moves["left_at"] >= end))]
    rows = []
    for stage in OPEN_STAGES:
        out = left[left["stage"] == stage]
        wait = waiting[waiting["stage"] == stage]
        done_days = (out["left_at"] - out["entered_at"]) / day
        ages = (end - wait["entered_at"]) / day
        both = pd.concat([done_days, ages])
        n_left = len(out)
        advanced = int((out["outcome"] == "advanced").sum())
        conversion = advanced / n_left if n_left else np.nan
        median_days = float(both.median()) if len(both) else np.nan
        rows.append(
            {
                "stage": stage,
                "entered": int(
                    (
                        (moves["stage"] == stage)
                        & (moves["entered_at"] >= start)
                        & (moves["entered_at"] < end)
                    ).sum()
                ),
                "left": n_left,
                "advanced": advanced,
                "lost": int((out["outcome"] == "lost").sum()),
                "went_back": int((out["outcome"] == "went_back").sum()),
                "conversion": conversion,
                "median_days_left": float(done_days.median()) if n_left else np.nan,
                "in_stage_at_end": len(wait),
                "median_age_at_end": float(ages.median()) if len(wait) else np.nan,
                "median_days": median_days,
                "days_per_advance": median_days / conversion if conversion else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def find_bottleneck(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    period: Period,
    recent_periods: int = RECENT_PERIODS,
    baseline_periods: int = BASELINE_PERIODS,
    min_deals: int = MIN_STAGE_DEALS,
    ratio: float = BOTTLENECK_RATIO,
) -> pd.DataFrame:
    """Per stage the recent and baseline numbers and which stage is the bottleneck.

    The recent window is the ``recent_periods`` ending with ``period``; the baseline the
    ``baseline_periods`` before it. Columns: ``stage``; ``conversion``, ``median_days``,
    ``days_per_advance``, ``left`` and ``in_stage_at_end`` for the recent window and the same with a
    ``baseline_`` prefix; ``conversion_change`` (points), ``days_change`` (recent ÷ baseline median
    days), ``deterioration`` (recent ÷ baseline days per advance); ``is_bottleneck``; ``reason``
    (``deteriorated`` or ``slowest_stage``, on the bottleneck row only); ``significant``
    (deterioration ≥ ``ratio``); ``threshold`` (``ratio``); ``recent_start``, ``recent_end``,
    ``baseline_start``.

    Examples
    --------
    A stage whose days per advance went from 10 ÷ 0.5 = 20 to 30 ÷ 0.25 = 120 deteriorated 6×.
    """
    recent = period.history(recent_periods)
    base = recent[0].previous().history(baseline_periods) if baseline_periods else []
    moves = stage_moves(opportunities, stage_history)
    now = stage_stats(moves, ts(recent[0].start), ts(period.end))
    cols = ["conversion", "median_days", "days_per_advance", "left", "in_stage_at_end"]
    out = now[["stage", *cols]].copy()
    if base:
        before = stage_stats(moves, ts(base[0].start), ts(base[-1].end))
        for c in cols:
            out[f"baseline_{c}"] = before[c].to_numpy()
    else:
        for c in cols:
            out[f"baseline_{c}"] = np.nan
    out["conversion_change"] = out["conversion"] - out["baseline_conversion"]
    out["days_change"] = out["median_days"] / out["baseline_median_days"]
    out["deterioration"] = out["days_per_advance"] / out["baseline_days_per_advance"]
    enough = (out["left"] + out["in_stage_at_end"]) >= min_deals
    enough_base = (out["baseline_left"] + out["baseline_in_stage_at_end"]) >= min_deals
    # a stage that let nothing through lately has infinite days per advance: the worst deterioration
    out = out.replace([np.inf, -np.inf], np.nan)
    stuck = enough & out["left"].gt(0) & out["conversion"].eq(0)
    score = out["deterioration"].where(enough & enough_base)
    score = score.mask(stuck & enough_base, np.inf)
    out["is_bottleneck"] = False
    out["reason"] = None
    if score.notna().any():
        i = score.idxmax()
        out.loc[i, "reason"] = "deteriorated"
    else:
        fallback = out["days_per_advance"].where(enough).mask(stuck, np.inf)
        i = fallback.idxmax() if fallback.notna().any() else None
        if i is not None:
            out.loc[i, "reason"] = "slowest_stage"
    if i is not None:
        out.loc[i, "is_bottleneck"] = True
    out["threshold"] = ratio
    out["significant"] = out["is_bottleneck"] & (
        out["deterioration"].ge(ratio) | (stuck & enough_base & out["reason"].eq("deteriorated"))
    )
    out["recent_start"] = recent[0].label
    out["recent_end"] = period.label
    out["baseline_start"] = base[0].label if base else None
    return out
