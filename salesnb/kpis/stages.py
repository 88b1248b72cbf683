"""Stage conversion and time in stage: how the deals that entered each open stage in a period moved on."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.periods import Period
from salesnb.warehouse.schema import OPEN_STAGES

#: Funnel position of every stage a deal can move to; a closed-lost deal or a move back is not forward.
_ORDER = {**{s: i for i, s in enumerate(OPEN_STAGES)}, "closed_won": len(OPEN_STAGES)}

STAGE_COLUMNS = [
    "stage",
    "entered",
    "advanced",
    "dropped",
    "still_open",
    "conversion",
    "median_days",
    "mean_days",
    "open_median_age_days",
    "open_mean_age_days",
]


def stage_durations(opportunities: pd.DataFrame, stage_history: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per open stage, the deals that entered it in ``period`` and what became of them by the period end.

    A deal's time in a stage runs from entering it to entering the next stage recorded in its history
    (a deal whose history stops but which closed before the period end leaves at its close date).
    Columns, one row per canonical open stage in funnel order:

    - ``entered``: entries into the stage in the period (a deal re-entering a stage counts again);
    - ``advanced``: of those, moved to a later stage (or closed won) before the period end;
    - ``dropped``: left the stage before the period end but not forward (closed lost, or moved back);
    - ``still_open``: still in the stage at the period end;
    - ``conversion``: advanced ÷ (advanced + dropped), the share of the deals that left the stage which
      went forward (deals still in it are undecided, not failures);
    - ``median_days``, ``mean_days``: days in the stage of the deals that left it;
    - ``open_median_age_days``, ``open_mean_age_days``: days in the stage so far (to the period end) of
      the deals still in it.

    Examples
    --------
    >>> opps = pd.DataFrame({"opportunity_id": ["a", "b"], "status": ["won", "open"],
    ...                      "close_date": pd.to_datetime(["2026-10-21", None])})
    >>> hist = pd.DataFrame({"opportunity_id": ["a", "a", "b"],
    ...                      "stage": ["qualification", "closed_won", "qualification"],
    ...                      "entered_at": pd.to_datetime(["2026-10-01", "2026-10-21", "2026-10-22"])})
    >>> s = stage_durations(opps, hist, Period.parse("2026-10")).set_index("stage")
    >>> q = s.loc["qualification"]  # a: 1 → 21 October (won); b: 22 October to 1 November, still open
    >>> q[["entered", "advanced", "still_open", "median_days", "open_mean_age_days"]].astype(float).tolist()
    [2.0, 1.0, 1.0, 20.0, 10.0]
    """
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    hist = stage_history[stage_history["opportunity_id"].isin(opportunities["opportunity_id"])]
    hist = hist.assign(entered_at=pd.to_datetime(hist["entered_at"]))
    hist = hist.sort_values(["opportunity_id", "entered_at"], kind="stable")
    # a repeated row for the stage the deal is already in is no move
    same = hist["opportunity_id"].eq(hist["opportunity_id"].shift()) & hist["stage"].eq(hist["stage"].shift())
    hist = hist[~same]
    deal = hist.groupby("opportunity_id", sort=False)
    hist = hist.assign(next_stage=deal["stage"].shift(-1), next_at=deal["entered_at"].shift(-1))

    in_period = (hist["entered_at"] >= start) & (hist["entered_at"] < end)
    cohort = hist[hist["stage"].isin(OPEN_STAGES) & in_period]
    # a deal whose history stops but which closed leaves the stage at its close date
    opps = opportunities.set_index("opportunity_id")
    status = cohort["opportunity_id"].map(opps["status"]) if "status" in opps else None
    if status is not None and "close_date" in opps:
        close = pd.to_datetime(cohort["opportunity_id"].map(opps["close_date"]))
        fill = cohort["next_at"].isna() & status.isin(["won", "lost"]) & close.notna()
        cohort = cohort.assign(
            next_at=cohort["next_at"].where(~fill, np.maximum(close, cohort["entered_at"])),
            next_stage=cohort["next_stage"].where(
                ~fill, status.map({"won": "closed_won", "lost": "closed_lost"})
            ),
        )
    left = cohort["next_at"].notna() & (cohort["next_at"] < end)
    forward = cohort["next_stage"].map(_ORDER).astype(float) > cohort["stage"].map(_ORDER).astype(float)
    days = (cohort["next_at"] - cohort["entered_at"]).dt.total_seconds() / 86400
    age = (end - cohort["entered_at"]).dt.total_seconds() / 86400

    rows = []
    for stage in OPEN_STAGES:
        at = cohort["stage"].eq(stage)
        gone, still = at & left, at & ~left
        advanced = int((gone & forward).sum())
        dropped = int((gone & ~forward).sum())
        rows.append(
            {
                "stage": stage,
                "entered": int(at.sum()),
                "advanced": advanced,
                "dropped": dropped,
                "still_open": int(still.sum()),
                "conversion": advanced / (advanced + dropped) if advanced + dropped else float("nan"),
                "median_days": float(days[gone].median()) if gone.any() else float("nan"),
                "mean_days": float(days[gone].mean()) if gone.any() else float("nan"),
                "open_median_age_days": float(age[still].median()) if still.any() else float("nan"),
                "open_mean_age_days": float(age[still].mean()) if still.any() else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)
