"""The KPI catalog: one definition per KPI, computed from summed measures at any level.

Every KPI is a function of a measures frame (see :mod:`salesnb.kpis.measures`), registered with its
unit and direction. ``docs/kpis.md`` states each definition in words and as a formula; the docstrings
here carry the same formula and a worked example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError

Unit = Literal["currency", "ratio", "count", "days", "hours", "per_day", "multiple", "score"]

#: Gross margin assumed by :func:`clv` (share of order value kept after the cost of goods); a parameter.
GROSS_MARGIN = 0.3


@dataclass(frozen=True)
class KPI:
    name: str
    label: str
    unit: Unit
    higher_is_better: bool
    formula: str
    compute: Callable[[pd.DataFrame], pd.Series]
    #: grows with the days of the period (revenue, counts, hours), so a run rate projects it
    accumulates: bool = False
    #: a share of a whole (at most 100 %); attainment and flow ratios such as lead conversion are not
    share: bool = False


CATALOG: dict[str, KPI] = {}


def kpi(
    label: str,
    unit: Unit,
    formula: str,
    higher_is_better: bool = True,
    accumulates: bool = False,
    share: bool | None = None,
):
    """Register a KPI function in :data:`CATALOG` under its function name; a ratio is a share (at most
    100 %) unless ``share=False`` says it can exceed 100 %."""

    def wrap(fn: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
        is_share = unit == "ratio" if share is None else share
        CATALOG[fn.__name__] = KPI(
            fn.__name__, label, unit, higher_is_better, formula, fn, accumulates, is_share
        )
        return fn

    return wrap


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, missing (not zero, not infinite) where the denominator is 0."""
    num = numerator.astype(float)
    den = denominator.astype(float)
    return (num / den.where(den != 0)).astype(float)


@kpi("Revenue", "currency", "Σ amount of deals won with close date in the period", accumulates=True)
def revenue(m: pd.DataFrame) -> pd.Series:
    """Closed-won revenue: the amount of deals won in the period.

    Examples
    --------
    >>> revenue(pd.DataFrame({"revenue": [1200.0, 0.0]})).tolist()
    [1200.0, 0.0]
    """
    return m["revenue"].astype(float)


@kpi("Quota attainment", "ratio", "revenue ÷ revenue quota of the period", share=False)
def quota_attainment(m: pd.DataFrame) -> pd.Series:
    """Revenue divided by the revenue quota (targets summed over the period's months).

    Examples
    --------
    >>> quota_attainment(pd.DataFrame({"revenue": [90.0, 5.0], "quota": [100.0, 0.0]})).tolist()
    [0.9, nan]
    """
    return ratio(m["revenue"], m["quota"])


@kpi("New customers", "count", "customers whose first won deal closed in the period", accumulates=True)
def new_customers(m: pd.DataFrame) -> pd.Series:
    """Customers whose first ever won deal closed in the period.

    Examples
    --------
    >>> new_customers(pd.DataFrame({"new_customers": [3.0]})).tolist()
    [3.0]
    """
    return m["new_customers"].astype(float)


@kpi(
    "Lead conversion rate",
    "ratio",
    "leads converted to customers in the period ÷ leads created in the period",
    share=False,  # a flow ratio: older leads converting can take it past 100 %
)
def lead_conversion_rate(m: pd.DataFrame) -> pd.Series:
    """Leads that became customers in the period over leads created in the period (a flow ratio).

    Examples
    --------
    >>> lead_conversion_rate(pd.DataFrame({"leads_converted": [2.0], "leads_created": [8.0]})).tolist()
    [0.25]
    """
    return ratio(m["leads_converted"], m["leads_created"])


@kpi("Win rate", "ratio", "deals won ÷ (deals won + deals lost), closed in the period")
def win_rate(m: pd.DataFrame) -> pd.Series:
    """Share of closed deals that were won; open deals do not count.

    Examples
    --------
    >>> win_rate(pd.DataFrame({"deals_won": [3.0], "deals_lost": [1.0]})).tolist()
    [0.75]
    """
    return ratio(m["deals_won"], m["deals_won"] + m["deals_lost"])


