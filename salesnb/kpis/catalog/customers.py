"""Customer KPIs: what acquiring a customer costs and a customer is worth, who stays, who buys again, and
what they say in surveys. ``docs/kpis.md`` (*Costs, customers and surveys*) details the counts."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis.catalog.registry import kpi, ratio

#: Gross margin assumed by :func:`clv` (share of order value kept after the cost of goods); a parameter.
GROSS_MARGIN = 0.3

_COST = ("sales_cost", "marketing_cost", "new_customers")
_LIFETIME = ("ltm_order_amount", "ltm_orders", "ltm_customers", "ltm_base", "ltm_retained")
_RETENTION = ("customers_retained", "customers_at_start")


@kpi(
    en="Customer acquisition cost",
    zh="获客成本",
    unit="currency",
    definition="Sales and marketing spend of the period per new customer won in it (new customers as "
    "above). A team-month's cost is allocated to its reps by working days (see below). With no cost "
    "recorded the CAC is missing, not 0.",
    formula="(sales_cost + marketing_cost) ÷ new customers",
    measures=_COST,
    direction="lower",
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
    en="Customer lifetime value",
    zh="客户终身价值",
    unit="currency",
    definition="Gross profit a customer brings over their expected lifetime, annualised over the 12 months "
    f"to the period end (see *Customers* below). `GROSS_MARGIN` defaults to {GROSS_MARGIN}.",
    formula="average order value × orders per customer per year × gross margin × 1 ÷ annual churn",
    measures=_LIFETIME,
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


@kpi(
    en="CLV:CAC",
    zh="终身价值与获客成本比",
    unit="multiple",
    definition="How many times a customer's lifetime value repays what acquiring one cost; about 3 is the "
    "usual healthy level.",
    formula="clv ÷ cac",
    measures=(*_LIFETIME, *_COST),
)
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
    en="Customer retention rate",
    zh="客户留存率",
    unit="ratio",
    definition="Share of the customers active at the period start who are still active at its end.",
    formula="(customers active at end − customers who joined) ÷ customers active at start",
    measures=_RETENTION,
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
    en="Customer churn rate",
    zh="客户流失率",
    unit="ratio",
    definition="Share of the customers active at the period start who stopped being active during it.",
    formula="customers lost ÷ customers active at start = 1 − retention rate",
    measures=_RETENTION,
    direction="lower",
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
    en="Repeat-purchase rate",
    zh="复购率",
    unit="ratio",
    definition="Share of the customers who ordered in the period that have ordered at least twice to the "
    "period end (this order included, in the recorded history).",
    formula="customers ordering in period with ≥ 2 orders to date ÷ customers ordering in period",
    measures=("customers_repeat", "customers_ordering"),
)
def repeat_purchase_rate(m: pd.DataFrame) -> pd.Series:
    """Share of the period's ordering customers who have ordered at least twice, this order included.

    Examples
    --------
    >>> repeat_purchase_rate(pd.DataFrame({"customers_repeat": [3.0], "customers_ordering": [12.0]})).tolist()
    [0.25]
    """
    return ratio(m["customers_repeat"], m["customers_ordering"])


@kpi(
    en="CSAT (share satisfied)",
    zh="客户满意度",
    unit="ratio",
    definition="Share of the period's satisfaction responses (1–5) that scored 4 or 5.",
    formula="responses 4–5 ÷ responses with a CSAT score",
    measures=("csat_satisfied", "csat_responses"),
)
def csat(m: pd.DataFrame) -> pd.Series:
    """Customer satisfaction: the share of satisfied responses (4 or 5 on the 1–5 scale) in the period.

    Examples
    --------
    >>> csat(pd.DataFrame({"csat_satisfied": [8.0], "csat_responses": [10.0]})).tolist()
    [0.8]
    """
    return ratio(m["csat_satisfied"], m["csat_responses"])


@kpi(
    en="Net Promoter Score",
    zh="净推荐值",
    unit="score",
    definition="Per cent promoters (9–10) minus per cent detractors (0–6) among the period's 0–10 "
    "responses; from −100 to 100.",
    formula="100 × (promoters − detractors) ÷ responses with an NPS score",
    measures=("nps_promoters", "nps_detractors", "nps_responses"),
)
def nps(m: pd.DataFrame) -> pd.Series:
    """Per cent promoters minus per cent detractors among the period's 0–10 responses (−100 to 100).

    Examples
    --------
    >>> m = pd.DataFrame({"nps_promoters": [5.0], "nps_detractors": [2.0], "nps_responses": [10.0]})
    >>> nps(m).tolist()  # 50 % − 20 %
    [30.0]
    """
    return 100.0 * ratio(m["nps_promoters"] - m["nps_detractors"], m["nps_responses"])
