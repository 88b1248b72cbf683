"""The import pipeline in SQL: stage an export's cells in DuckDB, parse and check every field, quarantine
what fails, and build canonical rows, all vectorised inside the database.

Python touches only distinct values (stage names, owners, account names), which exports repeat: that is
where the mapping's translations and the roster lookups happen. Every literal that comes from a file or a
mapping is bound or quoted by :func:`lit`; column names are generated (``c0``, ``c1``, …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from salesnb.errors import DataError, Problem
from salesnb.ingest.dates import DATE_FORMS, date_sql
from salesnb.ingest.identity import (
    AMBIGUOUS,
    RESERVED_IDS,
    SEP,
    People,
    Slugs,
    crm_user_id,
    email_key,
    short_hash,
    slug,
)
from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.modules import MODULES, Field
from salesnb.ingest.money import OUT_OF_RANGE_REASON, out_of_range_sql
from salesnb.ingest.numbers import (
    EXAMPLE,
    Convention,
    amount_columns,
    amount_struct_sql,
    column_convention,
)
from salesnb.ingest.sql import lit
from salesnb.ingest.staging import Staged
from salesnb.warehouse.schema import STAGE_PROBABILITY


@dataclass
class Result:
    """What the SQL transform produced: canonical rows in temp views and tables, and the quarantine."""

    tables: dict[str, str]  # canonical table -> temp view or table holding its rows
    quarantine: pd.DataFrame
    rows_read: int
    notes: list[str] = field(default_factory=list)

    @property
    def quarantined_rows(self) -> int:
        return int(self.quarantine["row"].nunique()) if len(self.quarantine) else 0


# ---------------------------------------------------------------------------------------------- fields


class _Chain:
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


class _Query:
    """Collects quarantine conditions as SQL, one UNION ALL branch per rule over the field table ``_qf``."""

    def __init__(self) -> None:
        self.branches: list[str] = []
        self.conditions: list[str] = []

    def add(self, cond: str, column: str, value_sql: str, rule: str, reason_sql: str) -> None:
        self.conditions.append(cond)
        self.branches.append(
            f"SELECT file_row, {lit(column)} AS source_column, CAST({value_sql} AS VARCHAR) AS value, "
            f"{lit(rule)} AS rule, {reason_sql} AS reason FROM _qf WHERE {cond}"
        )

    def failed(self) -> str:
        """SQL that is true when any condition holds (a NULL condition does not, as in a WHERE)."""
        return "coalesce(" + " OR ".join(f"({c})" for c in self.conditions) + ", false)"


def _lookup(con: duckdb.DuckDBPyConnection, name: str, source_sql: str | list[str], fn) -> None:
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


def _field_sql(fld: Field, x: str, mapping: Mapping, conv: Convention | None = None) -> str:
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


# ------------------------------------------------------------------------------------------ transform


def customer_key(source: str, name: str) -> str:
    """Accounts are identified by source and normalised name, so deals and accounts link by name."""
    return f"{source}-acct-{short_hash(normalise(name))}"


def _is_header(st: Staged) -> str:
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


def transform(
    con: duckdb.DuckDBPyConnection, st: Staged, mapping: Mapping, people: People, currency: str
) -> Result:
    """Parse, check and build; see the module docstring. Leaves ``_out_<table>`` temp views and tables."""
    spec = {f.name: f for f in MODULES[mapping.module]}
    sources = mapping.resolve_all(st.headers)
    col = dict(zip(st.headers, st.columns, strict=True))
    notes: list[str] = list(st.notes)
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
    notes += [c for n, conv in conventions.items() if (c := conv.note(label[n]))]
    joins, select = [], ["r.file_row"]
    select.append(f"{_is_header(st)} AS is_header")
    for name, x in text.items():
        select.append(f"{x} AS t_{name}")
        fld = spec[name]
        if fld.kind == "choice":
            table = mapping.values.get(name, {})
            excluded = set(mapping.exclude.get(name, []))

            def canon(v: str, table=table, fld=fld, excluded=excluded) -> str | None:
                n = normalise(v)
                if n in excluded:
                    return "\x00excluded"
                return table.get(n) or (n if n in fld.choices else None)

            _lookup(con, f"_lk_{name}", x, canon)
            joins.append(f"LEFT JOIN _lk_{name} ON _lk_{name}.raw = {x}")
            select.append(f"NULLIF(_lk_{name}.val, chr(0) || 'excluded') AS v_{name}")
            select.append(f"coalesce(_lk_{name}.val = chr(0) || 'excluded', false) AS x_{name}")
        else:
            expr = _field_sql(fld, x, mapping, conventions.get(name))
            select.append(f"{expr} AS v_{name}")
    if "owner" in text and mapping.module != "roster":
        # the owner as named (id, e-mail or a name only one person has); the owner's CRM user id, when the
        # export has that column, decides first (namesakes)
        _lookup(con, "_lk_owner", text["owner"], people.owner)
        joins.append(f"LEFT JOIN _lk_owner ON _lk_owner.raw = {text['owner']}")
        by_name = f"CASE WHEN starts_with(_lk_owner.val, {lit(AMBIGUOUS)}) THEN NULL ELSE _lk_owner.val END"
        if "owner_id" in text:
            _lookup(con, "_lk_owner_id", text["owner_id"], lambda v: people.owner_by_id(mapping.source, v))
            joins.append(f"LEFT JOIN _lk_owner_id ON _lk_owner_id.raw = {text['owner_id']}")
            select.append(f"coalesce(_lk_owner_id.val, {by_name}) AS rep_id")
        else:
            select.append(f"{by_name} AS rep_id")
        select.append(
            f"CASE WHEN starts_with(_lk_owner.val, {lit(AMBIGUOUS)}) THEN substr(_lk_owner.val, 2) END AS owner_doubt"
        )
    if mapping.module == "roster":
        teams = _team_ids(con, text)
        _lookup(con, "_lk_ident", _ident_sql(text), lambda v: _resolve(people, mapping.source, teams, v))
        joins.append(f"LEFT JOIN _lk_ident ON _lk_ident.raw = {_ident_sql(text)}")
        select.append("_lk_ident.val AS ident")
    for name in ("account", "name") if mapping.module in ("deals", "accounts", "orders") else ():
        if name in text and (name == "account" or mapping.module == "accounts"):
            _lookup(con, f"_lk_acct_{name}", text[name], lambda v: customer_key(mapping.source, v))
            joins.append(f"LEFT JOIN _lk_acct_{name} ON _lk_acct_{name}.raw = {text[name]}")
            select.append(f"_lk_acct_{name}.val AS cust_{name}")
    select += [f"r.{c} AS extra_{c}" for c in st.unnamed]
    same = [n for n in text if spec[n].kind in ("text", "email")]
    chain = _Chain(", ".join(select), " ".join(joins), same)

    q = _Query()
    for c in st.unnamed:
        head = st.headers[st.columns.index(c)]
        q.add(
            f"extra_{c} IS NOT NULL AND NOT is_header",
            head,
            f"extra_{c}",
            "extra_cells",
            lit("the row has cells beyond the last column with a header"),
        )
    q.add(
        "is_header",
        "-",
        "''",
        "repeated_header",
        lit("the header row appears again inside the file (exports pasted together)"),
    )
    ok = "NOT is_header AND "
    for name, fld in spec.items():
        if name not in text:
            continue
        t, v, lab = f"t_{name}", f"v_{name}", label[name]
        if fld.kind == "amount":
            conv = conventions[name]
            amount_columns(chain, name, conv)
            q.add(
                f"{ok}{t} IS NOT NULL AND amount_{name} IS NULL AND NOT ambiguous_{name}",
                lab,
                t,
                "unreadable_amount",
                lit(
                    f"cannot read the amount in {lab}"
                    + (f" (the column writes numbers as {EXAMPLE[conv.decimal]})" if conv.decimal else "")
                ),
            )
            q.add(
                f"{ok}ambiguous_{name}",
                lab,
                t,
                "ambiguous_number",
                lit(
                    f"{lab} could use either decimal separator (20.000 is 20 or 20000) and no other value "
                    "in the column tells which: state numbers: {decimal: ','} or {decimal: '.'} in a mapping"
                ),
            )
            q.add(f"{ok}amount_{name} < 0", lab, t, "negative_amount", lit(f"{lab} is negative"))
        elif fld.kind in ("date", "datetime"):
            q.add(
                f"{ok}{t} IS NOT NULL AND {v} IS NULL",
                lab,
                t,
                "unreadable_date",
                lit(f"cannot read {lab} as a date ({DATE_FORMS})"),
            )
            q.add(
                f"{ok}{v} IS NOT NULL AND (year({v}) < 1990 OR year({v}) > 2100)",
                lab,
                t,
                "implausible_date",
                lit(f"{lab} is outside 1990–2100"),
            )
        elif fld.kind == "duration":
            q.add(
                f"{ok}{t} IS NOT NULL AND ({v} IS NULL OR NOT isfinite({v}) OR {v} < 0 OR {v} > 86400)",
                lab,
                t,
                "unreadable_duration",
                lit(f"cannot read {lab} as a duration of at most a day (seconds, mm:ss or h:mm:ss)"),
            )
        elif fld.kind == "percent":
            q.add(
                f"{ok}{t} IS NOT NULL AND ({v} IS NULL OR {v} < 0 OR {v} > 1)",
                lab,
                t,
                "unreadable_percent",
                lit(f"{lab} must be a percentage from 0 to 100"),
            )
        elif fld.kind == "choice":
            known = ", ".join(sorted(mapping.values.get(name, {}))) or "none"
            q.add(
                f"{ok}{t} IS NOT NULL AND {v} IS NULL AND NOT x_{name}",
                lab,
                t,
                "unknown_value",
                lit(
                    f"{lab} value is not mapped to a canonical {name} ({', '.join(fld.choices)}); "
                    f"mapped values: {known}"
                ),
            )
            if name in mapping.exclude:
                q.add(
                    f"{ok}x_{name}",
                    lab,
                    t,
                    "excluded",
                    lit(f"excluded by the mapping: {lab} is one of {', '.join(mapping.exclude[name])}"),
                )
        elif fld.kind == "email":
            q.add(
                f"{ok}{t} IS NOT NULL AND NOT regexp_full_match({t}, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')",
                lab,
                t,
                "unreadable_email",
                lit(f"{lab} is not an e-mail address"),
            )
        if fld.required:
            q.add(f"{ok}{t} IS NULL", lab, "''", "required", lit(f"{lab} is empty but required ({name})"))
    if "owner" in text and mapping.module != "roster":
        lab = label["owner"]
        q.add(
            f"{ok}t_owner IS NOT NULL AND rep_id IS NULL AND owner_doubt IS NOT NULL",
            lab,
            "t_owner",
            "ambiguous_owner",
            "owner_doubt",
        )
        q.add(
            f"{ok}t_owner IS NOT NULL AND rep_id IS NULL AND owner_doubt IS NULL",
            lab,
            "t_owner",
            "unknown_owner",
            lit("'")
            + " || t_owner || "
            + lit(f"' ({lab}) is not in the roster: import the users/staff export first"),
        )
    if any(spec[n].kind == "amount" for n in text):
        _currency(chain, mapping, currency, text)
        lab = label["amount"]
        q.add(
            f"{ok}amount_amount IS NOT NULL AND fx_rate IS NULL",
            lab,
            "cur",
            "no_fx_rate",
            lit(f"no exchange rate to {currency}: add fx_rates to the mapping or --fx-rate"),
        )
        q.add(
            f"{ok}{out_of_range_sql('amount_amount', 'amount_base')}",
            lab,
            "t_amount",
            "amount_out_of_range",
            lit(f"{lab} {OUT_OF_RANGE_REASON}"),
        )
    if mapping.module == "roster":
        q.add(
            f"{ok}starts_with(ident, {lit(AMBIGUOUS)})",
            label["name"],
            "t_name",
            "ambiguous_identity",
            "substr(ident, 2)",
        )
        if "team_id" in text:
            q.add(
                f"{ok}trim(regexp_replace(lower(t_team_id), '[^a-z0-9]+', '-', 'g'), '-') "
                f"IN ({', '.join(map(lit, sorted(RESERVED_IDS)))})",
                label["team_id"],
                "t_team_id",
                "reserved_id",
                lit("the reports use this id for themselves: give the team another code"),
            )
    _module_rules(chain, mapping, text, label, q)
    notes += _record_ids(chain, mapping, st, text, label, q)
    chain.execute(f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, {q.failed()} AS failed FROM _f")
    # every row's fields, less the columns only the checks read; the checks then run on the full field
    # table of the failing rows only (_qf), which are few
    chain.materialise(con, "_f", leave_out=_checked_only(spec, text, st))
    chain.materialise(
        con, "_qf", rows="(SELECT * FROM _rows WHERE file_row IN (SELECT file_row FROM _f WHERE failed))"
    )
    con.execute("DROP TABLE IF EXISTS _q")
    con.execute("CREATE TEMP TABLE _q AS " + " UNION ALL ".join(q.branches))
    con.execute("DROP TABLE _qf")
    # the same record twice among the rows that passed the checks: the later row wins, the earlier rows are
    # quarantined; the key a record is stored under: a person's user id, else e-mail, else name (namesakes
    # with their own e-mails are two people), an account's normalised name, else the record id
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
    con.execute(f"""INSERT INTO _q SELECT f.file_row, {lit(label.get("record_id", "record_id"))}, f.dkey,
                        'duplicate_record', {reason} || d.last_row || ' (the later row is kept)'
                    FROM (SELECT file_row, {key} AS dkey FROM _f WHERE NOT failed) f
                    JOIN (SELECT {key} AS dkey, max(file_row) AS last_row FROM _f WHERE NOT failed
                          GROUP BY dkey HAVING count(*) > 1) d ON f.dkey IS NOT DISTINCT FROM d.dkey
                    WHERE f.file_row < d.last_row""")
    # the rows that pass every check, as a view over _f: no copy is made
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW _k AS SELECT *{chain.aliases()} FROM _f "
        "ANTI JOIN (SELECT DISTINCT file_row FROM _q) USING (file_row)"
    )
    builder = _BUILDERS[mapping.module]
    if mapping.module == "roster":
        tables = builder(con, mapping, text, people, st.path)
        if "manager" in text:
            notes += _unplaced_managers(con)
    else:
        tables = builder(con, mapping, text)
    quarantine = con.execute(
        'SELECT file_row AS "row", source_column AS "column", value, rule, reason FROM _q '
        "ORDER BY file_row, source_column, rule"
    ).df()
    return Result(tables, quarantine, st.rows_read, notes)


def _checked_only(spec: dict[str, Field], text: dict[str, str], st: Staged) -> list[str]:
    """Columns of the field table that only the checks read: the builders take parsed values."""
    kinds = {name: spec[name].kind for name in text}
    out = ["is_header", *(f"extra_{c}" for c in st.unnamed)]
    out += [f"t_{n}" for n, k in kinds.items() if k not in ("text", "email")]
    out += [f"x_{n}" for n, k in kinds.items() if k == "choice"]
    amounts = [f"{c}_{n}" for n, k in kinds.items() if k == "amount" for c in ("amount", "ambiguous")]
    return out + ([*amounts, "named_currency", "fx_rate"] if amounts else [])


_DUP_REASON = {
    "accounts": "accounts are matched by name: the same account name appears again at row ",
    "roster": "the same person appears again at row ",
}


def _currency(con: duckdb.DuckDBPyConnection, mapping: Mapping, currency: str, text: dict[str, str]) -> None:
    rates = {currency: 1.0, **mapping.fx_rates}
    values = ", ".join(f"({lit(k)}, {float(v)!r})" for k, v in rates.items())
    column = "upper(t_currency)" if "currency" in text else "NULL"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS
        SELECT f.*, fx.rate AS fx_rate, round(f.amount_amount * fx.rate, 2) AS amount_base FROM (
            SELECT *, coalesce(named_currency, {column}, {lit(mapping.currency)}) AS cur FROM _f) f
        LEFT JOIN (VALUES {values}) fx(code, rate) ON fx.code = f.cur""")


