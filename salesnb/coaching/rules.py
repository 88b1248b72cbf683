"""Coaching rules, ``params/coaching_rules.yaml``: which gap or pattern calls for which training module.

The format is documented at the top of the demo file. Every problem names the file and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesnb.analysis.signals import SIGNALS
from salesnb.coaching.catalog import Module
from salesnb.coaching.feedback import DEFAULT_MIN_SAMPLE, SAMPLE_MEASURES
from salesnb.errors import ParameterError, ParameterProblems
from salesnb.kpis import CATALOG
from salesnb.values import parse_number, parse_whole_number
from salesnb.warehouse.schema import LEVELS, TEAM_TYPES
from salesnb.yamlfile import read_yaml_keys

FILE = "coaching_rules.yaml"
#: Named benchmarks a metric condition compares against.
BENCHMARKS = ("team_median", "peer_median", "target")
#: What a rep may ask of the manager (i18n keys ``rep.support.<code>``).
SUPPORT = (
    "listen_in",
    "joint_calls",
    "deal_reviews",
    "reduce_load",
    "check_in",
    "pair_with_senior",
    "pipeline_review",
    "customer_feedback",
    "stretch_accounts",
)
FILE_KEYS = {"max_actions", "close_gap", "stretch", "min_sample", "objective", "quota_ramped", "rules"}
#: The most records a minimum sample may ask for.
MAX_SAMPLE = 100_000
RULE_KEYS = {"id", "when", "unless", "module", "goal", "support", "impact", "team_types", "levels"}


@dataclass(frozen=True)
class Condition:
    """Either a signal from the analysis, or a KPI compared with a benchmark."""

    signal: str | None = None
    metric: str | None = None
    direction: str = "below"  # below or above
    benchmark: str | float = "team_median"
    by: float = 0.0

    def describe(self) -> str:
        if self.signal:
            return f"signal {self.signal}"
        return f"{self.metric} {self.direction} {self.benchmark} by {self.by:.0%}"


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    module: str
    goal_metric: str
    support: str
    impact: int
    unless: tuple[str, ...] = ()
    team_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def applies_to(self, team_type: str, level: str) -> bool:
        return (not self.team_types or team_type in self.team_types) and (
            not self.levels or level in self.levels
        )


@dataclass(frozen=True)
class RuleSet:
    path: str
    rules: tuple[Rule, ...]
    max_actions: int = 4
    close_gap: float = 0.5
    objective: str | None = None
    #: a goal the rep already meets asks this much more (a share of the baseline, of 100 % for shares)
    stretch: float = 0.1
    #: the fewest records a rate KPI needs to be ranked (:mod:`salesnb.coaching.feedback`)
    min_sample: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_MIN_SAMPLE))
    #: the quotas already follow each new hire's ramp (so a new hire is judged on the full quota); when
    #: false the review and the goals scale attainment's target by the linear ramp instead
    quota_ramped: bool = True


def load_rules(path: Path, catalog: Mapping[str, Module]) -> RuleSet:
    """Read and check one rules file against the training ``catalog``: known signals, KPIs, benchmarks,
    modules and support codes; every problem names the file and the rule (every rule's, all at once).
    Which file is :func:`salesnb.params.load_settings`'s choice."""
    data = read_yaml_keys(
        path, FILE_KEYS, "max_actions, close_gap, stretch, min_sample, objective, quota_ramped, rules"
    )
    found = ParameterProblems()
    max_actions, close_gap, stretch, min_sample = 4, 0.5, 0.1, dict(DEFAULT_MIN_SAMPLE)
    with found.check():
        max_actions = parse_whole_number(data.get("max_actions", 4), "max_actions", 1, 10, where=str(path))
    with found.check():
        close_gap = _share(data.get("close_gap", 0.5), "close_gap", str(path), above_zero=True)
    with found.check():
        stretch = _share(data.get("stretch", 0.1), "stretch", str(path), above_zero=True)
    with found.check():
        min_sample = _min_sample(data.get("min_sample", {}), str(path))
    quota_ramped = data.get("quota_ramped", True)
    if not isinstance(quota_ramped, bool):
        found.add(f"{path}: quota_ramped must be true or false, not {quota_ramped!r}")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        found.add(f"{path}: 'rules' must be a non-empty list")
        items = []
    rules: list[Rule] = []
    for i, item in enumerate(items, start=1):
        with found.check():
            rule = _rule(item, f"{path}: rule {i}", catalog)
            if rule.id in {r.id for r in rules}:
                raise ParameterError(f"{path}: rule {rule.id}: id used twice")
            rules.append(rule)
    found.raise_any(str(path))
    objective = data.get("objective")
    return RuleSet(
        str(path),
        tuple(rules),
        max_actions,
        close_gap,
        str(objective) if objective else None,
        stretch,
        min_sample,
        quota_ramped is not False,
    )


def _min_sample(raw: Any, where: str) -> dict[str, int]:
    """The defaults with the file's ``min_sample`` (KPI: records) over them; only rate KPIs take one."""
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: min_sample must be a mapping of KPI: fewest records")
    out = dict(DEFAULT_MIN_SAMPLE)
    for kpi, n in raw.items():
        if kpi not in SAMPLE_MEASURES:
            rates = ", ".join(SAMPLE_MEASURES)
            raise ParameterError(f"{where}: min_sample: {kpi!r} is not a rate KPI with a sample; use {rates}")
        out[str(kpi)] = parse_whole_number(n, f"min_sample {kpi}", 1, MAX_SAMPLE, where=where)
    return out


def _share(raw: Any, what: str, where: str, above_zero: bool = False) -> float:
    """A share: above 0 and at most 1 (``above_zero``), or from 0 to below 1."""
    share = parse_number(raw, what, percent=True, where=where)
    if not (0 < share <= 1 if above_zero else 0 <= share < 1):
        bounds = "above 0 and at most 1" if above_zero else "from 0 to below 1"
        raise ParameterError(f"{where}: {what} must be a share {bounds}, not {raw!r}")
    return share


def _choices(value: Any, allowed: tuple[str, ...], what: str, where: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ParameterError(f"{where}: {what} must be a list")
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ParameterError(f"{where}: unknown {what} {', '.join(bad)}; use {', '.join(allowed)}")
    return tuple(values)


def _rule(item: Any, where: str, catalog: Mapping[str, Module]) -> Rule:
    if not isinstance(item, dict):
        raise ParameterError(f"{where}: must be a mapping")
    if "id" in item:
        where = f"{where.rsplit(': rule', 1)[0]}: rule {item['id']}"
    unknown = sorted(set(map(str, item)) - RULE_KEYS)
    missing = sorted({"id", "when", "module", "support", "impact"} - set(map(str, item)))
    if unknown or missing:
        raise ParameterError(
            f"{where}: {'unknown key ' + ', '.join(unknown) if unknown else 'missing ' + ', '.join(missing)}"
        )
    when = _condition(item["when"], where)
    if item["module"] not in catalog:
        raise ParameterError(f"{where}: module {item['module']!r} is not in the training catalog")
    goal = item.get("goal", when.metric)
    if goal is None:
        raise ParameterError(f"{where}: a signal rule needs goal: the KPI next period's goal is set on")
    if goal not in CATALOG:
        raise ParameterError(f"{where}: goal {goal!r} is not a KPI (name one from docs/kpis.md)")
    if item["support"] not in SUPPORT:
        raise ParameterError(f"{where}: support {item['support']!r}: use one of {', '.join(SUPPORT)}")
    impact = parse_whole_number(item["impact"], "impact", 1, 5, where=where)
    return Rule(
        id=str(item["id"]),
        when=when,
        module=str(item["module"]),
        goal_metric=str(goal),
        support=str(item["support"]),
        impact=impact,
        unless=_choices(item.get("unless", []), SIGNALS, "signal", where),
        team_types=_choices(item.get("team_types", []), TEAM_TYPES, "team type", where),
        levels=_choices(item.get("levels", []), LEVELS, "level", where),
    )


def _condition(raw: Any, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise ParameterError(
            f"{where}: when must be {{signal: CODE}} or {{metric: KPI, below: BENCHMARK, by: SHARE}}"
        )
    if "signal" in raw:
        if set(raw) != {"signal"}:
            raise ParameterError(f"{where}: a signal condition takes no other key")
        _choices(raw["signal"], SIGNALS, "signal", where)
        return Condition(signal=str(raw["signal"]))
    keys = set(raw)
    direction = "below" if "below" in keys else "above" if "above" in keys else None
    if direction is None or "metric" not in keys or keys - {"metric", direction, "by"}:
        raise ParameterError(f"{where}: when must be {{metric: KPI, below|above: BENCHMARK, by: SHARE}}")
    if raw["metric"] not in CATALOG:
        raise ParameterError(f"{where}: metric {raw['metric']!r} is not a KPI (name one from docs/kpis.md)")
    bench = raw[direction]
    if not (isinstance(bench, str) and bench in BENCHMARKS):
        try:
            number = parse_number(bench, "benchmark", percent=True)
        except ParameterError as exc:
            raise ParameterError(f"{where}: {exc}, nor one of {', '.join(BENCHMARKS)}") from None
        # a YAML number is kept as written (an action names its benchmark by it), text becomes the number
        bench = number if isinstance(bench, str) else bench
    by = _share(raw.get("by", 0.0), "by", where)
    return Condition(metric=str(raw["metric"]), direction=direction, benchmark=bench, by=by)
