"""A rep's coaching plan: the rules that fire on their numbers and patterns, ranked, each with the number
behind it, a training module and a SMART goal for next period (set by :mod:`salesnb.coaching.targets`).

Benchmarks: the **team median** is over the rep's team-mates who worked in the period (managers and
reps still ramping excluded, the rep included); the **peer median** and the **peer percentile** are over
reps of the same level and team type across the organisation (only these statistics leave the other
teams, never a rep's row). A benchmark over other people exists only when at least ``min_group`` people
other than the rep have a value for the KPI (``params/benchmarks.yaml``): below that a "median" would be
one or two people's own figures, so it is missing, and everything built on it (a rule, a goal, a
sentence) does without.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS, tenure_months
from salesnb.coaching.catalog import Module
from salesnb.coaching.rules import Condition, Rule, RuleSet
from salesnb.goals.model import Goal
from salesnb.goals.pacing import round_target
from salesnb.kpis import CATALOG
from salesnb.privacy import MIN_GROUP_SIZE

#: A plan with fewer actions than this is topped up with the rep's largest remaining gaps ("develop").
MIN_ACTIONS = 2


@dataclass(frozen=True)
class Benchmarks:
    """What a rep is compared with: team medians and the peers' values per KPI, each only where enough
    other people are behind it (see :func:`benchmarks`)."""

    team_median: pd.Series  # KPI -> median over the team's comparable reps (missing: too few others)
    peers: pd.DataFrame  # one row per peer (same level and team type, organisation-wide); KPI columns
    # with fewer than min_group values are left out
    team_others: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))  # KPI -> team-mates
    # other than the rep with a value (behind the team median, or too few for one)
    peer_count: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))  # KPI -> peers with a value
    min_group: int = MIN_GROUP_SIZE

    def peer_median(self, kpi: str) -> float:
        return (
            float(self.peers[kpi].median())
            if kpi in self.peers and self.peers[kpi].notna().any()
            else math.nan
        )

    def peer_percentile(self, kpi: str, value: float) -> float:
        """Share of peers the rep does better than on ``kpi`` (0 = worst, 1 = best); missing if no peers."""
        if kpi not in self.peers or math.isnan(value):
            return math.nan
        others = self.peers[kpi].dropna()
        if others.empty:
            return math.nan
        worse = others < value if CATALOG[kpi].higher_is_better else others > value
        return float(worse.mean())

    def value(self, benchmark: str | float, kpi: str) -> float:
        if not isinstance(benchmark, str):
            return float(benchmark)
        if benchmark == "team_median":
            return float(self.team_median.get(kpi, math.nan))
        if benchmark == "peer_median":
            return self.peer_median(kpi)
        return 1.0 if kpi == "quota_attainment" else math.nan  # "target"


@dataclass
class Action:
    """One line of the plan: why (evidence), what (module), and how we will know (goal)."""

    rule: Rule
    module: Module
    kind: str  # "fix" (a rule fired) or "develop" (the largest remaining gap)
    metric: str  # the KPI the evidence is about
    value: float
    benchmark: float
    benchmark_kind: str  # team_median, peer_median, target, number, or signal
    gap: float  # relative shortfall against the benchmark (0.2 = 20 % worse)
    peer_percentile: float
    signal: dict = field(default_factory=dict)  # the signal row (metric, value, benchmark, evidence)
    goal: Goal | None = None
    goal_baseline: float = math.nan
    goal_benchmark: float = math.nan
    goal_kind: str = "gap"  # gap, trigger, stretch, ramp or no_benchmark (salesnb.coaching.targets)
    goal_benchmark_kind: str = ""  # team_median, peer_median, target or ramp
    goal_share: float = math.nan  # share of the gap to the benchmark the goal closes (gap, ramp)
    audit_ok: bool = False
    audit_failed: tuple[str, ...] = ()  # the SMART properties the goal fails
    audit_suggested: float = math.nan  # the target the goal's history suggests
    alternative: Goal | None = None  # a smaller step that passes the audit, when the goal does not
    alternative_share: float = math.nan

    @property
    def agreed(self) -> Goal | None:
        """The goal the rep works to: the goal, or its passing alternative when it fails the audit."""
        return self.alternative if not self.audit_ok and self.alternative is not None else self.goal

    @property
    def score(self) -> float:
        return self.rule.impact + min(max(self.gap, 0.0), 1.0) if self.kind == "fix" else min(self.gap, 1.0)


def shortfall(value: float, benchmark: float, kpi: str, direction: str = "below") -> float:
    """How far ``value`` is on the wrong side of ``benchmark``, relative to it (negative: on the right side).

    ``direction`` "below" asks whether the value falls short (the usual case for a KPI where higher is
    better); "above" whether it exceeds. The sign is set by the direction, not the KPI.

    Examples
    --------
    >>> round(shortfall(0.18, 0.31, "contact_rate"), 3)
    0.419
    >>> round(shortfall(70.0, 50.0, "sales_cycle_days", "above"), 2)
    0.4
    """
    if math.isnan(value) or math.isnan(benchmark) or benchmark == 0:
        return math.nan
    rel = (benchmark - value) / abs(benchmark)
    return rel if direction == "below" else -rel


def _fires(
    cond: Condition, kpis: pd.Series, bench: Benchmarks, signals: dict[str, dict]
) -> tuple[bool, dict]:
    if cond.signal:
        row = signals.get(cond.signal)
        return row is not None, row or {}
    value = float(kpis.get(cond.metric, math.nan))
    b = bench.value(cond.benchmark, cond.metric)  # type: ignore[arg-type]
    gap = shortfall(value, b, cond.metric, cond.direction)  # type: ignore[arg-type]
    return (not math.isnan(gap) and gap > cond.by), {"value": value, "benchmark": b, "gap": gap}


def _evidence(
    rule: Rule, found: dict, kpis: pd.Series, bench: Benchmarks
) -> tuple[str, float, float, str, float]:
    """(metric, value, benchmark, benchmark kind, gap) behind an action."""
    cond = rule.when
    if cond.signal:
        metric = str(found.get("metric") or rule.goal_metric)
        value, b = float(found.get("value", math.nan)), float(found.get("benchmark", math.nan))
        hib = CATALOG[metric].higher_is_better if metric in CATALOG else True
        gap = shortfall(value, b, metric, "below" if hib else "above")
        return metric, value, b, "signal", 0.0 if math.isnan(gap) else gap
    kind = cond.benchmark if isinstance(cond.benchmark, str) else "number"
    return cond.metric, found["value"], found["benchmark"], kind, found["gap"]  # type: ignore[return-value]


def coaching_actions(
    rep: pd.Series,
    kpis: pd.Series,
    bench: Benchmarks,
    signals: pd.DataFrame,
    rules: RuleSet,
    catalog: Mapping[str, Module],
) -> list[Action]:
    """The ranked actions for one rep (before goals are set): at most ``rules.max_actions``.

    ``rep`` has ``rep_id``, ``level`` and ``team_type``; ``kpis`` the rep's KPIs for the period;
    ``signals`` the rep's signals of :func:`salesnb.analysis.signals.rep_signals` as a table
    (:func:`~salesnb.analysis.findings.signal_frame`).
    """
    found_signals = {r["signal"]: r for r in signals.to_dict("records")}
    if "departed" in found_signals:
        return []  # a rep who has left gets a handover, not a plan
    fired, near = [], []
    for rule in rules.rules:
        if not rule.applies_to(str(rep["team_type"]), str(rep["level"])) or set(rule.unless) & set(
            found_signals
        ):
            continue
        ok, found = _fires(rule.when, kpis, bench, found_signals)
        if ok:
            metric, value, b, kind, gap = _evidence(rule, found, kpis, bench)
            fired.append(
                Action(rule, catalog[rule.module], "fix", metric, value, b, kind, gap,
                       bench.peer_percentile(metric, value), found if rule.when.signal else {})
            )  # fmt: skip
        elif (
            not rule.when.signal
            and found.get("gap", math.nan) > 0  # the largest gaps come first: a small one only tops up
            and rule.when.direction == _bad(rule.when)
        ):
            m = rule.when.metric
            near.append(
                Action(rule, catalog[rule.module], "develop", m, found["value"], found["benchmark"],
                       str(rule.when.benchmark), found["gap"], bench.peer_percentile(m, found["value"]))
            )  # fmt: skip
    plan: list[Action] = []
    for action in sorted(fired, key=lambda a: -a.score) + sorted(near, key=lambda a: -a.score):
        if len(plan) >= rules.max_actions or (action.kind == "develop" and len(plan) >= MIN_ACTIONS):
            break
        if action.module.id not in {a.module.id for a in plan}:
            plan.append(action)
    return plan


def _bad(cond: Condition) -> str:
    """The direction in which the condition's metric is a problem (below for higher-is-better KPIs)."""
    return "below" if CATALOG[cond.metric].higher_is_better else "above"  # type: ignore[index]


