"""The team's risk register: what could cost revenue, how bad it is, and the suggested response.

One :class:`~salesnb.analysis.findings.Risk` per risk and subject (a deal, a rep, a customer or the
team) with the ``metric``, its ``value``, the ``benchmark`` it is read against where there is one, the
``threshold`` it crossed, a ``severity`` (high / medium / low), a ``response`` code for the renderer to
phrase, and the kind's evidence with the rest of the numbers
(:func:`~salesnb.analysis.findings.risk_frame` tabulates them).

=========================  ===============================================  =========================
risk                       rule                                             severity
=========================  ===============================================  =========================
``stalled_deal``           open at the period end, no stage change for      high from 2 × the days
                           :data:`STALLED_DAYS` by the stage history
``stalled_pipeline``       stalled deals hold :data:`STALLED_SHARE` or      high from
                           more of the open pipeline amount whose stage     :data:`SEVERE` × threshold
                           history is known
``customer_concentration`` top :data:`TOP_CUSTOMERS` customers hold         high from
                           :data:`CUSTOMER_SHARE` of trailing-12-month      :data:`SEVERE` × threshold
                           revenue or of the open pipeline
``rep_concentration``      one rep holds :data:`REP_SHARE` of the same      high from
                                                                            :data:`SEVERE` × threshold
``below_target``           see :mod:`salesnb.analysis.signals`              the signal's: high from
                                                                            twice the periods or
                                                                            under half the target
``rep_departed``           left recently; their open deals need an owner    high with open deals,
                                                                            else low
``activity_drop``          see :mod:`salesnb.analysis.signals`              medium
``burnout``                see :mod:`salesnb.analysis.workload`             high
``low_contact_rate``       see :mod:`salesnb.analysis.signals` (activity     medium
                           quality: contact rate far below the peers' or
                           the rules' level, with the fewest dials)
``satisfaction_drop``      see :mod:`salesnb.analysis.satisfaction`          high from twice the drop
``team_below_quota``       the team's attainment under the line for         high from twice the
                           several periods in a row                         periods or under half
                           (:mod:`salesnb.analysis.attainment`)             the line
=========================  ===============================================  =========================

The thresholds are :class:`~salesnb.analysis.risk_rules.RiskRules` (``params/risk_rules.yaml``); a field
team's attainment, its reps' and its own, is read over a rolling quarter, never one month.

Each risk has a ``category``: *pipeline*, *concentration*, *performance* or *attrition*; attrition
shows as ``rep_departed`` (it happened), ``activity_drop`` and ``burnout`` (it may).

A stall is read from the stage history only (:mod:`salesnb.kpis.measures.pipeline`): a deal whose stage
at the period end, or the day it entered it, is unknown is neither stalled nor a measure of the
pipeline's stall, and its stage today is never its stage then.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from salesnb.analysis.attainment import team_below_quota
from salesnb.analysis.common import core_measures, open_deals, open_deals_at, ts
from salesnb.analysis.findings import Risk, RiskKind, Severity, Signal, SignalKind, Subject
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.satisfaction import satisfaction_drops
from salesnb.analysis.signals import rep_signals
from salesnb.kpis.measures.pipeline import STALLED_DAYS as _STALLED_DAYS
from salesnb.periods import Period

#: Days without a stage change after which an open deal is stalled: a month is longer than any
#: stage takes on average in the team types the demo models (field: 10–18 days). Declared once, with the
#: pipeline measures that count stalled deals.
STALLED_DAYS = _STALLED_DAYS
#: Share of the open pipeline amount in stalled deals that makes the pipeline itself a risk.
STALLED_SHARE = 0.20
#: How many of the largest customers the concentration check sums.
TOP_CUSTOMERS = 3
#: Share of revenue (or pipeline) in the top customers that is a concentration risk: losing one of
#: three accounts would cost a sixth of the business.
CUSTOMER_SHARE = 0.50
#: Share of the team's revenue (or pipeline) in one rep that is a concentration risk.
REP_SHARE = 0.40
#: Trailing months of order revenue the concentration checks read.
CONCENTRATION_MONTHS = 12
#: A share risk is high when its value is this multiple of its threshold.
SEVERE = 1.5

RESPONSES = {
    "stalled_deal": "requalify_or_close",
    "stalled_pipeline": "stage_pipeline_review",
    "customer_concentration": "diversify_accounts",
    "rep_concentration": "spread_account_coverage",
    "below_target": "coaching_plan",
    "below_target_high": "performance_plan",
    "rep_departed": "reassign_open_deals",
    "rep_departed_done": "confirm_handover",
    "activity_drop": "one_to_one_check_in",
    "burnout": "reduce_load",
    "low_contact_rate": "listen_in_calls",
}


#: The order of the kinds within a severity: what puts the team's revenue at risk before one rep.
KIND_ORDER = [
    RiskKind.STALLED_PIPELINE, RiskKind.TEAM_BELOW_QUOTA, RiskKind.SATISFACTION_DROP,
    RiskKind.CUSTOMER_CONCENTRATION, RiskKind.REP_CONCENTRATION, RiskKind.STALLED_DEAL, RiskKind.BURNOUT,
    RiskKind.REP_DEPARTED, RiskKind.BELOW_TARGET, RiskKind.LOW_CONTACT_RATE, RiskKind.ACTIVITY_DROP,
]  # fmt: skip


def stalled_deals(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    period: Period,
    days: int = STALLED_DAYS,
    open_now: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Deals open at the period end whose last stage change is ``days`` or more before it.

    ``open_now`` is :func:`open_deals_at` of these deals at the period end when the caller has it. A
    deal without a stage entered before the period end in the history is left out: how long it has
    been in its stage is unknown (its stage today may be one it reached after the period, or a win).

    Columns: ``opportunity_id``, ``rep_id``, ``customer_id``, ``stage``, ``amount``,
    ``stage_entered_at``, ``days_in_stage``, ``threshold_days``; longest-stalled first.

    Examples
    --------
    A deal that entered proposal on 15 September is 47 days in it at the end of October (1 November).
    """
    end = ts(period.end)
    deals = open_deals_at(opportunities, stage_history, end) if open_now is None else open_now.copy()
    deals = deals[deals["stage_known"] & deals["stage_entered_at"].notna()].copy()
    deals["days_in_stage"] = (end - pd.to_datetime(deals["stage_entered_at"])).dt.days
    out = deals[deals["days_in_stage"] >= days].drop(columns="stage").rename(columns={"stage_then": "stage"})
    out = out[
        ["opportunity_id", "rep_id", "customer_id", "stage", "amount", "stage_entered_at", "days_in_stage"]
    ].copy()
    out["threshold_days"] = days
    return out.sort_values(["days_in_stage", "amount"], ascending=False).reset_index(drop=True)


