"""The warehouse currency, and what an amount and an exchange rate may be: finite, positive rates within
a sane range, amounts bounded.

The limits are the ones README.md documents ("Values real exports contain"): a rate converts one unit of a
currency into the warehouse currency and lies in [:data:`MIN_RATE`, :data:`MAX_RATE`]; an amount, once
converted, is below :data:`MAX_AMOUNT` in absolute value (no sales record is a quadrillion), and a non-zero
amount does not round to zero. Rows outside are quarantined (rule ``amount_out_of_range``); a rate outside
is a bad parameter (exit 2), whether it comes from ``--fx-rate`` or a mapping's ``fx_rates``.

The warehouse currency is chosen once, at the first import (:func:`choose_currency`), and kept in
``meta``: every amount stored is in it, so changing it later would relabel them all, and is refused.
"""

from __future__ import annotations

import math
import re
from typing import Any

from salesnb.errors import ParameterError
from salesnb.warehouse.store import DEFAULT_CURRENCY

#: The largest amount stored, in the warehouse currency: |amount| must be below it.
MAX_AMOUNT = 1e15
#: The range an exchange rate must lie in (1 unit of the currency in the warehouse currency).
MIN_RATE, MAX_RATE = 1e-6, 1e6
_CODE = re.compile(r"^[A-Z]{3}$")
RATE_HELP = "a number from 0.000001 to 1,000,000"


def check_currency(code: Any, where: str) -> str:
    """An ISO 4217-style code (three letters, any case); ``where`` names the option or file and key."""
    text = str(code).strip().upper() if isinstance(code, str) else ""
    if not _CODE.match(text):
        raise ParameterError(f"{where}: {code!r} is not a three-letter currency code such as USD or EUR")
    return text


def choose_currency(stored: str | None, requested: str | None, stated: list[str]) -> str:
    """The warehouse currency: the ``stored`` one, else ``requested`` (``--currency``), else the first
    currency a mapping states, else :data:`DEFAULT_CURRENCY`.

    Asking for another currency than the stored one is a :class:`ParameterError` naming it.

    Examples
    --------
    >>> choose_currency(None, "USD", ["EUR"]), choose_currency(None, None, ["EUR"])
    ('USD', 'EUR')
    >>> choose_currency("USD", None, ["EUR"]), choose_currency(None, None, [])
    ('USD', 'CNY')
    >>> choose_currency("USD", "EUR", [])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: --currency EUR: the warehouse currency is USD, ... it cannot change ...
    """
    if stored:
        if requested and requested != stored:
            raise ParameterError(
                f"--currency {requested}: the warehouse currency is {stored}, chosen at its first import; "
                f"it cannot change (every stored amount is in {stored}): drop --currency, "
                "or use a new warehouse (--db)"
            )
        return stored
    return requested or next(iter(stated), DEFAULT_CURRENCY)


def check_own_rate(rates: dict[str, float], currency: str, where: str) -> None:
    """A rate for the warehouse currency itself is a mistake (its amounts are stored as they are)."""
    if currency in rates and rates[currency] != 1.0:
        raise ParameterError(
            f"{where}: {currency}={rates[currency]:g} is a rate for the warehouse currency itself; "
            f"amounts in {currency} are stored as they are: remove it"
        )


def check_rate(code: str, value: Any, where: str) -> float:
    """Exchange rate ``value`` of currency ``code`` as a float; a :class:`ParameterError` naming ``where``."""
    rate: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        rate = float(value)
    elif isinstance(value, str):
        try:
            rate = float(value.strip())
        except ValueError:
            rate = None
    if rate is None or not math.isfinite(rate) or not MIN_RATE <= rate <= MAX_RATE:
        raise ParameterError(
            f"{where}: exchange rate {value!r} for {code} is not {RATE_HELP} "
            f"(units of the warehouse currency one {code} is worth)"
        )
    return rate


def parse_fx_option(item: str) -> tuple[str, float]:
    """One ``--fx-rate CUR=RATE`` value."""
    code, sep, rate = item.partition("=")
    where = f"--fx-rate {item!r}"
    if not sep:
        raise ParameterError(f"{where}: use CUR=RATE, e.g. USD=7.1")
    return check_currency(code, where), check_rate(code.strip().upper(), rate, where)


def out_of_range_sql(original: str, converted: str) -> str:
    """SQL true when an amount is not finite as read, or converted is too large or rounds to zero."""
    return (
        f"({original} IS NOT NULL AND (NOT isfinite({original}) OR {converted} IS NOT NULL AND "
        f"(NOT isfinite({converted}) OR abs({converted}) >= {MAX_AMOUNT!r} "
        f"OR {converted} = 0 AND {original} <> 0)))"
    )


OUT_OF_RANGE_REASON = (
    f"is outside the range salesnb stores (|amount| below {MAX_AMOUNT:,.0f} in the warehouse currency, "
    "and not a non-zero amount that rounds to 0.00): check the cell and the exchange rate"
)
