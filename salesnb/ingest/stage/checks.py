"""The checks an export's rows must pass, each a quarantine rule in SQL over the field table.

A row that fails any rule is quarantined with one line per failure: the column, the value, the rule and
a reason a person can act on. Some rules need columns derived first (an amount in the organisation's
currency, a deal's final status, the record id): the functions here add those steps to the field chain.
"""

from __future__ import annotations

from salesnb.ingest.dates import DATE_FORMS
from salesnb.ingest.identity import AMBIGUOUS, RESERVED_IDS
from salesnb.ingest.mapping import Mapping
from salesnb.ingest.modules import Field
from salesnb.ingest.money import OUT_OF_RANGE_REASON, out_of_range_sql
from salesnb.ingest.numbers import EXAMPLE, Convention, amount_columns
from salesnb.ingest.sql import lit
from salesnb.ingest.stage.fields import FieldChain, SourceFields
from salesnb.ingest.staging import Staged

#: A row that is a copy of the header is quarantined, and is no record: rules on fields skip it.
_NOT_HEADER = "NOT is_header AND "


class QuarantineRules:
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


def collect_rules(
    chain: FieldChain, st: Staged, mapping: Mapping, fields: SourceFields, currency: str
) -> QuarantineRules:
    """Every rule the rows of ``st`` must pass, in the order the quarantine lists them (the record id's
    rule comes after, from :func:`add_record_ids`)."""
    q = QuarantineRules()
    add_row_rules(q, st)
    for name, fld in fields.spec.items():
        if name in fields.text:
            add_field_rules(q, chain, mapping, fields, fld)
    if "owner" in fields.text and mapping.module != "roster":
        add_owner_rules(q, fields.label["owner"])
    if "amount" in fields.text:  # other modules' amounts (targets, costs) convert in stage.drivers
        add_currency_rules(q, chain, mapping, currency, fields)
    if mapping.module == "roster":
        add_roster_rules(q, fields)
    add_module_rules(q, chain, mapping, fields)
    return q


def add_row_rules(q: QuarantineRules, st: Staged) -> None:
    """Cells past the last named column, and the header row repeated inside the data."""
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


def add_field_rules(
    q: QuarantineRules, chain: FieldChain, mapping: Mapping, fields: SourceFields, fld: Field
) -> None:
    """The rules of one field's kind (an amount first gets its number columns), and of a required one."""
    name, ok = fld.name, _NOT_HEADER
    t, v, lab = f"t_{name}", f"v_{name}", fields.label[name]
    if fld.kind == "amount":
        conv = fields.conventions[name]
        amount_columns(chain, name, conv)
        _add_amount_rules(q, name, lab, conv)
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
        _add_choice_rules(q, mapping, fld, lab)
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


def _add_amount_rules(q: QuarantineRules, name: str, lab: str, conv: Convention) -> None:
    ok, t = _NOT_HEADER, f"t_{name}"
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


def _add_choice_rules(q: QuarantineRules, mapping: Mapping, fld: Field, lab: str) -> None:
    ok, name = _NOT_HEADER, fld.name
    t, v = f"t_{name}", f"v_{name}"
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


def add_owner_rules(q: QuarantineRules, lab: str) -> None:
    """An owner who is several people of the roster, or nobody in it."""
    ok = _NOT_HEADER
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


def add_currency_rules(
    q: QuarantineRules, chain: FieldChain, mapping: Mapping, currency: str, fields: SourceFields
) -> None:
    """The amount in the organisation's ``currency`` (``amount_base``), and the rules it must pass."""
    _convert_currency(chain, mapping, currency, fields.text)
    ok, lab = _NOT_HEADER, fields.label["amount"]
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


