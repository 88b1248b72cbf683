"""The team performance review: every table the team review notebook shows, computed in one place."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from salesnb.analysis.common import employed_at, prime_measures
from salesnb.analysis.inputs import (
    EVERYTHING,
    Availability,
    Input,
    blank_before_data,
    blank_unknown_columns,
    blank_unknown_rows,
    input_availability,
)
from salesnb.frames import python_strings
from salesnb.goals.history import GoalData
from salesnb.goals.progress import COLUMNS as GOAL_COLUMNS
from salesnb.goals.progress import goal_progress
from salesnb.incentives import with_goal_pay
from salesnb.kpis import compute_kpis, compute_measures, kpi_table, unit_trend, units
from salesnb.kpis.catalog import LEFT_OUT_MEASURES
from salesnb.kpis.funnel import stage_funnel
from salesnb.kpis.sets import with_always
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.report_params import TeamReviewParams
from salesnb.reviews.memo import parts_key, parts_of, remember
from salesnb.reviews.team.analysis import ANALYSIS_MONTHS, TeamAnalysis, analyse_team
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import data_extent, review_period
from salesnb.warehouse.slices import list_teams, load_slice, resolve_teams


@dataclass
class TeamReview:
    """What a team review shows. Frames hold numbers; labels are applied when rendering."""

    team_id: str
    team_name: str
    region_name: str
    team_type: str
    period: Period
    language: str
    currency: str
    as_of: str
    scorecard: pd.DataFrame  # kpi_table rows for the team, in the team type's KPI order
    trend: pd.DataFrame  # one row per period: KPIs plus quota
    reps: pd.DataFrame  # one row per rep: name, level and KPIs for the period
    funnel: pd.DataFrame  # stage_funnel for the period
    goals: pd.DataFrame  # goal_progress rows: the team's, its reps' and its levels' goals
    kpi_order: list[str]  # the team type's KPIs from params/kpi_sets.yaml, in reading order
    analysis: TeamAnalysis  # trends, stages, forecast, customers, workload, risks, payouts, recognition
    active_rep_ids: list[str]  # reps employed on the period's last day: the ones with a rep review
    #: no deal (closed, lost or open at the end), activity, lead or order of the team in the period: the
    #: report says there is nothing to review, and its tables show zeros and "no data"
    nothing_to_review: bool = False
    #: the inputs the team's slice holds for the period: a KPI or section without its input is not shown
    inputs: Availability = field(default_factory=lambda: Availability("", EVERYTHING))
    #: the same run renders the team's rep reviews: the reps table links to them (else it says how)
    rep_reviews: bool = False
    #: pipeline coverage at the period end with and without the stalled deals (:func:`pipeline_cover`)
    coverage: dict[str, float] = field(default_factory=dict)


#: Measures that count records of selling: all zero for a team in a period means nothing happened there.
RECORD_MEASURES = (
    "deals_won",
    "deals_lost",
    "pipeline_deals",
    "activities",
    "leads_created",
    "customers_ordering",
)


#: The columns of a KPI's trend row (:func:`salesnb.analysis.trends.team_trends`) that carry its values.
TREND_VALUES = ("value", "moving_avg", "previous", "pop_change", "pop_change_pct", "last_year", "yoy_change",
                "yoy_change_pct")  # fmt: skip


@python_strings
def load_team_review(
    team: str = "",
    period: str = "",
    language: str = "en",
    trend_periods: int = 12,
    db_path: str = "",
    params_dir: str = "",
    rep_reviews: bool = False,
) -> TeamReview:
    """Validate the notebook parameters and compute the review of one team for one period.

    An empty ``team`` means the first team in the warehouse; an empty ``period`` the latest complete
    month; an empty ``db_path`` the default warehouse (``$SALESNB_DB`` or ``data/salesnb.duckdb``); an
    empty ``params_dir`` the default params folder (``$SALESNB_PARAMS`` or ``params/``), where the KPI
    sets, goals and commission plans come from.
    """
    params = TeamReviewParams(
        team=team,
        period=period,
        language=language,
        trend_periods=trend_periods,
        db_path=db_path,
        params_dir=params_dir,
        rep_reviews=rep_reviews,
    )
    settings = load_settings(params.params_path)  # the one read of the params folder
    with connect(params.db_file) as con:
        meta = read_meta(con)
        team_id = resolve_teams(con, [params.team] if params.team else None)[0]
        the_period, as_of = review_period(con, params.period)
        extent = data_extent(con)
        history = the_period.history(params.trend_periods)
        first_month = Period.parse(the_period.start.strftime("%Y-%m"))
        start = min(history[0].start, first_month.shift(-ANALYSIS_MONTHS).start)
        data = load_slice(con, [team_id], start, the_period.end)
        info = list_teams(con).set_index("team_id").loc[team_id]

    prime_measures(data, the_period, history[0].start, start)

    available = input_availability(data, the_period)
    team_type = str(info["team_type"])
    order = settings.kpi_set(team_type)
    scorecard = blank_unknown_rows(kpi_table(data, the_period, "team", order), available)
    scorecard = blank_before_data(scorecard, the_period.previous(), extent and extent.first)
    computed = with_always(order)

    measures = compute_measures(data, history)
    trend = without_zero_quota(unit_trend(measures, units(data, "team"), team_id, computed))

    rep_measures = (
        measures.xs(the_period.label, level="period")
        if the_period.label in measures.index.get_level_values("period")
        else measures.iloc[0:0].droplevel("period")
    )
    rep_kpis = without_zero_quota(
        compute_kpis(rep_measures, computed).join(rep_measures[["quota", *LEFT_OUT_MEASURES]])
    )
    roster = data["reps"].set_index("rep_id")[["name", "level"]]
    reps = blank_unknown_columns(roster.join(rep_kpis, how="inner"), available).reset_index()
    reps = reps[reps["headcount"] > 0].sort_values("revenue", ascending=False)

    goals = settings.goals
    progress = None
    if goals is not None:
        progress = goal_progress(goals, GoalData(data, as_of, start), team_id, the_period)
        progress = with_goal_pay(progress, settings.plans)
    analysis = analyse_team(
        data,
        the_period,
        as_of,
        order,
        params.trend_periods,
        goals,
        settings.plans,
        start,
        progress,
        settings.risk_rules,
    )
    # an overview the same process renders reuses the team's goals, forecast and risks (salesnb.reviews.memo)
    key = parts_key(params.db_file, settings, team_id, the_period, as_of, start)
    remember(key, parts_of(data, progress, analysis.forecast, analysis.deal_forecast, analysis.risks))
    # a KPI without its input has no trend either: unknown, not a series of zeros
    analysis.trends = blank_unknown_rows(analysis.trends, available, TREND_VALUES)
    return TeamReview(
        team_id=team_id,
        team_name=str(info["name"]),
        region_name=str(info["region_name"]),
        team_type=team_type,
        period=the_period,
        language=params.language,
        currency=meta.get("currency", "CNY"),
        as_of=as_of.isoformat(),
        scorecard=scorecard,
        trend=trend,
        reps=reps.reset_index(drop=True),
        funnel=stage_funnel(data["opportunities"], data["stage_history"], the_period),
        goals=progress if progress is not None else pd.DataFrame(columns=GOAL_COLUMNS),
        kpi_order=order,
        analysis=analysis,
        active_rep_ids=[r for r in reps["rep_id"] if r in set(_active(data, the_period))],
        nothing_to_review=not rep_measures[list(RECORD_MEASURES)].to_numpy().any(),
        inputs=available,
        rep_reviews=params.rep_reviews,
        coverage=pipeline_cover(data, the_period, rep_measures) if available.has(Input.DEALS) else {},
    )


def pipeline_cover(
    data: dict[str, pd.DataFrame], period: Period, rep_measures: pd.DataFrame
) -> dict[str, float]:
    """The team's pipeline coverage at the end of ``period`` with and without its stalled deals (the
    catalog's ``pipeline_coverage`` and ``pipeline_coverage_unstalled``), the open amount, and the
    amount and number of the stalled deals (``rep_measures``: the period's measures per rep)."""
    table = kpi_table(data, period, "team", ["pipeline_coverage", "pipeline_coverage_unstalled"])
    values = table.set_index("kpi")["value"]
    return {
        "with": float(values.get("pipeline_coverage", math.nan)),
        "without": float(values.get("pipeline_coverage_unstalled", math.nan)),
        "pipeline": float(rep_measures["pipeline"].sum()) if "pipeline" in rep_measures else math.nan,
        "stalled_amount": float(rep_measures.get("pipeline_stalled", pd.Series(dtype=float)).sum()),
        "stalled_deals": float(rep_measures.get("pipeline_stalled_deals", pd.Series(dtype=float)).sum()),
    }


def without_zero_quota(trend: pd.DataFrame) -> pd.DataFrame:
    """A trend (one row per period) whose periods without a quota show none: a quota of 0 is no quota
    (the measures sum to 0 where no target is loaded), so its attainment is unknown too.

    >>> t = pd.DataFrame({"quota": [0.0, 10.0], "quota_attainment": [float("nan"), 0.5]})
    >>> without_zero_quota(t)["quota"].tolist()
    [nan, 10.0]
    """
    if "quota" not in trend:
        return trend
    return trend.assign(quota=trend["quota"].where(trend["quota"] > 0))


def _active(data: dict[str, pd.DataFrame], period: Period) -> list[str]:
    at_end = employed_at(data["reps"], period.last_day)
    return [str(r) for r, on in at_end.items() if on]
