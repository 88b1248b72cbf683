"""The audience map: who receives which report of a period, derived from the reporting line.

A rep receives their own review (with their commission statement); a team's manager their team review
and the reviews of their team's reps; a region head (the person a region's team managers report to) the
region overview and the reviews of the region's teams; the leadership (``params/delivery.yaml``) the
organisation overview. The overrides of that file then add or remove reports of one audience.

Nobody is identified by an e-mail address: an audience is a roster person (their rep id) or a leader
listed in params (their id). Two namesakes are two people; one address shared by two people refuses both
(no one could tell who reads it). Only people active in the roster at the period's end and still now
receive anything, only at an allowed domain; every other audience is *refused* with its reason.

The map is computed from plain values (:class:`Person`, :class:`Report`), so it is the same whether
``salesnb audiences`` prints it, the per-audience pages are written from it or mail is sent from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from salesnb.errors import ParameterError
from salesnb.params.delivery import DeliverySettings, Leader
from salesnb.reports.kinds import (
    KINDS,
    ORG_OVERVIEW,
    REGION_OVERVIEW,
    REP_REVIEW,
    TEAM_REVIEW,
    Scope,
    kind_named,
)

#: An address mail and web servers read verbatim (a web server's map holds it): no quote, space, ``$``, ``;``.
PLAIN_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+")
#: What happens to one report of an audience.
SEND = "send"
FAILED = "not sent: failed"
NOT_RENDERED = "not sent: not rendered"


@dataclass(frozen=True)
class Person:
    """One person of the roster (a row of ``reps``)."""

    rep_id: str
    name: str
    email: str | None
    team_id: str
    level: str
    manager_id: str | None = None
    status: str = "active"
    hire_date: date | None = None
    left_date: date | None = None

    def absent_reason(self, last_day: date) -> str | None:
        """Why the person is not active at the period's last day and now, or ``None`` when they are."""
        if self.status == "left" or self.left_date is not None:
            return f"left the organisation ({self.left_date or 'date unknown'})"
        if self.hire_date is not None and self.hire_date > last_day:
            return f"joined on {self.hire_date}, after the period"
        return None


@dataclass(frozen=True)
class Report:
    """One report of the period: its kind, manifest key and scope name; whether it rendered successfully
    (``status``: ``ok``, ``failed`` or ``None`` when it was not rendered) and its files (relative to the
    period folder)."""

    kind: str
    key: str
    name: str = ""
    status: str | None = None
    html: str | None = None
    pdf: str | None = None

    @property
    def selector(self) -> str:
        """``kind:key`` (``org_overview`` alone): how ``delivery.yaml`` names it."""
        return self.kind if not kind_named(self.kind).coordinates else f"{self.kind}:{self.key}"

    @property
    def scope(self) -> Scope:
        scope = kind_named(self.kind).scope_of(self.key, self.name)
        if scope is None:
            raise ValueError(f"{self.key!r} is no key of a {self.kind}")
        return scope

    @property
    def outcome(self) -> str:
        """:data:`SEND`, :data:`FAILED` or :data:`NOT_RENDERED`."""
        if self.status == "ok" and self.html:
            return SEND
        return FAILED if self.status == "failed" else NOT_RENDERED


@dataclass
class Audience:
    """Who receives something: an id, a name, an address, a language, their roles and their reports;
    ``refused`` says why they receive nothing."""

    id: str
    name: str
    email: str | None
    language: str
    roles: list[str] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    refused: str | None = None

    def grant(self, reports: Iterable[Report], role: str | None = None) -> None:
        for report in reports:
            if report not in self.reports:
                self.reports.append(report)
        if role and role not in self.roles:
            self.roles.append(role)

    @property
    def sendable(self) -> list[Report]:
        """The reports this audience may read now: none when refused, else those rendered successfully."""
        return [] if self.refused else [r for r in self.reports if r.outcome == SEND]


def _active(people: Iterable[Person], last_day: date) -> list[Person]:
    return [p for p in people if p.absent_reason(last_day) is None]