def _team(data: dict[str, pd.DataFrame]) -> Subject:
    """The team of the slice as a subject (no id when the slice holds several)."""
    teams = data["teams"]["team_id"].tolist() if "teams" in data else []
    return Subject("team", teams[0] if len(teams) == 1 else None)


def _severity(value: float, threshold: float) -> Severity:
    """A share risk's severity: high from :data:`SEVERE` × its threshold."""
    return Severity.HIGH if value >= SEVERE * threshold else Severity.MEDIUM


def _stall_risks(data: dict[str, pd.DataFrame], period: Period, days: int, share: float) -> list[Risk]:
    end = ts(period.end)
    open_now = open_deals(data, end)
    stalled = stalled_deals(data["opportunities"], data["stage_history"], period, days, open_now=open_now)
    rows = [
        Risk.of(
            RiskKind.STALLED_DEAL,
            Subject("deal", d.opportunity_id),
            d.rep_id,
            Severity.HIGH if d.days_in_stage >= 2 * days else Severity.MEDIUM,
            "days_in_stage",
            d.days_in_stage,
            None,
            days,
            RESPONSES["stalled_deal"],
            stage=d.stage,
            amount=float(d.amount),
            customer_id=d.customer_id,
            stage_entered_at=pd.Timestamp(d.stage_entered_at).isoformat(),
        )
        for d in stalled.itertuples(index=False)
    ]
    # the share is of the deals whose stall can be judged: a deal of unknown stage is no evidence either way
    judged = open_now[open_now["stage_known"] & open_now["stage_entered_at"].notna()]
    total = float(judged["amount"].sum())
    if total > 0:
        value = float(stalled["amount"].sum()) / total
        if value >= share:
            by_stage = stalled.groupby("stage")["amount"].agg(["count", "sum"])
            rows.append(
                Risk.of(
                    RiskKind.STALLED_PIPELINE,
                    _team(data),
                    None,
                    _severity(value, share),
                    "stalled_amount_share",
                    value,
                    None,
                    share,
                    RESPONSES["stalled_pipeline"],
                    stalled_deals=len(stalled),
                    open_deals=len(judged),
                    stalled_amount=float(stalled["amount"].sum()),
                    open_amount=total,
                    main_stage=by_stage["sum"].idxmax(),
                    deals_by_stage=by_stage["count"].astype(int).to_dict(),
                    days=days,
                )
            )
    return rows


