"""Which KPIs a review shows per team type, read from ``params/kpi_sets.yaml`` and checked against the
catalog: an unknown KPI, an unknown team type or a KPI listed twice is an error naming the file."""

from __future__ import annotations

from pathlib import Path

from salesnb.errors import ParameterError, ParameterProblems
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


def default_kpi_sets() -> dict[str, list[str]]:
    """Every team type shows the whole catalog (a params folder without ``kpi_sets.yaml``)."""
    return {t: list(CATALOG) for t in TEAM_TYPES}


def load_kpi_sets(path: Path) -> dict[str, list[str]]:
    """Team type → KPI names in reading order, from one ``kpi_sets.yaml``; every problem names the file and
    the team type (every team type's, all at once). Which file, and what a missing one means, is
    :func:`salesnb.params.load_settings`'s choice (:func:`default_kpi_sets`)."""
    data = read_yaml_keys(path, set(TEAM_TYPES), "team type: [KPI, ...]")
    sets: dict[str, list[str]] = {}
    found = ParameterProblems()
    for team_type in TEAM_TYPES:
        with found.check():
            sets[team_type] = _kpi_set(data.get(team_type), team_type, path)
    found.raise_any(str(path))
    return sets


def _kpi_set(names: object, team_type: str, path: Path) -> list[str]:
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
    return names


def with_always(names: list[str]) -> list[str]:
    """``names`` followed by the :data:`ALWAYS` KPIs it lacks (computed, not shown in the scorecard)."""
    return list(dict.fromkeys([*names, *ALWAYS]))
