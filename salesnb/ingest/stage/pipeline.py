"""The import of one staged export, step by step: fields, checks, quarantine, canonical rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from salesnb.ingest.identity import AMBIGUOUS, People
from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.modules import Field
from salesnb.ingest.sql import lit
from salesnb.ingest.stage.checks import QuarantineRules, add_record_ids, collect_rules
from salesnb.ingest.stage.drivers import BUILDERS as DRIVER_BUILDERS
from salesnb.ingest.stage.drivers import NATURAL_KEYS, add_driver_rules, key_records, quarantine_overlaps
from salesnb.ingest.stage.fields import (
    FieldChain,
    SourceFields,
    create_lookup,
    customer_key,
    field_sql,
    header_row_sql,
    read_fields,
)
from salesnb.ingest.stage.records import (
    build_accounts,
    build_calls,
    build_deals,
    build_leads,
    build_orders,
    deal_notes,
)
from salesnb.ingest.stage.roster import (
    build_roster,
    missing_emails,
    new_manager_notes,
    select_identity,
    unplaced_managers,
)
from salesnb.ingest.staging import Staged


@dataclass
class Result:
    """What the SQL transform produced: canonical rows in temp views and tables, and the quarantine."""

    tables: dict[str, str]  # canonical table -> temp view or table holding its rows
    quarantine: pd.DataFrame
    rows_read: int
    notes: list[str] = field(default_factory=list)
    #: rows that repeat an earlier row's record exactly (a roster read from a records file): one record,
    #: counted as unchanged
    repeats: int = 0

    @property
    def quarantined_rows(self) -> int:
        return int(self.quarantine["row"].nunique()) if len(self.quarantine) else 0


def transform(
    con: duckdb.DuckDBPyConnection, st: Staged, mapping: Mapping, people: People, currency: str
) -> Result:
    """Parse, check and build; see :mod:`salesnb.ingest.stage`. Leaves ``_out_<table>`` temp views and
    tables, and the quarantine in temp table ``_q``."""
    fields = read_fields(con, st, mapping)
    notes = [*st.notes, *fields.notes()]
    chain = select_fields(con, st, mapping, people, fields)
    rules = collect_rules(chain, st, mapping, fields, currency)
    add_driver_rules(con, chain, rules, mapping, fields, currency)
    if mapping.module in NATURAL_KEYS:
        notes += key_records(chain, mapping)
    else:
        notes += add_record_ids(chain, mapping, st, fields, rules)
    check_rows(con, chain, rules, fields, st)
    repeats = quarantine_duplicates(con, mapping, fields)
    if repeats:
        notes.append(
            f"{repeats} row(s) repeat the person of a later row exactly: read as that one person "
            "(counted as unchanged)"
        )
    quarantine_overlaps(con, mapping, fields)
    # the rows that pass every check, as a view over _f: no copy is made
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW _k AS SELECT *{chain.aliases()} FROM _f "
        "ANTI JOIN (SELECT DISTINCT file_row FROM _q UNION ALL SELECT file_row FROM _repeats) USING (file_row)"
    )
    if mapping.module == "roster":
        tables = build_roster(con, mapping, fields.text, people, st.path)
        notes += missing_emails(con, fields.text)
        if "manager" in fields.text:
            notes += new_manager_notes(con) + unplaced_managers(con)
    else:
        tables = _BUILDERS[mapping.module](con, mapping, fields.text)
        if mapping.module == "deals":
            notes += deal_notes(con, fields.text)
    quarantine = con.execute(
        'SELECT file_row AS "row", source_column AS "column", value, rule, reason FROM _q '
        "ORDER BY file_row, source_column, rule"
    ).df()
    return Result(tables, quarantine, st.rows_read, notes, repeats)


_BUILDERS: dict[str, Callable[[duckdb.DuckDBPyConnection, Mapping, dict[str, str]], dict[str, str]]] = {
    "deals": build_deals,
    "leads": build_leads,
    "accounts": build_accounts,
    "calls": build_calls,
    "activities": build_calls,
    "orders": build_orders,
    **DRIVER_BUILDERS,
}


def select_fields(
    con: duckdb.DuckDBPyConnection, st: Staged, mapping: Mapping, people: People, fields: SourceFields
) -> FieldChain:
    """The field table's first step: each field's text and value, and what the lookups say of them (a
    choice's canonical value, the owner's rep id, a roster row's person, an account's customer id)."""
    text = fields.text
    joins, select = [], ["r.file_row"]
    select.append(f"{header_row_sql(st)} AS is_header")
    for name, x in text.items():
        select.append(f"{x} AS t_{name}")
        fld = fields.spec[name]
        if fld.kind == "choice":
            joins.append(_choice_lookup(con, mapping, fld, x))
            select.append(f"NULLIF(_lk_{name}.val, chr(0) || 'excluded') AS v_{name}")
            select.append(f"coalesce(_lk_{name}.val = chr(0) || 'excluded', false) AS x_{name}")
        else:
            expr = field_sql(fld, x, mapping, fields.conventions.get(name))
            select.append(f"{expr} AS v_{name}")
    if "owner" in text and mapping.module != "roster":
        _select_owner(con, mapping, people, text, joins, select)
    if mapping.module == "roster":
        join, column = select_identity(con, mapping, people, text)
        joins.append(join)
        select.append(column)
    for name in ("account", "name") if mapping.module in ("deals", "accounts", "orders") else ():
        if name in text and (name == "account" or mapping.module == "accounts"):
            create_lookup(con, f"_lk_acct_{name}", text[name], lambda v: customer_key(mapping.source, v))
            joins.append(f"LEFT JOIN _lk_acct_{name} ON _lk_acct_{name}.raw = {text[name]}")
            select.append(f"_lk_acct_{name}.val AS cust_{name}")
    select += [f"r.{c} AS extra_{c}" for c in st.unnamed]
    same = [n for n in text if fields.spec[n].kind in ("text", "email")]
    return FieldChain(", ".join(select), " ".join(joins), same)


def _choice_lookup(con: duckdb.DuckDBPyConnection, mapping: Mapping, fld: Field, x: str) -> str:
    """Lookup table ``_lk_<field>``: each value of a choice field as its canonical choice (the mapping's
    translation, else the value itself when it is a choice), or a marker when the mapping excludes it.
    Returns the join."""
    name = fld.name
    table = mapping.values.get(name, {})
    excluded = set(mapping.exclude.get(name, []))

    def canon(v: str) -> str | None:
        n = normalise(v)
        if n in excluded:
            return "\x00excluded"
        return table.get(n) or (n if n in fld.choices else None)

    create_lookup(con, f"_lk_{name}", x, canon)
    return f"LEFT JOIN _lk_{name} ON _lk_{name}.raw = {x}"


def _select_owner(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    people: People,
    text: dict[str, str],
    joins: list[str],
    select: list[str],
) -> None:
    """Columns ``rep_id`` and ``owner_doubt`` (the people an ambiguous owner could be)."""
    # the owner as named (id, e-mail or a name only one person has); the owner's CRM user id, when the
    # export has that column, decides first (namesakes)
    create_lookup(con, "_lk_owner", text["owner"], people.owner)
    joins.append(f"LEFT JOIN _lk_owner ON _lk_owner.raw = {text['owner']}")
    by_name = f"CASE WHEN starts_with(_lk_owner.val, {lit(AMBIGUOUS)}) THEN NULL ELSE _lk_owner.val END"
    if "owner_id" in text:
        create_lookup(con, "_lk_owner_id", text["owner_id"], lambda v: people.owner_by_id(mapping.source, v))
        joins.append(f"LEFT JOIN _lk_owner_id ON _lk_owner_id.raw = {text['owner_id']}")
        select.append(f"coalesce(_lk_owner_id.val, {by_name}) AS rep_id")
    else:
        select.append(f"{by_name} AS rep_id")
    select.append(
        f"CASE WHEN starts_with(_lk_owner.val, {lit(AMBIGUOUS)}) THEN substr(_lk_owner.val, 2) END AS owner_doubt"
    )


def check_rows(
    con: duckdb.DuckDBPyConnection,
    chain: FieldChain,
    rules: QuarantineRules,
    fields: SourceFields,
    st: Staged,
) -> None:
    """Temp table ``_f`` (every row's fields and whether it failed a rule) and ``_q`` (the quarantine)."""
    chain.execute(f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, {rules.failed()} AS failed FROM _f")
    # every row's fields, less the columns only the checks read; the checks then run on the full field
    # table of the failing rows only (_qf), which are few
    chain.materialise(con, "_f", leave_out=_checked_only(fields, st))
    chain.materialise(
        con, "_qf", rows="(SELECT * FROM _rows WHERE file_row IN (SELECT file_row FROM _f WHERE failed))"
    )
    con.execute("DROP TABLE IF EXISTS _q")
    con.execute("CREATE TEMP TABLE _q AS " + " UNION ALL ".join(rules.branches))
    con.execute("DROP TABLE _qf")


def _checked_only(fields: SourceFields, st: Staged) -> list[str]:
    """Columns of the field table that only the checks read: the builders take parsed values."""
    kinds = {name: fields.spec[name].kind for name in fields.text}
    out = ["is_header", *(f"extra_{c}" for c in st.unnamed)]
    out += [f"t_{n}" for n, k in kinds.items() if k not in ("text", "email")]
    out += [f"x_{n}" for n, k in kinds.items() if k == "choice"]
    amounts = [f"{c}_{n}" for n, k in kinds.items() if k == "amount" for c in ("amount", "ambiguous")]
    return out + ([*amounts, "named_currency", "fx_rate"] if amounts else [])


_DUP_REASON = {
    "accounts": "accounts are matched by name: the same account name appears again at row ",
    "roster": "the same person appears again at row ",
    "targets": "a target for the same rep or team, metric and period appears again at row ",
    "costs": "costs for the same team and period appear again at row ",
    "training": "the same rep, module and day appear again at row ",
}


_DUP_SHOWN = {
    "targets": ("period", "v_period"),
    "costs": ("period", "v_period"),
    "training": ("module", "t_module"),
}


def quarantine_duplicates(con: duckdb.DuckDBPyConnection, mapping: Mapping, fields: SourceFields) -> int:
    """The same record twice among the rows that passed the checks: the later row wins, the earlier rows
    are quarantined. In a roster, an earlier row equal to the later one in every field is no conflict but
    the same person again (a roster read from a deals file names each owner on every deal): it goes into
    temp table ``_repeats`` instead. Returns how many rows did.

    The key a record is stored under: a person's user id, else e-mail, else name (namesakes with their
    own e-mails are two people), an account's normalised name, else the record id.
    """
    text = fields.text
    person = (
        "coalesce("
        + ", ".join(
            [
                *(["rid"] if "record_id" in text else []),
                *(["lower(t_email)"] if "email" in text else []),
                "lower(t_name)",
            ]
        )
        + ")"
    )
    key = {"roster": person, "accounts": "cust_name"}.get(mapping.module, "rid")
    reason = lit(_DUP_REASON.get(mapping.module, "the same record appears again at row "))
    whole = "false"
    if mapping.module == "roster":
        # the field table keeps the text of text fields and the parsed value of the others
        kept = [f"t_{n}" if fields.spec[n].kind in ("text", "email") else f"v_{n}" for n in text]
        cells = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in kept)
        whole = f"md5(concat_ws(chr(31), {cells}))"
    # a record keyed by what it is about (stage.drivers) shows that cell, not a hash of the key
    shown, cell = _DUP_SHOWN.get(mapping.module, ("record_id", "dkey"))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _dups AS
                    SELECT f.file_row, f.shown, d.last_row, {"f.whole = d.whole" if whole != "false" else "false"} AS same
                    FROM (SELECT file_row, {key} AS dkey, CAST({cell} AS VARCHAR) AS shown, {whole} AS whole
                          FROM _f WHERE NOT failed) f
                    JOIN (SELECT {key} AS dkey, max(file_row) AS last_row,
                                 arg_max({whole}, file_row) AS whole FROM _f WHERE NOT failed
                          GROUP BY dkey HAVING count(*) > 1) d ON f.dkey IS NOT DISTINCT FROM d.dkey
                    WHERE f.file_row < d.last_row""")
    con.execute(f"""INSERT INTO _q SELECT file_row, {lit(fields.label.get(shown, shown))}, shown,
                        'duplicate_record', {reason} || last_row || ' (the later row is kept)'
                    FROM _dups WHERE NOT same""")
    con.execute("CREATE OR REPLACE TEMP TABLE _repeats AS SELECT file_row FROM _dups WHERE same")
    return con.execute("SELECT count(*) FROM _repeats").fetchone()[0]
