"""The team's risk register: what could cost revenue, how bad it is, and the suggested response.

One row per risk and subject (a deal, a rep, a customer or the team) with the ``metric``, its
``value``, the ``benchmark`` it is read against where there is one, the ``threshold`` it crossed, a
``severity`` (high / medium / low), a ``response`` code for the renderer to phrase, and an
``evidence`` dict with the rest of the numbers.

=========================  ===============================================  =========================
risk                       rule                                             severity
=========================  ===============================================  =========================
``stalled_deal``           open at the period end, no stage change for      high from 2 × the days
                           :data:`STALLED_DAYS`
``stalled_pipeline``       stalled deals hold :data:`STALLED_SHARE` or      high from
                           more of the open pipeline amount                 :data:`SEVERE` × threshold
``customer_concentration`` top :data:`TOP_CUSTOMERS` customers hold         high from
                           :data:`CUSTOMER_SHARE` of trailing-12-month      :data:`SEVERE` × threshold
                           revenue or of the open pipeline
``rep_concentration``      one rep holds :data:`REP_SHARE` of the same      high from
                                                                            :data:`SEVERE` × threshold
``below_target``           see :mod:`salesnb.analysis.signals`              high from twice the
                                                                            periods or under half
                                                                            the target
``rep_departed``           left recently; their open deals need an owner    high with open deals,
                                                                            else low
``activity_drop``          see :mod:`salesnb.analysis.signals`              medium
``burnout``                see :mod:`salesnb.analysis.workload`             high
=========================  ===============================================  =========================

Each risk has a ``category``: *pipeline*, *concentration*, *performance* or *attrition*; attrition
shows as ``rep_departed`` (it happened), ``activity_drop`` and ``burnout`` (it may).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.common import open_deals, open_deals_at, ts
from salesnb.analysis.signals import rep_signals
from salesnb.periods import Period

#: Days without a stage change after which an open deal is stalled: a month is longer than any
#: stage takes on average in the team types the demo models (field: 10–18 days).
STALLED_DAYS = 30
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
}
#: The family each risk belongs to, for grouping in the report.
CATEGORIES = {
    "stalled_deal": "pipeline",
    "stalled_pipeline": "pipeline",
    "customer_concentration": "concentration",
    "rep_concentration": "concentration",
    "below_target": "performance",
    "rep_departed": "attrition",
    "activity_drop": "attrition",
    "burnout": "attrition",
}
COLUMNS = [
    "risk", "category", "subject_type", "subject_id", "rep_id", "severity", "metric", "value", "benchmark",
    "threshold", "response", "evidence",
]  # fmt: skip
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _risk(
    risk: str,
    subject_type: str,
    subject_id: str | None,
    rep_id: str | None,
    severity: str,
    metric: str,
    value: float | None,
    benchmark: float | None,
    threshold: float | None,
    response: str | None = None,
    **evidence,
) -> dict:
    clean = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in evidence.items()}
    return {
        "risk": risk,
        "category": CATEGORIES[risk],
        "subject_type": subject_type,
        "subject_id": subject_id,
        "rep_id": rep_id,
        "severity": severity,
        "metric": metric,
        "value": float(value) if value is not None else np.nan,
        "benchmark": float(benchmark) if benchmark is not None else np.nan,
        "threshold": float(threshold) if threshold is not None else np.nan,
        "response": response or RESPONSES[risk],
        "evidence": clean,
    }


def stalled_deals(
    opportunities: pd.DataFrame,
    stage_history: pd.DataFrame,
    period: Period,
    days: int = STALLED_DAYS,
    open_now: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Deals open at the period end whose last stage change is ``days`` or more before it.

    ``open_now`` is :func:`open_deals_at` of these deals at the period end when the caller has it.

    Columns: ``opportunity_id``, ``rep_id``, ``customer_id``, ``stage``, ``amount``,
    ``stage_entered_at``, ``days_in_stage``, ``threshold_days``; longest-stalled first.

    Examples
    --------
    A deal that entered proposal on 15 September is 47 days in it at the end of October (1 November).
    """
    end = ts(period.end)
    deals = open_deals_at(opportunities, stage_history, end) if open_now is None else open_now.copy()
    deals["days_in_stage"] = (end - pd.to_datetime(deals["stage_entered_at"])).dt.days
    out = deals[deals["days_in_stage"] >= days].drop(columns="stage").rename(columns={"stage_then": "stage"})
    out = out[
        ["opportunity_id", "rep_id", "customer_id", "stage", "amount", "stage_entered_at", "days_in_stage"]
    ].copy()
    out["threshold_days"] = days
    return out.sort_values(["days_in_stage", "amount"], ascending=False).reset_index(drop=True)


def _team_id(data: dict[str, pd.DataFrame]) -> str | None:
    teams = data["teams"]["team_id"].tolist() if "teams" in data else []
    return teams[0] if len(teams) == 1 else None