def _module_rules(con, mapping: Mapping, text: dict[str, str], label: dict[str, str], q: _Query) -> None:
    if mapping.module == "deals":
        has_status = "status" in text
        status_col = "v_status" if has_status else "NULL"
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT *,
            CASE WHEN status0 = 'won' THEN 'closed_won'
                 WHEN status0 = 'lost' AND v_stage IS DISTINCT FROM 'closed_won' THEN 'closed_lost'
                 ELSE v_stage END AS stage_final
            FROM (SELECT *, coalesce({status_col}, CASE v_stage WHEN 'closed_won' THEN 'won'
                      WHEN 'closed_lost' THEN 'lost' ELSE 'open' END) AS status0 FROM _f)""")
        if has_status:
            q.add(
                "NOT is_header AND (v_status = 'open' AND v_stage IN ('closed_won', 'closed_lost') "
                "OR v_status = 'won' AND v_stage = 'closed_lost' OR v_status = 'lost' AND v_stage = 'closed_won')",
                label["status"],
                "t_status",
                "conflicting_status",
                lit("the status and the stage contradict each other"),
            )
            q.add(
                "NOT is_header AND v_status = 'invalid' AND NOT x_status",
                label["status"],
                "t_status",
                "invalid_status",
                lit("the CRM marks the deal invalid: list the value under exclude.status in the mapping"),
            )
        q.add(
            "NOT is_header AND v_close_date IS NOT NULL AND v_created IS NOT NULL AND "
            "v_close_date < CAST(v_created AS DATE) AND status0 IN ('won', 'lost')",
            label["close_date"],
            "t_close_date",
            "closed_before_created",
            lit("the deal closes before it was created"),
        )


def _record_ids(
    con, mapping: Mapping, st: Staged, text: dict[str, str], label: dict[str, str], q: _Query
) -> list[str]:
    """Column ``rid``: the record's id in its source. Zoho's UI exports prefix the API id with ``zcrm_``
    (any case): the prefix goes, so both exports store the same record under the same id."""
    if "record_id" in text:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _f AS SELECT *, CASE WHEN lower(t_record_id[1:5]) = 'zcrm_' "
            "THEN NULLIF(trim(t_record_id[6:]), '') ELSE t_record_id END AS rid FROM _f"
        )
        lab = label["record_id"]
        q.add(
            "NOT is_header AND t_record_id IS NOT NULL AND rid IS NULL",
            lab,
            "t_record_id",
            "unreadable_id",
            lit(f"{lab} holds no id after Zoho's zcrm_ prefix"),
        )
        return []
    if mapping.id_from:
        parts = ", ".join(f"coalesce(CAST(v_{n} AS VARCHAR), '')" for n in mapping.id_from if n in text)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, md5(concat_ws(chr(31), {parts}))[1:16] AS rid FROM _f"
        )
        return [f"no record id column: records identified by {', '.join(mapping.id_from)}"]
    everything = ", ".join(f"coalesce(r.{c}, '')" for c in st.columns)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT f.*, md5(concat_ws(chr(31), {everything}))[1:16] AS rid
                    FROM _f f JOIN _rows r USING (file_row)""")
    return (
        [] if mapping.module == "roster" else ["no record id column: records identified by their whole row"]
    )


