"""The imports of what drives the KPIs: targets (quotas), costs, surveys and training completions.

Their rows name a period (a month or a quarter), a team, a score: each is read here in SQL, checked by
rules added to the field chain (:func:`add_driver_rules`), keyed by what it is about rather than by a
record id (:func:`key_records`: a re-import of the same target month replaces it), and built into
canonical rows (:data:`BUILDERS`). A quarter is spread evenly over its three months (the cents rounded
off the first two go to the third, so the months sum to the quarter exactly): the warehouse keeps
targets and costs per month, which every period (a week, a month, a quarter, a year) sums.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from salesnb.ingest.dates import date_sql
from salesnb.ingest.identity import slug
from salesnb.ingest.mapping import Mapping, normalise
from salesnb.ingest.sql import lit
from salesnb.ingest.stage.checks import QuarantineRules
from salesnb.ingest.stage.fields import FieldChain, SourceFields, create_lookup, customer_key
from salesnb.ingest.stage.records import optional_field, output_relation
from salesnb.warehouse.schema import TARGET_METRICS

#: Modules whose records are what they are about (a team's month, a rep's module on a day): no id column.
NATURAL_KEYS = {
    "targets": "scope0, scope_id, metric0, CAST(p_start AS VARCHAR), CAST(p_months AS VARCHAR)",
    "costs": "team_ref, CAST(p_start AS VARCHAR), CAST(p_months AS VARCHAR)",
    "training": "rep_id, trim(t_module), CAST(v_completed AS VARCHAR)",
}
#: Each score field's range, and what the quarantine says of a value outside it.
SCORES = {
    "csat": (1, 5, True, "a whole number from 1 to 5"),
    "nps": (0, 10, True, "a whole number from 0 to 10"),
    "score": (0, 100, False, "a number from 0 to 100"),
}
_OK = "NOT is_header AND "
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def period_sql(x: str, mapping: Mapping) -> tuple[str, str]:
    """SQL for the first day (a DATE) and the number of months (1 or 3) of the period text ``x`` names:
    a quarter (``2026-Q1``, ``Q1 2026``, ``2026年第一季度``) or a month (``2026-01``, ``202601``,
    ``2026年1月``, ``01/2026``, ``Jan 2026``, or any date in it, read as :func:`date_sql` reads dates).
    Both are NULL when ``x`` is none of these."""
    s = f"upper(regexp_replace({x}, '\\s+', '', 'g'))"

    def first(pattern: str, groups: tuple[int, int], quarter: bool) -> str:
        y = f"TRY_CAST(regexp_extract({s}, {lit(pattern)}, {groups[0]}) AS INTEGER)"
        raw = f"regexp_extract({s}, {lit(pattern)}, {groups[1]})"
        n = f"coalesce(TRY_CAST({raw} AS INTEGER), {_cn_digit(raw)})"
        month = f"({n} - 1) * 3 + 1" if quarter else n
        top = 4 if quarter else 12
        return f"CASE WHEN {n} BETWEEN 1 AND {top} AND {y} IS NOT NULL THEN make_date({y}, {month}, 1) END"

    quarters = [
        first("^([0-9]{4})[-/_.]?Q([1-4])$", (1, 2), True),
        first("^Q([1-4])[-/_.]?([0-9]{4})$", (2, 1), True),
        first("^([0-9]{4})年第?([1-4一二三四])季度?$", (1, 2), True),
    ]
    names = ", ".join(lit(f) for f in ("%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y", "%Y-%b", "%b%Y"))
    months = [
        first("^([0-9]{4})[-/.]([0-9]{1,2})$", (1, 2), False),
        first("^([0-9]{4})年([0-9]{1,2})月?$", (1, 2), False),
        first("^([0-9]{4})([0-9]{2})$", (1, 2), False),
        first("^([0-9]{1,2})[-/.]([0-9]{4})$", (2, 1), False),
        f"CAST(try_strptime(trim({x}), [{names}]) AS DATE)",
        f"CAST(date_trunc('month', {date_sql(x, mapping)}) AS DATE)",
    ]
    quarter = f"coalesce({', '.join(quarters)})"
    start = f"coalesce({quarter}, {', '.join(months)})"
    count = f"CASE WHEN {quarter} IS NOT NULL THEN 3 WHEN {start} IS NOT NULL THEN 1 END"
    return start, count


def _cn_digit(raw: str) -> str:
    return "CASE " + " ".join(f"WHEN {raw} = {lit(k)} THEN {v}" for k, v in _CN_DIGITS.items()) + " END"


def score_sql(x: str) -> str:
    """SQL for the number a score cell holds: ``4``, ``4.0``, ``85%``, ``9分``, ``4/5`` (NULL otherwise)."""
    pattern = "^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(?:%|分|/\\s*(?:5|10|100))?\\s*$"
    return f"TRY_CAST(NULLIF(regexp_extract({x}, {lit(pattern)}, 1), '') AS DOUBLE)"


def resolve_team(teams: dict[str, str], value: str) -> str | None:
    """The team id a cell names: a team's code, or the name of exactly one team.

    Examples
    --------
    >>> teams = {"sh-field": "Shanghai Field", "bj-online": "北京电销"}
    >>> resolve_team(teams, "SH-Field"), resolve_team(teams, " shanghai  field"), resolve_team(teams, "北京电销")
    ('sh-field', 'sh-field', 'bj-online')
    >>> resolve_team(teams, "Guangzhou") is None
    True
    """
    text = normalise(value)
    if text in {normalise(t) for t in teams}:
        return next(t for t in teams if normalise(t) == text)
    named = [t for t, n in teams.items() if normalise(n) == text]
    if len(named) == 1:
        return named[0]
    return slug(value) if not named and slug(value) in teams else None


def add_driver_rules(
    con: duckdb.DuckDBPyConnection,
    chain: FieldChain,
    q: QuarantineRules,
    mapping: Mapping,
    fields: SourceFields,
    currency: str,
) -> None:
    """The columns and quarantine rules of a targets, costs, surveys or training file (others: nothing)."""
    module, text, label = mapping.module, fields.text, fields.label
    if module not in ("targets", "costs", "surveys", "training"):
        return
    extra = []
    if "period" in text:
        start, count = period_sql("v_period", mapping)
        extra += [f"{start} AS p_start", f"{count} AS p_months"]
    for name in SCORES:
        if name in text:
            extra.append(f"{score_sql(f'v_{name}')} AS n_{name}")
    if "team" in text:
        teams = dict(con.execute("SELECT team_id, name FROM teams").fetchall())
        create_lookup(con, "_lk_team_ref", text["team"], lambda v: resolve_team(teams, v))
        extra.append("(SELECT val FROM _lk_team_ref WHERE raw = t_team) AS team_ref")
    chain.execute(f"CREATE OR REPLACE TEMP TABLE _f AS SELECT *, {', '.join(extra)} FROM _f")
    if "period" in text:
        q.add(
            f"{_OK}v_period IS NOT NULL AND (p_start IS NULL OR year(p_start) NOT BETWEEN 1990 AND 2100)",
            label["period"],
            "v_period",
            "unreadable_period",
            lit(
                f"cannot read {label['period']} as a month or quarter in 1990–2100 (2026-01, 2026-Q1, 2026年1月)"
            ),
        )
    for name, (low, high, whole, wanted) in SCORES.items():
        if name in text:
            bad = f"n_{name} IS NULL OR n_{name} NOT BETWEEN {low} AND {high}"
            bad += f" OR n_{name} <> floor(n_{name})" if whole else ""
            q.add(
                f"{_OK}v_{name} IS NOT NULL AND ({bad})",
                label[name],
                f"v_{name}",
                "unreadable_score",
                lit(f"{label[name]} must be {wanted}"),
            )
    if "team" in text:
        q.add(
            f"{_OK}t_team IS NOT NULL AND team_ref IS NULL",
            label["team"],
            "t_team",
            "unknown_team",
            lit("'") + " || t_team || " + lit(f"' ({label['team']}) is not a team: import the roster first"),
        )
    _MODULE_RULES[module](chain, q, mapping, fields, currency)


def _target_rules(
    chain: FieldChain, q: QuarantineRules, mapping: Mapping, fields: SourceFields, currency: str
) -> None:
    text, label = fields.text, fields.label
    owner, team = optional_field(text, "owner", "t_owner"), optional_field(text, "team", "t_team")
    chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT *,
        CASE scope0 WHEN 'rep' THEN {optional_field(text, "owner", "rep_id")} WHEN 'team' THEN {optional_field(text, "team", "team_ref")} END AS scope_id FROM (
        SELECT *, coalesce({optional_field(text, "scope")}, CASE WHEN {owner} IS NOT NULL THEN 'rep'
                           WHEN {team} IS NOT NULL THEN 'team' END) AS scope0,
                  coalesce({optional_field(text, "metric")}, 'revenue') AS metric0 FROM _f)""")
    who = f"{label.get('owner', 'rep')} / {label.get('team', 'team')}"
    q.add(f"{_OK}scope0 IS NULL", who, "''", "no_scope", lit("the row names neither a rep nor a team"))
    q.add(
        f"{_OK}scope0 = 'rep' AND {owner} IS NULL",
        label.get("scope", "scope"),
        "scope0",
        "no_rep",
        lit(f"a rep's target without a rep: {label.get('owner', 'the rep column')} is empty"),
    )
    q.add(
        f"{_OK}scope0 = 'team' AND {team} IS NULL",
        label.get("scope", "scope"),
        "scope0",
        "no_team",
        lit(f"a team's target without a team: {label.get('team', 'the team column')} is empty"),
    )
    money = " OR ".join(f"metric0 = {lit(m)}" for m, unit in TARGET_METRICS.items() if unit == "currency")
    _convert(chain, q, mapping, fields, currency, ["target"], f"({money})")


