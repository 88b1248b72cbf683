"""The coaching plan's goals after the rules have set them, and last period's plan followed through."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from salesnb.coaching import Action, goal_target
from salesnb.goals.audit import audit_goal
from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.kpis import CATALOG

#: Shares of the gap to the benchmark tried when a plan's goal would only hold the baseline.
STRETCH_STEPS = (0.25, 0.1, 0.05)
FOLLOW_COLUMNS = [
    "rule", "module", "metric", "unit", "higher_is_better", "goal_period", "baseline", "target", "actual",
    "change", "change_pct", "improved", "met",
]  # fmt: skip


def follow_through(actions: list[Action], kpis_now: pd.Series) -> pd.DataFrame:
    """Last period's plan against this period: per goal the baseline, target, actual, move and verdict.

    ``change`` is actual − baseline, ``change_pct`` that over |baseline|; ``improved`` says whether the
    KPI moved the right way, ``met`` whether it reached the target (at most the target where lower is
    better). Both are missing without an actual.
    """
    rows = []
    for a in actions:
        if a.goal is None or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        baseline = float(a.goal_baseline)
        target = float(a.goal.target) if a.goal.target is not None else math.nan
        actual = float(kpis_now.get(spec.name, math.nan))
        change = actual - baseline
        has = np.isfinite(actual)
        rows.append(
            {
                "rule": a.rule.id,
                "module": a.module.id,
                "metric": spec.name,
                "unit": spec.unit,
                "higher_is_better": spec.higher_is_better,
                "goal_period": a.goal.period,
                "baseline": baseline,
                "target": target,
                "actual": actual,
                "change": change,
                "change_pct": change / abs(baseline) if np.isfinite(change) and baseline else math.nan,
                "improved": (change > 0 if spec.higher_is_better else change < 0)
                if np.isfinite(change)
                else None,
                "met": (actual >= target if spec.higher_is_better else actual <= target) if has else None,
            }
        )
    return pd.DataFrame(rows, columns=FOLLOW_COLUMNS)


def repair_goals(actions: list[Action], goalset: GoalSet, data: GoalData) -> None:
    """Give an action whose goal failed the SMART audit a target that passes, when one exists.

    ``set_goals`` keeps the baseline when the rep already beats the benchmark; for a ratio KPI above
    100 % (quota attainment of a rep ahead of plan) the audit's Measurable check refuses that target, and
    the audit's own suggestion is not tried. Here: the target capped at 100 % for ratios, then the audit's
    suggestion.
    """
    for a in actions:
        if a.goal is None or a.audit_ok or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        first = audit_goal(a.goal, goalset, data)
        tries = []
        if spec.unit == "ratio" and a.goal.target is not None and a.goal.target > 1:
            tries.append(1.0)
        tries.append(first.suggested)
        for target in tries:
            if not np.isfinite(target) or target == a.goal.target:
                continue
            goal = replace(a.goal, target=float(target))
            if audit_goal(goal, goalset, data).ok:
                a.goal, a.audit_ok = goal, True
                break


def stretch_goals(
    actions: list[Action], goalset: GoalSet, data: GoalData, steps: tuple[float, ...] = STRETCH_STEPS
) -> None:
    """Turn a goal that only holds the baseline into the largest step towards the benchmark the audit accepts.

    When closing half (then a quarter) of the gap asks more than history says is achievable,
    ``set_goals`` falls back on the audit's suggestion, which can sit at or below the baseline: a goal that
    asks for nothing. Here such a goal is replaced by the first of ``steps`` (shares of the gap to the
    benchmark) whose target is better than the baseline and passes the audit; otherwise it stays.
    """
    for a in actions:
        if a.goal is None or a.goal.target is None or a.goal.metric not in CATALOG:
            continue
        spec = CATALOG[a.goal.metric]
        base, bench = a.goal_baseline, a.goal_benchmark
        if not (np.isfinite(base) and np.isfinite(bench)):
            continue
        better = (lambda x, y: x > y) if spec.higher_is_better else (lambda x, y: x < y)
        if better(a.goal.target, base) or not better(bench, base):
            continue
        for step in steps:
            target = goal_target(base, bench, spec.name, step)
            if not better(target, base):
                continue
            goal = replace(a.goal, target=float(target))
            if audit_goal(goal, goalset, data).ok:
                a.goal, a.audit_ok = goal, True
                break