# ------------------------------------------------------------------------------------------- builders


def _opt(text: dict[str, str], name: str, expr: str | None = None) -> str:
    return (expr or f"v_{name}") if name in text else "NULL"


def _out(con, table: str, sql: str, stored: bool = False) -> str:
    """The relation holding ``table``'s rows: a view over the checked rows, since the loader reads it two or
    three times and a projection costs less to compute again than to store, or with ``stored`` a temp table:
    grouped rows, computed once, and a roster's small tables, which the loader may complete (team types)."""
    name = f"_out_{table}"
    con.execute(f"CREATE OR REPLACE TEMP {'TABLE' if stored else 'VIEW'} {name} AS {sql}")
    return name


def _customer_of(con, mapping: Mapping, text: dict[str, str], name: str) -> str:
    """SQL for the customer id a text field names (NULL when the export has no such column)."""
    if name not in text:
        return "NULL"
    _lookup(con, f"_lk_cust_{name}", text[name], lambda v: customer_key(mapping.source, v))
    return f"(SELECT val FROM _lk_cust_{name} WHERE raw = _k.t_{name})"


def _customers_sql(when: str, name: str, rep: str, created: str) -> str:
    """The accounts that records point at: name and rep from the earliest record (first in the file on a
    tie, so the choice does not depend on how the threads ran)."""
    return f"""SELECT cust AS customer_id, arg_min(nm, first) AS name, arg_min(rep, first) AS rep_id,
                      CAST(NULL AS VARCHAR) AS industry, coalesce(min(c), current_date) AS created_date
               FROM (SELECT {when} AS cust, {name} AS nm, {rep} AS rep, CAST({created} AS DATE) AS c,
                            CASE WHEN c IS NOT NULL THEN (c, file_row) END AS first FROM _k)
               WHERE cust IS NOT NULL GROUP BY cust"""


