"""The analysis half of the team review: trends, stages, forecast, customers, workload, risks, and the
people half of incentives (payouts and recognition). Numbers only; the report layer phrases them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from salesnb.analysis.deal_forecast import deal_forecast
from salesnb.analysis.evidence import CustomerConcentrationEvidence
from salesnb.analysis.findings import Risk, Signal, SignalKind
from salesnb.analysis.forecast import forecast_revenue
from salesnb.analysis.rebalancing import rebalance_suggestion
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.risks import risk_register
from salesnb.analysis.signals import rep_signals
from salesnb.analysis.stages import find_bottleneck
from salesnb.analysis.tiering import at_risk_accounts, customer_tiers
from salesnb.analysis.trends import team_trends
from salesnb.analysis.workload import rep_workload, team_imbalance
from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet
from salesnb.goals.progress import goal_progress
from salesnb.incentives import PAYOUT_COLUMNS, goals_met_by_rep, period_payouts
from salesnb.incentives.plans import PlanSet
from salesnb.incentives.recognition import recognition
from salesnb.kpis import compute_measures
from salesnb.kpis.catalog import quota_attainment
from salesnb.kpis.sets import TEAM_TRENDS
from salesnb.periods import Period

#: Months of history the analysis loads: the forecast's backtest and a year-on-year comparison need it.
ANALYSIS_MONTHS = 36
#: KPIs the trend table shows first for every team type (the team type's own set follows).
TREND_KPIS = TEAM_TRENDS.kpis


@dataclass
class TeamAnalysis:
    trends: pd.DataFrame  # team_trends rows of the review period
    trend_series: pd.DataFrame  # revenue per period with its moving average and last year's value
    stages: pd.DataFrame  # find_bottleneck: one row per open stage
    forecast: pd.DataFrame  # forecast_revenue: one row per method
    tiers: pd.DataFrame  # customer_tiers
    at_risk: pd.DataFrame  # at_risk_accounts
    workload: pd.DataFrame  # rep_workload
    imbalance: pd.DataFrame  # team_imbalance
    rebalance: pd.DataFrame  # rebalance_suggestion
    signals: list[Signal]  # rep_signals (the burnout signals among them: the workload section's)
    risks: list[Risk]  # risk_register, most severe first
    payouts: pd.DataFrame  # one row per rep paid for the period (months summed for longer periods)
    recognition: pd.DataFrame  # awards with their numbers
    names: dict[str, str]  # display names of the reps, customers and deals the findings refer to
    deal_forecast: pd.DataFrame = field(default_factory=pd.DataFrame)  # commit and best case


def analyse_team(
    data: dict[str, pd.DataFrame],
    period: Period,
    as_of: date,
    kpis: list[str],
    trend_periods: int,
    goals: GoalSet | None,
    plans: PlanSet | None,
    data_start: date,
    progress: pd.DataFrame | None = None,
    rules: RiskRules | None = None,
) -> TeamAnalysis:
    """Run every analysis on one team's slice for ``period`` (see ``docs/analysis.md``).

    ``progress`` is the goal progress of ``period`` when the caller has it (the payouts of a month reuse
    it); otherwise it is computed where needed. ``rules`` are the risk rules (``params/risk_rules.yaml``;
    ``None``: the defaults)."""
    trend_kpis = list(dict.fromkeys([*TREND_KPIS, *kpis]))
    trends = team_trends(data, period, n_periods=trend_periods, kpis=trend_kpis)
    series = trends[trends["kpi"] == "revenue"].set_index("period")[["value", "moving_avg", "last_year"]]
    rules = rules or RiskRules()
    signals = rep_signals(data, period, **rules.signal_thresholds(data["teams"]["team_type"].tolist()))
    workload = rep_workload(data, period)
    burned = [s.rep_id for s in signals if s.kind == SignalKind.BURNOUT]
    # an over-dialer's load is self-made: coached on converting, never relieved of deals
    busy = [s.rep_id for s in signals if s.kind == SignalKind.HIGH_ACTIVITY_LOW_CONV]
    rebalance = rebalance_suggestion(
        workload,
        data["opportunities"],
        data["stage_history"],
        period,
        exclude=burned,
        keep=busy,
        relieve=burned,
    )
    risks = risk_register(data, period, signals=signals, rules=rules)
    at_risk = at_risk_accounts(data, period)
    return TeamAnalysis(
        trends=trends[trends["period"] == period.label].reset_index(drop=True),
        trend_series=series,
        stages=find_bottleneck(data["opportunities"], data["stage_history"], period),
        forecast=forecast_revenue(data, period, as_of=as_of),
        tiers=customer_tiers(data, period),
        at_risk=at_risk,
        workload=workload,
        imbalance=team_imbalance(workload),
        rebalance=rebalance,
        signals=signals,
        risks=risks,
        payouts=team_payouts(data, period, goals, as_of, plans, data_start, progress),
        recognition=team_recognition(data, period),
        names=_names(data, risks),
        deal_forecast=deal_forecast(data, period, as_of, stalled_days=rules.stalled_days),
    )


def _names(data: dict[str, pd.DataFrame], risks: list[Risk]) -> dict[str, str]:
    """Rep, customer and deal names by id: every rep of the team, and the customers and deals named by a
    risk (the customers in the tier tables carry their own names)."""
    names = dict(zip(data["reps"]["rep_id"], data["reps"]["name"], strict=True))
    deals = {r.subject.id for r in risks if r.subject.kind == "deal"}
    customers = {
        c
        for r in risks
        if isinstance(r.evidence, CustomerConcentrationEvidence)
        for c in r.evidence.customers
    }
    opps = data["opportunities"]
    names.update(dict(zip(opps["opportunity_id"], opps["name"], strict=True)) if deals else {})
    names = {k: v for k, v in names.items() if k in deals or k in set(data["reps"]["rep_id"])}
    cust = data["customers"]
    names.update({c: n for c, n in zip(cust["customer_id"], cust["name"], strict=True) if c in customers})
    return names


def team_payouts(
    data: dict[str, pd.DataFrame],
    period: Period,
    goals: GoalSet | None,
    as_of: date,
    plans: PlanSet | None,
    data_start: date,
    progress: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Commission per rep for ``period``: each month paid on its own (attainment, tiers, cap, goal bonuses
    met that month), a longer period the sum of its months. Months after ``as_of`` are not paid yet.

    ``progress`` is the goal progress of ``period`` (:func:`goal_progress` of the same slice, goals, as-of
    and data start), reused when the period is itself a month."""
    if plans is None:
        return pd.DataFrame(columns=PAYOUT_COLUMNS)

    def goals_met(month: Period, reps: pd.DataFrame) -> dict[str, list[str]]:
        if goals is None:
            return {}
        month_progress = (
            progress
            if progress is not None and month.label == period.label
            else goal_progress(goals, GoalData(data, as_of, data_start), _team(data), month)
        )
        return goals_met_by_rep(month_progress, reps)

    return period_payouts(data, period, as_of, plans, goals_met)


def _team(data: dict[str, pd.DataFrame]) -> str:
    return str(data["teams"]["team_id"].iloc[0])


def team_recognition(data: dict[str, pd.DataFrame], period: Period, periods: int = 12) -> pd.DataFrame:
    """Awards from each rep's quota attainment over the last ``periods`` periods; managers are not ranked
    with their reps, and each with a quota gets a row saying so (:func:`recognition`)."""
    history = period.history(periods)
    measures = compute_measures(data, history)
    att = quota_attainment(measures).rename("attainment")
    wide = att.unstack("period").reindex(columns=[p.label for p in history])
    managers = set(data["reps"].loc[data["reps"]["level"] == "manager", "rep_id"])
    is_manager = wide.index.isin(managers)
    return recognition(wide[~is_manager], wide[is_manager])
