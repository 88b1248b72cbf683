"""Reporting periods: ISO week (``2026-W42``), month (``2026-10``), quarter (``2026-Q3``), year (``2026``).

A :class:`Period` is a half-open date range ``[start, end)`` with a grain, so consecutive periods tile time
without overlap and a timestamp belongs to exactly one period of each grain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np

from salesnb.errors import ParameterError

Grain = Literal["week", "month", "quarter", "year"]
GRAINS: tuple[Grain, ...] = ("week", "month", "quarter", "year")

_PATTERNS: list[tuple[Grain, re.Pattern[str]]] = [
    ("week", re.compile(r"^(\d{4})-W(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("year", re.compile(r"^(\d{4})$")),
]

VALID_FORMS = "YYYY (year), YYYY-Qn (quarter), YYYY-MM (month) or YYYY-Www (ISO week)"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period ``[start, end)`` of one grain.

    Examples
    --------
    >>> p = Period.parse("2026-Q3")
    >>> p.start, p.end
    (datetime.date(2026, 7, 1), datetime.date(2026, 10, 1))
    >>> p.previous().label
    '2026-Q2'
    """

    start: date
    end: date
    grain: Grain

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a period label; raise :class:`ParameterError` naming the valid forms."""
        raw = str(text).strip()
        for grain, pattern in _PATTERNS:
            match = pattern.match(raw)
            if not match:
                continue
            year = int(match.group(1))
            if not 1900 <= year <= 2999:
                break
            if grain == "year":
                return cls(date(year, 1, 1), date(year + 1, 1, 1), "year")
            n = int(match.group(2))
            if grain == "month":
                if not 1 <= n <= 12:
                    break
                start = date(year, n, 1)
                return cls(start, _add_months(start, 1), "month")
            if grain == "quarter":
                start = date(year, 3 * (n - 1) + 1, 1)
                return cls(start, _add_months(start, 3), "quarter")
            # ISO week
            try:
                start = date.fromisocalendar(year, n, 1)
            except ValueError:
                break
            return cls(start, start + timedelta(days=7), "week")
        raise ParameterError(f"malformed period {raw!r}: use {VALID_FORMS}")

    @classmethod
    def containing(cls, day: date, grain: Grain) -> Period:
        """The period of ``grain`` that contains ``day``."""
        if grain == "week":
            start = day - timedelta(days=day.weekday())
            return cls(start, start + timedelta(days=7), "week")
        if grain == "month":
            start = date(day.year, day.month, 1)
            return cls(start, _add_months(start, 1), "month")
        if grain == "quarter":
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            return cls(start, _add_months(start, 3), "quarter")
        if grain == "year":
            return cls(date(day.year, 1, 1), date(day.year + 1, 1, 1), "year")
        raise ParameterError(f"unknown grain {grain!r}: use one of {', '.join(GRAINS)}")

    @classmethod
    def latest_complete(cls, grain: Grain, today: date) -> Period:
        """The most recent period of ``grain`` that ended on or before ``today``."""
        return cls.containing(today, grain).previous()

    @property
    def label(self) -> str:
        if self.grain == "week":
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        if self.grain == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.grain == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    def __str__(self) -> str:
        return self.label

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (negative: earlier) of the same grain."""
        if self.grain == "week":
            start = self.start + timedelta(days=7 * n)
            return Period(start, start + timedelta(days=7), "week")
        months = {"month": 1, "quarter": 3, "year": 12}[self.grain]
        start = _add_months(self.start, months * n)
        return Period(start, _add_months(start, months), self.grain)

    def previous(self) -> Period:
        return self.shift(-1)

    def next(self) -> Period:
        return self.shift(1)

    def same_period_last_year(self) -> Period:
        if self.grain == "week":
            return self.shift(-52)
        return self.shift({"month": -12, "quarter": -4, "year": -1}[self.grain])

    def history(self, n: int) -> list[Period]:
        """The ``n`` periods ending with this one, oldest first."""
        return [self.shift(-k) for k in range(n - 1, -1, -1)]

    def since(self, day: date) -> list[Period]:
        """The periods of this grain from the one containing ``day`` to this one, oldest first.

        >>> [p.label for p in Period.parse("2026-10").since(date(2026, 8, 15))]
        ['2026-08', '2026-09', '2026-10']
        """
        out = [Period.containing(min(day, self.start), self.grain)]
        while out[-1].start < self.start:
            out.append(out[-1].next())
        return out

    def working_days(self) -> int:
        """Monday-to-Friday days in the period (public holidays are not modelled)."""
        return int(np.busday_count(self.start, self.end))

    def months(self) -> list[Period]:
        """The calendar months that overlap this period (a week may touch two)."""
        out: list[Period] = []
        month = Period.containing(self.start, "month")
        while month.start < self.end:
            out.append(month)
            month = month.next()
        return out
