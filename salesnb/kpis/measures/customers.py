"""Customer measures from the orders: repeat purchase, retention and lifetime value."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from salesnb.kpis.measures.frames import INDEX, empty_measures
from salesnb.periods import Period

#: A customer is *active* on a day when they ordered in the months before it (retention, churn, CLV).
CUSTOMER_ACTIVE_MONTHS = 12


def _last_before(orders: pd.DataFrame, at: pd.Series, customers: pd.Series) -> pd.DataFrame:
    """Each customer's last order strictly before each moment of ``at`` (a Series indexed by period
    label), as one row per (period, customer) with that order's columns (missing where there is none)."""
    moments = pd.DataFrame({"period": at.index, "t": at.to_numpy().astype("datetime64[ns]")})
    left = moments.merge(pd.DataFrame({"customer_id": customers}), how="cross").sort_values(
        "t", kind="stable"
    )
    out = pd.merge_asof(
        left,
        orders,
        left_on="t",
        right_on="order_date",
        by="customer_id",
        direction="backward",
        allow_exact_matches=False,
    )
    return out.set_index(["period", "customer_id"]).sort_index()


def measure_customers(orders: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Customer counts for repeat purchase, retention and lifetime value, from the orders.

    Every count is of customers, each credited to one rep, so teams sum their reps. A customer is
    *active* on a day if they ordered in the :data:`CUSTOMER_ACTIVE_MONTHS` months before it.

    - ``customers_ordering``: customers with an order in the period; ``customers_repeat``: those of them
      with at least two orders to the period end (in the recorded history). Credited to the rep of the
      customer's last order in the period.
    - ``customers_at_start``: customers active at the period start; ``customers_retained``: those of them
      still active at its end (they ordered within the 12 months before the end). Credited to the rep of
      the customer's most recent order before the period.
    - ``ltm_customers``, ``ltm_orders``, ``ltm_order_amount``: customers with an order in the 12 months to
      the period end, their orders and order amount, credited (all of a customer's orders alike) to the
      rep of the customer's most recent order.
    - ``ltm_base``: customers active 12 months before the period end; ``ltm_retained``: those of them
      who ordered in the 12 months to the end. Credited to the rep of the most recent order before the
      12 months.
    """
    columns = [
        "customers_ordering",
        "customers_repeat",
        "customers_at_start",
        "customers_retained",
        "ltm_customers",
        "ltm_orders",
        "ltm_order_amount",
        "ltm_base",
        "ltm_retained",
    ]
    orders = orders[orders["customer_id"].notna()]
    if orders.empty or not periods:
        return empty_measures(columns)
    keys = ["order_date", "order_id"] if "order_id" in orders else ["order_date"]
    day = pd.to_datetime(orders["order_date"]).astype("datetime64[ns]")
    orders = orders.assign(order_date=day).sort_values(keys, kind="stable")
    orders = orders[["customer_id", "rep_id", "order_date", "amount"]].reset_index(drop=True)
    orders["orders_to_date"] = orders.groupby("customer_id").cumcount() + 1
    orders["amount_to_date"] = orders.groupby("customer_id")["amount"].cumsum().astype(float)
    # one as-of lookup per boundary instead of a pass over the orders per period: each customer's last
    # order before the period start, before its end, and before the start of the 12 months to its end
    year = pd.DateOffset(months=CUSTOMER_ACTIVE_MONTHS)
    labels = [p.label for p in periods]
    start = pd.Series([pd.Timestamp(p.start) for p in periods], index=labels)
    end = pd.Series([pd.Timestamp(p.end) for p in periods], index=labels)
    ltm_start = end - year
    customers = orders["customer_id"].drop_duplicates()
    at_end = _last_before(orders, end, customers)
    at_start = _last_before(orders, start, customers)
    at_ltm = _last_before(orders, ltm_start, customers)
    per = at_end.index.get_level_values("period")

    def when(bound: pd.Series) -> np.ndarray:
        return bound.reindex(per).to_numpy().astype("datetime64[ns]")

    last = at_end["order_date"].to_numpy()
    ordering = last >= when(start)  # ordered in the period: their last order before the end is in it
    active_ltm = last >= when(ltm_start)
    active_start = at_start["order_date"].to_numpy() >= when(start - year)
    base = at_ltm["order_date"].to_numpy() >= when(ltm_start - year)
    count_ltm = at_end["orders_to_date"].fillna(0).to_numpy() - at_ltm["orders_to_date"].fillna(0).to_numpy()
    amount_ltm = at_end["amount_to_date"].fillna(0).to_numpy() - at_ltm["amount_to_date"].fillna(0).to_numpy()
    parts = [
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_end["rep_id"].to_numpy(),
                "customers_ordering": ordering.astype(int),
                "customers_repeat": (ordering & (at_end["orders_to_date"].to_numpy() >= 2)).astype(int),
                "ltm_customers": active_ltm.astype(int),
                "ltm_orders": count_ltm * active_ltm,
                "ltm_order_amount": amount_ltm * active_ltm,
            }
        )[ordering | active_ltm],
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_start["rep_id"].to_numpy(),
                "customers_at_start": 1,
                "customers_retained": active_ltm.astype(int),
            }
        )[active_start],
        pd.DataFrame(
            {
                "period": per,
                "rep_id": at_ltm["rep_id"].to_numpy(),
                "ltm_base": 1,
                "ltm_retained": active_ltm.astype(int),
            }
        )[base],
    ]
    out = pd.concat(parts).fillna(0).groupby(INDEX, sort=True).sum()
    return out.reindex(columns=columns, fill_value=0.0).astype(float)
