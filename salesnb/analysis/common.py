"""Small helpers the analyses share: tenure, coverage of the history, deal state at a moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from salesnb.kpis.engine import TEAM_QUOTAS
from salesnb.kpis.measures import (
    compute_measures,
    measure_activity,
    measure_deals,
    measure_headcount,
    measure_leads,
    measure_new_customers,
    measure_pipeline,
    measure_targets,
    per_period,
)

# re-exported: the analyses read the pipeline at a moment from here
from salesnb.kpis.measures.pipeline import open_deals_at as open_deals_at
from salesnb.kpis.measures.pipeline import open_deals_over
from salesnb.periods import Period
from salesnb.warehouse.schema import OPEN_STAGES
from salesnb.warehouse.slices import Slice, in_team_bounds

#: Months a new hire ramps up: in them a rep is labelled *ramping*, their periods never count as
#: "below target", and they are left out of peer benchmarks. Three to six months is the usual ramp in
#: sales plans; six is the cautious end, so a rep still learning is not judged against full quota.
RAMP_MONTHS = 6

#: Funnel order of every stage (closed ones last) for deciding whether a move went forward.
STAGE_ORDER = {s: i for i, s in enumerate((*OPEN_STAGES, "closed_won"))}


def ts(day: date | pd.Timestamp) -> pd.Timestamp:
    """A day as a pandas timestamp (midnight)."""
    return pd.Timestamp(day)


def months_between(start: pd.Series, at: date) -> pd.Series:
    """Whole calendar months from each ``start`` to ``at`` (a hire on 7 July is 3 months in on 7 Oct).

    Examples
    --------
    >>> months_between(pd.Series(pd.to_datetime(["2026-07-07", "2026-07-08"])), date(2026, 10, 7)).tolist()
    [3, 2]
    """
    s = pd.to_datetime(start)
    at_ts = ts(at)
    months = (at_ts.year - s.dt.year) * 12 + (at_ts.month - s.dt.month)
    return (months - (s.dt.day > at_ts.day).astype(int)).astype("Int64")


def tenure_months(reps: pd.DataFrame, at: date) -> pd.Series:
    """Completed months of employment at ``at`` per ``rep_id`` (missing hire date: missing)."""
    return pd.Series(months_between(reps["hire_date"], at).to_numpy(), index=reps["rep_id"].to_numpy())


def employed_at(reps: pd.DataFrame, at: date) -> pd.Series:
    """Whether each rep (index ``rep_id``) was on the team on ``at``: hired (or joined) by then and not yet
    left (or moved to another team)."""
    hire, left = in_team_bounds(reps)
    ok = (hire.isna() | (hire <= ts(at))) & (left.isna() | (left > ts(at)))
    return pd.Series(ok.to_numpy(), index=reps["rep_id"].to_numpy())


def data_start(data: dict[str, pd.DataFrame]) -> date:
    """The first day the slice has a record of: an activity or a deal closing.

    Deals created earlier but still open are the opening pipeline, not history, so creation dates do
    not count. With no record at all: ``date.max`` (nothing is covered).
    """
    days = []
    daily = data.get("activity_daily")
    if daily is not None and len(daily):
        days.append(pd.to_datetime(daily["day"]).min())
    opps = data.get("opportunities")
    if opps is not None and len(opps):
        days.append(pd.to_datetime(opps["close_date"]).min())
    days = [d for d in days if pd.notna(d)]
    return min(days).date() if days else date.max


def rep_data_start(data: dict[str, pd.DataFrame], rep_id: str) -> date:
    """The first day a rep's trend covers: their hire date (not before the slice's first record,
    :func:`data_start`), or without one the rep's own first record (a deal created or closed, an
    activity), whichever is earlier. ``date.max`` with neither: nothing is known of the rep.

    Periods before it are absent from the rep's trend, not periods of zero sales: an export reaching
    back to 2014 says nothing of a rep whose first deal is from 2017.

    Examples
    --------
    >>> o = pd.DataFrame({"rep_id": ["a"], "created_date": pd.to_datetime(["2017-03-05"]),
    ...                   "close_date": pd.to_datetime(["2017-04-01"])})
    >>> r = pd.DataFrame({"rep_id": ["a"], "hire_date": pd.to_datetime([None])})
    >>> d = pd.DataFrame({"rep_id": [], "day": pd.to_datetime([])})
    >>> rep_data_start({"reps": r, "opportunities": o, "activity_daily": d}, "a")
    datetime.date(2017, 3, 5)
    """
    opps = data["opportunities"]
    opps = opps[opps["rep_id"] == rep_id]
    daily = data["activity_daily"]
    days = [
        pd.to_datetime(opps["created_date"]).min(),
        pd.to_datetime(opps["close_date"]).min(),
        pd.to_datetime(daily.loc[daily["rep_id"] == rep_id, "day"]).min(),
    ]
    hire = pd.to_datetime(data["reps"].set_index("rep_id")["hire_date"]).get(rep_id)
    if hire is not None and pd.notna(hire):
        start = data_start(data)
        days.append(max(hire, ts(start)) if start != date.max else hire)
    days = [d for d in days if pd.notna(d)]
    return min(days).date() if days else date.max


def core_measures(
    data: dict[str, pd.DataFrame], periods: Sequence[Period], full: bool = True
) -> pd.DataFrame:
    """The measures the analyses read, per ``(period, rep_id)``, zero where nothing happened.

    A subset of :func:`salesnb.kpis.compute_measures` built from the same measure functions (so the
    definitions cannot drift): headcount and working days, deals, activity and quota, and with ``full``
    the pipeline, leads and new customers too. Leaving out the measures no analysis here reads keeps
    every analysis fast whatever the catalog grows to.
    """
    return per_period(data, ("core", full), lambda d, ps: _core_measures(d, ps, full), periods)


def _core_measures(data: dict[str, pd.DataFrame], periods: Sequence[Period], full: bool) -> pd.DataFrame:
    if not periods:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["period", "rep_id"]))
    parts = [
        measure_headcount(data["reps"], periods),
        measure_deals(data["opportunities"], periods),
        measure_activity(data["activity_daily"], periods),
        measure_targets(data["targets"], periods),
    ]
    if full:
        parts += [
            measure_pipeline(data["opportunities"], periods, data.get("stage_history")),
            measure_leads(data["leads"], periods),
            measure_new_customers(data["first_won"], periods),
        ]
    labels = {p.label for p in periods}
    out = pd.concat(parts, axis=1).fillna(0.0)
    out = out[out.index.get_level_values("period").isin(labels)]
    return out.astype(float).sort_index()


def prime_measures(data: dict[str, pd.DataFrame], period: Period, earliest: date, slice_start: date) -> None:
    """Compute, in one pass each, the measures a review of ``period`` reads, when ``data`` is a
    :class:`~salesnb.warehouse.slices.Slice` (which remembers them; plain frames are left alone).

    That is every period of ``period``'s grain and every month to ``period``, from ``earliest`` (the
    first period the review shows) or from the slice's first record on or after ``slice_start``,
    whichever is earlier. The numbers are those each analysis would compute for itself, in one or two
    calls instead of one per analysis (the signals' core measures keep their own memo).
    """
    if not isinstance(data, Slice):
        return
    first = min(earliest, max(slice_start, data_start(data)))
    periods = period.since(first)
    compute_measures(data, [*periods, *Period.containing(period.last_day, "month").since(first)])


def team_measures(data: dict[str, pd.DataFrame], periods: Sequence[Period]) -> pd.DataFrame:
    """Measures summed over every rep of the slice, one row per period label (all periods present).

    Periods before the first day the slice holds records for are missing (NaN), not zero: a history
    that starts in February 2025 says nothing about January 2025; they are not computed either. Every
    measure of :func:`~salesnb.kpis.compute_measures` is there, so any KPI of the catalog can be trended
    (on a slice the review has usually computed them already).
    """
    start = data_start(data)
    covered = [p for p in periods if p.end > start]
    measures = compute_measures(data, covered)
    labels = [p.label for p in periods]
    rolled = measures.groupby(level="period").sum().reindex(labels).fillna(0.0)
    for own, team in TEAM_QUOTAS.items():  # the team's quota: its own target where it has one (as rollup)
        if own in rolled and team in rolled:
            rolled[own] = rolled[team]
    rolled.loc[[p.end <= start for p in periods]] = np.nan
    return rolled


def open_deals(data: dict[str, pd.DataFrame], moment: pd.Timestamp) -> pd.DataFrame:
    """:func:`~salesnb.kpis.measures.pipeline.open_deals_at` on the slice's deals and stage history (the
    stage and probability each deal had at ``moment``, unknown without history), remembered per moment by a
    :class:`~salesnb.warehouse.slices.Slice` (a review asks for the pipeline at the period's end in the
    forecast, the risks and the workload). Each call returns its own frame: add columns freely.
    """
    return open_deals_many(data, [moment])[pd.Timestamp(moment)]


def open_deals_many(
    data: dict[str, pd.DataFrame], moments: Sequence[pd.Timestamp]
) -> dict[pd.Timestamp, pd.DataFrame]:
    """:func:`open_deals` at each of ``moments``, the ones not remembered yet computed in one pass
    (:func:`~salesnb.kpis.measures.pipeline.open_deals_over`): the forecast's backtest asks for the
    pipeline at the start of each of its periods."""
    wanted = list(dict.fromkeys(pd.Timestamp(m) for m in moments))
    memo = data.memo if isinstance(data, Slice) else {}
    missing = [m for m in wanted if ("open_deals_at", m) not in memo]
    if missing:
        over = open_deals_over(data["opportunities"], data["stage_history"], missing)
        by_moment = dict(iter(over.groupby("moment", sort=False)))
        for m in missing:
            found = by_moment.get(m)
            rows = found if found is not None else over.iloc[0:0]
            memo[("open_deals_at", m)] = rows.drop(columns="moment").reset_index(drop=True)
    return {m: memo[("open_deals_at", m)].copy() for m in wanted}


def quantile(values: pd.Series, q: float) -> float:
    """``values.quantile(q)`` that is NaN, not an error, for an empty series."""
    v = values.dropna()
    return float(v.quantile(q)) if len(v) else float("nan")