@kpi("Average deal size", "currency", "revenue ÷ deals won")
def avg_deal_size(m: pd.DataFrame) -> pd.Series:
    """Mean amount of the deals won in the period.

    Examples
    --------
    >>> avg_deal_size(pd.DataFrame({"revenue": [300.0], "deals_won": [2.0]})).tolist()
    [150.0]
    """
    return ratio(m["revenue"], m["deals_won"])


@kpi(
    "Sales cycle (days)",
    "days",
    "Σ (close date − created date) over won deals ÷ deals won",
    higher_is_better=False,
)
def sales_cycle_days(m: pd.DataFrame) -> pd.Series:
    """Mean days from a deal's creation to its close, over deals won in the period.

    Examples
    --------
    >>> sales_cycle_days(pd.DataFrame({"cycle_days_won": [30.0], "deals_won": [2.0]})).tolist()
    [15.0]
    """
    return ratio(m["cycle_days_won"], m["deals_won"])


@kpi("Pipeline value", "currency", "Σ amount of deals open at the end of the period")
def pipeline_value(m: pd.DataFrame) -> pd.Series:
    """Amount of deals created before the period end and not closed by it.

    Examples
    --------
    >>> pipeline_value(pd.DataFrame({"pipeline": [5000.0]})).tolist()
    [5000.0]
    """
    return m["pipeline"].astype(float)


@kpi("Pipeline coverage", "multiple", "pipeline value at period end ÷ next period's revenue quota")
def pipeline_coverage(m: pd.DataFrame) -> pd.Series:
    """How many times the open pipeline covers the next period's quota (rule of thumb: 3×).

    Examples
    --------
    >>> pipeline_coverage(pd.DataFrame({"pipeline": [300.0], "next_quota": [100.0]})).tolist()
    [3.0]
    """
    return ratio(m["pipeline"], m["next_quota"])


@kpi("Weighted pipeline", "currency", "Σ amount × probability of deals open at the end of the period")
def weighted_pipeline(m: pd.DataFrame) -> pd.Series:
    """Open pipeline at period end, each deal's amount weighted by its probability (Zoho "Expected Revenue").

    Examples
    --------
    >>> weighted_pipeline(pd.DataFrame({"pipeline_weighted": [550.0]})).tolist()
    [550.0]
    """
    return m["pipeline_weighted"].astype(float)


@kpi(
    "Sales velocity (per day)",
    "currency",
    "open deals at period end × win rate × average deal size ÷ sales cycle (days)",
)
def sales_velocity(m: pd.DataFrame) -> pd.Series:
    """Revenue the pipeline produces per day: open deals × win rate × average deal size ÷ sales cycle.

    Every factor comes from the summed measures (``pipeline_deals`` open at period end; win rate, deal
    size and cycle from the deals closed in the period).

    Examples
    --------
    >>> m = pd.DataFrame({"pipeline_deals": [10.0], "deals_won": [2.0], "deals_lost": [2.0],
    ...                   "revenue": [800.0], "cycle_days_won": [40.0]})
    >>> sales_velocity(m).tolist()  # 10 × 0.5 × 400 ÷ 20
    [100.0]
    """
    return m["pipeline_deals"].astype(float) * win_rate(m) * avg_deal_size(m) / sales_cycle_days(m)


@kpi(
    "Customer acquisition cost",
    "currency",
    "(sales cost + marketing cost) ÷ new customers",
    higher_is_better=False,
)
def cac(m: pd.DataFrame) -> pd.Series:
    """Sales and marketing spend of the period per new customer won in it.

    Team-month costs are allocated to reps by working days, so any level sums its reps' costs. With no
    cost recorded (zero) the CAC is missing, not zero: no slice, team or month is free to sell to.

    Examples
    --------
    >>> cac(pd.DataFrame({"sales_cost": [9000.0, 0.0], "marketing_cost": [3000.0, 0.0],
    ...                   "new_customers": [4.0, 2.0]})).tolist()
    [3000.0, nan]
    """
    cost = m["sales_cost"] + m["marketing_cost"]
    return ratio(cost.where(cost > 0), m["new_customers"])


