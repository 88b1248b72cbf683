"""Progress and pacing of the goals that concern one team in one review period.

A team review shows the goals set for the team, for its reps and for role levels (each rep of the level in
this team): organisation and region goals belong to the overview, and a team's report computes nothing
from other teams' reps. A recurring goal is measured over its period that contains the review period
(a quarterly goal in a monthly review is paced within the quarter); a fixed one when its period overlaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.goals.history import GoalData, to_date
from salesnb.goals.model import Goal, GoalSet
from salesnb.goals.pacing import pace, suggest_target
from salesnb.kpis.catalog import CATALOG
from salesnb.periods import Period

COLUMNS = [
    "goal_id", "scope", "rep_id", "who", "kpi", "unit", "higher_is_better", "period", "target", "actual",
    "projection", "status", "elapsed_days", "total_days", "suggested_next", "objective", "note",
]  # fmt: skip


def team_goals(goals: GoalSet, team_id: str, rep_ids: set[str]) -> list[Goal]:
    """The goals a team review shows (see the module docstring)."""
    out = []
    for g in goals.goals:
        s = g.scope
        if s is None or g.metric not in CATALOG or g.target is None or g.problems:
            continue
        if CATALOG[g.metric].share and not 0 <= g.target <= 1:  # the audit flags it
            continue
        for_team = s.kind == "team" and s.id == team_id
        for_rep = s.kind == "rep" and s.id in rep_ids
        for_level = s.kind == "level" and s.team in ("", team_id)
        if for_team or for_rep or for_level:
            out.append(g)
    return out


def goal_progress(goals: GoalSet, data: GoalData, team_id: str, review: Period) -> pd.DataFrame:
    """One row per goal (per rep for level goals) with actual, projection, status and a next target.

    ``data`` is the team's slice; the data's day is the review period's last day, or the warehouse's as-of
    day when that comes first.
    """
    rep_ids = set(data.data["reps"]["rep_id"])
    names = data.data["reps"].set_index("rep_id")["name"].to_dict()
    cut = min(review.last_day, data.as_of)
    earliest = data.data_start
    judged = []
    for g in team_goals(goals, team_id, rep_ids):
        period = g.period_for(review.start) if g.recurring else g.period_for(cut)
        if period is None or period.end <= review.start or period.start >= review.end:
            continue
        history = [
            p for p in (period.shift(-k) for k in range(goals.history_periods, 0, -1)) if p.start >= earliest
        ]
        judged.append((g, period, to_date(period, cut), history))
    data.prefetch([p for *_, running, history in judged for p in (running, *history)])
    rows = []
    for g, period, running, history in judged:
        kpi = CATALOG[g.metric]  # type: ignore[index]
        elapsed = int(np.busday_count(period.start, running.end))
        current = data.values(g.scope, kpi.name, [running])  # type: ignore[arg-type]
        past = data.values(g.scope, kpi.name, history) if history else current.iloc[0:0]
        for who in current.columns:
            actual = float(current[who].iloc[0]) if len(current) else float("nan")
            p = pace(actual, g.target, kpi.accumulates, kpi.higher_is_better, elapsed, period.working_days())
            series = past[who] if who in past.columns else pd.Series(dtype=float)
            if p.status in ("met", "missed"):
                series = pd.concat([series, pd.Series([actual], index=[period.label])])
            rows.append(
                {
                    "goal_id": g.id,
                    "scope": g.scope.kind,  # type: ignore[union-attr]
                    "rep_id": who if g.scope.kind in ("rep", "level") else "",  # type: ignore[union-attr]
                    "who": names.get(who, "") if g.scope.kind in ("rep", "level") else "",  # type: ignore[union-attr]
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
                    "suggested_next": suggest_target(
                        series.dropna(), kpi.unit, kpi.higher_is_better, cap=1.0 if kpi.share else None
                    ),
                    "objective": goals.objectives.get(g.objective or "", ""),
                    "note": g.note,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