def team_managers(people: list[Person], team_id: str, last_day: date) -> list[Person]:
    """The managers of a team: its active members of level manager; without one, whom its active reps
    report to (``manager_id``)."""
    active = _active(people, last_day)
    managers = [p for p in active if p.team_id == team_id and p.level == "manager"]
    if managers:
        return managers
    bosses = {p.manager_id for p in active if p.team_id == team_id and p.manager_id}
    return [p for p in active if p.rep_id in bosses]


def region_heads(people: list[Person], team_ids: Iterable[str], last_day: date) -> list[Person]:
    """The heads of a region (its teams ``team_ids``): whom the teams' managers report to."""
    managers = [m for team in team_ids for m in team_managers(people, team, last_day)]
    heads = {m.manager_id for m in managers if m.manager_id and m.manager_id != m.rep_id}
    return [p for p in _active(people, last_day) if p.rep_id in heads]


def _matches(report: Report, selector: str) -> bool:
    return report.kind == selector or report.selector == selector


def check_selectors(delivery: DeliverySettings) -> None:
    """Every override names a known report kind, or a :class:`ParameterError` naming the file."""
    problems = [
        f"{delivery.source}: overrides: {sel!r} names no report kind (one of {', '.join(KINDS)})"
        for o in delivery.overrides
        for sel in (*o.add, *o.remove)
        if sel.partition(":")[0] not in KINDS
    ]
    if problems:
        raise ParameterError("; ".join(problems))


def build_map(
    people: list[Person],
    regions: dict[str, str],
    reports: list[Report],
    delivery: DeliverySettings,
    last_day: date,
    language_of: Callable[[str | None], str],
) -> list[Audience]:
    """Who receives which of ``reports``, in the order: leadership, then the roster by rep id.

    Parameters
    ----------
    people
        The roster (every row of ``reps``, those who left too).
    regions
        Each team's region (``team_id`` → ``region_id``).
    reports
        Every report of the period: those the manifest lists and those a run would render (not rendered).
    delivery
        ``params/delivery.yaml``: allowed domains, leadership and overrides.
    last_day
        The period's last day: who is active then (and has not left since) receives.
    language_of
        A team's report language (``None``: the organisation's).
    """
    check_selectors(delivery)
    audiences: dict[str, Audience] = {}
    by_id = {p.rep_id: p for p in people}

    def of(person: Person) -> Audience:
        if person.rep_id not in audiences:
            audiences[person.rep_id] = Audience(
                person.rep_id, person.name, (person.email or "").lower() or None, language_of(person.team_id)
            )
        return audiences[person.rep_id]

    def where(kind: str, test: Callable[[Scope], bool]) -> list[Report]:
        return [r for r in reports if r.kind == kind and test(r.scope)]

    def listed(leader: Leader, role: str) -> Audience | None:
        """The audience of someone ``delivery.yaml`` lists (``None``: refused, not in the roster)."""
        if leader.rep is None and leader.id in by_id:  # never merged into the roster person of that id
            key = f"{role}:{leader.id}"  # shown apart from the rep, and never a folder (refused)
            refused = Audience(key, leader.name, leader.email, language_of(None))
            refused.refused = f"{delivery.source}: {role} id {leader.id} is a rep id: write rep: {leader.id}"
            audiences.setdefault(key, refused)
            return None
        if leader.rep is None:
            if leader.id not in audiences:
                language = leader.language or language_of(None)
                audiences[leader.id] = Audience(leader.id, leader.name, leader.email, language)
            return audiences[leader.id]
        if leader.rep in by_id:
            return of(by_id[leader.rep])
        audiences[leader.id] = Audience(leader.id, leader.id, None, language_of(None))
        audiences[leader.id].refused = f"{delivery.source}: {role} {leader.rep} is not in the roster"
        return None

    for leader in delivery.leadership:
        if (audience := listed(leader, "leader")) is not None:
            audience.grant([r for r in reports if not kind_named(r.kind).coordinates], "leadership")
    for person in sorted(people, key=lambda p: p.rep_id):
        own = where(REP_REVIEW.name, lambda s, p=person: s.rep == p.rep_id)
        if own:
            of(person).grant(own, "rep")
    for team in sorted(set(regions)):
        for manager in team_managers(people, team, last_day):
            mine = where(TEAM_REVIEW.name, lambda s, t=team: s.team == t)
            mine += where(REP_REVIEW.name, lambda s, t=team: s.team == t)
            of(manager).grant(mine, f"manager of {team}")
    for region in sorted(set(regions.values())):
        teams = sorted(t for t, r in regions.items() if r == region)
        theirs = where(REGION_OVERVIEW.name, lambda s, g=region: s.region == g)
        theirs += where(TEAM_REVIEW.name, lambda s, ts=teams: s.team in ts)
        heads = [of(head) for head in region_heads(people, teams, last_day)]
        heads += [a for h in delivery.region_heads.get(region, ()) if (a := listed(h, "region head"))]
        for audience in heads:
            audience.grant(theirs, f"head of {region}")
    for region in sorted(set(delivery.region_heads) - set(regions.values())):
        for leader in delivery.region_heads[region]:
            unknown = Audience(leader.id, leader.name or leader.id, leader.email, language_of(None))
            unknown.refused = f"{delivery.source}: region_heads: region {region} is not in the warehouse"
            audiences.setdefault(leader.id, unknown)
    _override(audiences, by_id, reports, delivery, of)
    _refuse(audiences, by_id, delivery, last_day)
    widest_first = [ORG_OVERVIEW.name, REGION_OVERVIEW.name, TEAM_REVIEW.name, REP_REVIEW.name]
    order = {k: i for i, k in enumerate([*widest_first, *(k for k in KINDS if k not in widest_first)])}
    for audience in audiences.values():
        audience.reports.sort(key=lambda r: (order[r.kind], r.key))
    leaders = [a for a in audiences.values() if "leadership" in a.roles]
    return leaders + sorted((a for a in audiences.values() if a not in leaders), key=lambda a: a.id)


