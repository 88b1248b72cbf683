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
* **Overload** is effort, never a count of deals: a rep is ``overloaded`` when their activities per
  working day are :data:`IMBALANCE_RATIO` × the median or more, their effort is up by the burnout rule
  (activities per day up by :data:`ACTIVITY_UP`, or the after-hours or weekend share up by
  :data:`OUT_OF_HOURS_UP` points), or their after-hours or weekend share is :data:`OUT_OF_HOURS_ABOVE`
  points above the team median (``off_hours_high``: evenings every week is effort even when it did not
  rise). Many open deals with ordinary hours is a full book, not overload.
* **Rebalancing** (:mod:`salesnb.analysis.rebalancing`) moves deals only away from an overloaded rep, and
  never from a rep who closes better to one who closes worse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS, core_measures, employed_at, open_deals, tenure_months, ts
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
#: After-hours or weekend share this many points above the team median that counts as effort whether
#: or not it rose: a healthy team's shares sit within a few points of each other.
OUT_OF_HOURS_ABOVE = 0.10
#: Relative fall in win rate or revenue per activity that counts as results down.
RESULTS_DOWN = 0.20
#: Periods over which a rep's quota attainment is read for rebalancing (a quarter: one month of a
#: field rep is luck).
RECORD_PERIODS = 3
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
    their median); how well the rep closes: ``deals_closed`` (won or lost before the period end),
    ``win_rate`` (deals won ÷ those closed, NaN with none closed) and ``attainment`` (revenue ÷ quota
    over the :data:`RECORD_PERIODS` periods ending with ``period``, NaN without a quota); ``effort_up``
    (the burnout rule's effort test), ``off_hours_high`` (after-hours or weekend share
    :data:`OUT_OF_HOURS_ABOVE` above the compared reps' median) and ``overloaded`` (see the module
    docstring).
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
    closed = out["deals_won"] + record["lost"].reindex(out.index).fillna(0)
    out["deals_closed"] = closed.astype(int)
    out["win_rate"] = catalog.ratio(out["deals_won"], closed)
    recent = core_measures(data, period.history(RECORD_PERIODS), full=False)
    out["attainment"] = catalog.quota_attainment(recent.groupby(level="rep_id").sum()).reindex(out.index)
    effort = burnout_signals(data, period).set_index("rep_id")["effort_up"]
    out["effort_up"] = effort.reindex(out.index).fillna(False).astype(bool)
    compared = out.loc[out["compared"]]
    out["off_hours_high"] = pd.Series(False, index=out.index)
    for c in ("after_hours_share", "weekend_share"):
        out["off_hours_high"] |= (out[c] - compared[c].median()).ge(OUT_OF_HOURS_ABOVE)
    out["overloaded"] = out["effort_up"] | out["off_hours_high"] | out["load_index"].ge(IMBALANCE_RATIO)
    out = out.drop(columns=["after_hours", "weekend", "duration_seconds"])
    return out.rename_axis("rep_id").reset_index()


def _selling_record(opportunities: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per rep: ``handled``, ``won`` and ``lost`` (deals created before the period end, and those of them
    won or lost by then) and ``in_period`` (deals created or closed in the period)."""
    start, end = ts(period.start), ts(period.end)
    created = pd.to_datetime(opportunities["created_date"])
    closed = pd.to_datetime(opportunities["close_date"])
    owned = created < end
    won = owned & opportunities["status"].eq("won") & (closed < end)
    lost = owned & opportunities["status"].eq("lost") & (closed < end)
    touched = ((created >= start) & owned) | ((closed >= start) & (closed < end))
    frame = pd.DataFrame({"handled": owned, "won": won, "lost": lost, "in_period": touched}).astype(int)
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
