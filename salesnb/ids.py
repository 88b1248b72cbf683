"""Ids that become parts of paths and keys: teams, reps, regions, plans. The lowest layer."""

from __future__ import annotations

import re

from salesnb.errors import ParameterError

#: A safe id: lower-case letters, digits, ``-`` and ``_``, at most 63 characters, never starting with a sign.
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def check_slug(value: str, what: str = "team") -> str:
    """A safe path component: lower-case letters, digits, ``-`` and ``_``."""
    if not isinstance(value, str) or not SLUG.match(value):
        raise ParameterError(
            f"invalid {what} id {value!r}: use lower-case letters, digits, '-' or '_' (at most 63 characters)"
        )
    return value
