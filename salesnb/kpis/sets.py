"""Which KPIs a review shows: the set of each team type, read from ``params/kpi_sets.yaml`` and checked
against the catalog (an unknown KPI, an unknown team type or a KPI listed twice is an error naming the
file), and the fixed columns of each review table, declared once here.

The team review computes every KPI its tables, charts and row filter read (:data:`ALWAYS`, derived from
the table declarations) whatever the team type's set holds, so no valid set can leave a table without
its columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.kpis.catalog import CATALOG, column
from salesnb.warehouse.schema import TEAM_TYPES
from salesnb.yamlfile import read_yaml_keys

FILE = "kpi_sets.yaml"


@dataclass(frozen=True)
class TableColumns:
    """The columns one review table shows whatever the team type's set holds: KPIs and the measures the
    catalog labels (the quota), in reading order, and ``extra`` columns some team types add after them.

    Examples
    --------
    >>> table = TableColumns(("revenue", "quota"), {"telesales": ("contact_rate",)})
    >>> table.for_team_type("telesales"), table.for_team_type("field"), table.kpis
    (['revenue', 'quota', 'contact_rate'], ['revenue', 'quota'], ['revenue', 'contact_rate'])
    """

    columns: tuple[str, ...]
    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for team_type in self.extra:
            if team_type not in TEAM_TYPES:
                raise ParameterError(f"unknown team type {team_type!r}: choose from {', '.join(TEAM_TYPES)}")
        for name in self.every:
            column(name)  # an unknown name fails at import, not when a report reaches the table

    def for_team_type(self, team_type: str) -> list[str]:
        """The columns the table shows for a team of ``team_type``."""
        return [*self.columns, *self.extra.get(team_type, ())]

    @property
    def every(self) -> list[str]:
        """The columns the table shows for some team type."""
        return list(dict.fromkeys([*self.columns, *(c for cols in self.extra.values() for c in cols)]))

    @property
    def kpis(self) -> list[str]:
        """:attr:`every` without the measures: the KPIs to compute for the table."""
        return [c for c in self.every if c in CATALOG]


_CALLS = ("calls_per_working_day", "contact_rate")

#: The team review's trend table and revenue chart: one row per period.
TEAM_TREND = TableColumns(("revenue", "quota", "quota_attainment", "win_rate", "new_customers"))
#: The team review's rep comparison and attainment chart; a telesales team adds its call metrics.
TEAM_REPS = TableColumns(
    (
        "revenue",
        "quota",
        "quota_attainment",
        "win_rate",
        "new_customers",
        "avg_deal_size",
        "sales_cycle_days",
        "pipeline_value",
    ),
    {"telesales": _CALLS},
)
#: The team review's activity table and chart.
TEAM_ACTIVITY = TableColumns((*_CALLS, "talk_time_hours"))
#: What the team review keeps rows by: periods and reps with someone employed, periods from the first
#: with revenue, calls or a quota.
TEAM_ROWS = TableColumns(("headcount", "revenue", "calls_per_working_day", "quota"))
#: The team analysis's KPI trends, ahead of the team type's set.
TEAM_TRENDS = TableColumns(("revenue", "quota_attainment", "win_rate", "new_customers"))
#: The rep review's trend table and chart; a telesales rep's adds the call metrics.
REP_TREND = TableColumns(("revenue", "quota", "quota_attainment", "win_rate"), {"telesales": _CALLS})
#: The organisation overview's ranking and region tables.
ORG_RANKING = TableColumns(
    ("revenue", "quota", "quota_attainment", "win_rate", "avg_deal_size", "new_customers", "headcount")
)

#: KPIs the team review computes whatever the team type's set holds: what its tables, charts and row
#: filter read.
ALWAYS = tuple(dict.fromkeys(k for t in (TEAM_TREND, TEAM_REPS, TEAM_ACTIVITY, TEAM_ROWS) for k in t.kpis))


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
    """``names`` followed by the :data:`ALWAYS` KPIs it lacks (computed, not shown in the scorecard).

    Examples
    --------
    >>> with_always(["csat"])[:3]
    ['csat', 'revenue', 'quota_attainment']
    """
    return list(dict.fromkeys([*names, *ALWAYS]))
