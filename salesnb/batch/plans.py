"""The coaching plans a batch's rep reviews gave, stored in the warehouse once the batch is done.

Why the parent stores them, after the reports, from the executed notebooks: the report kernels run in
parallel processes (or on Dask workers) and only read the warehouse; DuckDB allows one writer, and salesnb
writes copy-on-write (:mod:`salesnb.warehouse.copy_on_write`: a copy of the whole file per write), so
one write per report, from many processes at once, would be slow and would queue on the writers' lock.
Each rep review instead carries its plan in its executed notebook
(:func:`~salesnb.reports.rep_review.plan_record.record_plan`), which is moved into place whole or not at
all; the batch reads the plans of the reviews that succeeded and stores them all in one transaction.
A report that failed stores nothing, so the plan on record is always one a manager was shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from salesnb.files.paths import period_dir
from salesnb.periods import Period
from salesnb.reports.kinds import REP_REVIEW
from salesnb.reports.manifest import Entry
from salesnb.reports.rep_review.plan_record import plan_from_notebook
from salesnb.warehouse.plans import store_plans

#: The notebook whose reports give coaching plans.
PLAN_NOTEBOOK = REP_REVIEW.notebook


def collect_plans(entries: Iterable[Entry], reports_root: Path) -> list[tuple[str, str, pd.DataFrame]]:
    """The plans (rep, reviewed period, goals) carried by the executed notebooks of the successful rep
    reviews among ``entries``; a notebook that carries none (or cannot be read) gives none."""
    plans = []
    for entry in entries:
        if entry.notebook != PLAN_NOTEBOOK or entry.status != "ok" or not entry.ipynb:
            continue
        path = period_dir(reports_root, Period.parse(entry.period)) / entry.ipynb
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # its report says what it showed; the plan is then not on record, and says so next time
        plan = plan_from_notebook(notebook)
        if plan is not None:
            plans.append(plan)
    return plans


def store_batch_plans(db: Path, entries: Iterable[Entry], reports_root: Path) -> tuple[int, int]:
    """Store the plans of the successful rep reviews among ``entries`` in the warehouse at ``db``, each
    replacing the one on record for its rep and period: (reviews whose plan was stored, goals stored)."""
    plans = collect_plans(entries, reports_root)
    if not plans:
        return 0, 0
    return len(plans), store_plans(db, plans)
