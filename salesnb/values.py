"""The numbers and dates users write in YAML files (``params/``): one reading for every file.

Goals, commission plans, coaching rules, the training catalog and the benchmark settings all read their
values here, so a value means the same in each of them:

- **A number** (an amount, a rate, a share, a target, hours) is a YAML number (``12000``, ``0.05``) or
  text holding one. Text may group thousands with commas (``"1,000"``, ``"12,500.5"``): every comma must
  be followed by exactly three digits, so ``"1,5"`` (a decimal comma, or a typo?) is refused with the
  reason rather than read as 15 or 1.5. Where a share is meant, text may be a percentage (``"5%"``,
  ``"2.5 %"`` is 0.025); an amount never is. Never a boolean (``yes`` is not 1), never infinite or NaN.
- **A whole number** (a count: ``trend_periods``, ``min_group_size``, ``max_actions``, ``impact``,
  ``history_periods``) is a plain YAML integer within its range: a count needs no grouping or
  percentage, and text (even ``'7'``) is refused, so a quoted value is never silently read as a count.
- **A date** is ISO ``YYYY-MM-DD``: a YAML date or that text. A date with a time, a week date or
  ``20261215`` is refused.

Every refusal is a :class:`~salesnb.errors.ParameterError` on one line that names the item (``what``)
and, when given, the file (``where``): ``FILE: ITEM 'VALUE' is not a number: reason``.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from salesnb.errors import ParameterError

#: Text of a number: digits with an optional decimal part (and exponent), thousands optionally grouped
#: by commas of exactly three digits.
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _refuse(where: str, message: str) -> ParameterError:
    return ParameterError(f"{where}: {message}" if where else message)


def _why_not(text: str, percent: bool) -> str:
    """Why ``text`` (stripped, without a ``%``) is not a number."""
    if "," in text and re.fullmatch(r"[+-]?[\d,.]+", text):
        return ": a comma only groups thousands (1,000); write decimals with a point (1.5)"
    return " (such as 0.05 or '5%')" if percent else " (such as 1500 or '1,500')"


def parse_number(raw: object, what: str, *, percent: bool = False, where: str = "") -> float:
    """The number ``raw`` stands for; see the module docstring for what is accepted.

    Parameters
    ----------
    raw
        The value as YAML gave it.
    what
        The item, for the message (``"tier 1 rate"``).
    percent
        Whether a percentage such as ``"5%"`` is accepted (a share, a rate); never for an amount.
    where
        The file (and item) the value comes from, prefixed to the message.

    Raises
    ------
    ParameterError
        ``raw`` is not a number: ``WHERE: WHAT 'RAW' is not a number…`` with the reason.

    Examples
    --------
    >>> parse_number(12000, "cap"), parse_number("1,250,000", "target")
    (12000.0, 1250000.0)
    >>> parse_number("2.5%", "tier 1 rate", percent=True)
    0.025
    >>> parse_number("1,5", "target", where="goals.yaml: goal 'g'")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: goals.yaml: goal 'g': target '1,5' is not a number: a comma only groups...
    """
    value: float | None = None
    reason = ""
    if isinstance(raw, bool):
        reason = _why_not("", percent)
    elif isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        share = text.endswith("%")
        body = text[:-1].strip() if share else text
        if share and not percent:
            reason = ": a percentage is not an amount"
        elif _NUMBER.fullmatch(body):
            value = float(body.replace(",", "")) / (100 if share else 1)
        else:
            reason = _why_not(body, percent)
    else:
        reason = _why_not("", percent)
    if value is not None and not math.isfinite(value):
        reason, value = ": it must be finite", None
    if value is None:
        raise _refuse(where, f"{what} {raw!r} is not a number{reason}")
    return value


def parse_whole_number(raw: object, what: str, low: int, high: int, *, where: str = "") -> int:
    """``raw`` when it is a YAML integer from ``low`` to ``high``; see the module docstring.

    Raises
    ------
    ParameterError
        ``WHERE: WHAT must be a whole number from LOW to HIGH, not 'RAW'``.

    Examples
    --------
    >>> parse_whole_number(12, "trend_periods", 3, 36)
    12
    >>> parse_whole_number("7", "max_actions", 1, 10)
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: max_actions must be a whole number from 1 to 10, not '7'
    """
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise _refuse(where, f"{what} must be a whole number from {low} to {high}, not {raw!r}")
    return raw


def parse_date(raw: object, what: str, *, where: str = "") -> date:
    """The ISO date (``YYYY-MM-DD``) ``raw`` stands for: a YAML date or that text.

    Raises
    ------
    ParameterError
        ``WHERE: WHAT 'RAW' is not a date (YYYY-MM-DD)``, or a date that does not exist.

    Examples
    --------
    >>> parse_date("2026-12-15", "deadline"), parse_date(date(2026, 12, 15), "deadline")
    (datetime.date(2026, 12, 15), datetime.date(2026, 12, 15))
    >>> parse_date("15/12/2026", "deadline")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: deadline '15/12/2026' is not a date (YYYY-MM-DD)
    """
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if isinstance(raw, str) and _DATE.fullmatch(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError as exc:
            raise _refuse(where, f"{what} {raw!r} is not a date: {exc}") from None
    raise _refuse(where, f"{what} {raw!r} is not a date (YYYY-MM-DD)")
