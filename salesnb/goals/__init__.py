"""SMART goals: read ``params/goals.yaml``, audit it against history, and pace each goal in a period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from salesnb.goals.audit import NAMES, PROPERTIES, GoalAudit, audit_goals, history_window
from salesnb.goals.history import GoalData
from salesnb.goals.model import Goal, GoalSet, Scope, load_goals
from salesnb.goals.pacing import Pacing, pace, suggest_target
from salesnb.warehouse import connect, read_meta


def data_as_of(meta: dict[str, str], today: date | None = None) -> date:
    """The last day the warehouse has data for: its ``as_of`` metadata, else today."""
    if "as_of" in meta:
        return date.fromisoformat(meta["as_of"])
    return today or date.today()


def check_goals(goals: GoalSet, db_path: Path) -> tuple[list[GoalAudit], str, date]:
    """Audit every goal of ``goals`` against the warehouse: the audits, the currency and the as-of day."""
    with connect(db_path) as con:
        meta = read_meta(con)
        as_of = data_as_of(meta)
        start, end = history_window(goals, as_of)
        data = GoalData.load(con, start, end, as_of)
    currency = meta.get("currency", "CNY")
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
    "data_as_of",
    "load_goals",
    "pace",
    "suggest_target",
]