def _build_deals(con, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    src = lit(mapping.source + ":")
    probs = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in STAGE_PROBABILITY.items())
    closed = "status0 IN ('won', 'lost')"
    out = {
        "opportunities": _out(
            con,
            "opportunities",
            f"""
        SELECT {src} || rid AS opportunity_id, v_name AS name, {_opt(text, "account", "cust_account")} AS customer_id,
               rep_id, {_opt(text, "source")} AS source, coalesce({_opt(text, "deal_type")}, 'new') AS deal_type,
               amount_base AS amount, cur AS currency, stage_final AS stage, status0 AS status,
               coalesce({_opt(text, "probability")}, CASE stage_final {probs} END) AS probability,
               CAST(v_created AS DATE) AS created_date, CAST(v_close_date AS DATE) AS expected_close_date,
               CASE WHEN {closed} THEN CAST(v_close_date AS DATE) END AS close_date FROM _k""",
        )
    }
    out["stage_history"] = _out(
        con,
        "stage_history",
        f"""
        SELECT {src} || rid AS opportunity_id, stage_final AS stage,
               coalesce({_opt(text, "modified")}, CASE WHEN {closed} THEN v_close_date END, v_created) AS entered_at
        FROM _k""",
    )
    if "account" in text:
        out["customers"] = _out(
            con, "customers", _customers_sql("cust_account", "v_account", "rep_id", "v_created"), stored=True
        )
    return out


