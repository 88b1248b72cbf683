"""Commission plans as validated data: ``params/commission_plans.yaml``.

A plan says who it is for (``applies_to``), what its commission is paid on (``basis``: the rep's own
revenue against their quota, or for a manager's override the team's revenue against the team quota), how
tiers of attainment turn revenue into commission (``method`` and ``tiers``), where the decelerator stops
(``threshold``), the most commission a month can pay (``cap``) and fixed ``bonuses`` for goals met or a
KPI reached. Every amount is in the organisation's currency; every attainment and rate is a fraction
(``0.5``) or a percentage string (``"50%"``). ``docs/incentives.md`` is the readable version.

Rules checked on load (each error names the file and the plan):

- tiers start at attainment 0 and strictly increase; a tier covers ``[from, next from)``, so reaching an
  edge exactly earns the higher tier; rates are fractions from 0 to 1;
- ``threshold`` is one of the tier edges, above 0 and below 1; the tiers below it (the decelerator) pay
  less than the base rate, the rate in force just below quota;
- every team type × level combination is covered by exactly one plan: the most specific match wins
  (level and team type > level > team type > ``default``); two plans equally specific for one
  combination are ambiguous, a combination without a plan is a gap, and a plan that no combination
  reaches is dead;
- a bonus names a goal of ``params/goals.yaml`` (when that file is given) or a KPI of the catalog with a
  ``min`` (higher is better) or a ``max`` (lower is better) it must reach.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.ids import SLUG
from salesnb.kpis.catalog import CATALOG
from salesnb.values import parse_number
from salesnb.warehouse.schema import LEVELS, TEAM_TYPES
from salesnb.yamlfile import read_yaml_keys

FILE = "commission_plans.yaml"
FILE_KEYS = {"plans"}
PLAN_KEYS = {"id", "applies_to", "basis", "method", "threshold", "tiers", "cap", "bonuses", "note"}
APPLIES_KEYS = {"team_type", "level"}
TIER_KEYS = {"from", "rate"}
BONUS_KEYS = {"goal", "kpi", "min", "max", "amount"}
METHODS = ("marginal", "flat")
BASES = ("rep", "team")

Method = Literal["marginal", "flat"]
Basis = Literal["rep", "team"]
TierKind = Literal["decelerator", "base", "accelerator", "reduced"]


@dataclass(frozen=True)
class Tier:
    """One rate band of attainment, ``[from_attainment, to_attainment)``; the last is open (``None``).

    ``kind``: *decelerator* below the plan's threshold, *base* from the threshold to quota, and from
    quota up *accelerator* (rate above the base rate), *reduced* (below it) or *base* (equal).
    """

    number: int  # 1-based, in attainment order
    from_attainment: float
    to_attainment: float | None
    rate: float
    kind: TierKind


@dataclass(frozen=True)
class Bonus:
    """A fixed amount for a goal met (``goal``) or for a KPI at or past ``minimum`` / ``maximum``."""

    amount: float
    goal: str | None = None
    kpi: str | None = None
    minimum: float | None = None  # paid when the KPI is >= minimum
    maximum: float | None = None  # paid when the KPI is <= maximum

    @property
    def key(self) -> str:
        return f"goal:{self.goal}" if self.goal else f"kpi:{self.kpi}"


@dataclass(frozen=True)
class Plan:
    """One commission plan; see the module docstring and ``docs/incentives.md``."""

    id: str
    team_types: tuple[str, ...]  # empty: any team type
    levels: tuple[str, ...]  # empty: any level
    method: Method
    tiers: tuple[Tier, ...]
    basis: Basis = "rep"
    threshold: float | None = None
    cap: float | None = None  # the most commission (before bonuses) one month pays
    bonuses: tuple[Bonus, ...] = ()
    note: str = ""

    @property
    def specificity(self) -> int:
        """3: level and team type, 2: level, 1: team type, 0: default."""
        return 2 * bool(self.levels) + bool(self.team_types)

    @property
    def applies_to(self) -> str:
        """What the plan covers, as written: ``default`` or ``team_type=…, level=…``."""
        parts = [f"team_type={'|'.join(self.team_types)}"] if self.team_types else []
        parts += [f"level={'|'.join(self.levels)}"] if self.levels else []
        return ", ".join(parts) or "default"

    def covers(self, team_type: str, level: str) -> bool:
        return (not self.team_types or team_type in self.team_types) and (
            not self.levels or level in self.levels
        )

    @property
    def base_rate(self) -> float:
        """The rate in force just below quota (the last tier starting below attainment 1.0)."""
        return [t for t in self.tiers if t.from_attainment < 1.0][-1].rate

    def tier_at(self, attainment: float) -> Tier:
        """The tier covering ``attainment``: the last whose ``from`` is at or below it.

        Examples
        --------
        >>> plan = Plan("p", (), (), "flat", _tiers([(0.0, 0.02), (0.5, 0.04), (1.0, 0.06)], 0.5))
        >>> plan.tier_at(0.4999).number, plan.tier_at(0.5).number, plan.tier_at(1.0).number
        (1, 2, 3)
        """
        reached = self.tiers[0]
        for tier in self.tiers:
            if attainment >= tier.from_attainment:
                reached = tier
        return reached


@dataclass(frozen=True)
class PlanSet:
    """Every plan of a file, checked to give exactly one plan per team type × level."""

    path: str
    plans: tuple[Plan, ...]

    def plan_for(self, team_type: str, level: str) -> Plan:
        """The plan of a rep of ``level`` in a team of ``team_type``: the most specific that covers it.

        Examples
        --------
        >>> t = _tiers([(0.0, 0.05)], None)
        >>> ps = PlanSet("x", (Plan("all", (), (), "flat", t), Plan("mgr", (), ("manager",), "flat", t)))
        >>> ps.plan_for("field", "manager").id, ps.plan_for("field", "junior").id
        ('mgr', 'all')
        """
        if team_type not in TEAM_TYPES:
            raise ParameterError(f"unknown team type {team_type!r}: use one of {', '.join(TEAM_TYPES)}")
        if level not in LEVELS:
            raise ParameterError(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
        best = _candidates(self.plans, team_type, level)
        if len(best) != 1:  # load_plans rules this out; a PlanSet built by hand may not
            found = ", ".join(p.id for p in best) or "none"
            raise ParameterError(
                f"{self.path}: team type {team_type}, level {level}: expected one plan, found {found}"
            )
        return best[0]

    def __getitem__(self, plan_id: str) -> Plan:
        for plan in self.plans:
            if plan.id == plan_id:
                return plan
        raise KeyError(plan_id)


def _candidates(plans: tuple[Plan, ...] | list[Plan], team_type: str, level: str) -> list[Plan]:
    covering = [p for p in plans if p.covers(team_type, level)]
    if not covering:
        return []
    top = max(p.specificity for p in covering)
    return [p for p in covering if p.specificity == top]


def _names(raw: Any, allowed: tuple[str, ...], where: str, what: str) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not values:
        raise ParameterError(f"{where}: applies_to.{what} must be one of {', '.join(allowed)} or a list")
    unknown = [str(v) for v in values if v not in allowed]
    if unknown:
        raise ParameterError(
            f"{where}: applies_to.{what} {', '.join(unknown)} unknown; use {', '.join(allowed)}"
        )
    return tuple(dict.fromkeys(values))


def _applies_to(raw: Any, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if raw == "default":
        return (), ()
    if not isinstance(raw, dict) or not raw:
        raise ParameterError(
            f"{where}: applies_to must be 'default' or a mapping of team_type and/or level, "
            f"such as {{team_type: telesales, level: junior}}"
        )
    unknown = set(map(str, raw)) - APPLIES_KEYS
    if unknown:
        raise ParameterError(
            f"{where}: applies_to has unknown key {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(APPLIES_KEYS))}"
        )
    team_types = _names(raw["team_type"], TEAM_TYPES, where, "team_type") if "team_type" in raw else ()
    levels = _names(raw["level"], LEVELS, where, "level") if "level" in raw else ()
    return team_types, levels


def _tiers(edges: list[tuple[float, float]], threshold: float | None) -> tuple[Tier, ...]:
    """Tiers from checked ``(from, rate)`` pairs, each labelled with its kind."""
    below_quota = [rate for start, rate in edges if start < 1.0]
    base = below_quota[-1]
    tiers = []
    for i, (start, rate) in enumerate(edges):
        end = edges[i + 1][0] if i + 1 < len(edges) else None
        kind: TierKind
        if threshold is not None and start < threshold:
            kind = "decelerator"
        elif start < 1.0 or rate == base:
            kind = "base"
        else:
            kind = "accelerator" if rate > base else "reduced"
        tiers.append(Tier(i + 1, start, end, rate, kind))
    return tuple(tiers)


def _parse_tiers(raw: Any, threshold: Any, where: str) -> tuple[tuple[Tier, ...], float | None]:
    if not isinstance(raw, list) or not raw:
        raise ParameterError(f"{where}: tiers must be a non-empty list of {{from: attainment, rate: rate}}")
    edges: list[tuple[float, float]] = []
    for i, tier in enumerate(raw, start=1):
        if not isinstance(tier, dict) or set(map(str, tier)) != TIER_KEYS:
            raise ParameterError(f"{where}: tier {i} must have exactly the keys from and rate")
        start = parse_number(tier["from"], f"tier {i} from", percent=True, where=where)
        rate = parse_number(tier["rate"], f"tier {i} rate", percent=True, where=where)
        if not 0.0 <= rate <= 1.0:
            raise ParameterError(f"{where}: tier {i} rate {rate:g} must be a fraction from 0 to 1")
        if edges and start <= edges[-1][0]:
            raise ParameterError(
                f"{where}: tier {i} from {start:g} must be above tier {i - 1} from {edges[-1][0]:g} "
                "(tiers strictly increase)"
            )
        edges.append((start, rate))
    if edges[0][0] != 0.0:
        raise ParameterError(f"{where}: the first tier must start from 0, not {edges[0][0]:g}")
    limit = None
    if threshold is not None:
        limit = parse_number(threshold, "threshold", percent=True, where=where)
        if not 0.0 < limit < 1.0 or limit not in [s for s, _ in edges]:
            raise ParameterError(
                f"{where}: threshold {limit:g} must be the from of a tier, above 0 and below 1"
            )
    tiers = _tiers(edges, limit)
    base = [t for t in tiers if t.from_attainment < 1.0][-1].rate
    for t in tiers:
        if t.kind == "decelerator" and t.rate >= base:
            raise ParameterError(
                f"{where}: tier {t.number} is below the threshold but its rate {t.rate:g} is not below "
                f"the base rate {base:g}: it would not decelerate"
            )
    return tiers, limit


def _parse_bonus(raw: Any, where: str, i: int, goal_ids: Collection[str] | None) -> Bonus:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: bonus {i} must be a mapping such as {{goal: <goal id>, amount: 500}}")
    unknown = set(map(str, raw)) - BONUS_KEYS
    if unknown:
        raise ParameterError(
            f"{where}: bonus {i} has unknown key {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(BONUS_KEYS))}"
        )
    if "amount" not in raw:
        raise ParameterError(f"{where}: bonus {i} has no amount")
    amount = parse_number(raw["amount"], f"bonus {i} amount", where=where)
    if amount <= 0:
        raise ParameterError(f"{where}: bonus {i} amount must be above 0")
    if ("goal" in raw) == ("kpi" in raw):
        raise ParameterError(f"{where}: bonus {i} must name either a goal or a kpi")
    if "goal" in raw:
        if set(raw) - {"goal", "amount"}:
            raise ParameterError(f"{where}: bonus {i}: a goal bonus has only goal and amount")
        goal = str(raw["goal"])
        if goal_ids is not None and goal not in goal_ids:
            raise ParameterError(f"{where}: bonus {i}: goal {goal!r} is not a goal id of goals.yaml")
        return Bonus(amount, goal=goal)
    name = str(raw["kpi"])
    if name not in CATALOG:
        raise ParameterError(f"{where}: bonus {i}: unknown KPI {name!r}; choose from {', '.join(CATALOG)}")
    kpi = CATALOG[name]
    if ("min" in raw) == ("max" in raw):
        raise ParameterError(f"{where}: bonus {i}: a KPI bonus needs one of min or max")
    key = "min" if "min" in raw else "max"
    value = parse_number(raw[key], f"bonus {i} {key}", percent=True, where=where)
    if key != ("min" if kpi.higher_is_better else "max"):
        better = "higher" if kpi.higher_is_better else "lower"
        raise ParameterError(
            f"{where}: bonus {i}: {name} is better {better}: "
            f"give a {'min' if kpi.higher_is_better else 'max'}, not a {key}"
        )
    if kpi.unit == "ratio" and not 0.0 <= value <= 1.0:
        raise ParameterError(f"{where}: bonus {i}: {name} is a share: {key} {value:g} must be from 0 to 1")
    return Bonus(amount, kpi=name, **{"minimum" if key == "min" else "maximum": value})


def parse_plan(raw: Any, where: str, index: int, goal_ids: Collection[str] | None = None) -> Plan:
    """One plan from its YAML mapping; ``where`` is the file, used in every error."""
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: plan {index} must be a mapping of {', '.join(sorted(PLAN_KEYS))}")
    pid = str(raw.get("id") or f"plan-{index}")
    at = f"{where}: plan {pid!r}"
    unknown = set(map(str, raw)) - PLAN_KEYS
    if unknown:
        raise ParameterError(
            f"{at} has unknown key {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(PLAN_KEYS))}"
        )
    if "id" not in raw or not SLUG.match(pid):
        raise ParameterError(f"{at}: id must be lower-case letters, digits, '-' or '_'")
    for key in ("applies_to", "method", "tiers"):
        if key not in raw:
            raise ParameterError(f"{at} has no {key}")
    team_types, levels = _applies_to(raw["applies_to"], at)
    method = raw["method"]
    if method not in METHODS:
        raise ParameterError(f"{at}: method {method!r} is not one of {', '.join(METHODS)}")
    basis = raw.get("basis", "rep")
    if basis not in BASES:
        raise ParameterError(f"{at}: basis {basis!r} is not one of {', '.join(BASES)}")
    tiers, threshold = _parse_tiers(raw["tiers"], raw.get("threshold"), at)
    cap = None
    if raw.get("cap") is not None:
        cap = parse_number(raw["cap"], "cap", where=at)
        if cap <= 0:
            raise ParameterError(f"{at}: cap must be an amount above 0")
    raw_bonuses = raw.get("bonuses") or []
    if not isinstance(raw_bonuses, list):
        raise ParameterError(f"{at}: bonuses must be a list")
    bonuses = tuple(_parse_bonus(b, at, i, goal_ids) for i, b in enumerate(raw_bonuses, start=1))
    keys = [b.key for b in bonuses]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ParameterError(f"{at}: bonus {', '.join(twice)} listed more than once")
    return Plan(
        id=pid,
        team_types=team_types,
        levels=levels,
        method=method,
        tiers=tiers,
        basis=basis,
        threshold=threshold,
        cap=cap,
        bonuses=bonuses,
        note=str(raw.get("note") or ""),
    )


def _coverage_problems(plans: list[Plan], path: Path) -> list[str]:
    """Exactly one plan per team type × level, and no plan that never applies: what is wrong, if anything."""
    gaps, ambiguous, used = [], [], set()
    for team_type in TEAM_TYPES:
        for level in LEVELS:
            best = _candidates(plans, team_type, level)
            if not best:
                gaps.append(f"{team_type} {level}")
            elif len(best) > 1:
                ambiguous.append(f"{team_type} {level} ({' and '.join(p.id for p in best)})")
            else:
                used.add(best[0].id)
    problems = []
    if ambiguous:
        problems.append(
            f"{path}: more than one plan equally specific for {'; '.join(ambiguous)}: "
            "narrow one with team_type or level"
        )
    if gaps:
        problems.append(
            f"{path}: no plan for {', '.join(gaps)}: add a plan for them or an applies_to: default plan"
        )
    dead = [p.id for p in plans if p.id not in used]
    if dead and not ambiguous:  # a plan tied with another for every rep it names is ambiguous, not dead
        problems.append(
            f"{path}: plan {', '.join(dead)} never applies: more specific plans cover every rep it names"
        )
    return problems


def load_plans(path: Path, goal_ids: Collection[str] | None = None) -> PlanSet:
    """Read and check one commission plans file; every problem is a :class:`ParameterError` naming it and
    the plan (every plan's, all at once). Which file is :func:`salesnb.params.load_settings`'s choice.

    ``goal_ids``: the goal ids bonuses may name (those of ``params/goals.yaml``); ``None`` skips the check.
    """
    data = read_yaml_keys(path, FILE_KEYS, what="plans: [plan, ...]")
    raw = data.get("plans")
    if not isinstance(raw, list) or not raw:
        raise ParameterError(f"{path}: plans must be a non-empty list")
    found = ParameterProblems()
    plans: list[Plan] = []
    for i, p in enumerate(raw, start=1):
        with found.check():
            plans.append(parse_plan(p, str(path), i, goal_ids))
    ids = [p.id for p in plans]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        found.add(f"{path}: plan id {', '.join(twice)} is used twice")
    if not found:  # coverage needs every plan: a plan left out by its own error would be a false gap
        for problem in _coverage_problems(plans, path):
            found.add(problem)
    found.raise_any(str(path))
    return PlanSet(str(path), tuple(plans))