def goal_target(baseline: float, benchmark: float, kpi: str, close_gap: float) -> float:
    """Next period's target: the baseline moved ``close_gap`` of the way to the benchmark, rounded the way
    a person writes a target; when the baseline already beats the benchmark, hold the baseline.

    Examples
    --------
    >>> goal_target(0.18, 0.31, "contact_rate", 0.5)
    0.245
    >>> goal_target(80.0, 50.0, "sales_cycle_days", 0.5)
    65.0
    """
    spec = CATALOG[kpi]
    if math.isnan(baseline):
        return math.nan
    if math.isnan(benchmark):
        return round_target(baseline, spec.unit)
    better = benchmark > baseline if spec.higher_is_better else benchmark < baseline
    target = baseline + close_gap * (benchmark - baseline) if better else baseline
    return round_target(target, spec.unit)


def benchmarks(
    team_kpis: pd.DataFrame,
    peer_kpis: pd.DataFrame,
    *,
    rep_id: str | None = None,
    min_group: int = MIN_GROUP_SIZE,
) -> Benchmarks:
    """Team medians and peer rows from rep KPI frames (rows: reps; managers and ramping reps removed by
    the caller as it sees fit), each only where at least ``min_group`` people other than ``rep_id`` have
    a value for the KPI.

    ``team_kpis`` may hold the rep (their value counts in the median, not in the group's size);
    ``peer_kpis`` should not. A KPI whose group is too small has no team median (NaN) or no peer column,
    so :meth:`Benchmarks.peer_median` and :meth:`Benchmarks.peer_percentile` are missing for it.

    Examples
    --------
    >>> team = pd.DataFrame({"win_rate": [0.2, 0.3, 0.4]}, index=["me", "a", "b"])
    >>> b = benchmarks(team, team.drop("me"), rep_id="me", min_group=2)
    >>> float(b.team_median["win_rate"]), b.peer_median("win_rate")
    (0.3, 0.35)
    >>> b = benchmarks(team, team.drop("me"), rep_id="me", min_group=3)  # two others: not enough
    >>> bool(b.team_median.isna().all()), b.peer_median("win_rate"), int(b.peer_count["win_rate"])
    (True, nan, 2)
    """
    if min_group < 1:
        raise ValueError(f"min_group must be at least 1, not {min_group}")
    team = team_kpis.select_dtypes(include=[np.number])
    others = team.drop(index=rep_id, errors="ignore") if rep_id is not None else team
    team_others = others.notna().sum().astype(int)
    team_median = team.median().where(team_others >= min_group)
    peers = peer_kpis.select_dtypes(include=[np.number])
    if rep_id is not None:
        peers = peers.drop(index=rep_id, errors="ignore")
    peer_count = peers.notna().sum().astype(int)
    peers = peers.loc[:, peer_count[peer_count >= min_group].index]
    return Benchmarks(team_median, peers, team_others, peer_count, min_group)