def _build_leads(con, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    src = lit(mapping.source + ":")
    converted = (
        " OR ".join(
            x
            for x in (
                "v_converted = 'true'" if "converted" in text else "",
                "v_converted_date IS NOT NULL" if "converted_date" in text else "",
                "v_status = 'converted'" if "status" in text else "",
            )
            if x
        )
        or "false"
    )
    when = f"coalesce({_opt(text, 'converted_date')}, {_opt(text, 'modified')})"
    company = _opt(text, "company")
    cust = _customer_of(con, mapping, text, "company")
    return {
        "leads": _out(
            con,
            "leads",
            f"""
        SELECT {src} || rid AS lead_id, rep_id, {_opt(text, "source")} AS source,
               CAST(v_created AS DATE) AS created_date,
               CASE WHEN {converted} THEN 'converted' ELSE coalesce({_opt(text, "status")}, 'open') END AS status,
               CASE WHEN {converted} THEN CAST({when} AS DATE) END AS converted_date,
               CASE WHEN ({converted}) AND {company} IS NOT NULL THEN {cust} END AS customer_id
        FROM _k""",
        )
    }


def _build_accounts(con, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    rep = "rep_id" if "owner" in text else "NULL"
    sql = f"""SELECT cust_name AS customer_id, arg_max(v_name, file_row) AS name, arg_max({rep}, file_row) AS rep_id,
                     arg_max({_opt(text, "industry")}, file_row) AS industry,
                     coalesce(min(CAST({_opt(text, "created")} AS DATE)), current_date) AS created_date
              FROM _k GROUP BY cust_name"""
    return {"customers": _out(con, "customers", sql, stored=True)}


def _build_calls(con, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    src = lit(mapping.source + ":")
    kind = f"coalesce({_opt(text, 'activity_type')}, 'call')"
    duration = f"coalesce({_opt(text, 'duration')}, 0)"
    result = _opt(text, "result")
    direction = _opt(text, "direction")
    connected = (
        f"CASE WHEN {result} IS NOT NULL THEN {result} = 'connected' "
        f"ELSE {duration} > 0 AND coalesce({direction}, '') <> 'missed' END"
    )
    cust = _customer_of(con, mapping, text, "account")
    return {
        "activities": _out(
            con,
            "activities",
            f"""
        SELECT {src} || rid AS activity_id, rep_id, {kind} AS activity_type, v_start AS started_at,
               CAST(round({duration}) AS BIGINT) AS duration_seconds,
               CASE WHEN {kind} = 'call' THEN {connected} END AS connected,
               CASE WHEN {kind} = 'call' THEN CASE WHEN {connected} THEN 'conversation' ELSE 'no_answer' END END
                   AS outcome,
               {cust} AS customer_id, CAST(NULL AS VARCHAR) AS opportunity_id
        FROM _k""",
        )
    }


def _build_orders(con, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    src = lit(mapping.source + ":")
    return {
        "orders": _out(
            con,
            "orders",
            f"""
            SELECT {src} || rid AS order_id, cust_account AS customer_id, rep_id,
                   CAST(NULL AS VARCHAR) AS opportunity_id, CAST(v_order_date AS DATE) AS order_date,
                   amount_base AS amount, cur AS currency FROM _k""",
        ),
        "customers": _out(
            con,
            "customers",
            _customers_sql("cust_account", "v_account", "rep_id", "v_order_date"),
            stored=True,
        ),
    }


def _ident_sql(text: dict[str, str]) -> str:
    """A roster row's identity as one text: name, e-mail, user id and team (code or name)."""
    parts = [text.get(n, "NULL") for n in ("name", "email", "record_id", "team_id", "team")]
    return f"concat_ws(chr(31), {', '.join(f'coalesce({p}, {lit(chr(30))})' for p in parts)})"


def _team_ids(con, text: dict[str, str]) -> dict[tuple[str | None, str | None], str]:
    """Temp tables ``_lk_team`` (team name -> id) and ``_lk_team_code`` (code -> id), and the id of every
    (code, name) pair of the file: a row's team is its code, else an id made from the name (see Slugs)."""
    names = [r[0] for r in con.execute(f"SELECT DISTINCT {text['team']} FROM _rows").fetchall() if r[0]]
    by_name = Slugs(dict(con.execute("SELECT team_id, name FROM teams").fetchall())).assign(names)
    _lookup(con, "_lk_team", text["team"], by_name.get)
    pairs = {(None, n): i for n, i in by_name.items()}
    if "team_id" in text:
        _lookup(con, "_lk_team_code", text["team_id"], slug)
        for code, name in con.execute(
            f"SELECT DISTINCT {text['team_id']}, {text['team']} FROM _rows"
        ).fetchall():
            pairs[(code, name)] = slug(code) if code else by_name.get(name, "")
    return pairs


def _resolve(people: People, source: str, teams: dict, key: str) -> str | None:
    name, email, uid, code, team = (None if p == chr(30) else p for p in key.split(SEP))
    team_id = teams.get((code, team)) or teams.get((None, team), "")
    return people.resolve(name or "", email_key(email), crm_user_id(source, uid), team_id)


def _build_roster(con, mapping: Mapping, text: dict[str, str], people: People, path: str) -> dict[str, str]:
    # _lk_team and _lk_team_code were made by _team_ids for the identity checks
    team_sql = "_lk_team.val"
    if "team_id" in text:
        team_sql = "coalesce(_lk_team_code.val, _lk_team.val)"
        _one_name_per_code(con, path)
    region = f"coalesce({text.get('region', 'NULL')}, 'Default region')"
    names = [r[0] for r in con.execute(f"SELECT DISTINCT {region} FROM _rows").fetchall()]
    regions = Slugs(dict(con.execute("SELECT region_id, name FROM regions").fetchall()), "region").assign(
        names
    )
    _lookup(con, "_lk_region", region, regions.get)
    taken = set(people.by_id)

    def new_rep_id(v: str) -> str:
        """A new person's id: a slug of the e-mail's local part or of the name, with a suffix from their own
        identity when someone already has it (stable across imports)."""
        name, _, email = v.partition(SEP)
        base = slug(email.split("@")[0]) if email else slug(name, "rep")
        return f"{base}-{short_hash(email or name)[:4]}" if base in taken or base in RESERVED_IDS else base

    ident = f"{text['name']} || chr(31) || coalesce({text['email']}, '')" if "email" in text else text["name"]
    _lookup(con, "_lk_rep", ident, new_rep_id)
    _lookup(
        con,
        "_lk_norm",
        [text["name"], *([text["manager"]] if "manager" in text else [])],
        normalise,
    )
    region_k = "coalesce(t_region, 'Default region')" if "region" in text else "'Default region'"
    ident_k = "t_name || chr(31) || coalesce(t_email, '')" if "email" in text else "t_name"
    uid = f"{lit(mapping.source + ':')} || rid" if "record_id" in text else "NULL"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _roster AS
        SELECT _k.*, {team_sql} AS team_id, _lk_region.val AS region_id, {region_k} AS region_name,
               coalesce(_k.ident, _lk_rep.val) AS rep_id0, _k.ident IS NOT NULL AS known,
               nn.val AS name_norm, {uid} AS uid
        FROM _k LEFT JOIN _lk_team ON _lk_team.raw = _k.t_team
        {"LEFT JOIN _lk_team_code ON _lk_team_code.raw = _k.t_team_id" if "team_id" in text else ""}
        LEFT JOIN _lk_region ON _lk_region.raw = {region_k}
        LEFT JOIN _lk_rep ON _lk_rep.raw = {ident_k}
        LEFT JOIN _lk_norm nn ON nn.raw = _k.t_name""")
    email = "lower(t_email)" if "email" in text else "NULL"
    # two new people of this file with the same id (namesakes): each gets a suffix from their own identity
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _roster AS SELECT *,
        CASE WHEN NOT known AND count(*) OVER (PARTITION BY rep_id0) > 1
             THEN rep_id0 || '-' || md5(coalesce(uid, {email}, t_name || file_row))[1:4]
             ELSE rep_id0 END AS new_rep_id FROM _roster""")
    manager = "NULL"
    if "manager" in text:
        # the manager named in this file (a namesake on the row's own team first), else the one person of
        # that name, id or e-mail already stored (a name two stored people share names nobody)
        _lookup(con, "_lk_manager", text["manager"], people.owner)
        manager = f"""coalesce(
            (SELECT m.new_rep_id FROM _roster m JOIN _lk_norm mn ON mn.val = m.name_norm
             WHERE mn.raw = r.t_manager ORDER BY m.team_id = r.team_id DESC, m.new_rep_id LIMIT 1),
            (SELECT CASE WHEN starts_with(val, {lit(AMBIGUOUS)}) THEN NULL ELSE val END
             FROM _lk_manager WHERE raw = r.t_manager))"""
    return {
        "regions": _out(
            con,
            "regions",
            "SELECT DISTINCT ON (region_id) region_id, region_name AS name FROM _roster",
            stored=True,
        ),
        "teams": _out(
            con,
            "teams",
            f"""SELECT DISTINCT ON (team_id) team_id, t_team AS name, region_id,
                                               {_opt(text, "team_type")} AS team_type FROM _roster""",
            stored=True,
        ),
        # identifiers the file does not carry are kept from the stored person
        "reps": _out(
            con,
            "reps",
            f"""
            SELECT new_rep_id AS rep_id, t_name AS name, r.team_id, coalesce({_opt(text, "level")}, 'junior') AS level,
                   {manager} AS manager_id, CAST({_opt(text, "hire_date")} AS DATE) AS hire_date,
                   coalesce({_opt(text, "status")}, 'active') AS status,
                   CAST({_opt(text, "left_date")} AS DATE) AS left_date,
                   coalesce({email}, s.email) AS email, coalesce(r.uid, s.crm_user_id) AS crm_user_id
            FROM _roster r LEFT JOIN reps s ON s.rep_id = r.new_rep_id""",
            stored=True,
        ),
        "memberships": _out(
            con,
            "memberships",
            f"""SELECT new_rep_id AS rep_id, team_id, CAST({_opt(text, "team_since")} AS DATE) AS valid_from,
                       CAST(NULL AS DATE) AS valid_to FROM _roster""",
            stored=True,
        ),
    }


def _unplaced_managers(con) -> list[str]:
    """Notes for managers a roster names that are nobody, or several people: never dropped silently."""
    rows = con.execute("""SELECT r.t_manager, count(*) FROM _roster r JOIN _out_reps o ON o.rep_id = r.new_rep_id
                          WHERE r.t_manager IS NOT NULL AND o.manager_id IS NULL GROUP BY 1 ORDER BY 1""").fetchall()
    return [
        f"reporting line not set for {n} row(s): manager {name!r} is not one person of the roster "
        "(nobody, or the name of several people: import the manager first, or tell namesakes apart by e-mail)"
        for name, n in rows
    ]


def _one_name_per_code(con, path: str) -> None:
    """Two team names under one team code in one file would merge two teams: refuse the file."""
    clash = con.execute("""SELECT lower(trim(t_team_id)), list(DISTINCT t_team ORDER BY t_team) FROM _k
                           WHERE t_team_id IS NOT NULL AND t_team IS NOT NULL
                           GROUP BY ALL HAVING count(DISTINCT t_team) > 1 ORDER BY 1""").fetchall()
    if clash:
        raise DataError(
            path,
            "teams",
            [
                Problem(None, "team_id", code, f"one team code for {len(names)} teams: {', '.join(names)}")
                for code, names in clash
            ],
        )


_BUILDERS = {
    "deals": _build_deals,
    "leads": _build_leads,
    "accounts": _build_accounts,
    "calls": _build_calls,
    "orders": _build_orders,
    "roster": _build_roster,
}
