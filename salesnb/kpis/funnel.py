"""The deal funnel: how far the deals closed in a period got before they closed."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis.measures import assign_period
from salesnb.periods import Period
from salesnb.warehouse.schema import OPEN_STAGES

FUNNEL_STAGES = (*OPEN_STAGES, "closed_won")


def stage_funnel(opportunities: pd.DataFrame, stage_history: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Deals closed in ``period`` counted at every stage they reached, in funnel order.

    A deal reached a stage if its history shows it entered that stage or any later one (a CRM that
    lets a deal skip a stage still counts it as having passed). Columns: ``stage``, ``deals``,
    ``step_conversion`` (share of the previous stage's deals that got this far) and
    ``from_start`` (share of all closed deals).

    Examples
    --------
    >>> opps = pd.DataFrame({"opportunity_id": ["a", "b"], "status": ["won", "lost"],
    ...                      "close_date": pd.to_datetime(["2026-10-05", "2026-10-09"])})
    >>> hist = pd.DataFrame({"opportunity_id": ["a", "a", "b"],
    ...                      "stage": ["qualification", "closed_won", "qualification"]})
    >>> stage_funnel(opps, hist, Period.parse("2026-10"))["deals"].tolist()
    [2, 1, 1, 1, 1]
    """
    closed = opportunities[opportunities["status"].isin(["won", "lost"])]
    closed = closed[assign_period(closed["close_date"], [period]).notna()]
    order = {s: i for i, s in enumerate(FUNNEL_STAGES)}
    hist = stage_history[stage_history["opportunity_id"].isin(closed["opportunity_id"])]
    furthest = hist["stage"].map(order).groupby(hist["opportunity_id"]).max()
    furthest = furthest.reindex(closed["opportunity_id"]).fillna(0)
    # a won deal reached every stage; a lost one got as far as its furthest open stage
    won = closed.set_index("opportunity_id")["status"].eq("won")
    furthest = furthest.where(~won, order["closed_won"])
    deals = [int((furthest >= i).sum()) for i in range(len(FUNNEL_STAGES))]
    out = pd.DataFrame({"stage": list(FUNNEL_STAGES), "deals": deals})
    prev = out["deals"].shift(1)
    out["step_conversion"] = (out["deals"] / prev.where(prev > 0)).astype(float)
    out["from_start"] = (out["deals"] / out["deals"].iloc[0]).astype(float) if deals[0] else float("nan")
    return out
