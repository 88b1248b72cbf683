"""A rep's commission statements: one per calendar month of the reviewed period."""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.goals.progress import goal_progress
from salesnb.incentives import PlanSet, Statement, rep_statement
from salesnb.kpis import compute_measures
from salesnb.periods import Period


def rep_statements(
    data: dict[str, pd.DataFrame],
    team_id: str,
    rep_id: str,
    period: Period,
    as_of: date,
    goalset: GoalSet,
    goal_data: GoalData,
    plans: PlanSet | None,
    progress: pd.DataFrame,
) -> list[tuple[str, Statement]]:
    """The rep's commission statement for each calendar month of the period (none for a week).

    ``progress`` is the goal progress of ``period``, reused when the period is itself a month.
    """
    if period.grain == "week" or plans is None:
        return []
    months = [m for m in period.months() if m.start <= as_of]
    if not months:
        return []
    measures = compute_measures(goal_data.data, months)
    out = []
    for month in months:
        if month.label != period.label:
            progress = goal_progress(goalset, goal_data, team_id, month)
        s = rep_statement(plans, goalset, data, measures, month.label, rep_id, progress)
        if s is not None:
            out.append((month.label, s))
    return out
