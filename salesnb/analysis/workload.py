"""Workload per rep, imbalance across the team, burnout signals and a rebalancing suggestion.

* **Workload** per rep and period: activities of every type, activities per working day, hours
  logged (Σ activity duration), open deals and their amount at the period end, and the shares of
  activities after hours (outside the working day of :mod:`salesnb.warehouse.slices`) and at weekends.
* **Imbalance**: per load metric the busiest rep's value over the team median (``max_to_median``) and
  the coefficient of variation (standard deviation ÷ mean); flagged from :data:`IMBALANCE_RATIO`.
  Managers sell part-time by design and are left out of the comparison.
* **Burnout**: the last :data:`BURNOUT_PERIODS` periods against the same number before them. Effort is
  up when activities per working day rose by :data:`ACTIVITY_UP` or more, or the after-hours or weekend
  share by :data:`OUT_OF_HOURS_UP` points or more; results are down when the win rate or the revenue
  per activity fell by :data:`RESULTS_DOWN` or more. Both together: the burnout signal.
* **Rebalancing**: move open deals from the rep with the most to the rep with the fewest who can take
  them, bringing the giver towards the team median without lifting the receiver above it. A receiver
  is active in the period (an activity, or a deal created or closed in it), employed through it (on
  the team from its first day to its end), past the ramp, not already overloaded with activity, not
  excluded (say, burned out), and has handled deals of the kind moved (new or existing business)
  before: a rep with no deal and no record of selling is no receiver. The suggestion carries the
  receiver's record, so the report can say why them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import (
    RAMP_MONTHS,
    core_measures,
    employed_at,
    open_deals,
    open_deals_at,
    tenure_months,
    ts,
)
from salesnb.kpis import catalog
from salesnb.kpis.measures import assign_period
from salesnb.periods import Period

#: Busiest rep over the team median from which the load is imbalanced: half as much again as the
#: typical rep is more than the spread of a healthy team (about ±20 % in activity).
IMBALANCE_RATIO = 1.5
#: Periods compared for burnout (the recent ones against as many before them): a quarter each.
BURNOUT_PERIODS = 3
#: Relative rise in activities per working day that counts as effort up.
ACTIVITY_UP = 0.20
#: Rise in the after-hours or weekend share (in points of all activities) that counts as effort up;
#: a healthy rep's shares move by about one point between quarters.
OUT_OF_HOURS_UP = 0.05
#: Relative fall in win rate or revenue per activity that counts as results down.
RESULTS_DOWN = 0.20
#: Levels left out of load comparisons and rebalancing (managers sell part-time).
EXCLUDED_LEVELS = ("manager",)

LOAD_METRICS = ("activities_per_day", "open_deals")
IMBALANCE_COLUMNS = [
    "metric", "max", "median", "min", "max_to_median", "cv", "most_loaded", "least_loaded", "threshold",
]  # fmt: skip


def _activity_by(daily: pd.DataFrame, periods: list[Period]) -> pd.DataFrame:
    label = assign_period(daily["day"], periods)
    cols = ["activities", "after_hours", "weekend", "duration_seconds"]
    out = daily[cols].astype(float).groupby([label.rename("period"), daily["rep_id"]]).sum()
    return out


def rep_workload(data: dict[str, pd.DataFrame], period: Period) -> pd.DataFrame:
    """One row per rep employed in the period.

    Columns: ``rep_id``, ``name``, ``level``, ``working_days``, ``activities``, ``activities_per_day``,
    ``hours`` (Σ duration of activities), ``after_hours_share``, ``weekend_share``, ``open_deals`` and
    ``open_amount`` (at the period end), ``tenure_months``, ``employed_at_end``, ``employed_through``
    (on the team from the period's first day to its end), ``deals_handled`` and ``deals_won`` (deals
    owned, and won, created before the period end), ``active`` (an activity, or a deal created or
    closed, in the period), ``compared`` (in the load comparison: not excluded by level),
    ``load_index`` (activities per day ÷ median of the compared reps) and ``deals_index`` (open deals ÷
    their median).
    """
    measures = core_measures(data, [period], full=False)
    staff = measures[measures["headcount"] > 0].droplevel("period")
    acts = _activity_by(data["activity_daily"], [period])
    acts = acts.droplevel("period") if len(acts) else acts
    reps = data["reps"].set_index("rep_id")
    out = pd.DataFrame(index=staff.index)
    out["name"] = reps["name"]
    out["level"] = reps["level"]
    out["working_days"] = staff["working_days"]
    for c in ("activities", "after_hours", "weekend", "duration_seconds"):
        out[c] = acts[c].reindex(out.index).fillna(0.0) if len(acts) else 0.0
    out["activities_per_day"] = catalog.ratio(out["activities"], out["working_days"])
    out["hours"] = out["duration_seconds"] / 3600.0
    out["after_hours_share"] = catalog.after_hours_share(out)
    out["weekend_share"] = catalog.weekend_share(out)
    deals = open_deals(data, ts(period.end))
    # every open deal counts, with or without an amount; the amount of deals whose amounts are all
    # unknown is unknown (NaN), not 0
    amounts = deals.groupby("rep_id")["amount"]
    out["open_deals"] = amounts.size().reindex(out.index).fillna(0).astype(int)
    out["open_amount"] = amounts.sum(min_count=1).reindex(out.index)
    out.loc[out["open_deals"] == 0, "open_amount"] = 0.0
    out["tenure_months"] = tenure_months(data["reps"], period.last_day).reindex(out.index)
    out["employed_at_end"] = employed_at(data["reps"], period.last_day).reindex(out.index).fillna(False)
    from_start = employed_at(data["reps"], period.start).reindex(out.index).fillna(False)
    out["employed_through"] = out["employed_at_end"] & from_start
    record = _selling_record(data["opportunities"], period)
    out["deals_handled"] = record["handled"].reindex(out.index).fillna(0).astype(int)
    out["deals_won"] = record["won"].reindex(out.index).fillna(0).astype(int)
    out["active"] = (out["activities"] > 0) | record["in_period"].reindex(out.index).fillna(0).gt(0)
    out["compared"] = ~out["level"].isin(EXCLUDED_LEVELS)
    med_a = out.loc[out["compared"], "activities_per_day"].median()
    med_d = out.loc[out["compared"], "open_deals"].median()
    out["load_index"] = out["activities_per_day"] / med_a if med_a else np.nan
    out["deals_index"] = out["open_deals"] / med_d if med_d else np.nan
    out = out.drop(columns=["after_hours", "weekend", "duration_seconds"])
    return out.rename_axis("rep_id").reset_index()


def _selling_record(opportunities: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per rep: ``handled`` and ``won`` (deals created before the period end, and those of them won by
    then) and ``in_period`` (deals created or closed in the period)."""
    start, end = ts(period.start), ts(period.end)
    created = pd.to_datetime(opportunities["created_date"])
    closed = pd.to_datetime(opportunities["close_date"])
    owned = created < end
    won = owned & opportunities["status"].eq("won") & (closed < end)
    touched = ((created >= start) & owned) | ((closed >= start) & (closed < end))
    frame = pd.DataFrame({"handled": owned, "won": won, "in_period": touched}).astype(int)
    return frame.groupby(opportunities["rep_id"]).sum()