def _override(
    audiences: dict[str, Audience],
    by_id: dict[str, Person],
    reports: list[Report],
    delivery: DeliverySettings,
    of: Callable[[Person], Audience],
) -> None:
    for override in delivery.overrides:
        audience = audiences.get(override.audience)
        if audience is None and override.audience in by_id:
            audience = of(by_id[override.audience])
        if audience is None:
            audiences[override.audience] = Audience(override.audience, override.audience, None, "en")
            audiences[override.audience].refused = (
                f"{delivery.source}: override for {override.audience}, who is neither in the roster nor "
                "in the leadership"
            )
            continue
        for selector in override.add:
            found = [r for r in reports if _matches(r, selector)]
            if not found and ":" in selector:  # one named report nobody rendered: listed as not rendered
                kind, _, key = selector.partition(":")
                found = [Report(kind, key, key)] if kind_named(kind).scope_of(key) else []
            audience.grant(found, "override")
        audience.reports = [r for r in audience.reports if not any(_matches(r, s) for s in override.remove)]


def _refuse(
    audiences: dict[str, Audience], by_id: dict[str, Person], delivery: DeliverySettings, last_day: date
) -> None:
    holders: dict[str, list[str]] = {}
    for audience in audiences.values():
        if audience.email:
            holders.setdefault(audience.email.lower(), []).append(audience.id)
    for audience in audiences.values():
        if audience.refused:
            continue
        person = by_id.get(audience.id)
        absent = person.absent_reason(last_day) if person else None
        shared = [i for i in holders.get((audience.email or "").lower(), []) if i != audience.id]
        if absent:
            audience.refused = absent
        elif not audience.email:
            audience.refused = "no e-mail address in the roster"
        elif not PLAIN_EMAIL.fullmatch(audience.email.lower()):
            audience.refused = f"e-mail address {audience.email!r} is not a plain address (a-z 0-9 . _ % + -)"
        elif shared:
            audience.refused = f"e-mail address shared with {', '.join(shared)}: cannot tell who reads it"
        elif not delivery.allows(audience.email):
            domain = audience.email.rpartition("@")[2]
            allowed = ", ".join(delivery.allowed_domains) or "none"
            audience.refused = (
                f"domain {domain} is not allowed ({delivery.source}: allowed_domains: {allowed})"
            )


__all__ = [
    "FAILED",
    "NOT_RENDERED",
    "SEND",
    "Audience",
    "Person",
    "Report",
    "build_map",
    "region_heads",
    "team_managers",
]
