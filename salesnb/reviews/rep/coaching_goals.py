"""Last period's coaching plan followed through: its goals against this period's numbers.

The plan is the one the last review *gave*, as stored in the warehouse (:func:`stored_follow_through`);
without one on record it may be re-derived from last period's numbers with today's rules
(:func:`follow_through`), which the report labels as such. Both give the same columns and verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesnb.coaching import Action
from salesnb.coaching.catalog import Module
from salesnb.kpis import CATALOG

FOLLOW_COLUMNS = [
    "rule", "module", "title", "metric", "unit", "higher_is_better", "goal_period", "baseline", "target",
    "actual", "change", "change_pct", "improved", "met", "gap_closed", "verdict",
]  # fmt: skip
#: The verdicts of a goal: reached, part of the gap to it closed, none closed, no actual to judge.
VERDICTS = ("met", "partly", "not_met", "no_data")


def gap_closed(baseline: float, target: float, actual: float, higher_is_better: bool) -> float:
    """The share of the gap from ``baseline`` to ``target`` that ``actual`` closed: 1 reaches the target,
    0 stayed put, below 0 moved the wrong way; missing without a gap to close or an actual.

    Examples
    --------
    >>> gap_closed(0.20, 0.30, 0.25, True)
    0.5
    >>> gap_closed(40.0, 30.0, 45.0, False)
    -0.5
    """
    if not (math.isfinite(baseline) and math.isfinite(target) and math.isfinite(actual)):
        return math.nan
    gap = target - baseline
    if gap == 0 or (gap < 0 if higher_is_better else gap > 0):  # a target that asks for nothing
        return math.nan
    return (actual - baseline) / gap


def verdict(target: float, actual: float, closed: float, higher_is_better: bool) -> str:
    """One of :data:`VERDICTS`: ``met`` at or past the target, ``partly`` when some of the gap was closed.

    Examples
    --------
    >>> verdict(0.30, 0.25, 0.5, True), verdict(0.30, 0.31, 1.1, True), verdict(30.0, 45.0, -0.5, False)
    ('partly', 'met', 'not_met')
    """
    if not math.isfinite(actual):
        return "no_data"
    if math.isfinite(target) and (actual >= target if higher_is_better else actual <= target):
        return "met"
    return "partly" if math.isfinite(closed) and closed > 0 else "not_met"


def follow_row(
    rule: str,
    module: str,
    title: str,
    metric: str,
    higher_is_better: bool,
    goal_period: str,
    baseline: float,
    target: float,
    actual: float,
) -> dict:
    """One goal followed through (:data:`FOLLOW_COLUMNS`): ``change`` is actual − baseline, ``change_pct``
    that over |baseline|; ``improved`` whether the KPI moved the right way, ``met`` whether it reached
    the target (at most the target where lower is better); both missing without an actual."""
    change = actual - baseline
    has = np.isfinite(actual)
    closed = gap_closed(baseline, target, actual, higher_is_better)
    return {
        "rule": rule,
        "module": module,
        "title": title,
        "metric": metric,
        "unit": CATALOG[metric].unit if metric in CATALOG else "number",
        "higher_is_better": higher_is_better,
        "goal_period": goal_period,
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "change": change,
        "change_pct": change / abs(baseline) if np.isfinite(change) and baseline else math.nan,
        "improved": (change > 0 if higher_is_better else change < 0) if np.isfinite(change) else None,
        "met": (actual >= target if higher_is_better else actual <= target) if has else None,
        "gap_closed": closed,
        "verdict": verdict(target, actual, closed, higher_is_better),
    }


def follow_through(actions: list[Action], kpis_now: pd.Series, language: str = "en") -> pd.DataFrame:
    """Last period's plan as today's rules re-derive it, against this period: per goal the baseline,
    target, actual, move and verdict (:func:`follow_row`)."""
    rows = []
    for a in actions:
        goal = a.agreed  # the goal the rep worked to: its passing alternative when it failed the audit
        if goal is None or goal.metric not in CATALOG:
            continue
        spec = CATALOG[goal.metric]
        target = float(goal.target) if goal.target is not None else math.nan
        actual = float(kpis_now.get(spec.name, math.nan))
        rows.append(
            follow_row(a.rule.id, a.module.id, a.module.title_in(language), spec.name, spec.higher_is_better,
                       str(goal.period), float(a.goal_baseline), target, actual)
        )  # fmt: skip
    return pd.DataFrame(rows, columns=FOLLOW_COLUMNS)


def stored_follow_through(
    stored: pd.DataFrame, kpis_now: pd.Series, modules: Mapping[str, Module] | None, language: str = "en"
) -> pd.DataFrame:
    """The plan last period's review gave (rows of the warehouse's ``coaching_plans``), against this
    period: judged against the *stored* baseline, target and direction, whatever the rules say today.
    A module no longer in the catalog keeps its id as its title."""
    rows = []
    for g in stored.itertuples(index=False):
        module = (modules or {}).get(g.module)
        title = module.title_in(language) if module is not None else str(g.module)
        actual = float(kpis_now.get(g.metric, math.nan))
        rows.append(
            follow_row(str(g.rule), str(g.module), title, str(g.metric), bool(g.higher_is_better),
                       str(g.goal_period), _number(g.baseline), _number(g.target), actual)
        )  # fmt: skip
    return pd.DataFrame(rows, columns=FOLLOW_COLUMNS)


def _number(value: object) -> float:
    return float(value) if value is not None and pd.notna(value) else math.nan  # type: ignore[arg-type]
