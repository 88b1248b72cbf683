"""Coaching rules, ``params/coaching_rules.yaml``: which gap or pattern calls for which training module.

The format is documented at the top of the demo file. Every problem names the file and the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesnb.analysis.signals import SIGNALS
from salesnb.coaching.catalog import Module
from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG
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
FILE_KEYS = {"max_actions", "close_gap", "objective", "rules"}
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


def load_rules(path: Path, catalog: dict[str, Module]) -> RuleSet:
    """Read and check the rules: known signals, KPIs, benchmarks, modules and support codes."""
    data = read_yaml_keys(path, FILE_KEYS, "max_actions, close_gap, objective, rules")
    max_actions = data.get("max_actions", 4)
    if isinstance(max_actions, bool) or not isinstance(max_actions, int) or not 1 <= max_actions <= 10:
        raise ParameterError(f"{path}: max_actions must be a whole number from 1 to 10, not {max_actions!r}")
    close_gap = data.get("close_gap", 0.5)
    if isinstance(close_gap, bool) or not isinstance(close_gap, int | float) or not 0 < close_gap <= 1:
        raise ParameterError(f"{path}: close_gap must be a share above 0 and at most 1, not {close_gap!r}")
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise ParameterError(f"{path}: 'rules' must be a non-empty list")
    rules, seen = [], set()
    for i, item in enumerate(items, start=1):
        rule = _rule(item, f"{path}: rule {i}", catalog)
        if rule.id in seen:
            raise ParameterError(f"{path}: rule {rule.id}: id used twice")
        seen.add(rule.id)
        rules.append(rule)
    objective = data.get("objective")
    return RuleSet(
        str(path), tuple(rules), max_actions, float(close_gap), str(objective) if objective else None
    )


def _choices(value: Any, allowed: tuple[str, ...], what: str, where: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ParameterError(f"{where}: {what} must be a list")
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ParameterError(f"{where}: unknown {what} {', '.join(bad)}; use {', '.join(allowed)}")
    return tuple(values)


def _rule(item: Any, where: str, catalog: dict[str, Module]) -> Rule:
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
    impact = item["impact"]
    if isinstance(impact, bool) or not isinstance(impact, int) or not 1 <= impact <= 5:
        raise ParameterError(f"{where}: impact must be a whole number from 1 to 5, not {impact!r}")
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
    if isinstance(bench, bool) or not (bench in BENCHMARKS or isinstance(bench, int | float)):
        raise ParameterError(f"{where}: benchmark {bench!r}: use {', '.join(BENCHMARKS)} or a number")
    by = raw.get("by", 0.0)
    if isinstance(by, bool) or not isinstance(by, int | float) or not 0 <= by < 1:
        raise ParameterError(f"{where}: by must be a share from 0 to below 1, not {by!r}")
    return Condition(metric=str(raw["metric"]), direction=direction, benchmark=bench, by=float(by))