def _stall_risks(data, period, days, share) -> list[dict]:
    end = ts(period.end)
    open_now = open_deals(data, end)
    stalled = stalled_deals(data["opportunities"], data["stage_history"], period, days, open_now=open_now)
    rows = [
        _risk(
            "stalled_deal",
            "deal",
            d.opportunity_id,
            d.rep_id,
            "high" if d.days_in_stage >= 2 * days else "medium",
            "days_in_stage",
            d.days_in_stage,
            None,
            days,
            stage=d.stage,
            amount=float(d.amount),
            customer_id=d.customer_id,
            stage_entered_at=pd.Timestamp(d.stage_entered_at).isoformat(),
        )
        for d in stalled.itertuples(index=False)
    ]
    total = float(open_now["amount"].sum())
    if total > 0:
        value = float(stalled["amount"].sum()) / total
        if value >= share:
            by_stage = stalled.groupby("stage")["amount"].agg(["count", "sum"])
            rows.append(
                _risk(
                    "stalled_pipeline",
                    "team",
                    _team_id(data),
                    None,
                    "high" if value >= SEVERE * share else "medium",
                    "stalled_amount_share",
                    value,
                    None,
                    share,
                    stalled_deals=len(stalled),
                    open_deals=len(open_now),
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


def _concentration_risks(data, period, top, customer_share, rep_share, months) -> list[dict]:
    rows = []
    for c in concentration(data, period, top, months).itertuples(index=False):
        metric = "revenue_share_12m" if c.basis == "revenue" else "pipeline_share"
        if c.top_customers_share >= customer_share:
            rows.append(
                _risk(
                    "customer_concentration",
                    "team",
                    _team_id(data),
                    None,
                    "high" if c.top_customers_share >= SEVERE * customer_share else "medium",
                    metric,
                    c.top_customers_share,
                    None,
                    customer_share,
                    basis=c.basis,
                    customers=c.top_customers,
                    top=top,
                    total=c.total,
                )
            )
        if c.reps > 1 and c.top_rep_share >= rep_share:
            rows.append(
                _risk(
                    "rep_concentration",
                    "rep",
                    c.top_rep,
                    c.top_rep,
                    "high" if c.top_rep_share >= SEVERE * rep_share else "medium",
                    metric,
                    c.top_rep_share,
                    1 / c.reps,
                    rep_share,
                    basis=c.basis,
                    reps=c.reps,
                    total=c.total,
                )
            )
    return rows


def _people_risks(data, period, signals: pd.DataFrame) -> list[dict]:
    rows = []
    open_now = open_deals(data, ts(period.end))
    for s in signals.itertuples(index=False):
        ev = dict(s.evidence)
        if s.signal == "below_target":
            high = ev["periods_below"] >= 2 * ev["required_periods"] or s.value < 0.5
            rows.append(
                _risk(
                    "below_target",
                    "rep",
                    s.rep_id,
                    s.rep_id,
                    "high" if high else "medium",
                    s.metric,
                    s.value,
                    None,
                    s.threshold,
                    RESPONSES["below_target_high" if high else "below_target"],
                    **ev,
                )
            )
        elif s.signal == "departed":
            mine = open_now[open_now["rep_id"] == s.rep_id]
            n = len(mine)
            rows.append(
                _risk(
                    "rep_departed",
                    "rep",
                    s.rep_id,
                    s.rep_id,
                    "high" if n else "low",
                    "open_deals",
                    n,
                    None,
                    None,
                    RESPONSES["rep_departed" if n else "rep_departed_done"],
                    **ev,
                    open_amount=float(mine["amount"].sum()),
                    opportunity_ids=mine["opportunity_id"].tolist(),
                )
            )
        elif s.signal == "activity_drop":
            rows.append(
                _risk(
                    "activity_drop",
                    "rep",
                    s.rep_id,
                    s.rep_id,
                    "medium",
                    s.metric,
                    s.value,
                    s.benchmark,
                    s.threshold,
                    **ev,
                )
            )
        elif s.signal == "burnout":
            rows.append(
                _risk(
                    "burnout",
                    "rep",
                    s.rep_id,
                    s.rep_id,
                    "high",
                    s.metric,
                    s.value,
                    s.benchmark,
                    s.threshold,
                    **ev,
                )
            )
    return rows


def risk_register(
    data: dict[str, pd.DataFrame],
    period: Period,
    signals: pd.DataFrame | None = None,
    stalled_days: int = STALLED_DAYS,
    stalled_share: float = STALLED_SHARE,
    top_customers: int = TOP_CUSTOMERS,
    customer_share: float = CUSTOMER_SHARE,
    rep_share: float = REP_SHARE,
    concentration_months: int = CONCENTRATION_MONTHS,
) -> pd.DataFrame:
    """Every risk of the team in ``period`` (see the module docstring), most severe first.

    ``signals`` may pass :func:`~salesnb.analysis.signals.rep_signals` already computed (for instance
    with other thresholds); without it they are computed with the defaults.

    Columns: ``risk``, ``category`` (pipeline / concentration / performance / attrition),
    ``subject_type`` (deal / rep / team), ``subject_id``, ``rep_id``,
    ``severity``, ``metric``, ``value``, ``benchmark``, ``threshold``, ``response``, ``evidence``.
    """
    if signals is None:
        signals = rep_signals(data, period)
    rows = _stall_risks(data, period, stalled_days, stalled_share)
    rows += _concentration_risks(data, period, top_customers, customer_share, rep_share, concentration_months)
    rows += _people_risks(data, period, signals)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["_sev"] = out["severity"].map(SEVERITY_ORDER)
    out = out.sort_values(["_sev", "risk", "value"], ascending=[True, True, False], kind="stable")
    return out.drop(columns="_sev").reset_index(drop=True)
