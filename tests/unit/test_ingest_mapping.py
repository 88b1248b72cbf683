"""A mapping's rates, currency and dates are checked when it is read (#14 defects 12, 16): one line naming the
file and the key, never a traceback later in SQL."""

from __future__ import annotations

import pytest

from salesnb.errors import ParameterError
from salesnb.ingest.mapping import parse_mapping

BASE = {"module": "deals", "columns": {"name": "Opportunity"}}


def _error(**extra) -> str:
    with pytest.raises(ParameterError) as info:
        parse_mapping({**BASE, **extra}, "m.yaml")
    return str(info.value)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (
            {"fx_rates": {"USD": "seven"}},
            "m.yaml: fx_rates: USD: exchange rate 'seven' for USD is not a number",
        ),
        ({"fx_rates": {"USD": -7.1}}, "m.yaml: fx_rates: USD: exchange rate -7.1"),
        ({"fx_rates": {"USD": 0}}, "m.yaml: fx_rates: USD: exchange rate 0"),
        ({"fx_rates": {"USD": float("inf")}}, "exchange rate inf"),
        ({"fx_rates": {"USD": True}}, "exchange rate True"),
        ({"fx_rates": {"": 7.1}}, "m.yaml: fx_rates: : '' is not a three-letter currency code"),
        ({"fx_rates": ["USD"]}, "m.yaml: fx_rates must map currency: rate"),
        ({"currency": "EURO"}, "m.yaml: currency: 'EURO' is not a three-letter currency code"),
        ({"dates": {"timezone": "Mars/Base"}}, "m.yaml: dates: timezone: unknown time zone 'Mars/Base'"),
        ({"dates": {"timezone": "Europe/Berln"}}, "closest: Europe/Berlin"),
        ({"dates": {"timezone": 8}}, "unknown time zone 8"),
        ({"dates": {"formats": ["%Q"]}}, "m.yaml: dates: formats: '%Q' is not a valid pattern"),
        ({"dates": {"formats": ["%"]}}, "'%' is not a valid pattern"),
        ({"dates": {"formats": ["abc"]}}, "'abc' is not a pattern with %-directives"),
        ({"dates": {"formats": [12]}}, "12 is not a pattern with %-directives"),
        ({"dates": {"dayfirst": "no"}}, "m.yaml: dates: dayfirst must be true or false, not 'no'"),
    ],
)
def test_bad_values_are_one_line_naming_file_and_key(extra, fragment):
    message = _error(**extra)
    assert fragment in message and "\n" not in message, message


def test_good_values_are_kept():
    m = parse_mapping(
        {
            **BASE,
            "currency": "eur",
            "fx_rates": {"usd": "1.08", "CNY": 0.13},
            "dates": {"timezone": "europe/berlin", "formats": "%d.%m.%Y", "dayfirst": True},
        },
        "m.yaml",
    )
    assert (m.currency, m.fx_rates) == ("EUR", {"USD": 1.08, "CNY": 0.13})
    assert (m.timezone, m.date_formats, m.dayfirst) == ("Europe/Berlin", ["%d.%m.%Y"], True)