def team_imbalance(workload: pd.DataFrame, ratio: float = IMBALANCE_RATIO) -> pd.DataFrame:
    """Per load metric of :func:`rep_workload`, how unevenly the compared reps carry it.

    Columns: ``metric``, ``max``, ``median``, ``min``, ``max_to_median``, ``cv``, ``most_loaded``,
    ``least_loaded`` (rep ids), ``threshold`` (``ratio``), ``flagged`` (max_to_median ≥ ratio).

    Examples
    --------
    Activities per day 60, 40, 40, 20: median 40, max ÷ median = 1.5 → flagged at 1.5.
    """
    sub = workload[workload["compared"]] if "compared" in workload else workload
    rows = []
    for metric in LOAD_METRICS:
        v = sub.set_index("rep_id")[metric].astype(float).dropna()
        if v.empty:
            continue
        med = float(v.median())
        mean = float(v.mean())
        rows.append(
            {
                "metric": metric,
                "max": float(v.max()),
                "median": med,
                "min": float(v.min()),
                "max_to_median": float(v.max()) / med if med else np.nan,
                "cv": float(v.std(ddof=0)) / mean if mean else np.nan,
                "most_loaded": v.idxmax(),
                "least_loaded": v.idxmin(),
                "threshold": ratio,
            }
        )
    out = pd.DataFrame(rows, columns=IMBALANCE_COLUMNS)
    out["flagged"] = out["max_to_median"] >= out["threshold"]
    return out


