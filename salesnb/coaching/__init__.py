"""Coaching: the training catalog, the rules that map gaps and patterns to modules, and each rep's plan."""

from salesnb.coaching.catalog import Module, load_catalog
from salesnb.coaching.plan import (
    Action,
    Benchmarks,
    benchmarks,
    coaching_actions,
    comparison_groups,
    goal_target,
)
from salesnb.coaching.rules import Rule, RuleSet, load_rules
from salesnb.coaching.targets import set_goals

__all__ = [
    "Action",
    "Benchmarks",
    "Module",
    "Rule",
    "RuleSet",
    "benchmarks",
    "coaching_actions",
    "comparison_groups",
    "goal_target",
    "load_catalog",
    "load_rules",
    "set_goals",
]
