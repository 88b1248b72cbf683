"""Who a row is about: people matched by their strongest identifier, team and region ids that stay unique.

A CRM user id or an e-mail address identifies a person; a name does not (two 李伟 in one company are
ordinary). :class:`People` holds the roster already in the warehouse and answers two questions:

- :meth:`People.resolve` (a roster row): the stored person this row is, a new person, or *ambiguous*
  (the row would have to be matched by name alone and that match is not safe: several people carry the
  name, or the one who does is on another team and nothing but the name links them).
- :meth:`People.owner` (a deal, call, lead, ... naming its owner): the rep, none, or ambiguous when the
  name belongs to several people.

Team and region ids (:class:`Slugs`) are path-safe slugs of the name that are never shared by two
different names and never take an id the reports use for themselves (:data:`RESERVED_IDS`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import duckdb

from salesnb.ingest.mapping import normalise

#: Ids a team (or region) may not have: the report tree uses them for itself (``reports/<period>/org``,
#: ``logs``, ``audiences``; ``index.html`` and ``manifest.json`` beside them).
RESERVED_IDS = frozenset({"org", "logs", "audiences", "index", "manifest", "assets", "reps"})
#: Longest slug kept from a name; a longer name gets a short hash of the whole name instead of its tail.
SLUG_LENGTH = 40
#: Separates the parts of a lookup key (the ASCII unit separator never occurs in a CRM cell we keep).
SEP = chr(31)
#: Marks a lookup result that is a reason to quarantine, not an id.
AMBIGUOUS = chr(0)


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def slug(text: str, prefix: str = "team") -> str:
    """A path-safe id from a name; names with no ASCII letters get a short hash.

    A name longer than :data:`SLUG_LENGTH` keeps its first characters and a hash of the whole name, so
    two long names that differ only at the end keep two ids.

    Examples
    --------
    >>> slug("Beijing Telesales"), slug("上海电销团队")[:5]
    ('beijing-telesales', 'team-')
    >>> a = slug("Northern Region Enterprise Key Accounts Team Alpha")
    >>> b = slug("Northern Region Enterprise Key Accounts Team Beta")
    >>> a != b and len(a) <= SLUG_LENGTH + 7
    True
    """
    text = str(text)
    ascii_part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(ascii_part) > SLUG_LENGTH:
        return f"{ascii_part[:SLUG_LENGTH].rstrip('-')}-{short_hash(text)[:6]}"
    if len(ascii_part) >= 3:
        return ascii_part
    return f"{prefix}-{short_hash(text)[:8]}"


def crm_user_id(source: str, raw: str | None) -> str | None:
    """The stored form of a CRM user id: ``<source>:<id>``, without Zoho's ``zcrm_`` export prefix.

    >>> crm_user_id("zoho", "zcrm_4150868000000224005"), crm_user_id("zoho", " ")
    ('zoho:4150868000000224005', None)
    """
    if raw is None or not str(raw).strip():
        return None
    value = str(raw).strip()
    if value.startswith('="') and value.endswith('"'):  # Excel's text-formula quoting
        value = value[2:-1]
    if value[:5].lower() == "zcrm_":
        value = value[5:]
    return f"{source}:{value}" if value else None


def email_key(raw: str | None) -> str | None:
    """E-mail addresses compare case-insensitively and without surrounding blanks."""
    if raw is None or not str(raw).strip():
        return None
    return str(raw).strip().lower()


@dataclass(frozen=True)
class Person:
    rep_id: str
    name: str
    team_id: str
    email: str | None
    crm_user_id: str | None

    def describe(self) -> str:
        strong = self.email or self.crm_user_id
        return f"{self.rep_id} ({self.team_id}{', ' + strong if strong else ''})"


@dataclass
class People:
    """The roster stored in the warehouse, indexed by every identifier (see the module docstring)."""

    people: list[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {p.rep_id: p for p in self.people}
        self.by_uid = {p.crm_user_id: p for p in self.people if p.crm_user_id}
        self.by_email = {p.email: p for p in self.people if p.email}
        self.by_name: dict[str, list[Person]] = {}
        for p in self.people:
            self.by_name.setdefault(normalise(p.name), []).append(p)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> People:
        rows = con.execute(
            "SELECT rep_id, name, team_id, email, crm_user_id FROM reps ORDER BY rep_id"
        ).fetchall()
        return cls([Person(*row) for row in rows])

    def owner(self, value: str) -> str | None:
        """The rep a record's owner cell names (rep id, CRM user id, e-mail or name), ``None`` when nobody,
        or :data:`AMBIGUOUS` + the reason when the name belongs to several people."""
        text = str(value).strip()
        if text in self.by_id:
            return text
        for key in (email_key(text), text):
            if key in self.by_email:
                return self.by_email[key].rep_id
        named = self.by_name.get(normalise(text), [])
        if len(named) == 1:
            return named[0].rep_id
        if named:
            return AMBIGUOUS + (
                f"'{text}' is the name of {len(named)} people: "
                + ", ".join(p.describe() for p in named)
                + "; export the owner's id or e-mail with the records to tell them apart"
            )
        return None

    def owner_by_id(self, source: str, raw: str) -> str | None:
        """The rep a record's owner-id cell names (a CRM user id), ``None`` when nobody has that id."""
        uid = crm_user_id(source, raw)
        person = self.by_uid.get(uid) if uid else None
        return person.rep_id if person else None

    def resolve(self, name: str, email: str | None, uid: str | None, team_id: str) -> str | None:
        """The stored rep a roster row is, ``None`` for a new person, or :data:`AMBIGUOUS` + the reason.

        The strongest identifier the row carries decides: its CRM user id, then its e-mail. A name matches
        only when nothing contradicts it: a stored namesake with another e-mail or user id is someone else
        (the row is a new person), and a name-only match is kept only when the stored person is on the
        team the row names (else ambiguous: a move must be confirmed by an id or an e-mail).
        """
        if uid and uid in self.by_uid:
            return self.by_uid[uid].rep_id
        if email and email in self.by_email:
            return self.by_email[email].rep_id
        named = self.by_name.get(normalise(name), [])
        same = [
            p
            for p in named
            if not (uid and p.crm_user_id and p.crm_user_id != uid)
            and not (email and p.email and p.email != email)
        ]
        if not same:
            return None  # nobody by that name, or only namesakes with other identifiers: a new person
        if len(same) > 1:
            return AMBIGUOUS + (
                f"'{name}' matches {len(same)} people by name: "
                + ", ".join(p.describe() for p in same)
                + "; add the user id or e-mail column to tell them apart"
            )
        (person,) = same
        if person.team_id == team_id:
            return person.rep_id
        if email or uid:  # the stored person has no identifier to compare with
            return AMBIGUOUS + (
                f"'{name}' ({email or uid}) has the name of {person.describe()}, who has no e-mail or "
                f"user id on record, and this row puts them in {team_id}: import {person.team_id}'s roster "
                "with e-mails first (a namesake is then told apart, a move recognised), or correct the name"
            )
        return AMBIGUOUS + (
            f"'{name}' matches {person.describe()} by name only, but this row puts them in {team_id}: "
            "add the user id or e-mail column to confirm it is the same person (a move), "
            "or correct the name"
        )


