"""Last period's coaching plan followed through: its goals against this period's numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from salesnb.coaching import Action
from salesnb.kpis import CATALOG

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
        goal = a.agreed  # the goal the rep worked to: its passing alternative when it failed the audit
        if goal is None or goal.metric not in CATALOG:
            continue
        spec = CATALOG[goal.metric]
        baseline = float(a.goal_baseline)
        target = float(goal.target) if goal.target is not None else math.nan
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
                "goal_period": goal.period,
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
