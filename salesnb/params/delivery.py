"""Who may receive the reports: ``params/delivery.yaml``.

Not notebook parameters and no secrets (SMTP credentials come from the environment): the e-mail domains
reports may go to, the leadership (who receives the organisation overview) and the overrides that add or
remove reports from one audience. Which reports each person receives otherwise follows the reporting line
in the roster (:mod:`salesnb.delivery.audiences`).

A report is named by a *selector*: ``<kind>`` (every report of the kind, e.g. ``region_overview``) or
``<kind>:<key>`` (one report, its manifest key: ``team_review:sh-online``, ``region_overview:east``,
``rep_review:sh-online/sh-online-r03``). The kind names are checked against the report kinds when an
audience map is built (the params layer does not know them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.ids import SLUG, check_slug
from salesnb.yamlfile import read_yaml_keys

#: The file of the delivery settings.
FILE = "delivery.yaml"
#: An e-mail address as the import reads one (``salesnb.ingest``'s ``unreadable_email`` rule).
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: A domain name: labels of letters, digits and ``-`` joined by dots.
DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}")
SELECTOR = re.compile(r"[a-z][a-z0-9_]*(?::[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*)?")
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Leader:
    """Someone of the leadership or a region head listed in params: a person of the roster (``rep``, their
    e-mail and language from the roster and their team) or someone outside it (``id``, ``name``, ``email``
    and ``language`` given)."""

    id: str
    rep: str | None = None
    name: str = ""
    email: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Override:
    """Reports added to or removed from one audience (an audience id: a rep id or a leader's id)."""

    audience: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeliverySettings:
    """``params/delivery.yaml``; absent: no domain allowed, so every audience is refused with that reason."""

    allowed_domains: tuple[str, ...] = ()
    leadership: tuple[Leader, ...] = ()
    #: region id → its heads, for a roster whose reporting line stops at the team managers
    region_heads: Mapping[str, tuple[Leader, ...]] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    source: str = FILE

    def allows(self, email: str) -> bool:
        """Whether ``email``'s domain is one of the allowed domains (or a sub-domain of one).

        Examples
        --------
        >>> s = DeliverySettings(("example.com",))
        >>> s.allows("a@example.com"), s.allows("a@mail.example.com"), s.allows("a@badexample.com")
        (True, True, False)
        """
        domain = email.rpartition("@")[2].lower()
        return any(domain == d or domain.endswith(f".{d}") for d in self.allowed_domains)


def check_email(value: object, where: str) -> str:
    """``value`` as a lower-case e-mail address, or a :class:`ParameterError` naming ``where``."""
    if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
        raise ParameterError(f"{where}: {value!r} is not an e-mail address")
    return value.strip().lower()


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ParameterError(f"{where}: must be a list of strings")
    return [v.strip() for v in value]


def _domains(value: object, where: str) -> tuple[str, ...]:
    out = []
    for d in _strings(value, where):
        if not DOMAIN.fullmatch(d.lower()):
            raise ParameterError(f"{where}: {d!r} is not a domain name (like example.com)")
        out.append(d.lower())
    return tuple(dict.fromkeys(out))


def _leader(item: object, where: str) -> Leader:
    if not isinstance(item, dict):
        raise ParameterError(f"{where}: must be a mapping (rep: ID, or id, name, email and language)")
    unknown = set(item) - {"rep", "id", "name", "email", "language"}
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if "rep" in item:
        if set(item) - {"rep"}:
            raise ParameterError(f"{where}: a roster person (rep:) takes e-mail and name from the roster")
        rep = check_slug(str(item["rep"]), "rep")
        return Leader(id=rep, rep=rep)
    missing = [k for k in ("id", "name", "email") if not item.get(k)]
    if missing:
        raise ParameterError(f"{where}: needs rep: ID, or id, name and email ({', '.join(missing)} missing)")
    language = item.get("language")
    if language is not None and language not in LANGUAGES:
        raise ParameterError(f"{where}: language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return Leader(
        id=check_slug(str(item["id"]), "leader"),
        name=str(item["name"]),
        email=check_email(item["email"], f"{where}: email"),
        language=language,
    )


def _selectors(value: object, where: str) -> tuple[str, ...]:
    out = _strings(value, where)
    for s in out:
        if not SELECTOR.fullmatch(s):
            raise ParameterError(
                f"{where}: {s!r} is not a report (KIND or KIND:KEY, e.g. team_review:sh-online)"
            )
    return tuple(out)


def _override(item: object, where: str) -> Override:
    if not isinstance(item, dict) or not isinstance(item.get("audience"), str):
        raise ParameterError(f"{where}: must be a mapping with audience: ID and add: or remove: reports")
    unknown = set(item) - {"audience", "add", "remove"}
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if not SLUG.match(item["audience"]):
        raise ParameterError(f"{where}: {item['audience']!r} is not an audience id (a rep or leader id)")
    add = _selectors(item.get("add", []), f"{where}: add")
    remove = _selectors(item.get("remove", []), f"{where}: remove")
    if not add and not remove:
        raise ParameterError(f"{where}: adds and removes nothing")
    return Override(item["audience"], add, remove)


def _items(data: dict[str, Any], key: str, path: Path) -> list[tuple[object, str]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ParameterError(f"{path}: {key} must be a list")
    return [(item, f"{path}: {key} item {n}") for n, item in enumerate(value, 1)]


def load_delivery(path: Path) -> DeliverySettings:
    """``params/delivery.yaml`` validated: every item checked, every problem named on one line.

    Raises
    ------
    ParameterError
        An unknown key, a domain or e-mail that is not one, a leader or override that is incomplete, a
        report selector that is not ``KIND`` or ``KIND:KEY``, or one id listed twice.
    """
    keys = {"allowed_domains", "leadership", "region_heads", "overrides"}
    data = read_yaml_keys(path, keys, "setting: value")
    found = ParameterProblems()
    domains: tuple[str, ...] = ()
    with found.check():
        domains = _domains(data.get("allowed_domains") or [], f"{path}: allowed_domains")
    leaders: list[Leader] = []
    overrides: list[Override] = []
    with found.check():
        for item, where in _items(data, "leadership", path):
            with found.check():
                leader = _leader(item, where)
                if any(known.id == leader.id for known in leaders):
                    raise ParameterError(f"{where}: {leader.id} is listed twice")
                leaders.append(leader)
    heads: dict[str, tuple[Leader, ...]] = {}
    with found.check():
        heads = _region_heads(data.get("region_heads") or {}, path, found)
    with found.check():
        for item, where in _items(data, "overrides", path):
            with found.check():
                overrides.append(_override(item, where))
    found.raise_any(str(path))
    return DeliverySettings(domains, tuple(leaders), MappingProxyType(heads), tuple(overrides), str(path))


def _region_heads(value: object, path: Path, found: ParameterProblems) -> dict[str, tuple[Leader, ...]]:
    """``region_heads: {REGION: [rep: ID | id, name, email, language], …}`` validated item by item."""
    if not isinstance(value, dict):
        raise ParameterError(f"{path}: region_heads must be a mapping of region id to a list of people")
    heads: dict[str, tuple[Leader, ...]] = {}
    for region, people in value.items():
        where = f"{path}: region_heads: {region}"
        with found.check():
            check_slug(str(region), "region")
            if not isinstance(people, list) or not people:
                raise ParameterError(f"{where}: must be a list of people (rep: ID, or id, name and email)")
            listed = []
            for n, item in enumerate(people, 1):
                with found.check():
                    listed.append(_leader(item, f"{where} item {n}"))
            heads[str(region)] = tuple(listed)
    return heads


__all__ = ["FILE", "DeliverySettings", "Leader", "Override", "check_email", "load_delivery"]
