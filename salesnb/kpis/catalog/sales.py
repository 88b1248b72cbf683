"""Sales KPIs: revenue against quota, customers won, leads converted, deals won, their size and cycle."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis.catalog.registry import kpi, ratio


@kpi(
    en="Revenue",
    zh="销售额",
    unit="currency",
    definition='Amount of deals won with a close date in the period (Zoho\'s "Achieved"). A won deal '
    "without an amount is left out of the sum and counted beside it.",
    formula="Σ amount, status = won, close_date ∈ period, amount known",
    measures=("revenue",),
    accumulates=True,
    left_out="won_deals_unknown_amount",
)
def revenue(m: pd.DataFrame) -> pd.Series:
    """Closed-won revenue: the amount of deals won in the period.

    Examples
    --------
    >>> revenue(pd.DataFrame({"revenue": [1200.0, 0.0]})).tolist()
    [1200.0, 0.0]
    """
    return m["revenue"].astype(float)


@kpi(
    en="Quota attainment",
    zh="目标达成率",
    unit="ratio",
    definition="Revenue over the revenue quota of the period. Quotas are monthly targets per rep; a quarter "
    "or year sums its months; a week takes the working-day share of its month(s). A team's quota is the "
    "team's own target for a month where it has one, else the sum of its reps' (a rep's quota is never "
    "made from a team's). Won deals without an amount are not in the revenue and are counted beside it.",
    formula="revenue ÷ quota",
    measures=("revenue", "quota"),
    share=False,
    left_out="won_deals_unknown_amount",
)
def quota_attainment(m: pd.DataFrame) -> pd.Series:
    """Revenue divided by the revenue quota (targets summed over the period's months).

    Examples
    --------
    >>> quota_attainment(pd.DataFrame({"revenue": [90.0, 5.0], "quota": [100.0, 0.0]})).tolist()
    [0.9, nan]
    """
    return ratio(m["revenue"], m["quota"])


@kpi(
    en="New customers",
    zh="新客户数",
    unit="count",
    definition="Customers whose first ever won deal closed in the period, credited to that deal's owner. A "
    "customer who bought before is never new again. When several won deals close on that first day, the "
    "one created first is the first deal (then the lowest deal id).",
    formula="count(customers: min(close_date of won deals) ∈ period)",
    measures=("new_customers",),
    accumulates=True,
)
def new_customers(m: pd.DataFrame) -> pd.Series:
    """Customers whose first ever won deal closed in the period.

    Examples
    --------
    >>> new_customers(pd.DataFrame({"new_customers": [3.0]})).tolist()
    [3.0]
    """
    return m["new_customers"].astype(float)


@kpi(
    en="Lead conversion rate",
    zh="线索转化率",
    unit="ratio",
    definition="Leads that became customers in the period over leads created in the period: a flow ratio, "
    "the convention of Zoho's trend dashboards (it can exceed 100 % in a month when older leads convert).",
    formula="leads with converted_date ∈ period ÷ leads with created_date ∈ period",
    measures=("leads_converted", "leads_created"),
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


@kpi(
    en="Win rate",
    zh="赢单率",
    unit="ratio",
    definition="Won deals over closed deals (won + lost) closed in the period; open deals do not count.",
    formula="won ÷ (won + lost)",
    measures=("deals_won", "deals_lost"),
)
def win_rate(m: pd.DataFrame) -> pd.Series:
    """Share of closed deals that were won; open deals do not count.

    Examples
    --------
    >>> win_rate(pd.DataFrame({"deals_won": [3.0], "deals_lost": [1.0]})).tolist()
    [0.75]
    """
    return ratio(m["deals_won"], m["deals_won"] + m["deals_lost"])


@kpi(
    en="Average deal size",
    zh="平均成交额",
    unit="currency",
    definition="Mean amount of the deals won in the period whose amount is known; won deals without an "
    "amount are left out and counted beside it.",
    formula="revenue ÷ (deals won − won deals without an amount)",
    measures=("revenue", "deals_won", "won_deals_unknown_amount"),
    left_out="won_deals_unknown_amount",
)
def avg_deal_size(m: pd.DataFrame) -> pd.Series:
    """Mean amount of the deals won in the period whose amount is known.

    Examples
    --------
    >>> m = pd.DataFrame({"revenue": [300.0], "deals_won": [3.0], "won_deals_unknown_amount": [1.0]})
    >>> avg_deal_size(m).tolist()  # 300 over the 2 won deals whose amount is known
    [150.0]
    """
    return ratio(m["revenue"], m["deals_won"] - m["won_deals_unknown_amount"])


@kpi(
    en="Sales cycle (days)",
    zh="销售周期（天）",
    unit="days",
    definition="Mean days from a deal's creation to its close, over the deals won in the period.",
    formula="Σ (close_date − created_date) ÷ deals won",
    measures=("cycle_days_won", "deals_won"),
    direction="lower",
)
def sales_cycle_days(m: pd.DataFrame) -> pd.Series:
    """Mean days from a deal's creation to its close, over deals won in the period.

    Examples
    --------
    >>> sales_cycle_days(pd.DataFrame({"cycle_days_won": [30.0], "deals_won": [2.0]})).tolist()
    [15.0]
    """
    return ratio(m["cycle_days_won"], m["deals_won"])
