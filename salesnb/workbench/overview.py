"""The overview tab's frames: the selection's KPI table, trend, comparison one level down and funnel.

Each is the KPI engine's own function on the slice the selection's report reads: a team's KPI table is
:func:`~salesnb.kpis.kpi_table` on the team's slice (the team review's scorecard), the trend and the
comparison :func:`~salesnb.kpis.rollup` of the same measures, the funnel
:func:`~salesnb.kpis.funnel.stage_funnel`. Every frame is kept per selection.
"""

from __future__ import annotations

import pandas as pd

from salesnb.analysis.inputs import (
    Availability,
    blank_unknown_columns,
    blank_unknown_rows,
    input_availability,
)
from salesnb.kpis import compute_kpis, kpi_table, rollup, unit_trend, units
from salesnb.kpis.funnel import stage_funnel
from salesnb.params import Settings
from salesnb.periods import Period
from salesnb.reviews.rep.review import rep_availability
from salesnb.workbench.data import WorkbenchData, period_rows
from salesnb.workbench.selection import Selection, scope_slice, scope_teams

#: KPIs of the KPI table for a region or the organisation (a team or rep reads its team type's set).
SCOPE_KPIS = [
    "revenue", "quota_attainment", "new_customers", "win_rate", "avg_deal_size", "sales_cycle_days",
    "pipeline_value", "pipeline_coverage", "lead_conversion_rate", "headcount",
]  # fmt: skip
#: KPIs of the trend (the trend chart reads revenue, quota and attainment).
TREND_KPIS = [
    "revenue", "quota_attainment", "win_rate", "new_customers", "headcount", "calls_per_working_day",
]  # fmt: skip
#: KPIs of the comparison table (teams of a region, reps of a team).
COMPARISON_KPIS = [
    "revenue", "quota_attainment", "win_rate", "new_customers", "avg_deal_size", "pipeline_value",
]  # fmt: skip


def kpi_names(data: WorkbenchData, settings: Settings, s: Selection) -> list[str]:
    """The KPIs the KPI table shows: the team type's set for a team or rep (no headcount for a rep),
    else :data:`SCOPE_KPIS`."""
    if not s.team:
        return list(SCOPE_KPIS)
    names = settings.kpi_set(data.team_type(s.team))
    return [k for k in names if k != "headcount"] if s.rep else list(names)


def availability(data: WorkbenchData, s: Selection, period: Period | None = None) -> Availability:
    """The inputs the selection holds for ``period`` (the selected one by default), as its report reads
    them: a team's, region's or the organisation's slice, a rep's team slice less deals when the rep has
    none (:func:`~salesnb.reviews.rep.review.rep_availability`)."""
    period = period or s.review_period

    def compute() -> Availability:
        scope = scope_slice(data, s)
        return rep_availability(scope, s.rep, period) if s.rep else input_availability(scope, period)

    return data.memo(("availability", s, period.label), compute)


def kpis(data: WorkbenchData, settings: Settings, s: Selection) -> pd.DataFrame:
    """The selection's KPI table: :func:`~salesnb.kpis.kpi_table` rows of its unit (value, previous,
    change), on the same slice the report reads (a team's is the team review's scorecard); a KPI whose
    input is absent in the period is unknown (NaN), its previous value too when absent then."""

    def compute() -> pd.DataFrame:
        names = kpi_names(data, settings, s)
        table = kpi_table(scope_slice(data, s), s.review_period, s.level, names)  # type: ignore[arg-type]
        table = blank_unknown_rows(table[table["unit_id"] == s.unit_id], availability(data, s))
        before = availability(data, s, s.review_period.previous())
        return blank_unknown_rows(table, before, ("previous", "change")).reset_index(drop=True)

    return data.memo(("kpis", s), compute)


def trend(data: WorkbenchData, s: Selection) -> pd.DataFrame:
    """The selection's KPIs over the last ``trend_periods`` periods (index: period label), with quota:
    :func:`~salesnb.kpis.unit_trend`, as the team review's trend."""

    def compute() -> pd.DataFrame:
        period = s.review_period
        measures = data.measures(scope_teams(data, s), period)
        history = [p.label for p in period.history(data.trend_periods)]
        measures = measures[measures.index.get_level_values("period").isin(history)]
        mapping = units(scope_slice(data, s), s.level)  # type: ignore[arg-type]
        out = unit_trend(measures, mapping, s.unit_id, TREND_KPIS)
        # each period's quota, attainment and calls are unknown where that period holds no such input
        rows = [
            blank_unknown_columns(out.loc[[label]], availability(data, s, Period.parse(str(label))))
            for label in out.index
        ]
        return pd.concat(rows) if rows else out

    return data.memo(("trend", s), compute)


def comparison_level(s: Selection) -> str:
    """What the comparison lists: the reps of a team, else teams."""
    return "rep" if s.team else "team"


def comparison(data: WorkbenchData, s: Selection) -> pd.DataFrame:
    """One level down, for the period: the teams of a region (or of the organisation) or the reps of a
    team (a rep is shown among their team-mates). Columns: ``unit_id``, ``name``, ``level`` (reps),
    ``quota`` and :data:`COMPARISON_KPIS`, highest revenue first."""
    by = comparison_level(s)

    def compute() -> pd.DataFrame:
        period, scope = s.review_period, scope_slice(data, s)
        measures = data.measures(scope_teams(data, s), period)
        mapping = units(scope, by)  # type: ignore[arg-type]
        rolled = period_rows(rollup(measures, mapping), period.label)
        rolled = rolled[rolled["headcount"] > 0]
        frame = compute_kpis(rolled, COMPARISON_KPIS).join(rolled[["quota"]])
        frame = blank_unknown_columns(frame, availability(data, s))  # no quotas: attainment unknown
        names = mapping.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
        out = frame.rename_axis("unit_id").reset_index()
        out.insert(1, "name", out["unit_id"].map(names).astype(str))
        if by == "rep":
            out.insert(2, "level", out["unit_id"].map(scope["reps"].set_index("rep_id")["level"]))
        return out.sort_values("revenue", ascending=False).reset_index(drop=True)

    return data.memo(("comparison", s), compute)


def funnel(data: WorkbenchData, s: Selection) -> pd.DataFrame:
    """:func:`~salesnb.kpis.funnel.stage_funnel` of the selection's deals closed in the period."""

    def compute() -> pd.DataFrame:
        scope = scope_slice(data, s)
        opps = scope["opportunities"]
        if s.rep:
            opps = opps[opps["rep_id"] == s.rep]
        return stage_funnel(opps, scope["stage_history"], s.review_period)

    return data.memo(("funnel", s), compute)
