"""Progress and pacing of the goals that concern one team in one review period.

A team review shows the goals set for the team, for its reps and for role levels (each rep of the level in
this team): organisation and region goals belong to the overview, and a team's report computes nothing
from other teams' reps. A recurring goal is measured over its period that contains the review period
(a quarterly goal in a monthly review is paced within the quarter); a fixed one when its period overlaps.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from salesnb.goals.audit import audit_goal
from salesnb.goals.history import GoalData, to_date
from salesnb.goals.model import Goal, GoalSet
from salesnb.goals.pacing import pace, suggest_target
from salesnb.kpis.catalog import CATALOG
from salesnb.periods import Period

COLUMNS = [
    "goal_id", "scope", "rep_id", "who", "kpi", "unit", "higher_is_better", "period", "target", "actual",
    "projection", "status", "elapsed_days", "total_days", "suggested_next", "objective", "note", "audit",
    "audit_detail", "quota", "quota_attainment", "pays",
]  # fmt: skip
#: KPIs whose goal competes with the quota for the reader's attention: the row carries the quota beside it.
QUOTA_KPIS = ("revenue", "quota_attainment")


def team_goals(goals: GoalSet, team_id: str, rep_ids: set[str]) -> list[Goal]:
    """The goals a team review shows (see the module docstring), trackable or not: the review lists a goal
    it cannot measure with the audit's reason, never drops it."""
    out = []
    for g in goals.goals:
        s = g.scope
        if s is None:  # no scope: it concerns no team in particular (``salesnb goals check`` says so)
            continue
        for_team = s.kind == "team" and s.id == team_id
        for_rep = s.kind == "rep" and s.id in rep_ids
        for_level = s.kind == "level" and s.team in ("", team_id)
        if for_team or for_rep or for_level:
            out.append(g)
    return out


def history_start(goals: GoalSet, team_id: str, rep_ids: set[str], review: Period) -> date:
    """The first day a review of ``review`` must load for its goals' audits to see as much history as
    ``salesnb goals check`` does (``history_periods`` of each goal's own grain: a quarterly goal in a
    monthly review looks back quarters, not months); the review's start when it has no goal.

    >>> from salesnb.goals.model import Scope
    >>> quarterly = Goal("q", "win_rate", Scope("team", "t"), 0.3, "quarterly")
    >>> history_start(GoalSet("g.yaml", [quarterly], history_periods=4), "t", set(), Period.parse("2026-11"))
    datetime.date(2025, 10, 1)
    """
    starts = [review.start]
    for g in team_goals(goals, team_id, rep_ids):
        period = g.period_for(review.start)
        if period is not None:
            starts.append(period.shift(-goals.history_periods).start)
    return min(starts)


