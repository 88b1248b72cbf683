"""Canonical rows from the rows that passed every check (the view ``_k``): one builder per module.

Each builder leaves a temp view or table ``_out_<table>`` per canonical table it fills and returns
them by table name; the loader reads them (:mod:`salesnb.ingest.load`). The roster's builder, which
also decides who is who, is in :mod:`salesnb.ingest.stage.roster`.
"""

from __future__ import annotations

import duckdb

from salesnb.ingest.mapping import Mapping
from salesnb.ingest.sql import lit
from salesnb.ingest.stage.fields import create_lookup, customer_key
from salesnb.warehouse.schema import STAGE_PROBABILITY


def optional_field(text: dict[str, str], name: str, expr: str | None = None) -> str:
    """SQL for field ``name``'s value (``expr``, else ``v_<name>``), or NULL when the export lacks it."""
    return (expr or f"v_{name}") if name in text else "NULL"


def output_relation(con: duckdb.DuckDBPyConnection, table: str, sql: str, stored: bool = False) -> str:
    """The relation holding ``table``'s rows: a view over the checked rows, since the loader reads it two or
    three times and a projection costs less to compute again than to store, or with ``stored`` a temp table:
    grouped rows, computed once, and a roster's small tables, which the loader may complete (team types)."""
    name = f"_out_{table}"
    con.execute(f"CREATE OR REPLACE TEMP {'TABLE' if stored else 'VIEW'} {name} AS {sql}")
    return name


def _customer_of(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str], name: str) -> str:
    """SQL for the customer id a text field names (NULL when the export has no such column)."""
    if name not in text:
        return "NULL"
    create_lookup(con, f"_lk_cust_{name}", text[name], lambda v: customer_key(mapping.source, v))
    return f"(SELECT val FROM _lk_cust_{name} WHERE raw = _k.t_{name})"


def _customers_sql(when: str, name: str, rep: str, created: str) -> str:
    """The accounts that records point at: name and rep from the earliest record (first in the file on a
    tie, so the choice does not depend on how the threads ran)."""
    return f"""SELECT cust AS customer_id, arg_min(nm, first) AS name, arg_min(rep, first) AS rep_id,
                      CAST(NULL AS VARCHAR) AS industry, min(c) AS created_date
               FROM (SELECT {when} AS cust, {name} AS nm, {rep} AS rep, CAST({created} AS DATE) AS c,
                            CASE WHEN c IS NOT NULL THEN (c, file_row) END AS first FROM _k)
               WHERE cust IS NOT NULL GROUP BY cust"""


