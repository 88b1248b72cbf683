"""The goal-audit tab: the goals of ``params/goals.yaml`` that concern the selection, and a goal's SMART
audit with its target changed, judged by :func:`~salesnb.goals.audit.audit_goal` as
``salesnb goals check`` judges it (on every team's history, read once)."""

from __future__ import annotations

import math

from salesnb.errors import ParameterError
from salesnb.goals import GoalData
from salesnb.goals.audit import GoalAudit, audit_goal, history_window
from salesnb.goals.model import Goal, GoalSet, Scope
from salesnb.params import GOALS_FILE, Settings
from salesnb.warehouse import connect
from salesnb.workbench.data import WorkbenchData
from salesnb.workbench.quotas import is_missing
from salesnb.workbench.selection import Selection, scope_teams

#: The order goals are offered in: the closest to a team first.
GOAL_ORDER = {"team": 0, "rep": 1, "level": 2, "region": 3, "org": 4}


def goal_options(data: WorkbenchData, goals: GoalSet | None, s: Selection) -> list[tuple[str, str]]:
    """``(label, goal id)`` of the goals that concern the selection: the organisation's, the region's,
    the team's, its reps' and its levels' (all of them for the organisation); the team's own first,
    then its reps', its levels', the region's and the organisation's."""
    if goals is None:
        return []
    teams = set(scope_teams(data, s))
    regions = set(data.teams.loc[data.teams["team_id"].isin(teams), "region_id"])
    reps = data.every_team(s.review_period)["reps"]
    rep_ids = set(reps.loc[reps["team_id"].isin(teams), "rep_id"])
    out = []
    for g in goals.goals:
        if s.level != "org" and g.scope is not None and not _concerns(g.scope, teams, regions, rep_ids):
            continue
        order = GOAL_ORDER.get(g.scope.kind if g.scope else "", len(GOAL_ORDER))
        out.append((order, f"{g.id} ({g.metric or '?'})", g.id))
    return [(text, gid) for _, text, gid in sorted(out, key=lambda row: row[0])]


def _concerns(scope: Scope, teams: set[str], regions: set[str], rep_ids: set[str]) -> bool:
    return (
        scope.kind == "org"
        or (scope.kind == "region" and scope.id in regions)
        or (scope.kind == "team" and scope.id in teams)
        or (scope.kind == "rep" and scope.id in rep_ids)
        or (scope.kind == "level" and (not scope.team or scope.team in teams))
    )


def find_goal(settings: Settings, goal_id: str) -> Goal:
    """A goal of the goals file by id (a :class:`ParameterError` without the file or the goal)."""
    if settings.goals is None:
        raise ParameterError(f"no goals file ({settings.params_dir / GOALS_FILE})")
    for g in settings.goals.goals:
        if g.id == goal_id:
            return g
    raise ParameterError(f"unknown goal {goal_id!r}")


def goal_data(data: WorkbenchData, goals: GoalSet) -> GoalData:
    """Every team's history the audit reads (read once, on first use)."""

    def load() -> GoalData:
        start, end = history_window(goals, data.as_of)
        with connect(data.db_path) as con:
            return GoalData.load(con, start, end, data.as_of)

    return data.memo(("goal_data",), load)


def audit(data: WorkbenchData, settings: Settings, goal_id: str, target: float | None = None) -> GoalAudit:
    """The SMART audit of a goal, with its target replaced by ``target`` when given."""
    goal = find_goal(settings, goal_id)
    if target is not None:
        if is_missing(target) or not math.isfinite(target):
            raise ParameterError(f"a target must be a number, not {target!r}")
        goal = goal.with_target(target)
    assert settings.goals is not None
    return audit_goal(goal, settings.goals, goal_data(data, settings.goals), data.currency)
