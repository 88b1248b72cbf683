"""Measures of selling: deals won, lost and open, leads, new customers, activity and surveys."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from salesnb.kpis.measures.frames import INDEX, assign_period, empty_measures, frame_or_empty, sum_by_period
from salesnb.kpis.measures.pipeline import STALLED_DAYS, open_deals_over, records_end
from salesnb.periods import Period


def measure_deals(opportunities: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Won and lost deals closed in each period, with the won amount and days to close.

    Columns: ``revenue`` (won amount), ``deals_won``, ``deals_lost``, ``cycle_days_won`` (sum of days
    from creation to close over won deals), ``won_deals_unknown_amount`` (won deals whose amount the CRM
    left blank: counted as won, left out of the revenue and counted here instead).
    """
    closed = opportunities[opportunities["status"].isin(["won", "lost"])]
    won = closed["status"].eq("won")
    unknown = won & closed["amount"].isna()
    days = (pd.to_datetime(closed["close_date"]) - pd.to_datetime(closed["created_date"])).dt.days
    return sum_by_period(
        closed,
        assign_period(closed["close_date"], periods),
        {
            "revenue": closed["amount"].where(won & ~unknown, 0.0).astype(float),
            "won_deals_unknown_amount": unknown.astype(int),
            "deals_won": won.astype(int),
            "deals_lost": (~won).astype(int),
            "cycle_days_won": days.where(won, 0).astype(float),
        },
    )


def measure_pipeline(
    opportunities: pd.DataFrame, periods: Sequence[Period], stage_history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Deals open at the end of each period: created before the end, not closed before it.

    Columns: ``pipeline`` (open amount), ``pipeline_deals`` (count), ``pipeline_weighted`` (amount ×
    the probability the deal had at the period end, from ``stage_history``: see
    :mod:`~salesnb.kpis.measures.pipeline`), ``pipeline_unweighted`` (open deals with an amount whose
    probability then is unknown: while any is, the weighted pipeline is unavailable, not a partial sum)
    and ``open_deals_unknown_amount`` (open deals without an amount: in the count, left out of the
    amounts); ``pipeline_stalled`` and ``pipeline_stalled_deals``: the amount and count of the open deals
    in the stage they were in then for :data:`STALLED_DAYS` days or more (stage known by the history).
    """
    if not periods:
        columns = ["pipeline", "pipeline_deals", "pipeline_weighted", "pipeline_unweighted",
                   "open_deals_unknown_amount", "pipeline_stalled", "pipeline_stalled_deals"]  # fmt: skip
        return pd.DataFrame(columns=columns)
    history = stage_history if stage_history is not None else frame_or_empty({}, "stage_history")
    now = records_end(opportunities, history)
    now = now + pd.Timedelta(days=1) if pd.notna(now) else None
    ends = pd.DataFrame(
        {"period": [p.label for p in periods], "moment": [pd.Timestamp(p.end) for p in periods]}
    )
    # one pass over every period end; periods that end together (a month and its quarter) share the deals
    sub = open_deals_over(opportunities, history, ends["moment"], now).merge(ends, on="moment")
    amount = sub["amount"].astype(float)
    entered = pd.to_datetime(sub["stage_entered_at"])
    stalled = ((sub["moment"] - entered).dt.days >= STALLED_DAYS) & sub["stage_known"].astype(bool)
    return (
        pd.DataFrame(
            {
                "period": sub["period"],
                "rep_id": sub["rep_id"],
                "pipeline": amount.fillna(0.0),
                "pipeline_deals": 1,
                "pipeline_weighted": (amount * sub["probability_then"]).fillna(0.0),
                "pipeline_unweighted": (sub["probability_then"].isna() & amount.notna()).astype(int),
                "open_deals_unknown_amount": amount.isna().astype(int),
                "pipeline_stalled": amount.where(stalled, 0.0).fillna(0.0),
                "pipeline_stalled_deals": stalled.astype(int),
            }
        )
        .groupby(INDEX, sort=True)
        .sum()
    )


def measure_leads(leads: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Leads created in each period and leads converted (became customers) in each period."""
    made = sum_by_period(
        leads,
        assign_period(leads["created_date"], periods),
        {"leads_created": pd.Series(1, index=leads.index)},
    )
    conv = leads[leads["converted_date"].notna()]
    done = sum_by_period(
        conv,
        assign_period(conv["converted_date"], periods),
        {"leads_converted": pd.Series(1, index=conv.index)},
    )
    return made.join(done, how="outer").fillna(0)


def measure_new_customers(first_won: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Customers whose first won deal closed in the period, credited to that deal's owner.

    ``first_won`` has one row per customer: ``customer_id``, ``rep_id``, ``first_won_date``.
    """
    return sum_by_period(
        first_won,
        assign_period(first_won["first_won_date"], periods),
        {"new_customers": pd.Series(1, index=first_won.index)},
    )


def measure_activity(daily: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Call and activity counts per period from the daily activity summary.

    ``daily`` has one row per rep, day and activity type with ``activities``, ``connected`` and
    ``talk_seconds`` (the sum of connected-call durations), and optionally ``after_hours`` and
    ``weekend`` (activities outside working hours, on Saturday or Sunday). Columns returned: ``dials``,
    ``connects``, ``talk_seconds``, ``activities`` (every type), ``after_hours``, ``weekend``.
    """
    calls = daily["activity_type"].eq("call")
    zero = pd.Series(0, index=daily.index)
    return sum_by_period(
        daily,
        assign_period(daily["day"], periods),
        {
            "dials": daily["activities"].where(calls, 0),
            "connects": daily["connected"].where(calls, 0),
            "talk_seconds": daily["talk_seconds"].where(calls, 0).astype(float),
            "activities": daily["activities"],
            "after_hours": daily.get("after_hours", zero),
            "weekend": daily.get("weekend", zero),
        },
    )


def measure_surveys(surveys: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Survey responses per period, credited to the surveyed rep (by survey date).

    Columns: ``csat_responses`` (a CSAT score 1–5 given), ``csat_satisfied`` (score 4 or 5),
    ``nps_responses`` (a 0–10 score given), ``nps_promoters`` (9–10), ``nps_detractors`` (0–6).
    """
    csat = pd.to_numeric(surveys["csat"], errors="coerce").astype(float)
    nps = pd.to_numeric(surveys["nps"], errors="coerce").astype(float)
    out = sum_by_period(
        surveys,
        assign_period(surveys["survey_date"], periods),
        {
            "csat_responses": csat.notna().astype(int),
            "csat_satisfied": (csat >= 4).astype(int),
            "nps_responses": nps.notna().astype(int),
            "nps_promoters": (nps >= 9).astype(int),
            "nps_detractors": (nps <= 6).astype(int),
        },
    )
    return out if len(out) else empty_measures(list(out.columns))