def concentration(
    data: dict[str, pd.DataFrame],
    period: Period,
    top: int = TOP_CUSTOMERS,
    months: int = CONCENTRATION_MONTHS,
) -> pd.DataFrame:
    """Shares of the largest customers and of the largest rep, in revenue and in open pipeline.

    Revenue is the order amount of the trailing ``months`` to the period end; pipeline the amount of
    deals open at the period end. Columns: ``basis`` (``revenue`` / ``pipeline``), ``total``,
    ``top_customers`` (ids), ``top_customers_share``, ``top_rep``, ``top_rep_share``, ``reps``,
    ``customers``.
    """
    end = ts(period.end)
    orders = data["orders"]
    od = pd.to_datetime(orders["order_date"])
    recent = orders[(od >= end - pd.DateOffset(months=months)) & (od < end)]
    pipe = open_deals(data, end)
    rows = []
    for basis, frame in (("revenue", recent), ("pipeline", pipe)):
        amount = frame["amount"].astype(float)
        total = float(amount.sum())
        by_cust = amount.groupby(frame["customer_id"]).sum().sort_values(ascending=False)
        by_rep = amount.groupby(frame["rep_id"]).sum().sort_values(ascending=False)
        rows.append(
            {
                "basis": basis,
                "total": total,
                "top_customers": by_cust.index[:top].tolist(),
                "top_customers_share": float(by_cust.iloc[:top].sum()) / total if total else np.nan,
                "top_rep": by_rep.index[0] if len(by_rep) else None,
                "top_rep_share": float(by_rep.iloc[0]) / total if total and len(by_rep) else np.nan,
                "reps": len(by_rep),
                "customers": len(by_cust),
            }
        )
    return pd.DataFrame(rows)


def _concentration_risks(
    data: dict[str, pd.DataFrame],
    period: Period,
    top: int,
    customer_share: float,
    rep_share: float,
    months: int,
) -> list[Risk]:
    rows = []
    for c in concentration(data, period, top, months).itertuples(index=False):
        metric = "revenue_share_12m" if c.basis == "revenue" else "pipeline_share"
        if c.top_customers_share >= customer_share:
            rows.append(
                Risk.of(
                    RiskKind.CUSTOMER_CONCENTRATION,
                    _team(data),
                    None,
                    _severity(c.top_customers_share, customer_share),
                    metric,
                    c.top_customers_share,
                    None,
                    customer_share,
                    RESPONSES["customer_concentration"],
                    basis=c.basis,
                    customers=c.top_customers,
                    top=top,
                    total=c.total,
                )
            )
        if c.reps > 1 and c.top_rep_share >= rep_share:
            rows.append(
                Risk.of(
                    RiskKind.REP_CONCENTRATION,
                    Subject("rep", c.top_rep),
                    c.top_rep,
                    _severity(c.top_rep_share, rep_share),
                    metric,
                    c.top_rep_share,
                    1 / c.reps,
                    rep_share,
                    RESPONSES["rep_concentration"],
                    basis=c.basis,
                    reps=c.reps,
                    total=c.total,
                )
            )
    return rows