@kpi(
    "Customer lifetime value",
    "currency",
    "average order value × orders per customer per year × gross margin × expected lifetime"
    " (1 ÷ annual churn), over the 12 months to the period end",
)
def clv(m: pd.DataFrame) -> pd.Series:
    """Gross profit a customer brings over their expected lifetime, from the 12 months to the period end.

    ``average order value (ltm_order_amount ÷ ltm_orders) × purchase frequency (ltm_orders ÷ ltm_customers,
    orders per customer per year) × GROSS_MARGIN × expected lifetime in years (1 ÷ annual churn, annual
    churn = 1 − ltm_retained ÷ ltm_base)``.

    Examples
    --------
    >>> m = pd.DataFrame({"ltm_order_amount": [12000.0], "ltm_orders": [6.0], "ltm_customers": [4.0],
    ...                   "ltm_base": [10.0], "ltm_retained": [6.0]})
    >>> clv(m).round(6).tolist()  # 2000 × 1.5 × 0.3 × 1 ÷ 0.4
    [2250.0]
    """
    order_value = ratio(m["ltm_order_amount"], m["ltm_orders"])
    frequency = ratio(m["ltm_orders"], m["ltm_customers"])
    lifetime_years = ratio(m["ltm_base"], m["ltm_base"] - m["ltm_retained"])
    return order_value * frequency * GROSS_MARGIN * lifetime_years


@kpi("CLV:CAC", "multiple", "customer lifetime value ÷ customer acquisition cost")
def clv_cac_ratio(m: pd.DataFrame) -> pd.Series:
    """How many times a customer's lifetime value repays the cost of acquiring one (healthy: about 3).

    Examples
    --------
    >>> m = pd.DataFrame({"ltm_order_amount": [12000.0], "ltm_orders": [6.0], "ltm_customers": [4.0],
    ...                   "ltm_base": [10.0], "ltm_retained": [6.0], "sales_cost": [2000.0],
    ...                   "marketing_cost": [1000.0], "new_customers": [4.0]})
    >>> clv_cac_ratio(m).round(6).tolist()  # 2250 ÷ 750
    [3.0]
    """
    return ratio(clv(m), cac(m))


@kpi(
    "Customer retention rate",
    "ratio",
    "(customers active at period end − customers who joined) ÷ customers active at period start",
)
def retention_rate(m: pd.DataFrame) -> pd.Series:
    """Share of the customers active at the period start (ordered in the 12 months before it) who are
    still active at its end (ordered in the 12 months before the end).

    Examples
    --------
    >>> retention_rate(pd.DataFrame({"customers_retained": [45.0], "customers_at_start": [50.0]})).tolist()
    [0.9]
    """
    return ratio(m["customers_retained"], m["customers_at_start"])


@kpi(
    "Customer churn rate",
    "ratio",
    "customers lost in the period ÷ customers active at period start (= 1 − retention rate)",
    higher_is_better=False,
)
def churn_rate(m: pd.DataFrame) -> pd.Series:
    """Share of the customers active at the period start who stopped being active during it.

    Examples
    --------
    >>> churn_rate(pd.DataFrame({"customers_retained": [45.0], "customers_at_start": [50.0]})).tolist()
    [0.1]
    """
    return ratio(m["customers_at_start"] - m["customers_retained"], m["customers_at_start"])


@kpi(
    "Repeat-purchase rate",
    "ratio",
    "customers who ordered in the period with ≥ 2 orders to date ÷ customers who ordered in the period",
)
def repeat_purchase_rate(m: pd.DataFrame) -> pd.Series:
    """Share of the period's ordering customers who have ordered at least twice, this order included.

    Examples
    --------
    >>> repeat_purchase_rate(pd.DataFrame({"customers_repeat": [3.0], "customers_ordering": [12.0]})).tolist()
    [0.25]
    """
    return ratio(m["customers_repeat"], m["customers_ordering"])


