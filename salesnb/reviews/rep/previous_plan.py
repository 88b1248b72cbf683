"""The plan a rep review gives, as it is stored, and last period's plan when none is on record.

:func:`plan_given` turns a review's coaching plan into the rows of the warehouse's ``coaching_plans``
(the batch stores them: :mod:`salesnb.batch.plans`); the next period's review reads them back and follows
them through (:func:`~salesnb.reviews.rep.coaching_goals.stored_follow_through`). Without a stored plan
:func:`rederived_plan` gives last period's plan as today's rules would have set it, which the report says
is not the plan given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd

from salesnb import __version__
from salesnb.analysis.findings import signal_frame
from salesnb.analysis.signals import rep_signals
from salesnb.coaching import Action, coaching_actions, set_goals
from salesnb.coaching.catalog import Module
from salesnb.coaching.rules import RuleSet
from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.kpis import CATALOG
from salesnb.periods import Period
from salesnb.reviews.rep.benchmarks import guard_signals, rep_benchmarks
from salesnb.warehouse.plans import PLAN_COLUMNS


def rules_fingerprint(rules: RuleSet | None, modules: Mapping[str, Module] | None) -> str:
    """A short digest of the coaching rules and training catalog that set a plan's goals (where the
    files lie left out), so a stored plan says which settings gave it.

    Examples
    --------
    >>> rules_fingerprint(None, None) == rules_fingerprint(None, {})
    True
    """
    rules_text = repr(replace(rules, path="")) if rules is not None else ""
    modules_text = repr(sorted((modules or {}).items()))
    return hashlib.sha256(f"{rules_text}\0{modules_text}".encode()).hexdigest()[:16]


def plan_given(
    actions: list[Action], rep_id: str, period: Period, fingerprint: str, given_at: datetime | None = None
) -> pd.DataFrame:
    """The goals of a review's plan as ``coaching_plans`` rows (:data:`PLAN_COLUMNS`), in plan order: the
    goal the rep works to (the passing alternative of a goal that failed the audit), its baseline and
    target. An action without a goal is no row."""
    at = (given_at or datetime.now(UTC)).replace(tzinfo=None)
    rows = []
    for a in actions:
        goal = a.agreed
        if goal is None or goal.metric not in CATALOG or goal.target is None:
            continue
        rows.append(
            {
                "rep_id": rep_id,
                "period": period.label,
                "rank": len(rows) + 1,
                "goal_period": str(goal.period),
                "rule": a.rule.id,
                "module": a.module.id,
                "metric": goal.metric,
                "higher_is_better": CATALOG[goal.metric].higher_is_better,
                "baseline": float(a.goal_baseline),
                "target": float(goal.target),
                "goal_kind": a.goal_kind,
                "rules_fingerprint": fingerprint,
                "version": __version__,
                "given_at": pd.Timestamp(at),
            }
        )
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def rederived_plan(
    who: pd.Series,
    data: dict[str, pd.DataFrame],
    peers: tuple[pd.DataFrame, pd.DataFrame],
    prev: Period,
    *,
    settings: tuple[RuleSet, Mapping[str, Module], GoalSet],
    team_id: str,
    limits: tuple[int, Mapping[str, int]],
    thresholds: Mapping[str, float],
    goal_data: GoalData,
    as_of: date,
    tenure: float,
) -> list[Action]:
    """Last period's plan as today's rules give it: the actions and goals of ``prev`` recomputed from its
    numbers. ``who`` has the rep's ``rep_id``, ``level`` and ``team_type``; ``peers`` is the peer
    measures and roster of :func:`rep_benchmarks`; ``settings`` the rules, catalog and goals; ``limits``
    the fewest people behind a benchmark and the fewest records behind a rate; ``tenure`` the rep's
    tenure at the end of ``prev``."""
    rules, modules, goalset = settings
    min_group, min_sample = limits
    rep_id, level = str(who["rep_id"]), str(who["level"])
    bench, kpis, _, _ = rep_benchmarks(*peers, rep_id, team_id, level, prev, min_group, min_sample)
    signals, _ = guard_signals(rep_signals(data, prev, **thresholds), rep_id, min_group)
    before = coaching_actions(who, kpis, bench, signal_frame(signals), rules, modules)
    then = replace(goal_data, as_of=min(as_of, prev.last_day))
    set_goals(before, rep_id, kpis, bench, prev, rules, goalset, then, tenure)
    return before
