"""Goals as validated data: ``params/goals.yaml``.

A goal names a KPI from the catalog (``metric``), who it is for (``scope``), a ``target``, when
(``period``: a period label such as ``2026-11`` or ``2026-Q4``, or a recurring grain ``monthly``,
``quarterly``, ``weekly``, ``yearly``; or a ``deadline`` date) and, optionally, the team ``objective`` it
serves and a ``note``.

The file is parsed leniently where the SMART audit has something to say (an unknown metric, a missing
period, a missing link are findings of :func:`salesnb.goals.audit.audit_goals`, reported per goal) and
strictly where a typo would otherwise pass silently (an unknown key is an error naming file and goal).

Scopes::

    scope: org                                # the whole organisation
    scope: {region: east}                     # a region
    scope: {team: bj-telesales}               # a team
    scope: {rep: bj-telesales-r03}            # one rep
    scope: {level: junior}                    # every junior rep (each rep held to the target)
    scope: {level: junior, team: bj-telesales}  # every junior rep of one team
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.periods import GRAINS, Period
from salesnb.values import parse_date, parse_number, parse_whole_number
from salesnb.warehouse.schema import LEVELS
from salesnb.yamlfile import read_yaml_keys

#: ``period:`` words for a goal that applies to every period of a grain.
RECURRING = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}
GOAL_KEYS = {"id", "metric", "scope", "target", "period", "deadline", "objective", "note"}
SCOPE_KEYS = {"region", "team", "rep", "level"}
FILE_KEYS = {"objectives", "policy", "goals"}
POLICY_KEYS = {"require_objective", "history_periods"}
#: Problems :func:`parse_goal` records when it cannot read a target (see :meth:`Goal.with_target`).
_TARGET_PROBLEMS = ("M:no target", "M:target ")


@dataclass(frozen=True)
class Scope:
    """Who a goal is for. ``kind`` is org, region, team, rep or level."""

    kind: str
    id: str = ""
    team: str = ""  # a level scope may be narrowed to one team

    @property
    def label(self) -> str:
        if self.kind == "org":
            return "organisation"
        if self.kind == "level":
            return f"each {self.id} rep" + (f" of {self.team}" if self.team else "")
        return f"{self.kind} {self.id}"

    def covers(self, rep_id: str, team_id: str, level: str, region_id: str = "") -> bool:
        """Whether a rep of ``level`` in ``team_id`` (of ``region_id``) is held to a goal of this scope:
        the rep's own goal, their team's, their region's, the organisation's, or their level's (in their
        team, when the level scope names one).

        Examples
        --------
        >>> Scope("level", "senior", "bj-telesales").covers("r1", "sh-online", "senior")
        False
        >>> Scope("level", "senior").covers("r1", "sh-online", "senior")
        True
        """
        if self.kind == "org":
            return True
        if self.kind == "level":
            return self.id == level and self.team in ("", team_id)
        return {"rep": rep_id, "team": team_id, "region": region_id}.get(self.kind) == self.id


@dataclass(frozen=True)
class Goal:
    """One goal as written; fields the audit judges may be missing (``None``)."""

    id: str
    metric: str | None
    scope: Scope | None
    target: float | None
    period: str | None = None  # a period label or a RECURRING word
    deadline: date | None = None
    objective: str | None = None
    note: str = ""
    problems: tuple[str, ...] = ()  # what could not be read (reported by the audit under its property)

    @property
    def grain(self) -> str | None:
        """The grain of the period the goal is measured over."""
        if self.period in RECURRING:
            return RECURRING[self.period]
        if self.period:
            try:
                return Period.parse(self.period).grain
            except ParameterError:
                return None
        return "month" if self.deadline else None

    def period_for(self, day: date) -> Period | None:
        """The period the goal is measured over when judged on ``day`` (recurring goals roll)."""
        if self.period in RECURRING:
            return Period.containing(day, RECURRING[self.period])  # type: ignore[arg-type]
        if self.period:
            try:
                return Period.parse(self.period)
            except ParameterError:
                return None
        if self.deadline:
            return Period.containing(self.deadline, "month")
        return None

    @property
    def recurring(self) -> bool:
        return self.period in RECURRING

    def with_target(self, target: float) -> Goal:
        """The goal with ``target`` in place of the one written (and of what was wrong with reading it).

        Examples
        --------
        >>> goal = Goal("g", "win_rate", Scope("team", "t"), None, problems=("M:no target",))
        >>> goal.with_target(0.3).target, goal.with_target(0.3).problems
        (0.3, ())
        """
        kept = tuple(p for p in self.problems if not p.startswith(_TARGET_PROBLEMS))
        return replace(self, target=float(target), problems=kept)


@dataclass(frozen=True)
class GoalSet:
    path: str
    goals: list[Goal]
    objectives: dict[str, str] = field(default_factory=dict)
    #: teams whose goals must link to an objective ("all" = every team)
    require_objective: tuple[str, ...] = ()
    history_periods: int = 12

    def requires_link(self, team_ids: set[str]) -> bool:
        return "all" in self.require_objective or bool(team_ids & set(self.require_objective))

    def for_rep(self, rep_id: str, team_id: str, level: str, region_id: str = "") -> set[str]:
        """The ids of the goals a rep is held to (:meth:`Scope.covers`): the goal bonuses they can earn."""
        return {
            g.id
            for g in self.goals
            if g.scope is not None and g.scope.covers(rep_id, team_id, level, region_id)
        }


def _scope(raw: Any, where: str) -> tuple[Scope | None, str | None]:
    """The scope, or ``None`` and what is wrong with it."""
    if raw is None:
        return None, "no scope: say who the goal is for (org, region, team, rep or level)"
    if raw == "org":
        return Scope("org"), None
    if not isinstance(raw, dict):
        return None, f"scope {raw!r} is not org or a mapping such as {{team: bj-telesales}}"
    unknown = set(map(str, raw)) - SCOPE_KEYS
    if unknown:
        raise ParameterError(
            f"{where}: unknown scope key {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(SCOPE_KEYS))}"
        )
    if "level" in raw:
        level = str(raw["level"])
        if level not in LEVELS:
            return None, f"level {level!r} is not one of {', '.join(LEVELS)}"
        if set(raw) - {"level", "team"}:
            return None, "a level scope can only be narrowed to a team"
        return Scope("level", level, str(raw.get("team", ""))), None
    if len(raw) != 1:
        return None, f"scope {raw!r} names more than one unit: give one of region, team or rep"
    kind, value = next(iter(raw.items()))
    return Scope(str(kind), str(value)), None


def parse_goal(raw: Any, where: str, index: int) -> Goal:
    """One goal from its YAML mapping; see the module docstring."""
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: goal {index} must be a mapping of {', '.join(sorted(GOAL_KEYS))}")
    unknown = set(map(str, raw)) - GOAL_KEYS
    gid = str(raw.get("id") or f"goal-{index}")
    if unknown:
        raise ParameterError(
            f"{where}: goal {gid!r} has unknown key {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(GOAL_KEYS))}"
        )
    problems: list[str] = []
    scope, why = _scope(raw.get("scope"), f"{where}: goal {gid!r}")
    if why:
        problems.append(f"S:{why}")
    target = None
    if raw.get("target") is None:
        problems.append("M:no target")
    else:
        try:
            target = parse_number(raw["target"], "target", percent=True)
        except ParameterError as exc:
            problems.append(f"M:{exc}")
    period = raw.get("period")
    period = None if period is None else str(period).strip()
    if period and period not in RECURRING:
        try:
            Period.parse(period)
        except ParameterError:
            problems.append(
                f"T:period {period!r} is neither a period label (2026-11, 2026-Q4, 2026, 2026-W48) "
                f"nor one of {', '.join(RECURRING)}"
            )
    deadline = None
    if raw.get("deadline") is not None:
        try:
            deadline = parse_date(raw["deadline"], "deadline")
        except ParameterError as exc:
            problems.append(f"T:{exc}")
    metric = raw.get("metric")
    return Goal(
        id=gid,
        metric=None if metric is None else str(metric),
        scope=scope,
        target=target,
        period=period,
        deadline=deadline,
        objective=None if raw.get("objective") is None else str(raw["objective"]),
        note=str(raw.get("note") or ""),
        problems=tuple(problems),
    )


def load_goals(path: Path) -> GoalSet:
    """Read and check one goals file; structural problems are :class:`ParameterError` naming the file and
    the goal (every goal's, all at once). Which file, and what a missing one means, is
    :func:`salesnb.params.load_settings`'s choice."""
    data = read_yaml_keys(path, FILE_KEYS, what="objectives, policy and goals")
    objectives = data.get("objectives") or {}
    if not isinstance(objectives, dict):
        raise ParameterError(f"{path}: objectives must map an objective id to its description")
    policy = data.get("policy") or {}
    if not isinstance(policy, dict) or set(map(str, policy)) - POLICY_KEYS:
        raise ParameterError(f"{path}: policy may set {', '.join(sorted(POLICY_KEYS))}")
    require = policy.get("require_objective") or []
    require = [require] if isinstance(require, str) else list(require)
    history = parse_whole_number(
        policy.get("history_periods", 12), "policy.history_periods", 3, 60, where=str(path)
    )
    raw_goals = data.get("goals") or []
    if not isinstance(raw_goals, list):
        raise ParameterError(f"{path}: goals must be a list")
    found = ParameterProblems()
    goals: list[Goal] = []
    for i, g in enumerate(raw_goals):
        with found.check():
            goals.append(parse_goal(g, str(path), i + 1))
    ids = [g.id for g in goals]
    for gid in dict.fromkeys(i for i in ids if ids.count(i) > 1):
        found.add(f"{path}: goal id {gid!r} is used twice")
    found.raise_any(str(path))
    return GoalSet(
        str(path),
        goals,
        {str(k): str(v) for k, v in objectives.items()},
        tuple(map(str, require)),
        history,
    )


__all__ = ["GRAINS", "RECURRING", "Goal", "GoalSet", "Scope", "load_goals", "parse_goal"]