class Slugs:
    """Team (or region) ids for names: one id per name, never shared by two names, never reserved.

    ``taken`` maps the ids already stored to their names. A stored name keeps its id; a new name gets its
    slug, or the slug plus a hash of the name (the same every import, whatever the order of the names) when
    that slug is reserved, stored under another name, or wanted by another new name.
    """

    def __init__(self, taken: dict[str, str], prefix: str = "team") -> None:
        self.stored_names = {i: normalise(n) for i, n in taken.items()}
        self.stored_ids = {normalise(n): i for i, n in taken.items()}
        self.prefix = prefix

    def assign(self, names: list[str]) -> dict[str, str]:
        """The id of every name in ``names``."""
        new = {}
        for name in names:
            key = normalise(name)
            if key not in self.stored_ids:
                new.setdefault(key, name)
        wanted: dict[str, set[str]] = {}
        for key, name in new.items():
            wanted.setdefault(slug(name, self.prefix), set()).add(key)
        ids = dict(self.stored_ids)
        for key, name in new.items():
            base = slug(name, self.prefix)
            clash = base in RESERVED_IDS or len(wanted[base]) > 1 or self.stored_names.get(base, key) != key
            ids[key] = f"{base}-{short_hash(name)[:6]}" if clash else base
        return {name: ids[normalise(name)] for name in names}
