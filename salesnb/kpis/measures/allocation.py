"""Measures shared out by working days: headcount, quotas and costs.

A week takes the working-day share of each month it touches, so a month's quota or cost is never
counted twice and a rep who joined mid-month carries only their days of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from salesnb.kpis.measures.frames import INDEX, empty_measures
from salesnb.periods import Period
from salesnb.warehouse.memberships import in_team_bounds


def _busdays(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    start_d = start.astype("datetime64[D]")
    end_d = end.astype("datetime64[D]")
    return np.where(end_d > start_d, np.busday_count(start_d, np.maximum(end_d, start_d)), 0)


def measure_headcount(reps: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Working days each rep was employed in each period, and whether they were on the team at all.

    Columns: ``working_days`` (Monday–Friday days between hire and leaving), ``headcount`` (1 if the
    rep was employed on any day of the period).
    """
    joined, gone = in_team_bounds(reps)  # hiring and leaving, or joining and leaving the team
    hire = joined.to_numpy(dtype="datetime64[D]")
    left = gone.to_numpy(dtype="datetime64[D]")
    far = np.datetime64("9999-01-01", "D")
    hire = np.where(np.isnat(hire), np.datetime64("1900-01-01", "D"), hire)  # unknown: employed all along
    left = np.where(np.isnat(left), far, left)
    # every (period, rep) pair at once, period by period as rows
    starts = np.array([np.datetime64(p.start, "D") for p in periods], dtype="datetime64[D]")[:, None]
    ends = np.array([np.datetime64(p.end, "D") for p in periods], dtype="datetime64[D]")[:, None]
    start = np.maximum(hire[None, :], starts).ravel()
    end = np.minimum(left[None, :], ends).ravel()
    n = len(reps)
    out = pd.DataFrame(
        {
            "period": np.repeat(np.array([p.label for p in periods], dtype=object), n),
            "rep_id": np.tile(reps["rep_id"].to_numpy(), len(periods)),
            "working_days": _busdays(start, end),
            "headcount": (end > start).astype(int),
        }
    )
    return out[out["headcount"] > 0].groupby(INDEX, sort=True).sum()


def measure_targets(
    targets: pd.DataFrame, periods: Sequence[Period], metric: str = "revenue", column: str = "quota"
) -> pd.DataFrame:
    """Rep targets of ``metric`` per period: monthly targets summed, a week taking its working-day share.

    ``targets`` holds rows with ``scope == "rep"``, ``scope_id``, ``metric``, ``month`` and ``target``.
    """
    rep_targets = targets[(targets["scope"] == "rep") & (targets["metric"] == metric)]
    labels, shares, rows = [], [], []
    for p, _m, share, hit in month_shares(periods, rep_targets["month"]):
        idx = np.flatnonzero(hit)
        labels.append(np.full(len(idx), p.label, dtype=object))
        shares.append(np.full(len(idx), share))
        rows.append(idx)
    if not rows:
        return pd.DataFrame(columns=[column], index=pd.MultiIndex.from_tuples([], names=INDEX))
    # one row per (period, month, target row), in that order, as one frame
    take = np.concatenate(rows)
    frame = pd.DataFrame(
        {
            "period": np.concatenate(labels),
            "rep_id": rep_targets["scope_id"].to_numpy()[take],
            column: rep_targets["target"].to_numpy()[take] * np.concatenate(shares),
        }
    )
    return frame.groupby(INDEX, sort=True).sum()


