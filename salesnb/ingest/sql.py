"""Quoting for the SQL the import pipeline generates: every literal from a file or a mapping."""

from __future__ import annotations


def lit(value: object) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"
