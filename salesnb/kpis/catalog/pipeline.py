"""Pipeline KPIs: the deals open at the period end, their cover of the next quota and the speed they close."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis.catalog.registry import kpi, ratio
from salesnb.kpis.catalog.sales import avg_deal_size, sales_cycle_days, win_rate
from salesnb.kpis.measures.pipeline import STALLED_DAYS

#: Open at the period end: the deal's window, as the definitions state it.
_OPEN_AT_END = "created_date < end ≤ close_date (or no close_date)"


@kpi(
    en="Pipeline value",
    zh="在途商机金额",
    unit="currency",
    definition="Amount of deals open at the end of the period: created before the end and not closed "
    "before it (historical periods are reconstructed from created and close dates). An open deal without "
    "an amount is left out of the sum and counted beside it.",
    formula=f"Σ amount, {_OPEN_AT_END}, amount known",
    measures=("pipeline",),
    left_out="open_deals_unknown_amount",
)
def pipeline_value(m: pd.DataFrame) -> pd.Series:
    """Amount of deals created before the period end and not closed by it.

    Examples
    --------
    >>> pipeline_value(pd.DataFrame({"pipeline": [5000.0]})).tolist()
    [5000.0]
    """
    return m["pipeline"].astype(float)


@kpi(
    en="Pipeline coverage",
    zh="商机覆盖倍数",
    unit="multiple",
    definition="How many times the open pipeline at period end covers the next period's revenue quota. "
    "Rule of thumb 3×; the coverage actually needed is about 1 ÷ win rate.",
    formula="pipeline value ÷ next period's quota",
    measures=("pipeline", "next_quota"),
    left_out="open_deals_unknown_amount",
)
def pipeline_coverage(m: pd.DataFrame) -> pd.Series:
    """How many times the open pipeline covers the next period's quota (rule of thumb: 3×).

    Examples
    --------
    >>> pipeline_coverage(pd.DataFrame({"pipeline": [300.0], "next_quota": [100.0]})).tolist()
    [3.0]
    """
    return ratio(m["pipeline"], m["next_quota"])


@kpi(
    en="Pipeline coverage without stalled deals",
    zh="商机覆盖倍数（不含停滞商机）",
    unit="multiple",
    definition="Pipeline coverage counting only the open deals that are moving: the deals in the stage "
    f"they were in at period end for {STALLED_DAYS} days or more (stalled, by the stage history) are "
    "left out. Far below the coverage, it says the pipeline is stuck rather than large.",
    formula=f"(pipeline value − amount of deals {STALLED_DAYS}+ days in their stage) ÷ next period's quota",
    measures=("pipeline", "pipeline_stalled", "next_quota"),
    left_out="open_deals_unknown_amount",
)
def pipeline_coverage_unstalled(m: pd.DataFrame) -> pd.Series:
    """How many times the open pipeline, stalled deals left out, covers the next period's quota.

    Examples
    --------
    >>> m = pd.DataFrame({"pipeline": [300.0], "pipeline_stalled": [200.0], "next_quota": [100.0]})
    >>> pipeline_coverage_unstalled(m).tolist()
    [1.0]
    """
    return ratio(m["pipeline"] - m["pipeline_stalled"], m["next_quota"])


@kpi(
    en="Weighted pipeline",
    zh="加权商机金额",
    unit="currency",
    definition="Open pipeline at period end with each deal's amount weighted by the probability it had "
    'then (Zoho "Expected Revenue", HubSpot "weighted amount"): the probability of the stage it was in '
    "at the period end by the stage history, its own recorded probability while it is still in that "
    "stage. Unavailable while any open deal's stage at the period end is unknown (no stage history); a "
    "deal without an amount is left out and counted beside it.",
    formula=f"Σ amount × probability at the end, {_OPEN_AT_END}, amount known",
    measures=("pipeline_weighted", "pipeline_unweighted"),
    left_out="open_deals_unknown_amount",
)
def weighted_pipeline(m: pd.DataFrame) -> pd.Series:
    """Open pipeline at period end, each deal's amount weighted by its probability then (Zoho "Expected
    Revenue"); missing while a deal's probability then is unknown.

    Examples
    --------
    >>> weighted_pipeline(pd.DataFrame({"pipeline_weighted": [550.0, 80.0],
    ...                                 "pipeline_unweighted": [0.0, 2.0]})).tolist()
    [550.0, nan]
    """
    return m["pipeline_weighted"].astype(float).where(m["pipeline_unweighted"] == 0)


@kpi(
    en="Sales velocity (per day)",
    zh="销售速度（每天）",
    unit="currency",
    definition="Revenue the pipeline produces per day: the deals open at period end, times the win rate, "
    "average deal size and sales cycle of the deals closed in the period (the deal size of the won deals "
    "whose amount is known; the others are counted beside it).",
    formula="open deals at end × win rate × average deal size ÷ sales cycle (days)",
    measures=(
        "pipeline_deals",
        "deals_won",
        "deals_lost",
        "revenue",
        "cycle_days_won",
        "won_deals_unknown_amount",
    ),
    left_out="won_deals_unknown_amount",
)
def sales_velocity(m: pd.DataFrame) -> pd.Series:
    """Revenue the pipeline produces per day: open deals × win rate × average deal size ÷ sales cycle.

    Every factor comes from the summed measures (``pipeline_deals`` open at period end; win rate, deal
    size and cycle from the deals closed in the period).

    Examples
    --------
    >>> m = pd.DataFrame({"pipeline_deals": [10.0], "deals_won": [2.0], "deals_lost": [2.0],
    ...                   "revenue": [800.0], "cycle_days_won": [40.0], "won_deals_unknown_amount": [0.0]})
    >>> sales_velocity(m).tolist()  # 10 × 0.5 × 400 ÷ 20
    [100.0]
    """
    return m["pipeline_deals"].astype(float) * win_rate(m) * avg_deal_size(m) / sales_cycle_days(m)
