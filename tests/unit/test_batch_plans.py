"""The batch stores the plans its successful rep reviews carried, once, after the reports."""

from __future__ import annotations

import json

import nbformat
import pandas as pd

from salesnb.batch.plans import collect_plans, store_batch_plans
from salesnb.reports.manifest import Entry
from salesnb.reports.rep_review.plan_record import PLAN_MIME
from salesnb.warehouse import connect, replace_tables
from salesnb.warehouse.plans import read_plan


def goal(rep: str, target: float) -> dict:
    return {"rep_id": rep, "period": "2026-10", "rank": 1, "goal_period": "2026-11", "rule": "r",
            "module": "m", "metric": "win_rate", "higher_is_better": True, "baseline": 0.2, "target": target,
            "goal_kind": "gap", "rules_fingerprint": "f", "version": "0",
            "given_at": "2026-12-01T08:00:00"}  # fmt: skip


def executed(root, rep: str, goals: list[dict] | None, notebook: str = "rep_review", status: str = "ok"):
    """A rep review's executed notebook under ``root`` carrying ``goals`` (none: no plan output), and
    its manifest entry."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("report.record_plan(review)")
    if goals is not None:
        payload = {"rep_id": rep, "period": "2026-10", "goals": goals}
        cell.outputs = [nbformat.v4.new_output("display_data", data={PLAN_MIME: payload})]
    nb.cells = [cell]
    rel = f"t/reps/{rep}.ipynb"
    path = root / "2026-10" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")
    return Entry(notebook, f"t/{rep}", rep, "2026-10", "en", status, f"t/reps/{rep}.html", rel, 1.0, "now")


def test_only_successful_rep_reviews_with_a_plan_are_collected(tmp_path):
    entries = [
        executed(tmp_path, "a", [goal("a", 0.25)]),
        executed(tmp_path, "b", []),  # a review that gave no goal: on record all the same
        executed(tmp_path, "c", [goal("c", 0.3)], status="failed"),  # a failed report stores nothing
        executed(tmp_path, "d", None),  # a notebook from before plans were recorded
        executed(tmp_path, "e", [goal("e", 0.3)], notebook="team_review"),
    ]
    (tmp_path / "2026-10" / "t" / "reps" / "f.ipynb").write_text("{cut short", encoding="utf-8")
    entries.append(Entry("rep_review", "t/f", "f", "2026-10", "en", "ok", None, "t/reps/f.ipynb", 1.0, "now"))
    plans = collect_plans(entries, tmp_path)
    assert [(rep, period, len(goals)) for rep, period, goals in plans] == [
        ("a", "2026-10", 1),
        ("b", "2026-10", 0),
    ]
    db = tmp_path / "w.duckdb"
    replace_tables(db, {"regions": pd.DataFrame({"region_id": ["east"], "name": ["East"]})}, fresh=True)
    assert store_batch_plans(db, entries, tmp_path) == (2, 1)
    assert store_batch_plans(db, entries, tmp_path) == (2, 1)  # rendered again: replaced, not doubled
    with connect(db) as con:
        assert list(read_plan(con, "a", "2026-10")["target"]) == [0.25]
        assert read_plan(con, "b", "2026-10").empty and read_plan(con, "c", "2026-10") is None
        assert con.execute("SELECT count(*) FROM coaching_plans").fetchone()[0] == 1
