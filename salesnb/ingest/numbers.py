"""Amounts as exports write them, and the decimal convention of each amount column, decided from the file.

An amount is an optional sign, currency sign (``¥``, ``$``, ``€``, …), number, unit (``万``, ``k``, …) and
currency code or sign after it (``EUR``, ``元``, ``€``). The number's decimal separator is a point or a comma;
thousands are grouped in threes by the other one, a space (also no-break) or an apostrophe, or not grouped
(``1,234.56``, ``1.234,56``, ``1 234,56``, ``1'234.56``, ``1234.56``; Indian ``12,34,567.00`` too).

Many values show their convention by themselves: ``1.234,56`` (both separators: the last is the decimal
one), ``1.234.567`` (a repeated separator groups), ``1 234,5`` (a space groups, so the comma is decimal),
``20,5`` or ``12000.00`` (not a group of three). ``20.000`` or ``1,200`` do not: 20 or 20,000? The column
decides, from all its values (:func:`column_convention`): the convention most of them show is the
column's, every value is read with it, and one that does not read with it is quarantined
(``unreadable_amount``). A column where nothing shows the convention (or as many values show each) reads the
values that show their own, and quarantines the others as ``ambiguous_number``: never a guess. A mapping
states the convention with ``numbers: {decimal: ","}`` (or ``"."``), which then applies to every value.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from salesnb.ingest.sql import lit

_SPACE = "[\\s\u00a0\u202f]*"  # RE2's \s has no no-break spaces, which French and Swiss exports write
_NUM = "[0-9][0-9.,' \u00a0\u202f\u2019]*[0-9]|[0-9]|[.,][0-9]+"
SIGNS = {"¥": "CNY", "￥": "CNY", "$": "USD", "€": "EUR", "£": "GBP", "HK$": "HKD", "US$": "USD"}
WORDS = {"元": "CNY", "人民币": "CNY", "RMB": "CNY"}  # compared upper-cased
AMOUNT = (
    f"^{_SPACE}(-)?{_SPACE}(HK\\$|US\\$|[¥￥$€£])?{_SPACE}({_NUM}){_SPACE}(万|亿|千|k|K|m|M)?{_SPACE}"
    f"([A-Za-z]{{3}}|元|人民币|[¥￥$€£])?{_SPACE}$"
)
PARTS = "['sign', 'pre', 'num', 'unit', 'post']"
_GROUPS = {",": ",", ".": "\\.", " ": " ", "\u00a0": "\u00a0", "\u202f": "\u202f", "'": "'", "’": "’"}


def _valid(decimal: str) -> str:
    """RE2 pattern of a number written with ``decimal`` as its decimal separator."""
    ints = ["[0-9]+"]
    ints += [f"[0-9]{{1,3}}(?:{g}[0-9]{{3}})+" for c, g in _GROUPS.items() if c != decimal]
    if decimal == ".":
        ints.append("[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}")  # Indian lakh grouping
    d = "\\." if decimal == "." else ","
    return f"(?:{'|'.join(ints)})(?:{d}[0-9]+)?|{d}[0-9]+"


VALID = {".": _valid("."), ",": _valid(",")}
_GROUP_ONLY = lit("[ \u00a0\u202f'’]")  # separators that only ever group
EXAMPLE = {".": "1,234.56", ",": "1.234,56"}


def evidence_sql(n: str) -> str:
    """SQL for the decimal separator number text ``n`` shows by itself: ``'.'`` or ``','``; ``''`` when it
    has neither (nothing to decide); NULL when it could be either (``20.000``, ``1,200``)."""
    return f"""CASE WHEN NOT regexp_matches({n}, '[.,]') THEN ''
        WHEN contains({n}, '.') AND contains({n}, ',') THEN regexp_extract({n}, '([.,])[^.,]*$', 1)
        WHEN regexp_matches({n}, {_GROUP_ONLY}) THEN regexp_extract({n}, '[.,]')
        WHEN regexp_matches({n}, '[.,][^.,]*[.,]') THEN CASE WHEN contains({n}, '.') THEN ',' ELSE '.' END
        WHEN regexp_full_match({n}, '[1-9][0-9]{{0,2}}[.,][0-9]{{3}}') THEN NULL
        ELSE regexp_extract({n}, '[.,]') END"""


#: The share of the values showing a convention that must agree for it to be the column's.
AGREEMENT = 0.9


@dataclass(frozen=True)
class Convention:
    """How one amount column writes its numbers: ``decimal`` is ``'.'``, ``','`` or None (undecided)."""

    decimal: str | None
    stated: bool = False  # the mapping says so
    point: int = 0  # values (rows) that show a decimal point
    comma: int = 0  # … a decimal comma
    ambiguous: int = 0  # … that could be either
    separators: int = 0  # values with a point or a comma at all
    example: str | None = None  # a value that shows the column's convention
    unclear: str | None = None  # a value that could be either

    def note(self, label: str) -> str | None:
        """What the import output says about the column, when it is worth saying."""
        if self.stated:
            return None
        fix = "state numbers: {decimal: ','} or {decimal: '.'} in a mapping"
        if self.decimal is None and self.point and self.comma:
            return (
                f"{label}: {self.point} value(s) show a decimal point and {self.comma} a decimal "
                f"comma: every amount with a point or a comma is quarantined (ambiguous_number); {fix}"
            )
        if self.decimal is None:
            return (
                f"{label}: {self.ambiguous} value(s) such as {self.unclear!r} could use either "
                "decimal separator and nothing else in the column tells: quarantined (ambiguous_number); "
                + fix
                if self.ambiguous
                else None
            )
        other = self.comma if self.decimal == "." else self.point
        if self.decimal == "," or other:
            name = "point" if self.decimal == "." else "comma"
            against = f"; {other} value(s) written the other way are quarantined" if other else ""
            return (
                f"{label}: read with a decimal {name} ({EXAMPLE[self.decimal]}), as "
                f"{max(self.point, self.comma)} value(s) show, e.g. {self.example!r}{against}"
            )
        return None


def _plain(x: str) -> str:
    """SQL true when ``x`` is a number DuckDB's cast reads and no pattern is needed (Zoho's 12000.00)."""
    return (
        f"coalesce(isfinite(TRY_CAST({x} AS DOUBLE)), false) AND NOT ({x} LIKE '%e%' OR {x} LIKE '%E%' "
        f"OR contains({x}, '_'))"
    )


def column_convention(con: duckdb.DuckDBPyConnection, x: str, stated: str | None) -> Convention:
    """The convention of the amounts in text expression ``x`` over the staged rows ``_rows``: the one that
    at least :data:`AGREEMENT` of the values showing one show (None when none does).

    A plain number (``12000.00``: digits and at most a point) shows a point unless it looks like a group
    of three (``20.000``), which string functions tell; the others are grouped by shape first (digits 1-9
    written as 9: ``¥1,234.56`` is ``¥9,999.99``), which keeps all that decides the convention, so the
    patterns run on a few dozen shapes, not on every value.
    """
    if stated:
        return Convention(stated, stated=True)
    bare = "ltrim(x, '+-')"
    plain_ev = (
        "CASE WHEN NOT contains(x, '.') THEN '' "
        f"WHEN length(x) - strpos(x, '.') = 3 AND strpos({bare}, '.') BETWEEN 2 AND 4 "
        f"AND {bare}[1] <> '0' THEN NULL ELSE '.' END"
    )
    n = f"regexp_extract(shape, {lit(AMOUNT)}, 3)"
    point, comma, ambiguous, total, ex_point, ex_comma, unclear = con.execute(f"""
        WITH v AS (SELECT x, {_plain("x")} AS plain FROM (SELECT {x} AS x FROM _rows))
        SELECT sum(point), sum(comma), sum(amb), sum(total), min(ex_point), min(ex_comma), min(unclear) FROM (
            SELECT count_if(ev = '.') AS point, 0 AS comma, count_if(ev IS NULL) AS amb,
                   count_if(ev IS DISTINCT FROM '') AS total, min(CASE WHEN ev = '.' THEN x END) AS ex_point,
                   NULL AS ex_comma, min(CASE WHEN ev IS NULL THEN x END) AS unclear
            FROM (SELECT x, {plain_ev} AS ev FROM v WHERE plain)
            UNION ALL
            SELECT sum(CASE WHEN ev = '.' AND regexp_full_match(n, {lit(VALID["."])}) THEN k END),
                   sum(CASE WHEN ev = ',' AND regexp_full_match(n, {lit(VALID[","])}) THEN k END),
                   sum(CASE WHEN ev IS NULL THEN k END), sum(k),
                   min(CASE WHEN ev = '.' THEN x END), min(CASE WHEN ev = ',' THEN x END),
                   min(CASE WHEN ev IS NULL THEN x END)
            FROM (SELECT x, k, n, {evidence_sql("n")} AS ev FROM (
                      SELECT x, k, {n} AS n FROM (
                          SELECT translate(x, '12345678', '99999999') AS shape, count(*) AS k, min(x) AS x
                          FROM v WHERE NOT plain AND x IS NOT NULL GROUP BY shape)
                      WHERE regexp_matches(shape, '[.,]'))))
        """).fetchone()
    point, comma, ambiguous = (
        int(point or 0),
        int(comma or 0),
        int(ambiguous or 0),
    )  # a sum of no rows is NULL
    decimal = None
    if point + comma:
        decimal = (
            "."
            if point >= AGREEMENT * (point + comma)
            else ","
            if comma >= AGREEMENT * (point + comma)
            else None
        )
    example = ex_point if decimal == "." else ex_comma if decimal == "," else None
    return Convention(decimal, False, point, comma, ambiguous, int(total or 0), example, unclear)


def _read(n: str, decimal: str) -> str:
    """SQL for number text ``n`` written with ``decimal`` (NULL when it is not such a number)."""
    keep = "[^0-9.]" if decimal == "." else "[^0-9,]"
    digits = f"regexp_replace({n}, '{keep}', '', 'g')"
    if decimal == ",":
        digits = f"replace({digits}, ',', '.')"
    return f"CASE WHEN regexp_full_match({n}, {lit(VALID[decimal])}) THEN TRY_CAST({digits} AS DOUBLE) END"


def number_sql(n: str, conv: Convention) -> tuple[str, str]:
    """SQL for the value of number text ``n`` under ``conv``, and SQL true when it stays ambiguous: with no
    convention, a number with a point or a comma that reads either way (one that reads neither way is
    unreadable; one with neither separator reads the same either way)."""
    if conv.decimal:
        return _read(n, conv.decimal), "false"
    either = f"regexp_full_match({n}, {lit(VALID['.'])}) OR regexp_full_match({n}, {lit(VALID[','])})"
    plain = f"CASE WHEN NOT regexp_matches({n}, '[.,]') THEN {_read(n, '.')} END"
    return plain, f"(regexp_matches({n}, '[.,]') AND ({either}))"


def amount_struct_sql(x: str, conv: Convention) -> str:
    """What the field table holds for an amount in text ``x`` before :func:`amount_columns`: the parts of
    the cell, or NULL for a plain number that a cast reads (Zoho writes 12000.00), which costs no pattern."""
    s = f"regexp_extract({x}, {lit(AMOUNT)}, {PARTS})"
    if conv.decimal == "," or (conv.decimal is None and conv.separators):
        return s  # a point may be a thousands separator here: every value goes through the pattern
    plain = _plain(x)  # DuckDB's cast also reads 1_000, 1e5 and inf, which are not amounts an export writes
    return f"CASE WHEN {plain} THEN NULL ELSE {s} END"


def amount_columns(con, name: str, conv: Convention) -> None:
    """Turn field ``v_<name>`` (the struct of :func:`amount_struct_sql`) into ``amount_<name>``, the
    currency the cell names (``named_currency``) and ``ambiguous_<name>``; ``con`` is the field chain."""
    units = (
        "CASE s.unit WHEN '万' THEN 1e4 WHEN '亿' THEN 1e8 WHEN '千' THEN 1e3 WHEN 'k' THEN 1e3 "
        "WHEN 'K' THEN 1e3 WHEN 'm' THEN 1e6 WHEN 'M' THEN 1e6 ELSE 1 END"
    )
    signs = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in SIGNS.items())
    words = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in WORDS.items())
    value, ambiguous = number_sql("s.num", conv)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _f AS SELECT * EXCLUDE (v_{name}), v_{name} AS s FROM _f")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _f AS SELECT * EXCLUDE (s),
        CASE WHEN s IS NULL THEN TRY_CAST(t_{name} AS DOUBLE)
             ELSE ({value}) * ({units}) * (CASE WHEN s.sign = '-' THEN -1 ELSE 1 END) END AS amount_{name},
        coalesce(s IS NOT NULL AND {ambiguous}, false) AS ambiguous_{name},
        CASE WHEN s.pre <> '' THEN (CASE s.pre {signs} END)
             WHEN s.post <> '' THEN coalesce(CASE s.post {signs} END, CASE upper(s.post) {words} END,
                                             upper(s.post)) END AS named_currency
        FROM _f""")
