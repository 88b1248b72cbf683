"""Commission what-ifs: a tier of a plan changed, and a team's payouts under the plans in force.

A tier is changed by rebuilding the plan through :func:`~salesnb.incentives.plans.parse_plan`, so the
plans file's rules hold for the what-if too. Payouts are
:func:`~salesnb.incentives.payouts.period_payouts`, the function the team review's
:func:`~salesnb.reviews.team_analysis.team_payouts` pays with: month by month, goal bonuses as the
report judges the goals (a what-if quota does not re-judge them).
"""

from __future__ import annotations

import pandas as pd

from salesnb.errors import ParameterError
from salesnb.goals import GoalData
from salesnb.goals.model import GoalSet
from salesnb.goals.progress import goal_progress
from salesnb.incentives import Plan, PlanSet, goals_met_by_rep, period_payouts
from salesnb.incentives.plans import parse_plan
from salesnb.periods import Period
from salesnb.workbench.data import WorkbenchData


def plan_as_raw(plan: Plan) -> dict:
    """A plan as its YAML mapping, so :func:`~salesnb.incentives.plans.parse_plan` can check a change."""
    applies: object = "default"
    if plan.team_types or plan.levels:
        applies = {}
        if plan.team_types:
            applies["team_type"] = list(plan.team_types)
        if plan.levels:
            applies["level"] = list(plan.levels)
    bonuses = []
    for b in plan.bonuses:
        if b.goal:
            bonuses.append({"goal": b.goal, "amount": b.amount})
        elif b.minimum is not None:
            bonuses.append({"kpi": b.kpi, "min": b.minimum, "amount": b.amount})
        else:
            bonuses.append({"kpi": b.kpi, "max": b.maximum, "amount": b.amount})
    raw = {
        "id": plan.id,
        "applies_to": applies,
        "basis": plan.basis,
        "method": plan.method,
        "tiers": [{"from": t.from_attainment, "rate": t.rate} for t in plan.tiers],
        "bonuses": bonuses,
        "note": plan.note,
    }
    if plan.threshold is not None:
        raw["threshold"] = plan.threshold
    if plan.cap is not None:
        raw["cap"] = plan.cap
    return raw


def with_tier(plan: Plan, tier: int, rate: float | None = None, start: float | None = None) -> Plan:
    """``plan`` with tier ``tier`` (1-based) paying ``rate`` from attainment ``start``, checked by the same
    rules as the plans file (a :class:`ParameterError` names what is wrong). Moving the tier the
    decelerator stops at moves the threshold with it."""
    raw = plan_as_raw(plan)
    if not 1 <= tier <= len(raw["tiers"]):
        raise ParameterError(f"plan {plan.id!r} has tiers 1 to {len(raw['tiers'])}, not {tier}")
    row = raw["tiers"][tier - 1]
    if start is not None:
        if plan.threshold is not None and row["from"] == plan.threshold:
            raw["threshold"] = float(start)
        row["from"] = float(start)
    if rate is not None:
        row["rate"] = float(rate)
    return parse_plan(raw, "what-if", 1)


def same_plan(a: Plan, b: Plan) -> bool:
    """Whether two plans pay alike (as the plans file would write them)."""
    return plan_as_raw(a) == plan_as_raw(b)


def plan_of(data: WorkbenchData, plans: PlanSet | None, rep_id: str, period: Period) -> str:
    """The id of the plan a rep is paid under ("" without a plans file)."""
    if plans is None:
        return ""
    rep = data.reps(period).loc[rep_id]
    return plans.plan_for(data.team_type(str(rep["team_id"])), str(rep["level"])).id


def payouts_by_rep(
    data: WorkbenchData,
    slice_: dict[str, pd.DataFrame],
    team: str,
    period: Period,
    plans: PlanSet,
    goals: GoalSet | None,
) -> pd.Series:
    """Total payout per rep of ``team`` for ``period`` on ``slice_`` (the team's slice, or it under
    what-if quotas), paid under ``plans``: :func:`~salesnb.incentives.payouts.period_payouts` with the
    goal bonuses met on the team's own slice (index: rep id)."""

    def goals_met(month: Period, reps: pd.DataFrame) -> dict[str, list[str]]:
        if goals is None:
            return {}

        def progress() -> pd.DataFrame:
            start = data.window(month.grain)[0]
            return goal_progress(
                goals, GoalData(data.team_slice(team, month), data.as_of, start), team, month
            )

        return goals_met_by_rep(data.memo(("goal_progress", team, month.label), progress), reps)

    paid = period_payouts(slice_, period, data.as_of, plans, goals_met)
    return pd.Series(paid["total"].to_numpy(dtype=float), index=paid["rep_id"].astype(str).to_numpy())