def build_deals(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Opportunities, a stage-history row for each deal whose export dates its stage, and the accounts the
    deals name.

    A deal without a title is called by its record id; an amount left blank stays unknown (NULL, never
    0), as does an open deal's expected close; the created day is the deal's own, else its lead's
    (``created0``, see :func:`~salesnb.ingest.stage.checks.add_module_rules`). A closed deal's stage is
    dated by its close day, an open deal's by its ``modified`` column; an open deal of an export without
    one gets no stage-history row (nothing records when it entered its stage)."""
    src = lit(mapping.source + ":")
    probs = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in STAGE_PROBABILITY.items())
    closed = "status0 IN ('won', 'lost')"
    close = optional_field(text, "close_date")
    amount = "amount_base" if "amount" in text else "CAST(NULL AS DOUBLE)"
    currency = "cur" if "amount" in text else lit(mapping.currency)
    out = {
        "opportunities": output_relation(
            con,
            "opportunities",
            f"""
        SELECT {src} || rid AS opportunity_id, coalesce({optional_field(text, "name")}, rid) AS name,
               {optional_field(text, "account", "cust_account")} AS customer_id,
               rep_id, {optional_field(text, "source")} AS source, coalesce({optional_field(text, "deal_type")}, 'new') AS deal_type,
               {amount} AS amount, {currency} AS currency, stage_final AS stage, status0 AS status,
               coalesce({optional_field(text, "probability")}, CASE stage_final {probs} END) AS probability,
               CAST(created0 AS DATE) AS created_date, CAST({close} AS DATE) AS expected_close_date,
               CASE WHEN {closed} THEN CAST({close} AS DATE) END AS close_date FROM _k""",
        )
    }
    # Only what the export says: a closed deal entered its closing stage on its close day, an open deal its
    # stage by its last modification at the latest. Without a "Modified" column an open deal's stage has no
    # date, and dating it at the deal's creation would read as "in this stage since it was created".
    modified = optional_field(text, "modified")
    entered = f"CASE WHEN {closed} THEN CAST({close} AS TIMESTAMP) ELSE CAST({modified} AS TIMESTAMP) END"
    out["stage_history"] = output_relation(
        con,
        "stage_history",
        f"""
        SELECT opportunity_id, stage, entered_at FROM (
            SELECT {src} || rid AS opportunity_id, stage_final AS stage, {entered} AS entered_at FROM _k)
        WHERE entered_at IS NOT NULL""",
    )
    if "account" in text:
        out["customers"] = output_relation(
            con, "customers", _customers_sql("cust_account", "v_account", "rep_id", "created0"), stored=True
        )
    if "lead_id" in text:
        # the leads the won deals came from: converted on the win day, to the deal's account
        out["lead_conversions"] = output_relation(
            con,
            "lead_conversions",
            f"""SELECT {src} || t_lead_id AS lead_id, min(CAST({close} AS DATE)) AS converted_date,
                       arg_min({optional_field(text, "account", "cust_account")}, CAST({close} AS DATE)) AS customer_id
                FROM _k WHERE lead_known AND status0 = 'won' GROUP BY 1""",
            stored=True,
        )
    return out


def deal_notes(con: duckdb.DuckDBPyConnection, text: dict[str, str]) -> list[str]:
    """What the import summary says of the deals stored with something unknown, and of the leads they
    name that are not stored (nothing left out silently)."""
    unknown = con.execute("""SELECT count(*) FILTER (WHERE amount IS NULL AND status = 'open'),
                                    count(*) FILTER (WHERE amount IS NULL AND status = 'won'),
                                    count(*) FILTER (WHERE expected_close_date IS NULL AND status = 'open')
                             FROM _out_opportunities""").fetchone()
    words = (
        "open deal(s) without an amount",
        "won deal(s) without an amount",
        "open deal(s) without an expected close",
    )
    notes = [
        f"{n} {w}: stored, the amount unknown (left out of sums and counted beside them)"
        if "amount" in w
        else f"{n} {w}: stored"
        for n, w in zip(unknown, words, strict=True)
        if n
    ]
    if "lead_id" in text:
        (orphans,) = con.execute(
            "SELECT count(*) FROM _k WHERE t_lead_id IS NOT NULL AND NOT lead_known"
        ).fetchone()
        if orphans:
            notes.append(
                f"{orphans} deal(s) name a lead that is not stored: no lead converts for them "
                "(import the leads first)"
            )
    return notes


def build_leads(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Leads; a converted lead's company becomes its customer id. A lead without an owner is stored
    unassigned (``rep_id`` NULL): it counts for the organisation, in no rep's figures."""
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
    when = f"coalesce({optional_field(text, 'converted_date')}, {optional_field(text, 'modified')})"
    company = optional_field(text, "company")
    cust = _customer_of(con, mapping, text, "company")
    return {
        "leads": output_relation(
            con,
            "leads",
            f"""
        SELECT {src} || rid AS lead_id, {optional_field(text, "owner", "rep_id")} AS rep_id,
               {optional_field(text, "source")} AS source,
               CAST(v_created AS DATE) AS created_date,
               CASE WHEN {converted} THEN 'converted' ELSE coalesce({optional_field(text, "status")}, 'open') END AS status,
               CASE WHEN {converted} THEN CAST({when} AS DATE) END AS converted_date,
               CASE WHEN ({converted}) AND {company} IS NOT NULL THEN {cust} END AS customer_id
        FROM _k""",
        )
    }


def build_accounts(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Accounts, one per normalised name: the latest row of a name wins."""
    rep = "rep_id" if "owner" in text else "NULL"
    sql = f"""SELECT cust_name AS customer_id, arg_max(v_name, file_row) AS name, arg_max({rep}, file_row) AS rep_id,
                     arg_max({optional_field(text, "industry")}, file_row) AS industry,
                     min(CAST({optional_field(text, "created")} AS DATE)) AS created_date
              FROM _k GROUP BY cust_name"""
    return {"customers": output_relation(con, "customers", sql, stored=True)}


def build_calls(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Activities: a call is connected by its result, else by having a duration and not being missed."""
    src = lit(mapping.source + ":")
    kind = f"coalesce({optional_field(text, 'activity_type')}, 'call')"
    duration = f"coalesce({optional_field(text, 'duration')}, 0)"
    result = optional_field(text, "result")
    direction = optional_field(text, "direction")
    connected = (
        f"CASE WHEN {result} IS NOT NULL THEN {result} = 'connected' "
        f"ELSE {duration} > 0 AND coalesce({direction}, '') <> 'missed' END"
    )
    cust = _customer_of(con, mapping, text, "account")
    return {
        "activities": output_relation(
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


def build_orders(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Orders, and the accounts they name."""
    src = lit(mapping.source + ":")
    return {
        "orders": output_relation(
            con,
            "orders",
            f"""
            SELECT {src} || rid AS order_id, cust_account AS customer_id, rep_id,
                   CAST(NULL AS VARCHAR) AS opportunity_id, CAST(v_order_date AS DATE) AS order_date,
                   amount_base AS amount, cur AS currency FROM _k""",
        ),
        "customers": output_relation(
            con,
            "customers",
            _customers_sql("cust_account", "v_account", "rep_id", "v_order_date"),
            stored=True,
        ),
    }
