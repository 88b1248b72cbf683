"""The DuckDB statements that create the canonical tables, derived from :mod:`salesnb.warehouse.schema`."""

from __future__ import annotations

from salesnb.warehouse.schema import DUCKDB_TYPES, Table


def added_columns(table: Table) -> list[str]:
    """``ALTER TABLE`` statements that give a table made by an older salesnb the optional columns added since
    (empty in its old rows); columns that must not be empty are never added this way."""
    return [
        f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {c.name} {DUCKDB_TYPES[c.kind]}"
        for c in table.columns
        if c.nullable
    ]


def relaxed_columns(table: Table, not_null: set[str]) -> list[str]:
    """``ALTER TABLE`` statements that let the columns ``not_null`` (those a table made by an older salesnb
    holds as NOT NULL) be empty where the schema now allows it (an unknown deal amount).

    Examples
    --------
    >>> from salesnb.warehouse.schema import TABLES
    >>> relaxed_columns(TABLES["opportunities"], {"amount", "rep_id"})
    ['ALTER TABLE opportunities ALTER COLUMN amount DROP NOT NULL']
    """
    return [
        f"ALTER TABLE {table.name} ALTER COLUMN {c.name} DROP NOT NULL"
        for c in table.columns
        if c.nullable and c.name in not_null
    ]


def ddl(table: Table) -> str:
    """The ``CREATE TABLE`` statement for ``table``."""
    cols = []
    for c in table.columns:
        null = "" if c.nullable else " NOT NULL"
        cols.append(f"{c.name} {DUCKDB_TYPES[c.kind]}{null}")
    # Keys are enforced by salesnb, not by an index: every write validates key uniqueness within the batch
    # (validate_frame / validate_relation) and upserts join on the key, so no existing key is inserted
    # again. A PRIMARY KEY would build an ART index that makes a million-row import several times slower.
    key = ", ".join(table.key)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n  " + ",\n  ".join(cols) + f"\n)  -- key: {key}"
