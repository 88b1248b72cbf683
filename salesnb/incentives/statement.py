"""One month's commission for one rep under one plan, as a statement: every line of the calculation.

Rules (``docs/incentives.md`` has them with a worked example):

- **Attainment** is revenue ÷ quota of the plan's basis (the rep's own, or the team's for ``basis: team``).
- **Tiers.** A tier covers attainment ``[from, next from)``: reaching an edge exactly earns the higher tier,
  so exactly 100 % of quota is paid at the tier that starts at 1.0.
  ``marginal``: each slice of revenue between two edges is paid at its own tier's rate (like tax
  brackets), one ``tier`` line per slice with revenue in it. ``flat``: all revenue is paid at the rate of
  the tier reached, one ``tier_flat`` line.
- **No quota** (missing, zero or negative): there is no attainment, so no decelerator and no accelerator;
  all revenue is paid at the plan's base rate (the rate in force just below quota), one ``no_quota`` line.
- **No revenue** (zero, missing or negative: there is no clawback): one ``no_revenue`` line of 0.
- **Cap.** When the tier lines add up to more than the cap, a ``cap`` line removes the excess (its amount is
  negative). Commission exactly at the cap is not capped. Bonuses are paid on top of the cap.
- **Bonuses.** A goal bonus is paid when the goal is among ``goals_met``; a KPI bonus when the KPI is at or
  above its ``min`` (at or below its ``max``); a missing KPI value pays nothing. Every bonus of the plan
  the rep can earn has a line, paid or not, so the statement shows what was within reach; a goal the rep
  is not held to (another team's or another level's, ``eligible``) has none. A goal whose period is still
  running (``pending``: a quarterly goal before the quarter's last month) is assessed when it ends: its
  line says so (``bonus_goal_pending``, 0), never "not met".
- **What-if.** With a quota the statement also says what exactly 100 % of quota would pay (``at_quota``)
  and where the next tier starts and what it would pay there (``next_tier``).
- **Money** is rounded to cents (half up) line by line; the total is the sum of the rounded lines.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import pandas as pd

from salesnb.incentives.plans import Bonus, Plan

LineCode = Literal[
    "tier",  # a marginal slice: revenue between two attainment edges at its tier's rate
    "tier_flat",  # flat method: all revenue at the rate of the tier reached
    "no_quota",  # no quota: all revenue at the base rate
    "no_revenue",  # nothing to pay commission on
    "cap",  # the cap removed the excess (negative amount)
    "bonus_goal",  # goal met: bonus paid
    "bonus_goal_missed",  # goal not met: 0
    "bonus_goal_pending",  # goal period still running: assessed at its end, 0 this month
    "bonus_kpi",  # KPI reached its min/max: bonus paid
    "bonus_kpi_missed",  # KPI short of its min/max: 0
    "bonus_kpi_no_data",  # no value for the KPI: 0
    "total",
]
LINE_CODES: tuple[str, ...] = LineCode.__args__  # type: ignore[attr-defined]


def money(value: float) -> float:
    """``value`` rounded to cents, halves up (as a person rounds, not as binary floats do).

    Examples
    --------
    >>> money(1234.565), money(0.125), money(-2.5)
    (1234.57, 0.13, -2.5)
    """
    return float(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Line:
    """One line of a statement: a machine ``code`` and the numbers behind its ``amount``.

    Fields that do not apply to a code are ``None``: tier lines carry ``tier``, ``kind``,
    ``from_attainment``, ``to_attainment`` (the tier's upper edge, or the attainment reached inside it),
    ``revenue`` and ``rate``; ``no_quota`` carries ``revenue`` and ``rate``; ``cap`` carries ``limit``
    (the cap; the commission before it is ``limit - amount``); bonus lines carry ``goal`` or ``kpi``
    with ``value`` and ``minimum`` / ``maximum``, and ``bonus`` (the amount within reach).
    """

    code: LineCode
    amount: float
    tier: int | None = None
    kind: str | None = None
    from_attainment: float | None = None
    to_attainment: float | None = None
    revenue: float | None = None
    rate: float | None = None
    limit: float | None = None
    goal: str | None = None
    kpi: str | None = None
    value: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    bonus: float | None = None
    status: str | None = None  # a pending goal's pacing status so far
    period: str | None = None  # a pending goal's period (when it is assessed)


@dataclass(frozen=True)
class NextTier:
    """The tier above the one reached: where it starts and what the commission would be there."""

    tier: int
    rate: float
    from_attainment: float
    revenue: float  # the basis revenue at which it starts
    commission: float  # the commission at exactly that revenue (capped)


@dataclass(frozen=True)
class Statement:
    """How one month's payout was computed; ``lines`` end with the ``total`` line."""

    plan_id: str
    method: str
    basis: str
    revenue: float  # of the basis: the rep's own, or the team's
    quota: float | None  # of the basis; None when there is none
    attainment: float | None  # revenue ÷ quota; None without a quota
    tier: int | None  # the tier reached (its number); None without a quota
    commission_before_cap: float
    cap_removed: float
    commission: float
    bonuses: float
    total: float
    lines: tuple[Line, ...] = field(default_factory=tuple)
    at_quota: float | None = None  # commission at exactly 100 % of quota (capped); None without a quota
    next_tier: NextTier | None = None  # None without a quota or at the top tier

    @property
    def cap_applied(self) -> bool:
        return self.cap_removed > 0

    def to_frame(self) -> pd.DataFrame:
        """The lines as a frame, one row per line, one column per :class:`Line` field."""
        frame = pd.DataFrame([asdict(line) for line in self.lines], columns=list(Line.__dataclass_fields__))
        frame["tier"] = frame["tier"].astype("Int64")
        return frame


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _tier_lines(plan: Plan, revenue: float, quota: float, attainment: float) -> list[Line]:
    if plan.method == "flat":
        tier = plan.tier_at(attainment)
        return [
            Line(
                "tier_flat",
                money(revenue * tier.rate),
                tier=tier.number,
                kind=tier.kind,
                from_attainment=tier.from_attainment,
                to_attainment=attainment,
                revenue=money(revenue),
                rate=tier.rate,
            )
        ]
    lines = []
    for tier in plan.tiers:
        if attainment <= tier.from_attainment:
            break
        low = tier.from_attainment * quota
        full = tier.to_attainment is not None and attainment >= tier.to_attainment
        top = tier.to_attainment * quota if full else revenue  # type: ignore[operator]
        part = money(top - low)
        lines.append(
            Line(
                "tier",
                money(part * tier.rate),
                tier=tier.number,
                kind=tier.kind,
                from_attainment=tier.from_attainment,
                to_attainment=tier.to_attainment if full else attainment,
                revenue=part,
                rate=tier.rate,
            )
        )
    return lines


def _bonus_line(
    bonus: Bonus, goals_met: set[str], kpis: Mapping[str, float], pending: Mapping[str, tuple[str, str]]
) -> Line:
    if bonus.goal is not None:
        if bonus.goal in pending and bonus.goal not in goals_met:
            status, period = pending[bonus.goal]
            return Line(
                "bonus_goal_pending", 0.0, goal=bonus.goal, bonus=bonus.amount, status=status, period=period
            )
        met = bonus.goal in goals_met
        code: LineCode = "bonus_goal" if met else "bonus_goal_missed"
        return Line(code, bonus.amount if met else 0.0, goal=bonus.goal, bonus=bonus.amount)
    value = kpis.get(bonus.kpi or "")
    value = None if _missing(value) else float(value)  # type: ignore[arg-type]
    if value is None:
        code, paid = "bonus_kpi_no_data", False
    else:
        paid = value >= bonus.minimum if bonus.minimum is not None else value <= bonus.maximum  # type: ignore[operator]
        code = "bonus_kpi" if paid else "bonus_kpi_missed"
    return Line(
        code,
        bonus.amount if paid else 0.0,
        kpi=bonus.kpi,
        value=value,
        minimum=bonus.minimum,
        maximum=bonus.maximum,
        bonus=bonus.amount,
    )


def _commission_at(plan: Plan, attainment: float, quota: float) -> float:
    """The (capped) commission of revenue at exactly ``attainment`` of ``quota``."""
    revenue = attainment * quota
    if revenue <= 0:
        return 0.0
    paid = money(sum(line.amount for line in _tier_lines(plan, revenue, quota, attainment)))
    return min(paid, plan.cap) if plan.cap is not None else paid


def what_if(plan: Plan, quota: float, attainment: float) -> tuple[float, NextTier | None]:
    """What exactly 100 % of ``quota`` pays, and the tier above the one ``attainment`` reaches.

    Examples
    --------
    Tiers 2 % below half of quota, 4 % to quota, 6 % above; quota 100,000 at 40 %: quota pays
    50,000 × 2 % + 50,000 × 4 % = 3,000; the next tier starts at 50,000, where it pays 1,000.

    >>> from salesnb.incentives.plans import _tiers
    >>> plan = Plan("p", (), (), "marginal", _tiers([(0.0, 0.02), (0.5, 0.04), (1.0, 0.06)], 0.5))
    >>> at_quota, nxt = what_if(plan, 100_000, 0.4)
    >>> at_quota, nxt.tier, nxt.revenue, nxt.commission
    (3000.0, 2, 50000.0, 1000.0)
    >>> what_if(plan, 100_000, 1.2)[1] is None  # already in the top tier
    True
    """
    reached = plan.tier_at(attainment)
    above = [t for t in plan.tiers if t.number == reached.number + 1]
    nxt = None
    if above:
        t = above[0]
        nxt = NextTier(
            t.number,
            t.rate,
            t.from_attainment,
            money(t.from_attainment * quota),
            _commission_at(plan, t.from_attainment, quota),
        )
    return _commission_at(plan, 1.0, quota), nxt


def commission(
    plan: Plan,
    revenue: float | None,
    quota: float | None,
    goals_met: Iterable[str] = (),
    kpis: Mapping[str, float] | None = None,
    pending: Mapping[str, tuple[str, str]] | None = None,
    eligible: Collection[str] | None = None,
) -> Statement:
    """The month's statement of ``plan`` on ``revenue`` against ``quota`` (see the module docstring).

    For a ``basis: team`` plan pass the team's revenue and quota. ``goals_met``: ids of the goals whose
    status is ``met`` for this rep this month; ``kpis``: KPI name → the rep's value this month;
    ``pending``: goal id → (status so far, period) of the goals whose period is still running;
    ``eligible``: the goal ids the rep is held to (``None``: every goal bonus of the plan is listed).

    Examples
    --------
    Tiers 2 % below half of quota, 4 % to quota, 6 % above; quota 100,000 and revenue 120,000, marginal:
    50,000 × 2 % + 50,000 × 4 % + 20,000 × 6 % = 1,000 + 2,000 + 1,200 = 4,200.

    >>> from salesnb.incentives.plans import Plan, _tiers
    >>> plan = Plan("p", (), (), "marginal", _tiers([(0.0, 0.02), (0.5, 0.04), (1.0, 0.06)], 0.5))
    >>> s = commission(plan, 120_000, 100_000)
    >>> [(line.code, line.revenue, line.amount) for line in s.lines]
    [('tier', 50000.0, 1000.0), ('tier', 50000.0, 2000.0), ('tier', 20000.0, 1200.0), ('total', None, 4200.0)]
    """
    kpis = kpis or {}
    met = set(goals_met)
    rev = 0.0 if _missing(revenue) else float(revenue)  # type: ignore[arg-type]
    has_quota = not _missing(quota) and float(quota) > 0  # type: ignore[arg-type]
    q = float(quota) if has_quota else None  # type: ignore[arg-type]
    attainment = max(rev, 0.0) / q if q is not None else None
    tier = plan.tier_at(attainment).number if attainment is not None else None
    if rev <= 0:
        lines = [Line("no_revenue", 0.0, revenue=rev)]
    elif q is None:
        rate = plan.base_rate
        lines = [Line("no_quota", money(rev * rate), revenue=money(rev), rate=rate)]
    else:
        lines = _tier_lines(plan, rev, q, attainment)  # type: ignore[arg-type]
    before_cap = money(sum(line.amount for line in lines))
    removed = 0.0
    if plan.cap is not None and before_cap > plan.cap:
        removed = money(before_cap - plan.cap)
        lines.append(Line("cap", -removed, limit=plan.cap))
    reachable = [b for b in plan.bonuses if b.goal is None or eligible is None or b.goal in eligible]
    bonus_lines = [_bonus_line(b, met, kpis, pending or {}) for b in reachable]
    bonuses = money(sum(line.amount for line in bonus_lines))
    paid = money(before_cap - removed)
    total = money(paid + bonuses)
    at_quota, next_tier = what_if(plan, q, attainment) if q is not None else (None, None)  # type: ignore[arg-type]
    return Statement(
        plan_id=plan.id,
        method=plan.method,
        basis=plan.basis,
        revenue=rev,
        quota=q,
        attainment=attainment,
        tier=tier,
        commission_before_cap=before_cap,
        cap_removed=removed,
        commission=paid,
        bonuses=bonuses,
        total=total,
        lines=(*lines, *bonus_lines, Line("total", total)),
        at_quota=at_quota,
        next_tier=next_tier,
    )
