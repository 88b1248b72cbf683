"""The field table: each field of an export's rows as its text (``t_<field>``) and parsed value
(``v_<field>``), in SQL over the staged rows.

Python touches only distinct values (stage names, owners, account names), which exports repeat: a
lookup table maps each of them once (:func:`create_lookup`) and the field table joins it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from salesnb.ingest.dates import date_sql
from salesnb.ingest.identity import short_hash
from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.modules import MODULES, Field
from salesnb.ingest.numbers import Convention, amount_struct_sql, column_convention
from salesnb.ingest.sql import lit
from salesnb.ingest.staging import Staged


class FieldChain:
    """The field table built as one ``WITH s0 AS (…), s1 AS (SELECT … FROM s0) … SELECT`` statement.

    ``s0`` selects ``select`` from the staged rows (alias ``r``) and ``joins``. Helpers that refine the
    table call ``execute("CREATE OR REPLACE TEMP TABLE _f AS SELECT … FROM _f")`` as they would on a
    connection; the chain turns each call into the next common table expression, so DuckDB makes one pass
    over the rows instead of copying the table once per step.
    """

    _PREFIX = re.compile(r"^\s*CREATE OR REPLACE TEMP TABLE _f AS\s*", re.S)

    def __init__(self, select: str, joins: str, same: list[str] | None = None) -> None:
        self.select, self.joins = select, joins
        self.steps: list[str] = []
        self.same = same or []  # fields whose parsed value is their text: v_x is not stored twice

    def execute(self, sql: str) -> None:
        body = self._PREFIX.sub("", sql)
        self.steps.append(re.sub(r"\b_f\b", f"s{len(self.steps)}", body))

    def materialise(
        self, con: duckdb.DuckDBPyConnection, table: str, rows: str = "_rows", leave_out: Sequence[str] = ()
    ) -> None:
        """Create temp table ``table`` from the staged rows in relation ``rows``, without ``leave_out``."""
        base = f"SELECT {self.select} FROM {rows} r {self.joins}"
        ctes = ", ".join(f"s{i} AS ({step})" for i, step in enumerate([base, *self.steps]))
        drop = [*(f"v_{n}" for n in self.same), *leave_out]
        exclude = f" EXCLUDE ({', '.join(drop)})" if drop else ""
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS WITH {ctes} SELECT *{exclude} FROM s{len(self.steps)}"
        )

    def aliases(self) -> str:
        """The select list that gives back the v_ columns :meth:`materialise` left out."""
        return "".join(f", t_{n} AS v_{n}" for n in self.same)


@dataclass
class SourceFields:
    """The fields of the mapping's module that an export supplies, from its columns or the mapping's
    defaults."""

    spec: dict[str, Field]  # every field of the module, by name
    text: dict[str, str]  # supplied field -> SQL of its text
    label: dict[str, str]  # supplied field -> what messages call it (the column, or its default)
    conventions: dict[str, Convention]  # amount field -> how its column writes numbers

    def notes(self) -> list[str]:
        """What the import output says about the amount columns' number conventions."""
        return [c for n, conv in self.conventions.items() if (c := conv.note(self.label[n]))]


def read_fields(con: duckdb.DuckDBPyConnection, st: Staged, mapping: Mapping) -> SourceFields:
    """The fields ``mapping`` finds in the staged export ``st`` (a field several columns supply takes the
    first cell that is not empty), and how each amount column writes its numbers."""
    spec = {f.name: f for f in MODULES[mapping.module]}
    sources = mapping.resolve_all(st.headers)
    col = dict(zip(st.headers, st.columns, strict=True))
    text: dict[str, str] = {}
    label: dict[str, str] = {}
    for name in spec:
        if name in sources:
            cols = [excel_text(col[h]) for h in sources[name]]
            text[name] = f"coalesce({', '.join(cols)})" if len(cols) > 1 else cols[0]
            label[name] = sources[name][0]
        elif name in mapping.defaults:
            text[name] = lit(mapping.defaults[name])
            label[name] = f"(default {name})"
    conventions = {
        n: column_convention(con, x, mapping.decimal) for n, x in text.items() if spec[n].kind == "amount"
    }
    return SourceFields(spec, text, label, conventions)


