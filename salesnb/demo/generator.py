"""Generate the demo organisation: deterministic for a seed and an as-of date.

The simulation runs rep by rep and month by month (:mod:`salesnb.demo.simulation`); inside a rep-month
every draw is vectorised with NumPy, so the whole organisation (about a million activity rows) builds in
seconds. Planted patterns (:data:`salesnb.demo.organisation.PLANTED`) bend the same mechanics rather than
pasting numbers in, so the analysis has to find them the way it would find them in real data.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from salesnb.demo import organisation as org
from salesnb.demo.buffers import Buffers
from salesnb.demo.deals import CustomerPool
from salesnb.demo.roster import build_customer_base, build_roster
from salesnb.demo.simulation import simulate_rep_month
from salesnb.demo.tables import assemble_tables, meta_table
from salesnb.periods import Period

#: "Since always": base customers are eligible for existing business from the first simulated day.
EVER = np.datetime64("1900-01-01T00:00:00", "s")


def generate(as_of: date, seed: int = 7, months: int = 21) -> dict[str, pd.DataFrame]:
    """Build every canonical table of the demo organisation.

    Parameters
    ----------
    as_of
        The day the data is "exported"; history ends with the latest month complete before it.
    seed
        Random seed: the same seed and as-of date give the same organisation, row for row.
    months
        Months of history (at least 18 are needed for year-over-year comparisons).

    Returns
    -------
    dict of table name to frame, ready for :func:`salesnb.warehouse.replace_tables`.

    Examples
    --------
    >>> from datetime import date
    >>> tables = generate(date(2026, 11, 23), months=18)
    >>> sorted(tables)[:3]
    ['activities', 'costs', 'customers']
    """
    rng = np.random.default_rng(seed)
    last = Period.latest_complete("month", as_of)
    history = last.history(months)
    cutoff = last.end  # nothing happens on or after this day
    reps = build_roster(rng, history[0].start, cutoff)
    buf = Buffers()
    customers = build_customer_base(rng, reps, history[0].start)
    counters = {"opp": 0, "lead": 0, "cust": len(customers), "survey": 0}

    for rep in reps:
        # existing business comes from the team's customer base and from the customers this rep has won
        pool: CustomerPool = [(c["customer_id"], EVER) for c in customers if c["team_id"] == rep.team.team_id]
        # deals start a few months before the history, so it opens with the pipeline a CRM would hold;
        # activities and leads are recorded from the first month of the history only
        for k, month in enumerate(
            history[0].history(org.WARMUP_MONTHS + 1)[:-1] + history, start=-org.WARMUP_MONTHS
        ):
            recorded = k >= 0
            simulate_rep_month(rng, rep, month, k, months, cutoff, buf, counters, pool, customers, recorded)

    tables = assemble_tables(rng, reps, customers, buf, history, cutoff)
    tables["meta"] = meta_table(as_of, seed, last, reps)
    return tables