def measure_costs(costs: pd.DataFrame, reps: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Sales and marketing cost of each team-month, allocated to its reps by working days
    (:func:`allocate_team_months`). Columns: ``sales_cost``, ``marketing_cost``."""
    return allocate_team_months(costs, ["sales_cost", "marketing_cost"], reps, periods)


def measure_team_quotas(
    targets: pd.DataFrame,
    reps: pd.DataFrame,
    periods: Sequence[Period],
    metric: str = "revenue",
    column: str = "team_quota",
) -> pd.DataFrame:
    """What each rep carries of their team's quota: a team with its own target for a month has that
    target shared among its reps by working days; a month without one carries the reps' own targets.

    Summed over a team's reps this is the team's quota (its own target, else the sum of its reps'); the
    rep's own quota (``quota``, :func:`measure_targets`) is never made from a team's target.

    Examples
    --------
    >>> reps = pd.DataFrame({"rep_id": ["a", "b"], "team_id": ["t", "t"], "hire_date": [None, None],
    ...                      "left_date": [None, None]})
    >>> targets = pd.DataFrame({"scope": ["rep", "rep", "team"], "scope_id": ["a", "b", "t"],
    ...                         "metric": "revenue",
    ...                         "month": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-02-01"]),
    ...                         "target": [100.0, 50.0, 400.0]})
    >>> q = measure_team_quotas(targets, reps, [Period.parse("2026-01"), Period.parse("2026-02")])
    >>> q.groupby("period")["team_quota"].sum().tolist()
    [150.0, 400.0]
    """
    chosen = targets[targets["metric"] == metric]
    team = chosen[chosen["scope"] == "team"]
    if team.empty:
        return measure_targets(chosen, periods, metric, column)
    months = pd.to_datetime(team["month"]).dt.strftime("%Y-%m")
    covered = set(zip(team["scope_id"], months, strict=True))
    rep = chosen[chosen["scope"] == "rep"]
    rep_team = rep["scope_id"].map(reps.drop_duplicates("rep_id").set_index("rep_id")["team_id"])
    rep_month = pd.to_datetime(rep["month"]).dt.strftime("%Y-%m")
    own = np.array([(t, m) not in covered for t, m in zip(rep_team, rep_month, strict=True)], dtype=bool)
    shared = team.rename(columns={"scope_id": "team_id", "target": column})[["team_id", "month", column]]
    parts = [
        measure_targets(rep[own], periods, metric, column),
        allocate_team_months(shared, [column], reps, periods),
    ]
    return pd.concat([p for p in parts if len(p)] or parts[:1]).groupby(INDEX, sort=True).sum()


def allocate_team_months(
    frame: pd.DataFrame, columns: list[str], reps: pd.DataFrame, periods: Sequence[Period]
) -> pd.DataFrame:
    """Values of each team-month (``team_id``, ``month``, ``columns``) allocated to its reps by working
    days.

    A rep's share of a team-month is their working days in that month over the working days of every rep
    of the team (by headcount if the team has no working day at all), so a team's reps sum exactly to its
    value. A period sums its months; a week takes the working-day share of each month it touches. A month
    in which no rep of the team was employed has nobody to carry its value and is left out.
    """
    if frame.empty or reps.empty:
        return empty_measures(columns)
    shares = pd.DataFrame(
        [(p.label, m.label, share) for p, m, share, _ in month_shares(periods, frame["month"])],
        columns=["period", "month", "share"],
    )
    if shares.empty:
        return empty_measures(columns)
    months = [Period.parse(label) for label in shares["month"].unique()]
    employed = measure_headcount(reps, months).reset_index().rename(columns={"period": "month"})
    employed = employed.merge(reps[["rep_id", "team_id"]], on="rep_id", how="inner")
    if employed.empty:
        return empty_measures(columns)
    # each rep's share of their team's month: by working days, by headcount if nobody had a working day
    team = employed.groupby(["month", "team_id"])
    days, heads = team["working_days"].transform("sum"), team["headcount"].transform("sum")
    employed["weight"] = (employed["working_days"] / days.where(days > 0)).fillna(
        employed["headcount"] / heads
    )
    monthly = frame.assign(month=pd.to_datetime(frame["month"]).dt.strftime("%Y-%m"))
    monthly = monthly.groupby(["month", "team_id"], as_index=False)[columns].sum()
    alloc = employed.merge(monthly, on=["month", "team_id"]).merge(shares, on="month")
    frac = alloc["weight"] * alloc["share"]
    out = pd.DataFrame(
        {"period": alloc["period"], "rep_id": alloc["rep_id"]} | {c: alloc[c] * frac for c in columns}
    )
    if out.empty:
        return empty_measures(columns)
    return out.groupby(INDEX, sort=True).sum().astype(float)


def month_shares(
    periods: Sequence[Period], month_column: pd.Series
) -> Iterator[tuple[Period, Period, float, np.ndarray]]:
    """``(period, month, share, rows)`` for each month a period touches that has rows in ``month_column``:
    ``share`` is the period's working-day share of the month (1 for a whole month), ``rows`` a boolean
    array over ``month_column``."""
    months = pd.to_datetime(month_column).to_numpy(dtype="datetime64[D]")
    for p in periods:
        for m in p.months():
            share = _overlap_share(p, m)
            hit = months == np.datetime64(m.start, "D")
            if share and hit.any():
                yield p, m, share, hit


def _overlap_share(p: Period, month: Period) -> float:
    start, end = max(p.start, month.start), min(p.end, month.end)
    if end <= start:
        return 0.0
    if p.start <= month.start and p.end >= month.end:
        return 1.0
    total = np.busday_count(month.start, month.end)
    return float(np.busday_count(start, end) / total) if total else 0.0