def create_lookup(
    con: duckdb.DuckDBPyConnection,
    name: str,
    source_sql: str | list[str],
    fn: Callable[[str], str | None],
) -> None:
    """A table ``name(raw, val)`` mapping each distinct value of the expression(s) over _rows through ``fn``."""
    exprs = [source_sql] if isinstance(source_sql, str) else source_sql
    union = " UNION ".join(f"SELECT {e} AS x FROM _rows" for e in exprs)
    values = [r[0] for r in con.execute(f"SELECT DISTINCT x FROM ({union})").fetchall() if r[0] is not None]
    frame = pd.DataFrame(
        {"raw": pd.Series(values, dtype=object), "val": pd.Series([fn(v) for v in values], dtype=object)}
    )
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.register("_lk", frame)
    con.execute(
        f"CREATE TEMP TABLE {name} AS SELECT CAST(raw AS VARCHAR) AS raw, CAST(val AS VARCHAR) AS val FROM _lk"
    )
    con.unregister("_lk")


def excel_text(x: str) -> str:
    """SQL for cell ``x`` without Excel's text-formula quoting: ``="00123"`` (how spreadsheets keep leading
    zeros and long ids as text) is the text ``00123``; ``""`` inside is a quote."""
    return (
        f"""CASE WHEN starts_with({x}, '="') AND regexp_full_match({x}, '="(?:[^"]|"")*"') """
        f"""THEN NULLIF(trim(replace({x}[3:-2], '""', '"')), '') ELSE {x} END"""
    )


def _plain_number(x: str) -> str:
    return f"TRY_CAST({x} AS DOUBLE)"


def field_sql(fld: Field, x: str, mapping: Mapping, conv: Convention | None = None) -> str:
    """The parsed value of ``fld`` from text expression ``x`` (an amount: its parts, see numbers.py)."""
    if fld.kind == "amount":
        return amount_struct_sql(x, conv or Convention(None))
    if fld.kind in ("date", "datetime"):
        expr = date_sql(x, mapping)
        return f"CAST({expr} AS DATE)::TIMESTAMP" if fld.kind == "date" else f"CAST({expr} AS TIMESTAMP)"
    if fld.kind == "duration":
        clock = f"regexp_extract({x}, '^(?:([0-9]+):)?([0-9]{{1,3}}):([0-9]{{2}})$', ['h', 'm', 's'])"
        zh = f"regexp_extract({x}, '^(?:([0-9]+)\\s*(?:小时|时))?\\s*(?:([0-9]+)\\s*分(?:钟)?)?\\s*(?:([0-9]+)\\s*秒)?$', ['h', 'm', 's'])"
        return (
            f"coalesce(TRY_CAST({x} AS DOUBLE), "
            f"CASE WHEN {clock}.s <> '' THEN coalesce(TRY_CAST(NULLIF({clock}.h, '') AS DOUBLE), 0) * 3600 "
            f"+ TRY_CAST({clock}.m AS DOUBLE) * 60 + TRY_CAST({clock}.s AS DOUBLE) END, "
            f"CASE WHEN {x} <> '' AND regexp_full_match({x}, '[0-9].*') AND ({zh}.h <> '' OR {zh}.m <> '' OR {zh}.s <> '') "
            f"THEN coalesce(TRY_CAST(NULLIF({zh}.h, '') AS DOUBLE), 0) * 3600 + coalesce(TRY_CAST(NULLIF({zh}.m, '') "
            f"AS DOUBLE), 0) * 60 + coalesce(TRY_CAST(NULLIF({zh}.s, '') AS DOUBLE), 0) END)"
        )
    if fld.kind == "percent":
        # a plain number needs no rtrim (a number never ends with %, so the value is the same)
        num = f"coalesce({_plain_number(x)}, TRY_CAST(rtrim({x}, '%') AS DOUBLE))"
        return f"{num} / 100"
    return x


def customer_key(source: str, name: str) -> str:
    """Accounts are identified by source and normalised name, so deals and accounts link by name.

    Examples
    --------
    >>> customer_key("zoho", "ACME  Ltd") == customer_key("zoho", "acme ltd")
    True
    """
    return f"{source}-acct-{short_hash(normalise(name))}"


def header_row_sql(st: Staged) -> str:
    """SQL that is true on a copy of the header row inside the data (exports pasted together).

    The full comparison (white space folded, every column) runs only on rows whose first named column
    contains that header's longest word, so a million ordinary rows cost one substring test each.
    """
    pairs = list(zip(st.columns, st.raw_headers or st.headers, strict=True))
    full = " AND ".join(f"coalesce(regexp_replace(r.{c}, '\\s+', ' ', 'g'), '') = {lit(h)}" for c, h in pairs)
    named = [(c, h) for c, h in pairs if h.strip()]
    if not named:
        return f"({full})"
    c, h = named[0]
    word = max(h.split(), key=len)
    return f"CASE WHEN contains(r.{c}, {lit(word)}) THEN ({full}) ELSE false END"