def goal_progress(goals: GoalSet, data: GoalData, team_id: str, review: Period) -> pd.DataFrame:
    """One row per goal (per rep for level goals) with actual, projection, status, a next target and
    the SMART audit's verdict (``audit``: a code of :data:`salesnb.goals.audit.CODES`, *passes* or
    *not_judged*; ``audit_detail``: its numbers). A goal the audit finds untrackable is one row with
    status ``not_tracked``; so is a level goal of this team without a rep of the level. Revenue and
    attainment goals carry the scope's ``quota`` and ``quota_attainment`` of the goal's period so far.
    ``pays`` (the plans paying a bonus on the goal) is empty here: :func:`salesnb.incentives.with_goal_pay`
    fills it.

    ``data`` is the team's slice; the data's day is the review period's last day, or the warehouse's as-of
        day when that comes first. The audit judges the goal as of that day too.
    """
    rep_ids = set(data.data["reps"]["rep_id"])
    names = data.data["reps"].set_index("rep_id")["name"].to_dict()
    cut = min(review.last_day, data.as_of)
    earliest = data.data_start
    then = GoalData(data.data, cut, data.start)
    judged, rows, untracked = [], [], []
    for g in team_goals(goals, team_id, rep_ids):
        audit = audit_goal(g, goals, then)
        if not audit.trackable:
            untracked.append(_untracked(g, goals, audit.verdict))
            continue
        period = g.period_for(review.start) if g.recurring else g.period_for(cut)
        if period is None or period.end <= review.start or period.start >= review.end:
            continue
        history = [
            p for p in (period.shift(-k) for k in range(goals.history_periods, 0, -1)) if p.start >= earliest
        ]
        judged.append((g, period, to_date(period, cut), history, audit.verdict))
    data.prefetch([p for *_, running, history, _ in judged for p in (running, *history)])
    for g, period, running, history, verdict in judged:
        kpi = CATALOG[g.metric]  # type: ignore[index]
        elapsed = int(np.busday_count(period.start, running.end))
        current = data.values(g.scope, kpi.name, [running])  # type: ignore[arg-type]
        past = data.values(g.scope, kpi.name, history) if history else current.iloc[0:0]
        quota = _quota(data, g, running) if kpi.name in QUOTA_KPIS else None
        if current.columns.empty and g.scope.kind == "level" and g.scope.team:  # type: ignore[union-attr]
            untracked.append(_untracked(g, goals, ("no_reps", {"level": g.scope.id})))  # type: ignore[union-attr]
        for who in current.columns:
            actual = float(current[who].iloc[0]) if len(current) else float("nan")
            p = pace(actual, g.target, kpi.accumulates, kpi.higher_is_better, elapsed, period.working_days())
            series = past[who] if who in past.columns else pd.Series(dtype=float)
            if p.status in ("met", "missed"):
                series = pd.concat([series, pd.Series([actual], index=[period.label])])
            q = quota[who] if quota is not None and who in quota else (np.nan, np.nan)
            rows.append(
                _row(g, goals, kpi, period, p, who, names)
                | {
                    "suggested_next": suggest_target(
                        series.dropna(), kpi.unit, kpi.higher_is_better, cap=1.0 if kpi.share else None
                    ),
                    "audit": verdict[0],
                    "audit_detail": verdict[1],
                    "quota": q[0],
                    "quota_attainment": q[1],
                }
            )
    return pd.DataFrame(rows + untracked, columns=COLUMNS)


def _row(g: Goal, goals: GoalSet, kpi, period: Period, p, who: str, names: dict) -> dict:
    per_rep = g.scope.kind in ("rep", "level")  # type: ignore[union-attr]
    return {
        "goal_id": g.id,
        "scope": g.scope.kind,  # type: ignore[union-attr]
        "rep_id": who if per_rep else "",
        "who": names.get(who, "") if per_rep else "",
        "kpi": kpi.name,
        "unit": kpi.unit,
        "higher_is_better": kpi.higher_is_better,
        "period": period.label,
        "target": float(g.target),  # type: ignore[arg-type]
        "actual": p.actual,
        "projection": p.projection,
        "status": p.status,
        "elapsed_days": p.elapsed_days,
        "total_days": p.total_days,
        "objective": goals.objectives.get(g.objective or "", ""),
        "note": g.note,
        "pays": (),
    }


def _untracked(g: Goal, goals: GoalSet, verdict: tuple[str, dict]) -> dict:
    """The row of a goal the review cannot measure: what was written, and why it is not tracked."""
    kpi = CATALOG.get(g.metric or "")
    per_rep = g.scope is not None and g.scope.kind == "rep"
    return {
        "goal_id": g.id,
        "scope": g.scope.kind if g.scope else "",
        "rep_id": g.scope.id if per_rep else "",  # type: ignore[union-attr]
        "who": "",
        "kpi": g.metric or "",
        "unit": kpi.unit if kpi else "",
        "higher_is_better": kpi.higher_is_better if kpi else True,
        "period": g.period or "",
        "target": np.nan if g.target is None else float(g.target),
        "actual": np.nan,
        "projection": np.nan,
        "status": "not_tracked",
        "elapsed_days": 0,
        "total_days": 0,
        "suggested_next": np.nan,
        "objective": goals.objectives.get(g.objective or "", ""),
        "note": g.note,
        "audit": verdict[0],
        "audit_detail": verdict[1],
        "quota": np.nan,
        "quota_attainment": np.nan,
        "pays": (),
    }


def _quota(data: GoalData, g: Goal, running: Period) -> dict[str, tuple[float, float]]:
    """The quota of the goal's scope (each rep's for a level goal) over its period so far, and attainment."""
    quota = data.measure(g.scope, "quota", [running])  # type: ignore[arg-type]
    revenue = data.measure(g.scope, "revenue", [running])  # type: ignore[arg-type]
    out = {}
    for who in quota.columns:
        q = float(quota[who].iloc[0])
        r = float(revenue[who].iloc[0]) if who in revenue.columns else np.nan
        out[who] = (q, r / q) if q > 0 else (np.nan, np.nan)
    return out