@kpi("CSAT", "ratio", "survey responses scoring 4 or 5 ÷ survey responses with a CSAT score (1–5)")
def csat(m: pd.DataFrame) -> pd.Series:
    """Customer satisfaction: the share of satisfied responses (4 or 5 on the 1–5 scale) in the period.

    Examples
    --------
    >>> csat(pd.DataFrame({"csat_satisfied": [8.0], "csat_responses": [10.0]})).tolist()
    [0.8]
    """
    return ratio(m["csat_satisfied"], m["csat_responses"])


@kpi("Net Promoter Score", "score", "100 × (promoters (9–10) − detractors (0–6)) ÷ responses")
def nps(m: pd.DataFrame) -> pd.Series:
    """Per cent promoters minus per cent detractors among the period's 0–10 responses (−100 to 100).

    Examples
    --------
    >>> m = pd.DataFrame({"nps_promoters": [5.0], "nps_detractors": [2.0], "nps_responses": [10.0]})
    >>> nps(m).tolist()  # 50 % − 20 %
    [30.0]
    """
    return 100.0 * ratio(m["nps_promoters"] - m["nps_detractors"], m["nps_responses"])


@kpi("Calls per working day", "per_day", "dials ÷ rep working days in the period")
def calls_per_working_day(m: pd.DataFrame) -> pd.Series:
    """Dials per rep per working day (Monday–Friday days each rep was employed).

    Examples
    --------
    >>> calls_per_working_day(pd.DataFrame({"dials": [600.0], "working_days": [10.0]})).tolist()
    [60.0]
    """
    return ratio(m["dials"], m["working_days"])


@kpi("Contact rate", "ratio", "connected calls ÷ dials")
def contact_rate(m: pd.DataFrame) -> pd.Series:
    """Share of dials that were answered (the source articles' 接通率: connected ÷ dialled).

    Examples
    --------
    >>> contact_rate(pd.DataFrame({"connects": [30.0], "dials": [100.0]})).tolist()
    [0.3]
    """
    return ratio(m["connects"], m["dials"])


@kpi("Talk time (hours)", "hours", "Σ duration of connected calls ÷ 3600", accumulates=True)
def talk_time_hours(m: pd.DataFrame) -> pd.Series:
    """Hours spent in connected calls.

    Examples
    --------
    >>> talk_time_hours(pd.DataFrame({"talk_seconds": [5400.0]})).tolist()
    [1.5]
    """
    return m["talk_seconds"].astype(float) / 3600.0


@kpi(
    "After-hours activity share",
    "ratio",
    "activities started before 08:00 or from 19:00 ÷ all activities",
    higher_is_better=False,
)
def after_hours_share(m: pd.DataFrame) -> pd.Series:
    """Share of a rep's logged activities outside the working day (a workload and well-being signal).

    Examples
    --------
    >>> after_hours_share(pd.DataFrame({"after_hours": [12.0], "activities": [80.0]})).tolist()
    [0.15]
    """
    return ratio(m["after_hours"], m["activities"])


@kpi(
    "Weekend activity share",
    "ratio",
    "activities on Saturday or Sunday ÷ all activities",
    higher_is_better=False,
)
def weekend_share(m: pd.DataFrame) -> pd.Series:
    """Share of a rep's logged activities on a weekend day.

    Examples
    --------
    >>> weekend_share(pd.DataFrame({"weekend": [4.0], "activities": [80.0]})).tolist()
    [0.05]
    """
    return ratio(m["weekend"], m["activities"])


@kpi("Headcount", "count", "reps employed on at least one day of the period")
def headcount(m: pd.DataFrame) -> pd.Series:
    """Reps on the team at any time in the period.

    Examples
    --------
    >>> headcount(pd.DataFrame({"headcount": [7.0]})).tolist()
    [7.0]
    """
    return m["headcount"].astype(float)


def compute_kpis(measures: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """Apply the catalog to a measures frame (any index): one column per KPI."""
    chosen = names or list(CATALOG)
    unknown = [n for n in chosen if n not in CATALOG]
    if unknown:
        raise ParameterError(f"unknown KPI {', '.join(unknown)}: choose from {', '.join(CATALOG)}")
    out = pd.DataFrame({n: CATALOG[n].compute(measures) for n in chosen}, index=measures.index)
    return out.replace([np.inf, -np.inf], np.nan)
