"""The goal of each coaching action: a target that asks for something (``docs/coaching.md``).

* **Close the gap**: ``close_gap`` of the way from the baseline to the benchmark (team median, else peer
  median; 100 % for quota attainment), or the rule's trigger (the value at which it stops firing),
  whichever asks more.
* **Stretch**: a rep already at the benchmark is asked ``stretch`` more than now (of the baseline; for a
  share, of the way to 100 %; for a score such as NPS, of the way to the top of its scale, in points, so
  an NPS of 0 or below is asked for something too).
* **No benchmark**: with no median to compare with (too few comparable reps with a value), the goal is
  the same step on the rep's own value, said as such: never "already meets the benchmark".
* **Ramp**: where quotas are the full ones (``quota_ramped: false``), a new hire's quota-attainment
  benchmark is the ramp's: tenure next period ÷ ``RAMP_MONTHS``. Quotas that already ramp are not ramped
  again.
* Rounded the way that asks for more, and never a value the rep already has.
* **The SMART audit**: a goal failing it keeps its reason, and gets as the alternative the largest smaller
  share of the gap (:data:`SMALLER_SHARES`) that passes, else the target the rep's history suggests, when
  it still asks for more than now.
"""

from __future__ import annotations

import math
from dataclasses import replace

from salesnb.analysis.common import RAMP_MONTHS
from salesnb.coaching.plan import Action, Benchmarks
from salesnb.coaching.rules import RuleSet
from salesnb.goals.audit import audit_goal
from salesnb.goals.history import GoalData
from salesnb.goals.model import Goal, GoalSet, Scope
from salesnb.kpis import CATALOG
from salesnb.periods import Period

#: Shares of the gap tried, largest first, for an alternative when the goal fails the audit.
SMALLER_SHARES = (0.25, 0.1, 0.05)
#: The top of a score KPI's scale (NPS runs from −100 to 100).
SCORE_TOP = 100.0


def ask_target(value: float, baseline: float, kpi: str) -> float:
    """``value`` rounded the way a person writes a target (3 significant figures, 0.1 % for ratios),
    rounding towards more, and at least one step better than ``baseline``.

    Examples
    --------
    >>> ask_target(7911.1, 7911.1, "avg_deal_size"), ask_target(0.2451, 0.18, "contact_rate")
    (7920.0, 0.246)
    >>> ask_target(18.31, 19.0, "sales_cycle_days")
    18.3
    """
    if not math.isfinite(value):
        return value
    spec = CATALOG[kpi]
    hib = spec.higher_is_better
    step = 0.001 if spec.unit == "ratio" else 10.0 ** (math.floor(math.log10(abs(value) or 1.0)) - 2)
    snap = math.ceil if hib else math.floor
    target = snap(round(value / step, 6)) * step
    if math.isfinite(baseline) and (target <= baseline if hib else target >= baseline):
        base = (math.floor if hib else math.ceil)(round(baseline / step, 6)) * step
        target = base + (step if hib else -step)
    return round(target, 10)


def period_months(period: Period) -> float:
    """How many months ``period`` moves a rep's tenure on: 1 a month, 3 a quarter, 12 a year, a week's
    share of an average month.

    >>> period_months(Period.parse("2026-Q3")), period_months(Period.parse("2026-11"))
    (3.0, 1.0)
    """
    whole = {"month": 1.0, "quarter": 3.0, "year": 12.0}
    return whole.get(period.grain, period.days / (365.25 / 12))


def ramp_benchmark(tenure_next: float) -> float:
    """The quota attainment a linear ramp expects after ``tenure_next`` months (1 from the ramp's end).

    >>> round(ramp_benchmark(4), 3), ramp_benchmark(9)
    (0.667, 1.0)
    """
    return min(max(tenure_next, 1.0) / RAMP_MONTHS, 1.0)


def stretch_target(baseline: float, kpi: str, stretch: float) -> float:
    """``stretch`` more than ``baseline``: of the baseline; for a share of the way to 100 %, for a score
    of the way to the top of its scale (:data:`SCORE_TOP`), so a score of 0 or below is asked for more.

    >>> round(stretch_target(0.9, "csat", 0.1), 3), stretch_target(8000.0, "avg_deal_size", 0.1)
    (0.91, 8800.0)
    >>> stretch_target(20.0, "sales_cycle_days", 0.1)
    18.0
    >>> stretch_target(0.0, "nps", 0.1), stretch_target(-20.0, "nps", 0.1), stretch_target(50.0, "nps", 0.1)
    (10.0, -8.0, 55.0)
    """
    spec = CATALOG[kpi]
    if spec.share and spec.higher_is_better:
        return baseline + stretch * (1.0 - baseline)
    if spec.unit == "score" and spec.higher_is_better:
        return baseline + stretch * (SCORE_TOP - baseline)
    return baseline * (1 + stretch) if spec.higher_is_better else baseline * (1 - stretch)


