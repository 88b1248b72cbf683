"""The data's extent: the first and last day the warehouse holds a record for.

A record is a deal (created or closed), an activity, a lead (created or converted) or an order. Targets,
costs and the roster are plans and facts about people, not records of selling: they do not stretch the
extent. A period that lies wholly outside it has nothing any report could show, so the commands that take
a period refuse it in one line (:func:`check_period_covered`) before anything renders.

The data's end is the as-of day every report, goal and workbench reads (:func:`data_as_of`): an explicit
``meta.as_of`` (the demo writes one) wins, else the extent's last day. The clock never stands in for it:
data exported years ago is reviewed as of its own end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from salesnb.errors import ParameterError
from salesnb.periods import Grain, Period
from salesnb.warehouse.store import read_meta

#: ``(table, date column)`` pairs whose days make the extent.
RECORD_DATES = (
    ("opportunities", "created_date"),
    ("opportunities", "close_date"),
    ("activities", "started_at"),
    ("leads", "created_date"),
    ("leads", "converted_date"),
    ("orders", "order_date"),
)


@dataclass(frozen=True)
class Extent:
    """The first and last day with a record (both included)."""

    first: date
    last: date

    def overlaps(self, period: Period) -> bool:
        """Whether ``period`` (``[start, end)``) shares a day with the extent."""
        return period.start <= self.last and period.end > self.first

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def data_extent(con: duckdb.DuckDBPyConnection) -> Extent | None:
    """The extent of the records in the warehouse open as ``con``; ``None`` when it holds none."""
    return extent_of(con, RECORD_DATES)


def record_extent(con: duckdb.DuckDBPyConnection, tables: dict[str, str]) -> Extent | None:
    """The extent of the records in ``tables`` (canonical table -> the table or view holding its rows):
    one import's records before they are written."""
    pairs = [(tables[table], column) for table, column in RECORD_DATES if table in tables]
    return extent_of(con, pairs) if pairs else None


def table_extents(con: duckdb.DuckDBPyConnection) -> dict[str, Extent]:
    """The extent of each record table that holds a dated row, in :data:`RECORD_DATES` order."""
    tables = dict.fromkeys(table for table, _ in RECORD_DATES)
    found = {t: extent_of(con, [(t, c) for table, c in RECORD_DATES if table == t]) for t in tables}
    return {t: e for t, e in found.items() if e is not None}


def extent_of(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]] | tuple) -> Extent | None:
    """The extent of the days in these ``(table or view, date column)`` pairs; ``None`` when all are empty."""
    parts = " UNION ALL ".join(
        f"SELECT min({column})::DATE AS first, max({column})::DATE AS last FROM {table}"
        for table, column in pairs
    )
    first, last = con.execute(f"SELECT min(first), max(last) FROM ({parts})").fetchone()
    if first is None or last is None:
        return None
    return Extent(_day(first), _day(last))


def data_as_of(con: duckdb.DuckDBPyConnection) -> date:
    """The day the warehouse's data runs to: ``meta.as_of`` when set, else the extent's last day.

    A warehouse with neither is :class:`~salesnb.errors.ParameterError` (exit 2): without data there is
    no day to review, and today is not one.
    """
    explicit = read_meta(con).get("as_of")
    if explicit:
        return date.fromisoformat(explicit)
    extent = data_extent(con)
    if extent is None:
        raise ParameterError(
            "the warehouse holds no deals, activities, leads or orders yet, so it has no as-of day; "
            "load CRM exports with `salesnb ingest` first"
        )
    return extent.last


def latest_complete(as_of: date, grain: Grain = "month", meta: dict[str, str] | None = None) -> Period:
    """The latest period of ``grain`` that is complete on ``as_of`` (ends on that day or before).

    A month named by ``meta.latest_month`` (the demo writes one) wins for the month grain.

    Examples
    --------
    >>> latest_complete(date(2018, 12, 31)).label, latest_complete(date(2018, 12, 30)).label
    ('2018-12', '2018-11')
    >>> latest_complete(date(2018, 12, 30), "quarter").label
    '2018-Q3'
    """
    if grain == "month" and meta and meta.get("latest_month"):
        return Period.parse(meta["latest_month"])
    return Period.containing(as_of + timedelta(days=1), grain).previous()


