"""Dates in exports: the forms read, the SQL that reads them, and the checks of a mapping's ``dates``."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

import duckdb

from salesnb.errors import ParameterError
from salesnb.ingest.sql import lit

if TYPE_CHECKING:
    from salesnb.ingest.mapping import Mapping

DATE_FORMS = (
    "YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, DD/MM/YYYY or MM/DD/YYYY (set dates.dayfirst), an Excel serial"
)

#: Where times with a UTC offset (and epoch milliseconds) are converted to, unless dates.timezone says.
DEFAULT_TIMEZONE = "Asia/Shanghai"


def _zones() -> list[str]:
    """The time zone names DuckDB (which converts the times) knows."""
    with duckdb.connect() as con:
        return [r[0] for r in con.execute("SELECT name FROM pg_timezone_names()").fetchall()]


def check_timezone(value: Any, where: str) -> str | None:
    """A mapping's ``dates.timezone``: an IANA name DuckDB knows (``None`` when not set)."""
    if value is None:
        return None
    zones = _zones()
    if isinstance(value, str):
        exact = {z.casefold(): z for z in zones}
        if value.strip().casefold() in exact:
            return exact[value.strip().casefold()]
    close = difflib.get_close_matches(str(value), zones, n=3)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise ParameterError(
        f"{where}: unknown time zone {value!r}: use an IANA name such as Asia/Shanghai or Europe/Berlin{hint}"
    )


def check_date_formats(value: Any, where: str) -> list[str]:
    """A mapping's ``dates.formats``: strptime patterns DuckDB accepts, each with a %-directive."""
    if value is None:
        return []
    formats = value if isinstance(value, list) else [value]
    out = []
    with duckdb.connect() as con:
        for fmt in formats:
            problem = ""
            if not isinstance(fmt, str) or "%" not in fmt:
                problem = "is not a pattern with %-directives"
            else:
                try:
                    con.execute(f"SELECT try_strptime('2024-01-31', {lit(fmt)})").fetchall()
                except duckdb.Error as exc:
                    problem = (
                        "is not a valid pattern (" + str(exc).split(":", 1)[-1].strip().split("\n")[0] + ")"
                    )
            if problem:
                raise ParameterError(
                    f"{where}: {fmt!r} {problem}: use strptime patterns such as '%d.%m.%Y' "
                    "or '%Y-%m-%d %H:%M'"
                )
            out.append(fmt)
    return out


def date_sql(x: str, mapping: Mapping) -> str:
    """SQL for the timestamp that text expression ``x`` holds (NULL when it reads as none of the forms)."""
    user = ", ".join(lit(f) for f in mapping.date_formats)
    day = ["%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y", "%d-%m-%Y"]
    month = ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p"]
    slash = (day + month) if mapping.dayfirst else (month + day)
    formats = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%Y-%m-%d %H:%M:%S.%f",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y/%m/%d",
        "%Y年%m月%d日",
        "%Y年%m月%d日 %H:%M",
        "%Y年%m月%d日 %H:%M:%S",
        "%Y年%m月%d日%H:%M",
        *slash,
    ]
    plain = "[" + ", ".join(lit(f) for f in formats) + "]"
    clock = "([0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)"
    zone = "\\s*([+-][0-9]{2}:?[0-9]{2}|Z)$"
    iso = f"replace(regexp_replace({x}, '{clock}{zone}', '\\1'), 'T', ' ')"
    offset = f"regexp_matches({x}, '^[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}[T ]{clock}{zone}')"
    aware = f"replace(regexp_replace(replace({x}, 'T', ' '), '\\s*Z$', '+00:00'), ' +', '+')"
    # a time with a UTC offset is converted to the organisation's local time (dates.timezone)
    tz = mapping.timezone or DEFAULT_TIMEZONE
    with_tz = (
        f"CASE WHEN {offset} THEN timezone({lit(tz)}, try_strptime(regexp_replace({aware}, ' -', '-'), "
        f"['%Y-%m-%d %H:%M:%S%z', '%Y-%m-%d %H:%M%z', '%Y-%m-%d %H:%M:%S.%f%z'])) END"
    )
    serial = (
        f"CASE WHEN regexp_full_match({x}, '[0-9]{{5}}(\\.[0-9]+)?') AND TRY_CAST({x} AS DOUBLE) "
        f"BETWEEN 20000 AND 80000 THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST({x} "
        f"AS DOUBLE) * 86400000000) AS BIGINT)) END"
    )
    epoch = (
        f"CASE WHEN regexp_full_match({x}, '[0-9]{{13}}') THEN timezone({lit(tz)}, "
        f"make_timestamp(TRY_CAST({x} AS BIGINT) * 1000)::TIMESTAMPTZ) END"
    )
    fast = (
        f"CASE WHEN length({x}) IN (10, 16, 19) AND substr({x}, 5, 1) = '-' "
        f"THEN TRY_CAST({x} AS TIMESTAMP) END"
    )
    parts = [f"try_strptime({x}, [{user}])"] if user else []
    parts.append(fast)
    parts += [with_tz, f"try_strptime({iso}, {plain})", serial, epoch]
    return "coalesce(" + ", ".join(parts) + ")"
