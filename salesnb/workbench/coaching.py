"""The coaching-rules tab: a rule of ``params/coaching_rules.yaml`` with its threshold moved, and the reps it
flags, as the rep review's coaching plan would.

A rep is flagged when the rule fires for them in :func:`~salesnb.coaching.coaching_actions` (its team
types, levels and ``unless`` signals applied) on their :func:`~salesnb.analysis.signals.rep_signals`
(guarded as the rep review guards them, :func:`~salesnb.reviews.rep.guard_signals`) and against the rep
review's benchmarks (:func:`~salesnb.coaching.comparison_groups`, :func:`~salesnb.coaching.benchmarks`).
It uses the reviews' settings: the signal thresholds of ``params/risk_rules.yaml`` and the fewest records
a rate needs (``min_sample`` of ``params/coaching_rules.yaml``); a rate with fewer is not judged (the
review first pools such a rate over more periods, the preview does not).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from salesnb.analysis import signals as signal_rules
from salesnb.analysis import workload as workload_rules
from salesnb.analysis.common import RAMP_MONTHS
from salesnb.analysis.findings import signal_frame
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.signals import rep_signals
from salesnb.coaching import Benchmarks, Rule, RuleSet, benchmarks, coaching_actions, comparison_groups
from salesnb.coaching.feedback import DEFAULT_MIN_SAMPLE, without_small_samples
from salesnb.errors import ParameterError
from salesnb.kpis import compute_kpis
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reviews.rep import guard_signals
from salesnb.reviews.rep.benchmarks import complete_values
from salesnb.workbench.data import WorkbenchData
from salesnb.workbench.selection import Selection, scope_teams


@dataclass(frozen=True)
class Threshold:
    """The number a coaching rule's preview moves: a rule's ``by``, or the constant of a signal."""

    name: str
    value: float  # the value in force in the file (or the module's constant)
    minimum: float
    maximum: float
    step: float


#: Per signal: the :func:`rep_signals` threshold that decides it, its default and a sensible range.
SIGNAL_THRESHOLDS: dict[str, Threshold] = {
    "low_contact_rate": Threshold("low_contact_margin", signal_rules.LOW_CONTACT_MARGIN, 0.0, 0.9, 0.01),
    "high_activity_low_conv": Threshold(
        "high_activity_margin", signal_rules.HIGH_ACTIVITY_MARGIN, 0.0, 2.0, 0.05
    ),
    "burnout": Threshold("activity_up", workload_rules.ACTIVITY_UP, 0.0, 1.0, 0.01),
    "activity_drop": Threshold("activity_drop", signal_rules.ACTIVITY_DROP, 0.05, 1.0, 0.05),
    "below_target": Threshold("below_target", signal_rules.BELOW_TARGET, 0.1, 1.5, 0.05),
    "ramping": Threshold("ramp_months", float(RAMP_MONTHS), 0.0, 24.0, 1.0),
    "departed": Threshold("attrition_periods", float(signal_rules.ATTRITION_PERIODS), 0.0, 24.0, 1.0),
}
#: Signal thresholds that count periods or months (whole numbers).
WHOLE_THRESHOLDS = {"ramp_months", "attrition_periods"}
FLAGGED_COLUMNS = [
    "rep_id", "name", "team_id", "level", "metric", "value", "benchmark", "gap", "now", "before",
]  # fmt: skip


def rule_ids(settings: Settings) -> list[str]:
    return [r.id for r in settings.coaching_rules.rules] if settings.coaching_rules else []


def find_rule(settings: Settings, rule_id: str) -> Rule:
    """A coaching rule by id (a :class:`ParameterError` without rules or without the rule)."""
    if settings.coaching_rules is None:
        raise ParameterError("no coaching rules (params/coaching_rules.yaml and training_catalog.yaml)")
    for r in settings.coaching_rules.rules:
        if r.id == rule_id:
            return r
    raise ParameterError(f"unknown coaching rule {rule_id!r}")


def rule_threshold(settings: Settings, rule_id: str) -> Threshold:
    """What the preview of a rule moves: a metric rule's ``by`` (the share past the benchmark), or the
    constant of the signal a signal rule fires on."""
    rule = find_rule(settings, rule_id)
    if rule.when.signal:
        spec = SIGNAL_THRESHOLDS[rule.when.signal]
        in_force = getattr(settings.risk_rules or RiskRules(), spec.name, None)  # the reviews' value
        return replace(spec, value=float(in_force)) if isinstance(in_force, int | float) else spec
    return Threshold("by", rule.when.by, 0.0, 0.95, 0.01)


def review_thresholds(settings: Settings, team_type: str) -> dict[str, float]:
    """The signal thresholds the team and rep reviews use for ``team_type`` (``params/risk_rules.yaml``)."""
    return (settings.risk_rules or RiskRules()).signal_thresholds([team_type])


def flagged(
    data: WorkbenchData, settings: Settings, s: Selection, rule_id: str, threshold: float | None = None
) -> pd.DataFrame:
    """The reps of the selection (a rep's team when a rep is chosen) that ``rule_id`` flags in the period
    at ``threshold`` and at the file's threshold.

    Columns (:data:`FLAGGED_COLUMNS`): ``rep_id``, ``name``, ``team_id``, ``level``, ``metric``,
    ``value``, ``benchmark``, ``gap``, ``now`` (flagged at ``threshold``), ``before`` (at the file's);
    only reps flagged at one of the two. A rep who left gets no plan.
    """
    rule = find_rule(settings, rule_id)
    spec = rule_threshold(settings, rule_id)
    value = spec.value if threshold is None else float(threshold)
    if not spec.minimum <= value <= spec.maximum:
        raise ParameterError(f"{spec.name} must be from {spec.minimum:g} to {spec.maximum:g}, not {value:g}")
    if spec.name in WHOLE_THRESHOLDS:
        value = float(round(value))
    now = _fired(data, settings, s, rule, value)
    before = _fired(data, settings, s, rule, spec.value)
    rows = []
    for rid in dict.fromkeys([*before, *now]):
        found = now.get(rid) or before[rid]
        rows.append({**found, "now": rid in now, "before": rid in before})
    return pd.DataFrame(rows, columns=FLAGGED_COLUMNS)


def rules_summary(data: WorkbenchData, settings: Settings, s: Selection) -> pd.DataFrame:
    """Every coaching rule at the file's thresholds: ``rule``, ``condition``, ``module``, ``reps`` (how
    many of the selection's reps it flags) and ``names`` (theirs, comma-separated)."""
    rows = []
    for rule in settings.coaching_rules.rules if settings.coaching_rules else ():
        fired = _fired(data, settings, s, rule, rule_threshold(settings, rule.id).value)
        rows.append(
            {
                "rule": rule.id,
                "condition": rule.when.describe(),
                "module": rule.module,
                "reps": len(fired),
                "names": ", ".join(f["name"] for f in fired.values()),
            }
        )
    return pd.DataFrame(rows, columns=["rule", "condition", "module", "reps", "names"])


def _fired(
    data: WorkbenchData, settings: Settings, s: Selection, rule: Rule, value: float
) -> dict[str, dict]:
    """The reps of the selection's teams the rule (at ``value``) flags, with the evidence of its action."""
    assert settings.coaching_rules is not None and settings.training_catalog is not None
    period = s.review_period
    moved: dict[str, float] = {}
    if rule.when.signal:
        spec = SIGNAL_THRESHOLDS[rule.when.signal]
        moved = {spec.name: int(value) if spec.name in WHOLE_THRESHOLDS else value}
        single = rule
    else:
        single = replace(rule, when=replace(rule.when, by=value))
    rules = RuleSet(
        settings.coaching_rules.path, (single,), max_actions=10, close_gap=settings.coaching_rules.close_gap
    )
    out: dict[str, dict] = {}
    for team in scope_teams(data, replace(s, rep="")):
        team_type = data.team_type(team)
        if rule.team_types and team_type not in rule.team_types:
            continue
        thresholds = {**review_thresholds(settings, team_type), **moved}
        key = ("signals", team, period.label, tuple(sorted(thresholds.items())))
        sigs = data.memo(
            key, lambda team=team, t=thresholds: rep_signals(data.team_slice(team, period), period, **t)
        )
        kpis, roster = peer_kpis(data, team_type, period, _min_sample(settings))
        for rid in roster.index[(roster["team_id"] == team).to_numpy()]:
            level = str(roster.loc[rid, "level"])
            bench = rep_benchmarks(data, settings, str(rid), team, level, period)
            who = pd.Series({"rep_id": rid, "level": level, "team_type": team_type})
            mine, _ = guard_signals(sigs, str(rid), settings.benchmarks.min_group_size)
            actions = coaching_actions(
                who, kpis.loc[rid], bench, signal_frame(mine), rules, settings.training_catalog
            )
            fired = [a for a in actions if a.kind == "fix"]
            if fired:
                a = fired[0]
                out[str(rid)] = {
                    "rep_id": str(rid),
                    "name": str(roster.loc[rid, "name"]),
                    "team_id": team,
                    "level": level,
                    "metric": a.metric,
                    "value": a.value,
                    "benchmark": a.benchmark,
                    "gap": a.gap,
                }
    return out


def _min_sample(settings: Settings) -> dict[str, int]:
    rules = settings.coaching_rules
    return dict(rules.min_sample) if rules is not None else dict(DEFAULT_MIN_SAMPLE)


def peer_kpis(
    data: WorkbenchData, team_type: str, period: Period, min_sample: dict[str, int] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KPIs of every rep of a team type who worked in the period (each team's slice on its own, as the
    reports read them; index: rep id) and their roster rows (``team_id``, ``level``, ``team_type``, …).
    A rate with fewer records than ``min_sample`` asks (default :data:`DEFAULT_MIN_SAMPLE`) is blank, as
    the rep review leaves it out of benchmarks and rules."""
    minimums = DEFAULT_MIN_SAMPLE if min_sample is None else min_sample

    def compute() -> tuple[pd.DataFrame, pd.DataFrame]:
        teams = data.teams.loc[data.teams["team_type"] == team_type, "team_id"].tolist()
        frames = []
        for team in teams:
            m = data.rep_measures(team, period)
            m = m[m["headcount"] > 0]
            frames.append(without_small_samples(complete_values(compute_kpis(m), m), m, minimums))
        kpis = pd.concat(frames) if frames else pd.DataFrame()
        roster = data.reps(period).reindex(kpis.index).assign(team_type=team_type)
        return kpis, roster

    return data.memo(("peer_kpis", team_type, period.label, tuple(sorted(minimums.items()))), compute)


def rep_benchmarks(
    data: WorkbenchData, settings: Settings, rep_id: str, team: str, level: str, period: Period
) -> Benchmarks:
    """The rep review's benchmarks of a rep: team median over the team's settled non-manager reps, peers
    of the same level and team type across the organisation, each only over at least ``min_group``
    people besides the rep (:func:`~salesnb.coaching.comparison_groups`)."""

    def compute() -> Benchmarks:
        kpis, roster = peer_kpis(data, data.team_type(team), period, _min_sample(settings))
        mates, peers = comparison_groups(kpis, roster, rep_id, team, level, period.last_day)
        return benchmarks(mates, peers, rep_id=rep_id, min_group=settings.benchmarks.min_group_size)

    return data.memo(("benchmarks", rep_id, period.label, settings.benchmarks.min_group_size), compute)