#: The signals that are risks of the team, and the kind of risk each is.
PEOPLE_RISKS = {
    SignalKind.BELOW_TARGET: RiskKind.BELOW_TARGET,
    SignalKind.DEPARTED: RiskKind.REP_DEPARTED,
    SignalKind.ACTIVITY_DROP: RiskKind.ACTIVITY_DROP,
    SignalKind.BURNOUT: RiskKind.BURNOUT,
    SignalKind.LOW_CONTACT_RATE: RiskKind.LOW_CONTACT_RATE,
}


def _people_risks(data: dict[str, pd.DataFrame], period: Period, signals: list[Signal]) -> list[Risk]:
    """The signals that put the team's numbers at risk, with the signal's severity and evidence; a
    departure is high while open deals remain in the rep's name, low once none does."""
    rows = []
    open_now = open_deals(data, ts(period.end))
    for s in signals:
        if s.kind not in PEOPLE_RISKS:
            continue
        kind, who = PEOPLE_RISKS[s.kind], Subject("rep", s.rep_id)
        if kind == RiskKind.REP_DEPARTED:
            mine = open_now[open_now["rep_id"] == s.rep_id]
            n = len(mine)
            rows.append(
                Risk.of(
                    kind,
                    who,
                    s.rep_id,
                    Severity.HIGH if n else Severity.LOW,
                    "open_deals",
                    n,
                    None,
                    None,
                    RESPONSES["rep_departed" if n else "rep_departed_done"],
                    **s.evidence.as_dict(),
                    open_amount=float(mine["amount"].sum()),
                    opportunity_ids=mine["opportunity_id"].tolist(),
                )
            )
            continue
        response = kind.value
        if kind == RiskKind.BELOW_TARGET and s.severity == Severity.HIGH:
            response = "below_target_high"
        # below target is read against its line only; a drop and burnout against the rep's own before
        benchmark = math.nan if kind == RiskKind.BELOW_TARGET else s.benchmark
        rows.append(
            Risk(
                kind, who, s.rep_id, s.severity, s.metric, s.value, benchmark, s.threshold,
                RESPONSES[response], s.evidence,
            )
        )  # fmt: skip
    return rows


def risk_register(
    data: dict[str, pd.DataFrame],
    period: Period,
    signals: list[Signal] | None = None,
    stalled_days: int = STALLED_DAYS,
    stalled_share: float = STALLED_SHARE,
    top_customers: int = TOP_CUSTOMERS,
    customer_share: float = CUSTOMER_SHARE,
    rep_share: float = REP_SHARE,
    concentration_months: int = CONCENTRATION_MONTHS,
    rules: RiskRules | None = None,
) -> list[Risk]:
    """Every risk of the team in ``period`` (see the module docstring): most severe first, then by kind
    (:data:`KIND_ORDER`), then by value, largest first.

    ``signals`` may pass :func:`~salesnb.analysis.signals.rep_signals` already computed (for instance
    with other thresholds); without it they are computed with ``rules``' thresholds. ``rules`` (default
    :class:`~salesnb.analysis.risk_rules.RiskRules`) also set the stall's days and share.
    :func:`~salesnb.analysis.findings.risk_frame` tabulates them.
    """
    if rules is not None:
        stalled_days, stalled_share = rules.stalled_days, rules.stalled_share
    rules = rules or RiskRules()
    types = data["teams"]["team_type"].tolist() if "teams" in data else []
    if signals is None:
        signals = rep_signals(data, period, **rules.signal_thresholds(types))
    rows = _stall_risks(data, period, stalled_days, stalled_share)
    rows += _concentration_risks(data, period, top_customers, customer_share, rep_share, concentration_months)
    rows += _people_risks(data, period, signals)
    window, n = rules.window(types), rules.team_below_quota_periods
    measures = core_measures(data, period.history(2 * n + window - 1), full=False)
    rows += team_below_quota(measures, _team(data), period, rules.team_below_quota, n, window)
    if "surveys" in data:
        rows += satisfaction_drops(data["surveys"], _team(data), period, rules)
    # within a severity the team's own risks first (a stalled pipeline costs more than any one rep), then
    # value descending, a missing value last (as pandas sorts a descending column)
    return sorted(
        rows, key=lambda r: (r.severity.rank, KIND_ORDER.index(r.kind), math.isnan(r.value), -r.value)
    )
