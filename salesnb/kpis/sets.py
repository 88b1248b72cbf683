"""Which KPIs a review shows per team type, read from ``params/kpi_sets.yaml`` and checked against the
catalog: an unknown KPI, an unknown team type or a KPI listed twice is an error naming the file."""

from __future__ import annotations

from pathlib import Path

from salesnb.errors import ParameterError
from salesnb.kpis import CATALOG
from salesnb.warehouse.schema import TEAM_TYPES
from salesnb.yamlfile import read_yaml_keys

FILE = "kpi_sets.yaml"

#: KPIs the review's charts and tables read whatever the team type's set holds (the trend table, the rep
#: comparison, the activity chart): computed even when the set leaves them out.
ALWAYS = (
    "revenue", "quota_attainment", "win_rate", "new_customers", "avg_deal_size", "pipeline_value",
    "calls_per_working_day", "contact_rate", "talk_time_hours", "headcount",
)  # fmt: skip


def load_kpi_sets(params_dir: Path) -> dict[str, list[str]]:
    """Team type → KPI names in reading order. Without the file every team type shows the whole catalog."""
    path = params_dir / FILE
    if not path.exists():
        return {t: list(CATALOG) for t in TEAM_TYPES}
    data = read_yaml_keys(path, set(TEAM_TYPES), "team type: [KPI, ...]")
    sets: dict[str, list[str]] = {}
    for team_type in TEAM_TYPES:
        names = data.get(team_type)
        if names is None:
            raise ParameterError(f"{path}: team type {team_type!r} has no KPI list")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise ParameterError(f"{path}: {team_type} must be a non-empty list of KPI names")
        unknown = [n for n in names if n not in CATALOG]
        if unknown:
            raise ParameterError(
                f"{path}: {team_type}: unknown KPI {', '.join(unknown)}; choose from {', '.join(CATALOG)}"
            )
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ParameterError(f"{path}: {team_type}: {', '.join(twice)} listed more than once")
        sets[team_type] = names
    return sets


def with_always(names: list[str]) -> list[str]:
    """``names`` followed by the :data:`ALWAYS` KPIs it lacks (computed, not shown in the scorecard)."""
    return list(dict.fromkeys([*names, *ALWAYS]))
