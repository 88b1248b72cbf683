"""The what-if tab: the analyst's quota and tier changes, and a team's attainment, pacing and payout as in
the warehouse and under them, side by side.

:class:`WhatIfs` holds the changes (:mod:`~salesnb.workbench.quotas`,
:mod:`~salesnb.workbench.commission`); :func:`what_if` recomputes the team with the reports' own
functions on the team's slice with its targets rewritten. Pacing is
:func:`~salesnb.goals.pacing.pace` on revenue against the quota as of the warehouse's day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import timedelta

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError
from salesnb.goals.pacing import Pacing, pace
from salesnb.incentives import FILE as PLANS_FILE
from salesnb.incentives import Plan, PlanSet
from salesnb.kpis import compute_measures
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.text.formatting import format_value
from salesnb.workbench.commission import payouts_by_rep, plan_of, same_plan, with_tier
from salesnb.workbench.data import WorkbenchData, period_rows
from salesnb.workbench.labels import label
from salesnb.workbench.quotas import QuotaKey, base_quota, check_quota, is_missing, rep_team, with_quotas
from salesnb.workbench.selection import Selection, rep_name


@dataclass(frozen=True)
class WhatIf:
    """Attainment, pacing and payout of a team's reps, as in the warehouse and under the what-ifs."""

    period: str
    team_id: str
    reps: pd.DataFrame  # one row per rep employed in the period; see what_if
    team: pd.Series  # the team's totals, same columns
    elapsed_days: int
    total_days: int
    overrides: list[str] = field(default_factory=list)  # what is changed, as the analyst reads it


class WhatIfs:
    """The analyst's changes: quotas per ``(kind, id, period)`` and commission plans with a tier changed.

    A value equal to the warehouse's (the file's) drops the change.
    """

    def __init__(self, data: WorkbenchData, settings: Settings) -> None:
        self.data = data
        self.settings = settings
        self.quotas: dict[QuotaKey, float] = {}
        self.plan_changes: dict[str, Plan] = {}

    def quota(self, kind: str, unit: str, period: Period) -> float:
        """The quota in force: the what-if when one is set, else the warehouse's."""
        return self.quotas.get((kind, unit, period.label), base_quota(self.data, kind, unit, period))

    def set_quota(self, value: float | None, kind: str, unit: str, period: Period) -> None:
        """Set (``None``: drop) the what-if quota of a rep or team for ``period``."""
        amount = check_quota(kind, value)
        key = (kind, unit, period.label)
        if amount is None or math.isclose(amount, base_quota(self.data, kind, unit, period)):
            self.quotas.pop(key, None)
        else:
            self.quotas[key] = amount

    def plan(self, plan_id: str) -> Plan:
        """A plan as in force for the what-if (changed or as in the file)."""
        if plan_id in self.plan_changes:
            return self.plan_changes[plan_id]
        if self.settings.plans is None:
            raise ParameterError(f"no commission plans file ({self.settings.params_dir / PLANS_FILE})")
        return self.settings.plans[plan_id]

    def set_tier(
        self, plan_id: str, tier: int, rate: float | None = None, start: float | None = None
    ) -> Plan:
        """Change one tier of a commission plan (checked as the plans file is)."""
        changed = with_tier(self.plan(plan_id), tier, rate, start)
        if self.settings.plans is not None and same_plan(changed, self.settings.plans[plan_id]):
            self.plan_changes.pop(plan_id, None)
        else:
            self.plan_changes[plan_id] = changed
        return changed

    def plans_in_force(self) -> PlanSet | None:
        if self.settings.plans is None:
            return None
        plans = self.settings.plans
        return PlanSet(plans.path, tuple(self.plan_changes.get(p.id, p) for p in plans.plans))

    def reset(self) -> None:
        """Drop every quota and plan what-if."""
        self.quotas.clear()
        self.plan_changes.clear()

    def describe(self, team: str, period: Period) -> list[str]:
        """The changes that concern ``team`` in ``period``, as the analyst reads them."""
        data, out = self.data, []
        for (kind, unit, label_), value in self.quotas.items():
            if label_ != period.label:
                continue
            if (kind == "team" and unit != team) or (kind == "rep" and rep_team(data, unit, period) != team):
                continue
            who = str(data.team_info(unit)["name"]) if kind == "team" else rep_name(data, unit, period)
            old = format_value(base_quota(data, kind, unit, period), "currency", data.currency)
            new = format_value(value, "currency", data.currency)
            out.append(label("whatif.quota_item", who=who, old=old, new=new))
        for plan in self.plan_changes.values():
            before = self.settings.plans[plan.id]  # type: ignore[index]
            for t, b in zip(plan.tiers, before.tiers, strict=True):
                if (t.from_attainment, t.rate) != (b.from_attainment, b.rate):
                    start, rate = f"{t.from_attainment:.0%}", f"{t.rate:.2%}"
                    out.append(label("whatif.tier_item", plan=plan.id, tier=t.number, start=start, rate=rate))
        return out


