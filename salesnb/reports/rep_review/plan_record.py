"""The coaching plan a rep review gave, carried out of the report kernel inside the executed notebook.

The notebook runs in a kernel that only reads the warehouse (many run at once; DuckDB has one writer and
salesnb writes copy-on-write). So the review does not store its plan itself: :func:`record_plan` puts the
plan's rows in the notebook as an output of its own MIME type (:data:`PLAN_MIME`, never shown in the
report), and the batch, once the executed notebook is in place, reads them back
(:func:`plan_from_notebook`) and stores every report's plan in one write
(:mod:`salesnb.batch.plans`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from IPython.display import display

from salesnb.reviews.rep import RepReview
from salesnb.reviews.rep.previous_plan import plan_given
from salesnb.warehouse.plans import PLAN_COLUMNS

#: The MIME type of the plan's output in an executed rep review notebook.
PLAN_MIME = "application/vnd.salesnb.coaching-plan+json"


def plan_payload(review: RepReview) -> dict[str, Any]:
    """The plan ``review`` gave as JSON-able rows (timestamps as ISO text)."""
    rows = plan_given(review.actions, review.rep_id, review.period, review.rules_fingerprint)
    rows["given_at"] = rows["given_at"].map(lambda t: pd.Timestamp(t).isoformat())
    return {"rep_id": review.rep_id, "period": review.period.label, "goals": rows.to_dict("records")}


def record_plan(review: RepReview) -> None:
    """Put the plan ``review`` gave in the notebook (an output the report never shows)."""
    display({PLAN_MIME: plan_payload(review)}, raw=True)


def plan_from_notebook(notebook: Mapping[str, Any]) -> tuple[str, str, pd.DataFrame] | None:
    """The rep, the period and the plan rows (:data:`PLAN_COLUMNS`; none when the review gave no goal) an
    executed rep review notebook carries; ``None`` when it carries no plan (a notebook from before plans
    were recorded, or one that failed before its plan)."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            payload = output.get("data", {}).get(PLAN_MIME)
            if payload is None:
                continue
            frame = pd.DataFrame(payload.get("goals", []), columns=PLAN_COLUMNS)
            frame["given_at"] = pd.to_datetime(frame["given_at"])
            return str(payload["rep_id"]), str(payload["period"]), frame
    return None