def _convert_currency(chain: FieldChain, mapping: Mapping, currency: str, text: dict[str, str]) -> None:
    rates = {currency: 1.0, **mapping.fx_rates}
    values = ", ".join(f"({lit(k)}, {float(v)!r})" for k, v in rates.items())
    column = "upper(t_currency)" if "currency" in text else "NULL"
    chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS
        SELECT f.*, fx.rate AS fx_rate, round(f.amount_amount * fx.rate, 2) AS amount_base FROM (
            SELECT *, coalesce(named_currency, {column}, {lit(mapping.currency)}) AS cur FROM _f) f
        LEFT JOIN (VALUES {values}) fx(code, rate) ON fx.code = f.cur""")


def add_roster_rules(q: QuarantineRules, fields: SourceFields) -> None:
    """A person the roster row could be several of, and a team code the reports keep for themselves."""
    ok = _NOT_HEADER
    q.add(
        f"{ok}starts_with(ident, {lit(AMBIGUOUS)})",
        fields.label["name"],
        "t_name",
        "ambiguous_identity",
        "substr(ident, 2)",
    )
    if "team_id" in fields.text:
        q.add(
            f"{ok}trim(regexp_replace(lower(t_team_id), '[^a-z0-9]+', '-', 'g'), '-') "
            f"IN ({', '.join(map(lit, sorted(RESERVED_IDS)))})",
            fields.label["team_id"],
            "t_team_id",
            "reserved_id",
            lit("the reports use this id for themselves: give the team another code"),
        )


def add_module_rules(q: QuarantineRules, chain: FieldChain, mapping: Mapping, fields: SourceFields) -> None:
    """Rules of one module's records: a deal's status, its final stage and its dates agree."""
    text, label = fields.text, fields.label
    if mapping.module == "deals":
        has_status = "status" in text
        status_col = "v_status" if has_status else "NULL"
        chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT *,
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
        _add_deal_date_rules(q, chain, mapping, fields)


def add_record_ids(
    chain: FieldChain, mapping: Mapping, st: Staged, fields: SourceFields, q: QuarantineRules
) -> list[str]:
    """Column ``rid``: the record's id in its source. Zoho's UI exports prefix the API id with ``zcrm_``
    (any case): the prefix goes, so both exports store the same record under the same id. Returns the
    notes on how records without an id column are identified."""
    text = fields.text
    if "record_id" in text:
        chain.execute(
            "CREATE OR REPLACE TEMP TABLE _f AS SELECT *, CASE WHEN lower(t_record_id[1:5]) = 'zcrm_' "
            "THEN NULLIF(trim(t_record_id[6:]), '') ELSE t_record_id END AS rid FROM _f"
        )
        lab = fields.label["record_id"]
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
        chain.execute(
            f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, md5(concat_ws(chr(31), {parts}))[1:16] AS rid FROM _f"
        )
        return [f"no record id column: records identified by {', '.join(mapping.id_from)}"]
    everything = ", ".join(f"coalesce(r.{c}, '')" for c in st.columns)
    chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT f.*, md5(concat_ws(chr(31), {everything}))[1:16] AS rid
                    FROM _f f JOIN _rows r USING (file_row)""")
    return (
        [] if mapping.module == "roster" else ["no record id column: records identified by their whole row"]
    )


def _add_deal_date_rules(
    q: QuarantineRules, chain: FieldChain, mapping: Mapping, fields: SourceFields
) -> None:
    """A deal's created day (column ``created0``: its own, else that of the lead it names) and close day:
    a deal is placed in time by both, so a closed deal without a close day, or a deal with no created day
    of its own or from its lead, cannot be stored; an open deal may lack its expected close."""
    text, label = fields.text, fields.label
    created = "v_created" if "created" in text else "CAST(NULL AS TIMESTAMP)"
    close = "v_close_date" if "close_date" in text else "CAST(NULL AS TIMESTAMP)"
    # an empty close day (a cell that cannot be read as one is the date rules' to report)
    no_close = "t_close_date IS NULL" if "close_date" in text else "true"
    if "lead_id" in text:
        # the lead as stored by an earlier import of the same source (leads are imported before deals)
        chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS
            SELECT f.*, coalesce({"f." + created if "created" in text else "NULL"},
                                 CAST(l.created_date AS TIMESTAMP)) AS created0,
                   l.lead_id IS NOT NULL AS lead_known
            FROM _f f LEFT JOIN leads l ON l.lead_id = {lit(mapping.source + ":")} || f.t_lead_id""")
    else:
        chain.execute(f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, {created} AS created0 FROM _f")
    close_label = label.get("close_date", "close_date")
    q.add(
        f"{_NOT_HEADER}{no_close} AND status0 IN ('won', 'lost')",
        close_label,
        "''",
        "missing_close_date",
        lit(f"the deal is won or lost but {close_label} is empty: a closed deal needs the day it closed"),
    )
    lead = " or of a stored lead named in " + label["lead_id"] if "lead_id" in text else ""
    q.add(
        f"{_NOT_HEADER}created0 IS NULL",
        label.get("created", "created"),
        "t_lead_id" if "lead_id" in text else "''",
        "missing_created",
        lit(f"the deal has no created date of its own{lead} (import the leads first)"),
    )
    q.add(
        f"{_NOT_HEADER}{close} IS NOT NULL AND created0 IS NOT NULL AND "
        f"{close} < CAST(created0 AS DATE) AND status0 IN ('won', 'lost')",
        close_label,
        "t_close_date" if "close_date" in text else "''",
        "closed_before_created",
        lit(
            "the deal closes before it was created"
            + (" (or, with no created day, before its lead)" if lead else "")
        ),
    )