def pacing(revenue: float, quota: float, elapsed: int, total: int) -> Pacing:
    """Revenue paced against a quota (:func:`~salesnb.goals.pacing.pace`); ``no_quota`` without one.

    Examples
    --------
    >>> pacing(40.0, 100.0, 10, 20).status, pacing(40.0, 0.0, 10, 20).status
    ('behind', 'no_quota')
    """
    if is_missing(quota) or quota <= 0:
        p = pace(revenue, math.inf, True, True, elapsed, total)
        return p if p.status in ("not_started", "no_data") else replace(p, status="no_quota")
    return pace(revenue, quota, True, True, elapsed, total)


def elapsed_days(data: WorkbenchData, period: Period) -> tuple[int, int]:
    """Working days of the period elapsed on the data's day, and in all."""
    running = min(period.end, data.as_of + timedelta(days=1))
    return int(np.busday_count(period.start, max(running, period.start))), period.working_days()


def what_if(data: WorkbenchData, settings: Settings, s: Selection, changes: WhatIfs) -> WhatIf | None:
    """Attainment, pacing and payout of every rep of the selected team in the period, from the warehouse
    and under the what-ifs; ``None`` without a team.

    ``reps`` columns: ``rep_id``, ``name``, ``level``, ``plan_id``, ``revenue``, ``quota``,
    ``attainment``, ``pacing``, ``projection``, ``payout``, ``quota_new``, ``attainment_new``,
    ``pacing_new``, ``payout_new``, ``payout_change``. ``team`` holds the team's sums and its own
    attainment and pacing (``name`` is the team's name).
    """
    if not s.team:
        return None
    period, team = s.review_period, s.team
    base = data.team_slice(team, period)
    changed = with_quotas(data, changes.quotas, team, period)
    m_base = data.rep_measures(team, period)
    m_new = period_rows(compute_measures(changed, [period]), period.label)
    working = m_base.index[m_base["headcount"] > 0]
    reps = base["reps"].set_index("rep_id").loc[[r for r in base["reps"]["rep_id"] if r in working]]
    elapsed, total = elapsed_days(data, period)
    base_pay, new_pay = pd.Series(dtype=float), pd.Series(dtype=float)
    in_file, in_force = settings.plans, changes.plans_in_force()
    if in_file is not None and in_force is not None:
        key = ("payouts", team, period.label)
        base_pay = data.memo(key, lambda: payouts_by_rep(data, base, team, period, in_file, settings.goals))
        new_pay = payouts_by_rep(data, changed, team, period, in_force, settings.goals)
    rows = []
    for rid, rep in reps.iterrows():
        revenue = float(m_base.loc[rid, "revenue"])
        quotas = float(m_base.loc[rid, "quota"]), float(m_new.loc[rid, "quota"])
        paid = float(base_pay.get(rid, math.nan)), float(new_pay.get(rid, math.nan))
        rows.append(
            {"rep_id": rid, "name": str(rep["name"]), "level": str(rep["level"])}
            | {"plan_id": plan_of(data, settings.plans, str(rid), period)}
            | _side_by_side(revenue, quotas, paid, elapsed, total)
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        revenue = float(frame["revenue"].sum())
        quotas = float(frame["quota"].sum()), float(frame["quota_new"].sum())
        paid = float(frame["payout"].sum(min_count=1)), float(frame["payout_new"].sum(min_count=1))
        change = float(frame["payout_change"].sum(min_count=1))
    else:
        revenue, quotas, paid, change = 0.0, (0.0, 0.0), (math.nan, math.nan), math.nan
    team_row = {"rep_id": "", "name": str(data.team_info(team)["name"]), "level": "", "plan_id": ""}
    team_row |= _side_by_side(revenue, quotas, paid, elapsed, total) | {"payout_change": change}
    overrides = changes.describe(team, period)
    return WhatIf(period.label, team, frame, pd.Series(team_row), elapsed, total, overrides)


def _side_by_side(
    revenue: float, quotas: tuple[float, float], paid: tuple[float, float], elapsed: int, total: int
) -> dict[str, object]:
    """One row's columns: revenue, then quota, attainment, pacing and payout before and after."""
    (q_old, q_new), (pay_old, pay_new) = quotas, paid
    p_old, p_new = pacing(revenue, q_old, elapsed, total), pacing(revenue, q_new, elapsed, total)
    return {
        "revenue": revenue,
        "quota": q_old,
        "attainment": _ratio(revenue, q_old),
        "pacing": p_old.status,
        "projection": p_old.projection,
        "payout": pay_old,
        "quota_new": q_new,
        "attainment_new": _ratio(revenue, q_new),
        "pacing_new": p_new.status,
        "payout_new": pay_new,
        "payout_change": pay_new - pay_old,
    }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator and denominator > 0 else math.nan
