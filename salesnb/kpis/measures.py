"""Additive measures per rep and period: the raw material every KPI is computed from.

Each function takes canonical frames and a list of :class:`~salesnb.periods.Period` and returns a frame
indexed by ``(period, rep_id)``. Because every measure is a sum or a count, a team, region or the whole
organisation is just the sum of its reps' rows, and KPIs (ratios of measures) are recomputed from those
sums at every level, never averaged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from salesnb.periods import Period

INDEX = ["period", "rep_id"]


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


def _sum_by(df: pd.DataFrame, period: pd.Series, columns: dict[str, pd.Series]) -> pd.DataFrame:
    frame = pd.DataFrame({"period": period, "rep_id": df["rep_id"], **columns})
    frame = frame.dropna(subset=["period"])
    return frame.groupby(INDEX, sort=True).sum()


def measure_deals(opportunities: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Won and lost deals closed in each period, with the won amount and days to close.

    Columns: ``revenue`` (won amount), ``deals_won``, ``deals_lost``, ``cycle_days_won`` (sum of days
    from creation to close over won deals).
    """
    closed = opportunities[opportunities["status"].isin(["won", "lost"])]
    won = closed["status"].eq("won")
    days = (pd.to_datetime(closed["close_date"]) - pd.to_datetime(closed["created_date"])).dt.days
    return _sum_by(
        closed,
        assign_period(closed["close_date"], periods),
        {
            "revenue": closed["amount"].where(won, 0.0),
            "deals_won": won.astype(int),
            "deals_lost": (~won).astype(int),
            "cycle_days_won": days.where(won, 0).astype(float),
        },
    )


