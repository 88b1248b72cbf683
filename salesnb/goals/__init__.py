"""SMART goals: read ``params/goals.yaml``, audit it against history, and pace each goal in a period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salesnb.goals.audit import NAMES, PROPERTIES, GoalAudit, audit_goals, history_window
from salesnb.goals.history import GoalData
from salesnb.goals.model import Goal, GoalSet, Scope, load_goals
from salesnb.goals.pacing import Pacing, pace, suggest_target
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.extent import data_as_of
from salesnb.warehouse.store import warehouse_currency


def check_goals(goals: GoalSet, db_path: Path) -> tuple[list[GoalAudit], str, date]:
    """Audit every goal of ``goals`` against the warehouse: the audits, the currency and the as-of day
    (the data's end, :func:`~salesnb.warehouse.extent.data_as_of`, never the clock)."""
    with connect(db_path) as con:
        meta = read_meta(con)
        as_of = data_as_of(con)
        start, end = history_window(goals, as_of)
        data = GoalData.load(con, start, end, as_of)
    currency = warehouse_currency(meta)
    return audit_goals(goals, data, currency), currency, as_of


__all__ = [
    "NAMES",
    "PROPERTIES",
    "Goal",
    "GoalAudit",
    "GoalData",
    "GoalSet",
    "Pacing",
    "Scope",
    "audit_goals",
    "check_goals",
    "load_goals",
    "pace",
    "suggest_target",
]
