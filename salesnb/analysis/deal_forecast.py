"""A deal-based forecast: commit and best case from the open deals and their stage probabilities.

What a sales manager calls in beside the statistical forecasts of :mod:`salesnb.analysis.forecast`:

* **commit** – revenue won so far plus the open deals expected to close in the period whose stage
  probability (the one the deal had then, by the stage history) is :data:`COMMIT_PROBABILITY` or more
  and that are not stalled: the late-stage, moving deals a manager would commit to (a negotiation
  untouched for a month is no commitment; ``commit_stalled`` counts the ones left out);
* **best case** – revenue won so far plus every open deal expected to close in the period, whatever its
  stage: what the period brings if everything in it closes;
* **excluding stalled** – the best case without the deals stalled in their stage (no stage change for
  :data:`~salesnb.analysis.risks.STALLED_DAYS` days): pipeline a stall makes unlikely.

A deal whose expected close date passed at most :data:`~salesnb.analysis.forecast.SLIPPED_DAYS` ago has
slipped and counts in the earliest period still open, as in the weighted pipeline. A deal with no known
probability then counts in the best case but never in the commit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from salesnb.analysis.common import open_deals, ts
from salesnb.analysis.forecast import SLIPPED_DAYS
from salesnb.analysis.risks import STALLED_DAYS
from salesnb.goals.history import to_date
from salesnb.periods import Period

#: Stage probability from which an open deal is in the commit (negotiation in the usual stage ladders).
COMMIT_PROBABILITY = 0.70
COLUMNS = [
    "period", "won", "commit", "best_case", "best_case_unstalled", "commit_deals", "best_case_deals",
    "stalled_deals", "commit_stalled",
]  # fmt: skip


def deal_forecast(
    data: dict[str, pd.DataFrame],
    period: Period,
    as_of: date | None = None,
    commit_probability: float = COMMIT_PROBABILITY,
    slipped_days: int = SLIPPED_DAYS,
    stalled_days: int = STALLED_DAYS,
) -> pd.DataFrame:
    """Commit and best case of ``period`` (when still running at ``as_of``) and of the next period.

    One row per period forecast: ``period`` (label), ``won`` (revenue won so far), ``commit``,
    ``best_case``, ``best_case_unstalled`` (see the module docstring) and how many open deals each counts.

    Examples
    --------
    Won 100 so far; open and due this period: 50 at 75 %, 80 at 25 %: commit 150, best case 230. Were
    the deal at 75 % stalled, the commit would be 100 (``commit_stalled`` 1) and the best case still 230.
    """
    running = to_date(period, as_of) if as_of is not None else period
    complete = running.end >= period.end
    moment = ts(running.end)
    deals = open_deals(data, moment)
    expected = pd.to_datetime(deals["expected_close_date"])
    slipped = (expected < moment) & (expected >= moment - pd.Timedelta(days=slipped_days))
    entered = pd.to_datetime(deals["stage_entered_at"]) if "stage_entered_at" in deals else None
    stalled = (
        (moment - entered).dt.days.ge(stalled_days).fillna(False)
        if entered is not None
        else pd.Series(False, index=deals.index)
    )
    won = data["opportunities"]
    won = won[won["status"] == "won"]
    closes = pd.to_datetime(won["close_date"])
    targets = [] if complete else [period]
    targets.append(period.next())
    rows = []
    for i, p in enumerate(targets):
        due = (expected >= ts(p.start)) & (expected < ts(p.end))
        if i == 0:
            due |= slipped  # a slipped deal counts in the earliest period still open
        so_far = (
            float(won["amount"][(closes >= ts(p.start)) & (closes < moment)].sum()) if p == period else 0.0
        )
        amount = deals["amount"].astype(float).fillna(0.0)
        late = due & deals["probability_then"].ge(commit_probability)
        commit = late & ~stalled
        rows.append(
            {
                "period": p.label,
                "won": so_far,
                "commit": so_far + float(amount[commit].sum()),
                "best_case": so_far + float(amount[due].sum()),
                "best_case_unstalled": so_far + float(amount[due & ~stalled].sum()),
                "commit_deals": int(commit.sum()),
                "best_case_deals": int(due.sum()),
                "stalled_deals": int((due & stalled).sum()),
                "commit_stalled": int((late & stalled).sum()),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