def _cost_rules(
    chain: FieldChain, q: QuarantineRules, mapping: Mapping, fields: SourceFields, currency: str
) -> None:
    given = [n for n in ("sales_cost", "marketing_cost") if n in fields.text]
    empty = " AND ".join(f"t_{n} IS NULL" for n in given) or "true"
    q.add(
        f"{_OK}{empty}",
        ", ".join(fields.label[n] for n in given) or "sales_cost, marketing_cost",
        "''",
        "no_cost",
        lit("the row has neither a sales cost nor a marketing cost"),
    )
    _convert(chain, q, mapping, fields, currency, given, "true")


def _survey_rules(
    chain: FieldChain, q: QuarantineRules, mapping: Mapping, fields: SourceFields, currency: str
) -> None:
    given = [n for n in ("csat", "nps") if n in fields.text]
    empty = " AND ".join(f"t_{n} IS NULL" for n in given) or "true"
    q.add(f"{_OK}{empty}", "csat, nps", "''", "no_score", lit("the response has neither a CSAT nor an NPS"))


def _convert(
    chain: FieldChain,
    q: QuarantineRules,
    mapping: Mapping,
    fields: SourceFields,
    currency: str,
    names: list[str],
    is_money: str,
) -> None:
    """``base_<name>``: each amount in the organisation's ``currency`` (where ``is_money``; a count is
    kept as it is), quarantining a money amount whose currency has no rate."""
    rates = {currency: 1.0, **mapping.fx_rates}
    values = ", ".join(f"({lit(k)}, {float(v)!r})" for k, v in rates.items())
    named = "named_currency" if names else "NULL"
    cur = f"coalesce({named}, upper({optional_field(fields.text, 'currency', 't_currency')}), {lit(mapping.currency)})"
    bases = "".join(
        f", CASE WHEN {is_money} THEN round(amount_{n} * fx.rate, 2) ELSE amount_{n} END AS base_{n}"
        for n in names
    )
    chain.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT f.*, fx.rate AS fx_rate{bases}
        FROM (SELECT *, {cur} AS cur FROM _f) f LEFT JOIN (VALUES {values}) fx(code, rate) ON fx.code = f.cur""")
    for n in names:
        q.add(
            f"{_OK}amount_{n} IS NOT NULL AND fx_rate IS NULL AND {is_money}",
            fields.label[n],
            "cur",
            "no_fx_rate",
            lit(f"no exchange rate to {currency}: add fx_rates to the mapping or --fx-rate"),
        )


_Rules = Callable[[FieldChain, QuarantineRules, Mapping, SourceFields, str], None]
_MODULE_RULES: dict[str, _Rules] = {
    "targets": _target_rules,
    "costs": _cost_rules,
    "surveys": _survey_rules,
    "training": lambda *_: None,
}


def key_records(chain: FieldChain, mapping: Mapping) -> list[str]:
    """Column ``rid`` of a module in :data:`NATURAL_KEYS`: the record is what the row is about, so a
    second row (or a re-import) about the same target month, team month or completion replaces it."""
    chain.execute(
        "CREATE OR REPLACE TEMP TABLE _f AS SELECT *, "
        f"md5(concat_ws(chr(31), {NATURAL_KEYS[mapping.module]}))[1:16] AS rid FROM _f"
    )
    return []


def quarantine_overlaps(con: duckdb.DuckDBPyConnection, mapping: Mapping, fields: SourceFields) -> None:
    """A quarter and a month of it (or two quarters' rows) for the same target or team: the later row wins,
    the earlier is quarantined, so no month is counted twice."""
    if mapping.module not in ("targets", "costs"):
        return
    who = "scope0, scope_id, metric0" if mapping.module == "targets" else "team_ref"
    con.execute(f"""INSERT INTO _q
        WITH m AS (SELECT file_row, who, CAST(date_add(p_start, to_months(CAST(i AS INTEGER))) AS DATE) AS month
                   FROM (SELECT file_row, p_start, {who.replace(", ", " || chr(31) || ")} AS who,
                                unnest(range(CAST(p_months AS BIGINT))) AS i
                         FROM _f WHERE NOT failed AND file_row NOT IN (SELECT file_row FROM _q))),
             later AS (SELECT a.file_row, max(b.file_row) AS last_row, min(a.month) AS month FROM m a
                       JOIN m b ON a.who = b.who AND a.month = b.month AND b.file_row > a.file_row GROUP BY a.file_row)
        SELECT file_row, {lit(fields.label["period"])}, strftime(month, '%Y-%m'), 'overlapping_period',
               'the same month appears again at row ' || last_row || ' (the later row is kept)' FROM later""")


def build_targets(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Targets per month; a quarter's are spread evenly (the last month takes the rounding)."""
    return {
        "targets": output_relation(
            con, "targets", _spread("scope0 AS scope, scope_id, metric0 AS metric", {"target": "target"})
        )
    }


def build_costs(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Costs per team and month; a cost the file has no column for keeps its stored value (0 if none)."""
    spread = _spread("team_ref AS team_id", {n: n for n in ("sales_cost", "marketing_cost") if n in text})
    kept = ", ".join(
        f"coalesce(i.{n}, c.{n}, 0) AS {n}" if n in text else f"coalesce(c.{n}, 0) AS {n}"
        for n in ("sales_cost", "marketing_cost")
    )
    sql = f"""SELECT i.team_id, i.month, {kept}, i.file_row
              FROM ({spread}) i LEFT JOIN costs c ON c.team_id = i.team_id AND c.month = i.month"""
    return {"costs": output_relation(con, "costs", sql, stored=True)}


def _spread(keys: str, values: dict[str, str]) -> str:
    """SQL of the rows of ``_k`` per month of their period; each value's share of a quarter in cents."""
    shares = ", ".join(
        f"CASE WHEN i < p_months - 1 THEN round(base_{n} / p_months, 2) "
        f"ELSE base_{n} - (p_months - 1) * round(base_{n} / p_months, 2) END AS {out}"
        for n, out in values.items()
    )
    return f"""SELECT {keys}, CAST(date_add(p_start, to_months(CAST(i AS INTEGER))) AS DATE) AS month{", " if shares else ""}{shares},
                      file_row
               FROM (SELECT *, unnest(range(CAST(p_months AS BIGINT))) AS i FROM _k)"""


def build_surveys(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Survey responses, each naming its rep and, when the file has an account column, its customer."""
    src = lit(mapping.source + ":")
    cust = "NULL"
    if "account" in text:
        create_lookup(con, "_lk_cust_survey", text["account"], lambda v: customer_key(mapping.source, v))
        cust = "(SELECT val FROM _lk_cust_survey WHERE raw = _k.v_account)"
    sql = f"""SELECT {src} || rid AS survey_id, rep_id, {cust} AS customer_id, CAST(v_date AS DATE) AS survey_date,
                     CAST({optional_field(text, "csat", "n_csat")} AS INTEGER) AS csat,
                     CAST({optional_field(text, "nps", "n_nps")} AS INTEGER) AS nps FROM _k"""
    return {"surveys": output_relation(con, "surveys", sql)}


def build_training(con: duckdb.DuckDBPyConnection, mapping: Mapping, text: dict[str, str]) -> dict[str, str]:
    """Training completions: a rep, a module id (as written), a day and an optional score."""
    sql = f"""SELECT rep_id, trim(v_module) AS module_id, CAST(v_completed AS DATE) AS completed_date,
                     {optional_field(text, "score", "n_score")} AS score FROM _k"""
    return {"training_completions": output_relation(con, "training_completions", sql)}


BUILDERS: dict[str, Callable[[duckdb.DuckDBPyConnection, Mapping, dict[str, str]], dict[str, str]]] = {
    "targets": build_targets,
    "costs": build_costs,
    "surveys": build_surveys,
    "training": build_training,
}