def comparison_groups(
    kpis: pd.DataFrame, roster: pd.DataFrame, rep_id: str, team_id: str, level: str, day: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``kpis`` a rep's :func:`benchmarks` are taken over: their team-mates and their peers.

    ``kpis`` holds the KPIs of the reps who worked in the period (index: rep id, the rep among them);
    ``roster`` their ``team_id``, ``level``, ``team_type`` and ``hire_date`` (index: rep id); ``day`` is
    the period's last day. Both groups hold only reps past the ramp on ``day`` (an unknown hire date
    counts as past it). **Team-mates**: the reps of ``team_id`` who are not managers, the rep among them
    when they qualify; **peers**: the reps of ``level`` and of the rep's team type, the rep left out.

    Examples
    --------
    >>> roster = pd.DataFrame({"team_id": ["t", "t", "u"], "level": ["senior", "manager", "senior"],
    ...                        "team_type": "field", "hire_date": pd.Timestamp("2020-01-01")},
    ...                       index=pd.Index(["me", "boss", "peer"], name="rep_id"))
    >>> kpis = pd.DataFrame({"win_rate": [0.3, 0.5, 0.4]}, index=roster.index)
    >>> mates, peers = comparison_groups(kpis, roster, "me", "t", "senior", date(2026, 10, 31))
    >>> list(mates.index), list(peers.index)
    (['me'], ['peer'])
    """
    info = roster.reindex(kpis.index)
    hired = pd.DataFrame({"rep_id": kpis.index, "hire_date": info["hire_date"].to_numpy()})
    tenure = tenure_months(hired, day).reindex(kpis.index)
    settled = tenure.fillna(RAMP_MONTHS).to_numpy() >= RAMP_MONTHS
    team_type = roster.loc[rep_id, "team_type"]
    mates = (info["team_id"] == team_id).to_numpy() & (info["level"] != "manager").to_numpy() & settled
    peers = (
        (info["team_type"] == team_type).to_numpy()
        & (info["level"] == level).to_numpy()
        & settled
        & (kpis.index != rep_id)
    )
    return kpis[mates], kpis[peers]