def measure_pipeline(opportunities: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Deals open at the end of each period: created before the end, not closed before it.

    Columns: ``pipeline`` (open amount), ``pipeline_deals`` (count), ``pipeline_weighted``
    (amount × probability).
    """
    created = pd.to_datetime(opportunities["created_date"])
    closed = pd.to_datetime(opportunities["close_date"])
    prob = opportunities["probability"].fillna(0.0)
    frames = []
    for p in periods:
        end = pd.Timestamp(p.end)
        open_at_end = (created < end) & (closed.isna() | (closed >= end))
        sub = opportunities[open_at_end]
        frames.append(
            pd.DataFrame(
                {
                    "period": p.label,
                    "rep_id": sub["rep_id"],
                    "pipeline": sub["amount"],
                    "pipeline_deals": 1,
                    "pipeline_weighted": sub["amount"] * prob[open_at_end],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["pipeline", "pipeline_deals", "pipeline_weighted"])
    return pd.concat(frames).groupby(INDEX, sort=True).sum()


def measure_leads(leads: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Leads created in each period and leads converted (became customers) in each period."""
    made = _sum_by(
        leads,
        assign_period(leads["created_date"], periods),
        {"leads_created": pd.Series(1, index=leads.index)},
    )
    conv = leads[leads["converted_date"].notna()]
    done = _sum_by(
        conv,
        assign_period(conv["converted_date"], periods),
        {"leads_converted": pd.Series(1, index=conv.index)},
    )
    return made.join(done, how="outer").fillna(0)


def measure_new_customers(first_won: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Customers whose first won deal closed in the period, credited to that deal's owner.

    ``first_won`` has one row per customer: ``customer_id``, ``rep_id``, ``first_won_date``.
    """
    return _sum_by(
        first_won,
        assign_period(first_won["first_won_date"], periods),
        {"new_customers": pd.Series(1, index=first_won.index)},
    )


def measure_activity(daily: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Call and activity counts per period from the daily activity summary.

    ``daily`` has one row per rep, day and activity type with ``activities``, ``connected`` and
    ``talk_seconds`` (the sum of connected-call durations). Columns returned: ``dials``, ``connects``,
    ``talk_seconds``, ``activities`` (every type).
    """
    calls = daily["activity_type"].eq("call")
    return _sum_by(
        daily,
        assign_period(daily["day"], periods),
        {
            "dials": daily["activities"].where(calls, 0),
            "connects": daily["connected"].where(calls, 0),
            "talk_seconds": daily["talk_seconds"].where(calls, 0).astype(float),
            "activities": daily["activities"],
        },
    )


def _busdays(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    start_d = start.astype("datetime64[D]")
    end_d = end.astype("datetime64[D]")
    return np.where(end_d > start_d, np.busday_count(start_d, np.maximum(end_d, start_d)), 0)


def measure_headcount(reps: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Working days each rep was employed in each period, and whether they were on the team at all.

    Columns: ``working_days`` (Monday–Friday days between hire and leaving), ``headcount`` (1 if the
    rep was employed on any day of the period).
    """
    hire = pd.to_datetime(reps["hire_date"]).to_numpy(dtype="datetime64[D]")
    left = pd.to_datetime(reps["left_date"]).to_numpy(dtype="datetime64[D]")
    far = np.datetime64("9999-01-01", "D")
    hire = np.where(np.isnat(hire), np.datetime64("1900-01-01", "D"), hire)  # unknown: employed all along
    left = np.where(np.isnat(left), far, left)
    rows = []
    for p in periods:
        start = np.maximum(hire, np.datetime64(p.start, "D"))
        end = np.minimum(left, np.datetime64(p.end, "D"))
        rows.append(
            pd.DataFrame(
                {
                    "period": p.label,
                    "rep_id": reps["rep_id"].to_numpy(),
                    "working_days": _busdays(start, end),
                    "headcount": (end > start).astype(int),
                }
            )
        )
    out = pd.concat(rows)
    return out[out["headcount"] > 0].groupby(INDEX, sort=True).sum()


def measure_targets(
    targets: pd.DataFrame, periods: Sequence[Period], metric: str = "revenue", column: str = "quota"
) -> pd.DataFrame:
    """Rep targets of ``metric`` per period: monthly targets summed, a week taking its working-day share.

    ``targets`` holds rows with ``scope == "rep"``, ``scope_id``, ``metric``, ``month`` and ``target``.
    """
    rep_targets = targets[(targets["scope"] == "rep") & (targets["metric"] == metric)]
    months = pd.to_datetime(rep_targets["month"])
    rows = []
    for p in periods:
        for m in p.months():
            share = _overlap_share(p, m)
            hit = months == pd.Timestamp(m.start)
            if share == 0 or not hit.any():
                continue
            sub = rep_targets[hit]
            rows.append(
                pd.DataFrame(
                    {
                        "period": p.label,
                        "rep_id": sub["scope_id"].to_numpy(),
                        column: sub["target"].to_numpy() * share,
                    }
                )
            )
    if not rows:
        return pd.DataFrame(columns=[column], index=pd.MultiIndex.from_tuples([], names=INDEX))
    return pd.concat(rows).groupby(INDEX, sort=True).sum()


def _overlap_share(p: Period, month: Period) -> float:
    start, end = max(p.start, month.start), min(p.end, month.end)
    if end <= start:
        return 0.0
    if p.start <= month.start and p.end >= month.end:
        return 1.0
    total = np.busday_count(month.start, month.end)
    return float(np.busday_count(start, end) / total) if total else 0.0


def compute_measures(data: dict[str, pd.DataFrame], periods: Sequence[Period]) -> pd.DataFrame:
    """Every measure for every rep in ``data`` and every period, zero where nothing happened.

    Includes ``next_quota``: the revenue quota of the period after each period (for pipeline coverage).
    """
    labels = [p.label for p in periods]
    nxt = measure_targets(data["targets"], [p.next() for p in periods], column="next_quota")
    if len(nxt):
        back = {p.next().label: p.label for p in periods}
        nxt = nxt.rename(index=back, level="period")
    parts = [
        measure_headcount(data["reps"], periods),
        measure_deals(data["opportunities"], periods),
        measure_pipeline(data["opportunities"], periods),
        measure_leads(data["leads"], periods),
        measure_new_customers(data["first_won"], periods),
        measure_activity(data["activity_daily"], periods),
        measure_targets(data["targets"], periods),
        nxt,
    ]
    out = pd.concat(parts, axis=1).fillna(0.0)
    out = out[out.index.get_level_values("period").isin(labels)]
    return out.astype(float).sort_index()