def is_complete(period: Period, as_of: date) -> bool:
    """Whether ``period`` has ended by the end of ``as_of`` (the data's day).

    Examples
    --------
    >>> end = date(2018, 12, 31)
    >>> is_complete(Period.parse("2018-12"), end), is_complete(Period.parse("2019-01"), end)
    (True, False)
    """
    return period.end <= as_of + timedelta(days=1)


def check_period_covered(con: duckdb.DuckDBPyConnection, period: Period) -> Extent:
    """The extent, or :class:`~salesnb.errors.ParameterError` (exit 2) naming it when ``period`` lies
    wholly outside it (or the warehouse holds no record yet)."""
    extent = data_extent(con)
    if extent is None:
        raise ParameterError(
            f"period {period.label}: the warehouse holds no deals, activities, leads or orders yet; "
            "load CRM exports with `salesnb ingest` first"
        )
    if not extent.overlaps(period):
        side = "before" if period.end <= extent.first else "after"
        raise ParameterError(
            f"period {period.label} ({period.start.isoformat()} to {period.last_day.isoformat()}) is {side} "
            f"the data: the warehouse covers {extent.label}; choose a period within it"
        )
    return extent


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Facts:
    """What the warehouse knows about itself: its currency, its data's extent per table, its as-of day
    (and whether ``meta`` states it or the data's end gives it) and its imports."""

    currency: str | None
    as_of: date | None
    as_of_stated: bool
    tables: dict[str, Extent]
    imports: int
    last_import: tuple[str, str, datetime] | None  # file, module, imported_at (UTC)

    def lines(self) -> list[str]:
        """The facts as lines of plain text (``salesnb status`` and the ingest summary print them)."""
        out = [f"currency: {self.currency or 'not chosen yet (the first import with amounts chooses it)'}"]
        if self.as_of is None:
            out.append("as of: no data yet (no deals, activities, leads or orders)")
        else:
            how = "set in the warehouse's meta" if self.as_of_stated else "the last day with a record"
            out.append(f"as of: {self.as_of.isoformat()} ({how})")
        out += [f"  {table}: {extent.label}" for table, extent in self.tables.items()]
        if self.last_import is not None:
            file, module, at = self.last_import
            out.append(f"imports: {self.imports}, the last {at:%Y-%m-%d %H:%M} UTC: {file} ({module})")
        else:
            out.append("imports: none (salesnb ingest loads CRM exports)")
        return out


def warehouse_facts(con: duckdb.DuckDBPyConnection) -> Facts:
    """The :class:`Facts` of the warehouse open as ``con``."""
    meta = read_meta(con)
    tables = table_extents(con)
    stated = bool(meta.get("as_of"))
    as_of = (
        date.fromisoformat(meta["as_of"]) if stated else max((e.last for e in tables.values()), default=None)
    )
    imports = con.execute("SELECT count(*) FROM imports").fetchone()[0]
    last = con.execute(
        "SELECT file, module, imported_at FROM imports ORDER BY imported_at DESC LIMIT 1"
    ).fetchone()
    return Facts(meta.get("currency"), as_of, stated, tables, imports, last)


def review_period(con: duckdb.DuckDBPyConnection, label: str | None) -> tuple[Period, date]:
    """The period a review shows and the data's day (:func:`data_as_of`).

    The period is ``label``, refused in one line naming the covered range when it lies wholly outside
    the data (:func:`check_period_covered`), else the latest month complete on the data's day.
    """
    as_of = data_as_of(con)
    if not label:
        return latest_complete(as_of, "month", read_meta(con)), as_of
    period = Period.parse(label)
    check_period_covered(con, period)
    return period, as_of