def _window(measures: pd.DataFrame, acts: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    m = measures[measures.index.get_level_values("period").isin(labels)].groupby(level="rep_id").sum()
    a = acts[acts.index.get_level_values("period").isin(labels)].groupby(level="rep_id").sum()
    a = a.reindex(m.index).fillna(0.0)
    return pd.DataFrame(
        {
            "activities_per_day": catalog.ratio(a["activities"], m["working_days"]),
            "after_hours_share": catalog.after_hours_share(a),
            "weekend_share": catalog.weekend_share(a),
            "win_rate": catalog.win_rate(m),
            "revenue_per_activity": catalog.ratio(m["revenue"], a["activities"]),
            "deals_closed": m["deals_won"] + m["deals_lost"],
            "working_days": m["working_days"],
        }
    )


def burnout_signals(
    data: dict[str, pd.DataFrame],
    period: Period,
    periods: int = BURNOUT_PERIODS,
    activity_up: float = ACTIVITY_UP,
    out_of_hours_up: float = OUT_OF_HOURS_UP,
    results_down: float = RESULTS_DOWN,
    ramp_months: int = RAMP_MONTHS,
    measures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Effort and results of each rep, recent against before (see the module docstring).

    ``measures`` may pass :func:`~salesnb.analysis.common.core_measures` already computed for (at
    least) the ``2 × periods`` ending with ``period``.

    One row per rep employed in both windows and past the ramp (``ramp_months``) at the start of the
    earlier one. Columns: ``rep_id``; for each of ``activities_per_day``, ``after_hours_share``,
    ``weekend_share``, ``win_rate`` and ``revenue_per_activity`` the ``_before`` and ``_recent``
    values; ``activity_change`` and ``win_rate_change``, ``revenue_per_activity_change`` (relative),
    ``after_hours_change`` and ``weekend_change`` (points); ``effort_up``, ``results_down``,
    ``flagged``; the thresholds (``activity_up``, ``out_of_hours_up``, ``results_down``) and the
    windows (``before_start``, ``recent_start``, ``recent_end``).
    """
    recent = period.history(periods)
    before = recent[0].previous().history(periods)
    if measures is None:
        measures = core_measures(data, before + recent, full=False)
    acts = _activity_by(data["activity_daily"], before + recent)
    b = _window(measures, acts, [p.label for p in before])
    r = _window(measures, acts, [p.label for p in recent])
    ids = b.index.intersection(r.index)
    ids = ids[(b.loc[ids, "working_days"] > 0) & (r.loc[ids, "working_days"] > 0)]
    tenure = tenure_months(data["reps"], before[0].start)
    ids = ids[(tenure.reindex(ids).fillna(ramp_months) >= ramp_months).to_numpy()]
    out = pd.DataFrame(index=ids)
    for c in ("activities_per_day", "after_hours_share", "weekend_share", "win_rate", "revenue_per_activity"):
        out[f"{c}_before"] = b.loc[ids, c]
        out[f"{c}_recent"] = r.loc[ids, c]
    out["activity_change"] = out["activities_per_day_recent"] / out["activities_per_day_before"] - 1
    out["after_hours_change"] = out["after_hours_share_recent"] - out["after_hours_share_before"]
    out["weekend_change"] = out["weekend_share_recent"] - out["weekend_share_before"]
    out["win_rate_change"] = out["win_rate_recent"] / out["win_rate_before"] - 1
    out["revenue_per_activity_change"] = (
        out["revenue_per_activity_recent"] / out["revenue_per_activity_before"] - 1
    )
    out = out.replace([np.inf, -np.inf], np.nan)
    out["effort_up"] = (
        out["activity_change"].ge(activity_up)
        | out["after_hours_change"].ge(out_of_hours_up)
        | out["weekend_change"].ge(out_of_hours_up)
    )
    out["results_down"] = out["win_rate_change"].le(-results_down) | out["revenue_per_activity_change"].le(
        -results_down
    )
    out["flagged"] = out["effort_up"] & out["results_down"]
    out["activity_up"] = activity_up
    out["out_of_hours_up"] = out_of_hours_up
    out["results_down_threshold"] = results_down
    out["before_start"] = before[0].label
    out["recent_start"] = recent[0].label
    out["recent_end"] = period.label
    return out.rename_axis("rep_id").reset_index()


REBALANCE_COLUMNS = [
    "from_rep", "to_rep", "deals_to_move", "from_open_deals", "to_open_deals", "team_median",
    "max_to_median", "threshold", "opportunity_ids", "deal_types", "to_deals_handled", "to_deals_won",
    "to_tenure_months",
]  # fmt: skip


def rebalance_suggestion(
    workload: pd.DataFrame,
    opportunities: pd.DataFrame | None = None,
    stage_history: pd.DataFrame | None = None,
    period: Period | None = None,
    ratio: float = IMBALANCE_RATIO,
    ramp_months: int = RAMP_MONTHS,
    exclude: tuple[str, ...] | list[str] = (),
) -> pd.DataFrame:
    """Move open deals from the rep holding the most to the rep holding the fewest who can take them.

    Only when the busiest rep holds at least ``ratio`` × the median open deals of the compared reps.
    The move brings the giver down to the median without lifting the receiver above it:
    ``deals_to_move`` = min(most − median, median − fewest), at least 1. The receiver is the compared
    rep with the fewest open deals who can take the work (see the module docstring): past the ramp
    (``tenure_months`` ≥ ``ramp_months``), employed through the period, active in it, not already
    overloaded with activity (``load_index`` below ``ratio``), not in ``exclude`` and with deals handled
    before (with the deals and the period: deals of a kind, ``deal_type``, the giver holds open).
    ``opportunity_ids`` then lists the giver's youngest open deals (least relationship built yet) of the
    kinds the receiver has handled, at most ``deals_to_move``.

    Columns: ``from_rep``, ``to_rep``, ``deals_to_move``, ``from_open_deals``, ``to_open_deals``,
    ``team_median``, ``max_to_median``, ``threshold``, ``opportunity_ids``, and why the receiver:
    ``deal_types`` (the kinds moved, when known), ``to_deals_handled`` and ``to_deals_won`` (of those
    kinds), ``to_tenure_months``. Empty when balanced or when no rep can take the work.

    Examples
    --------
    Open deals 30, 14, 12, 6 (median 13): 30 ÷ 13 = 2.3 ≥ 1.5; move min(30 − 13, 13 − 6) = 7.
    """
    none = pd.DataFrame(columns=REBALANCE_COLUMNS)
    sub = workload[workload["compared"]] if "compared" in workload else workload
    if sub.empty:
        return none
    deals = sub.set_index("rep_id")["open_deals"].astype(float)
    med = float(deals.median())
    giver = deals.idxmax()
    most = float(deals.max())
    if med <= 0 or most / med < ratio:
        return none
    fit = (sub["tenure_months"].fillna(ramp_months) >= ramp_months) & ~sub["rep_id"].isin(list(exclude))
    if "load_index" in sub:
        fit &= ~(sub["load_index"] >= ratio)
    for column in ("employed_at_end", "employed_through", "active"):
        if column in sub:
            fit &= sub[column].astype(bool)
    able = sub[fit & sub["rep_id"].ne(giver)].set_index("rep_id")
    mine = pd.DataFrame(columns=["opportunity_id", "created_date"])
    if opportunities is not None and stage_history is not None and period is not None:
        open_now = open_deals_at(opportunities, stage_history, ts(period.end))
        mine = open_now[open_now["rep_id"] == giver].sort_values("created_date", ascending=False)
    record = _kind_record(opportunities, mine, period, able)
    able = able[record["handled"].reindex(able.index).fillna(0).gt(0)]
    if able.empty:
        return none
    taker = able["open_deals"].idxmin()
    fewest = float(able.loc[taker, "open_deals"])
    n = int(max(1, min(most - med, med - fewest)))
    kinds = record.attrs.get("kinds", {}).get(taker)
    movable = mine if kinds is None else mine[mine["deal_type"].isin(kinds)]
    if len(mine):  # the giver's open deals are known: never more than those of kinds the taker handles
        n = min(n, len(movable))
        if n == 0:
            return none
    tenure = able.loc[taker, "tenure_months"]
    row = {
        "from_rep": giver,
        "to_rep": taker,
        "deals_to_move": n,
        "from_open_deals": int(most),
        "to_open_deals": int(fewest),
        "team_median": med,
        "max_to_median": most / med,
        "threshold": ratio,
        "opportunity_ids": movable["opportunity_id"].head(n).tolist(),
        "deal_types": sorted(kinds) if kinds is not None else [],
        "to_deals_handled": int(record.loc[taker, "handled"]),
        "to_deals_won": int(record.loc[taker, "won"]),
        "to_tenure_months": float(tenure) if pd.notna(tenure) else np.nan,
    }
    return pd.DataFrame([row], columns=REBALANCE_COLUMNS)


def _kind_record(
    opportunities: pd.DataFrame | None, giver_open: pd.DataFrame, period: Period | None, able: pd.DataFrame
) -> pd.DataFrame:
    """Per candidate receiver, deals ``handled`` and ``won`` before the period end of the kinds (deal
    types) the giver holds open; ``attrs["kinds"]`` maps each to the kinds it has handled. Without the
    deals, the workload's own counts (any kind)."""
    if opportunities is None or period is None or "deal_type" not in opportunities or giver_open.empty:
        cols = {"handled": "deals_handled", "won": "deals_won"}
        return pd.DataFrame({k: able.get(v, 1) for k, v in cols.items()}, index=able.index)
    wanted = set(giver_open["deal_type"].dropna())
    theirs = opportunities[opportunities["rep_id"].isin(able.index) & opportunities["deal_type"].isin(wanted)]
    theirs = theirs[pd.to_datetime(theirs["created_date"]) < ts(period.end)]
    closed = pd.to_datetime(theirs["close_date"])
    won = theirs["status"].eq("won") & (closed < ts(period.end))
    out = pd.DataFrame({"handled": 1, "won": won.astype(int)}, index=theirs.index)
    out = out.groupby(theirs["rep_id"]).sum().reindex(able.index).fillna(0).astype(int)
    out.attrs["kinds"] = {r: set(g) for r, g in theirs.groupby("rep_id")["deal_type"]}
    return out