def trigger(action: Action, kpi: str, bench: Benchmarks) -> float:
    """The value of ``kpi`` at which the action's rule stops firing (missing when the rule is about
    another KPI or has no threshold)."""
    cond = action.rule.when
    if cond.signal:
        found = action.signal or {}
        threshold = found.get("threshold")
        ok = found.get("metric") == kpi and threshold is not None
        return float(threshold) if ok and math.isfinite(float(threshold)) else math.nan
    if cond.metric != kpi:
        return math.nan
    b = bench.value(cond.benchmark, kpi)  # type: ignore[arg-type]
    return b - cond.by * abs(b) if cond.direction == "below" else b + cond.by * abs(b)


def plan_target(
    action: Action, kpi: str, baseline: float, bench: Benchmarks, rules: RuleSet, tenure_next: float
) -> tuple[float, float, str, float]:
    """(target, share of the gap closed, kind, benchmark): kind ``gap``, ``trigger``, ``stretch``,
    ``ramp`` (a gap to the ramp's benchmark) or ``no_benchmark`` (a stretch on the rep's own value, with no
    median to compare with); sets the action's ``goal_benchmark_kind``."""
    spec = CATALOG[kpi]
    hib = spec.higher_is_better
    new_hire = math.isfinite(tenure_next) and tenure_next < RAMP_MONTHS
    ramping = kpi == "quota_attainment" and new_hire and not rules.quota_ramped
    if kpi == "quota_attainment":
        b, action.goal_benchmark_kind = (ramp_benchmark(tenure_next), "ramp") if ramping else (1.0, "target")
    else:
        b, action.goal_benchmark_kind = bench.value("team_median", kpi), "team_median"
        if not math.isfinite(b):
            b, action.goal_benchmark_kind = bench.peer_median(kpi), "peer_median"
    if not math.isfinite(baseline):
        return math.nan, math.nan, "gap", b
    if not math.isfinite(b):
        target = ask_target(stretch_target(baseline, kpi, rules.stretch), baseline, kpi)
        return target, math.nan, "no_benchmark", b
    worse = math.isfinite(b) and (baseline < b if hib else baseline > b)
    if not worse:
        return ask_target(stretch_target(baseline, kpi, rules.stretch), baseline, kpi), math.nan, "stretch", b
    target, kind = baseline + rules.close_gap * (b - baseline), "ramp" if ramping else "gap"
    t = trigger(action, kpi, bench)
    if math.isfinite(t) and (t > target if hib else t < target):
        target, kind = t, "trigger"
    return ask_target(target, baseline, kpi), rules.close_gap, kind, b


def set_goals(
    actions: list[Action],
    rep_id: str,
    kpis: object,
    bench: Benchmarks,
    period: Period,
    rules: RuleSet,
    goals: GoalSet,
    data: GoalData,
    tenure_months: float = math.nan,
) -> None:
    """Give each action a goal for the period after ``period`` (:func:`plan_target`), audit it, and when it
    fails keep the reason and find a passing alternative (:data:`SMALLER_SHARES` of the gap, then the
    audit's suggestion), one that still asks for more than now.

    ``kpis`` maps KPI to the rep's value this period; ``tenure_months`` is the rep's tenure at the end of
    ``period`` (missing: not a new hire).
    """
    nxt = period.next()
    tenure_next = tenure_months + period_months(nxt) if math.isfinite(tenure_months) else math.nan
    for i, action in enumerate(actions):
        kpi = action.rule.goal_metric
        baseline = float(kpis.get(kpi, math.nan))  # type: ignore[attr-defined]
        target, share, kind, b = plan_target(action, kpi, baseline, bench, rules, tenure_next)
        action.goal_baseline, action.goal_benchmark = baseline, b
        action.goal_kind, action.goal_share = kind, share
        if not math.isfinite(target):
            continue
        goal = Goal(
            id=f"{rep_id}-{i + 1}-{action.rule.id}",
            metric=kpi,
            scope=Scope("rep", rep_id),
            target=float(target),
            period=nxt.label,
            objective=rules.objective,
            note=f"coaching plan {period.label}: {action.module.id}",
        )
        audit = audit_goal(goal, goals, data)
        action.goal, action.audit_ok = goal, audit.ok
        if audit.ok:
            continue
        action.audit_failed, action.audit_suggested = tuple(audit.failed), audit.suggested
        if audit.failed != ["A"] or kind in ("stretch", "no_benchmark") or not math.isfinite(b):
            continue  # only a smaller step can mend an unachievable gap goal
        tries = [baseline + smaller * (b - baseline) for smaller in SMALLER_SHARES if smaller < share]
        for alt in [*tries, audit.suggested]:  # then what the rep's history suggests, if it asks for more
            alt = ask_target(alt, math.nan, kpi)
            if not math.isfinite(alt) or not (
                alt > baseline if CATALOG[kpi].higher_is_better else alt < baseline
            ):
                continue
            candidate = replace(goal, target=float(alt))
            if audit_goal(candidate, goals, data).ok:
                action.alternative, action.alternative_share = candidate, (alt - baseline) / (b - baseline)
                break
