"""The data's extent: the first and last day the warehouse holds a record for.

A record is a deal (created or closed), an activity, a lead (created or converted) or an order. Targets,
costs and the roster are plans and facts about people, not records of selling: they do not stretch the
extent. A period that lies wholly outside it has nothing any report could show, so the commands that take
a period refuse it in one line (:func:`check_period_covered`) before anything renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from salesnb.errors import ParameterError
from salesnb.periods import Period

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
    parts = " UNION ALL ".join(
        f"SELECT min({column})::DATE AS first, max({column})::DATE AS last FROM {table}"
        for table, column in RECORD_DATES
    )
    first, last = con.execute(f"SELECT min(first), max(last) FROM ({parts})").fetchone()
    if first is None or last is None:
        return None
    return Extent(_day(first), _day(last))


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
