"""The params the workbench reads, loaded once from a params folder into one object.

:func:`load_params` is the only place the workbench reads ``params/``: every panel takes what it needs
from the :class:`WorkbenchParams` it returns, so moving to another loader changes this module alone.
Each file is read by the loader the reports use (KPI sets, benchmark settings, goals, commission plans,
the training catalog and the coaching rules), so the workbench and ``salesnb run`` judge a file alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesnb.coaching import Module, RuleSet, load_catalog, load_rules
from salesnb.coaching import catalog as training
from salesnb.coaching import rules as coaching
from salesnb.goals import load_goals
from salesnb.goals.model import GoalSet
from salesnb.incentives import FILE as PLANS_FILE
from salesnb.incentives import PlanSet, load_plans
from salesnb.kpis.sets import load_kpi_sets
from salesnb.params import load_benchmark_settings

#: The goals file (as the reviews name it).
GOALS_FILE = "goals.yaml"


@dataclass(frozen=True)
class WorkbenchParams:
    """What the workbench reads from a params folder; a file that is absent is ``None``."""

    folder: Path
    kpi_sets: dict[str, list[str]]  # team type -> KPIs of its KPI table (``kpi_sets.yaml``)
    min_group: int  # fewest people besides a rep behind a benchmark (``benchmarks.yaml``)
    goals: GoalSet | None  # ``goals.yaml``
    plans: PlanSet | None  # ``commission_plans.yaml``, checked against the goal ids
    modules: dict[str, Module] | None  # the training catalog (only with coaching rules)
    rules: RuleSet | None  # the coaching rules (only with a training catalog)


def load_params(folder: Path) -> WorkbenchParams:
    """Every params file the workbench shows, read once and validated as the reports read it.

    Examples
    --------
    >>> from salesnb.config import PROJECT_ROOT
    >>> params = load_params(PROJECT_ROOT / "params")
    >>> params.min_group >= 5, params.plans is not None, params.rules is not None
    (True, True, True)
    """
    folder = Path(folder)
    kpi_sets = load_kpi_sets(folder)
    min_group = load_benchmark_settings(folder).min_group_size
    goals_path, plans_path = folder / GOALS_FILE, folder / PLANS_FILE
    goals = load_goals(goals_path) if goals_path.exists() else None
    goal_ids = [g.id for g in goals.goals] if goals else None
    plans = load_plans(plans_path, goal_ids) if plans_path.exists() else None
    modules, rules = None, None
    if (folder / training.FILE).exists() and (folder / coaching.FILE).exists():
        modules = load_catalog(folder / training.FILE)
        rules = load_rules(folder / coaching.FILE, modules)
    return WorkbenchParams(folder, kpi_sets, min_group, goals, plans, modules, rules)
