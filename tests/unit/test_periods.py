from datetime import date

import pytest

from salesnb.errors import ParameterError
from salesnb.periods import Period


@pytest.mark.parametrize(
    ("text", "start", "end", "grain"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 11, 1), "month"),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1), "month"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1), "quarter"),
        ("2026", date(2026, 1, 1), date(2027, 1, 1), "year"),
        ("2026-W42", date(2026, 10, 12), date(2026, 10, 19), "week"),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 5), "week"),
    ],
)
def test_parse(text, start, end, grain):
    p = Period.parse(text)
    assert (p.start, p.end, p.grain, p.label) == (start, end, grain, text)


@pytest.mark.parametrize(
    "bad", ["2026-13", "2026-00", "26-10", "2026-Q5", "2026-W54", "October", "", "2026/10"]
)
def test_malformed_period_names_the_valid_forms(bad):
    with pytest.raises(ParameterError, match=r"malformed period .*YYYY-Qn"):
        Period.parse(bad)


def test_previous_next_and_last_year():
    assert Period.parse("2026-01").previous().label == "2025-12"
    assert Period.parse("2026-Q1").previous().label == "2025-Q4"
    assert Period.parse("2026-W01").previous().label == "2025-W52"
    assert Period.parse("2026-10").same_period_last_year().label == "2025-10"
    assert Period.parse("2026-Q4").next().label == "2027-Q1"
    assert [p.label for p in Period.parse("2026-02").history(3)] == ["2025-12", "2026-01", "2026-02"]


def test_latest_complete():
    today = date(2026, 11, 23)
    assert Period.latest_complete("month", today).label == "2026-10"
    assert Period.latest_complete("quarter", today).label == "2026-Q3"
    assert Period.latest_complete("year", today).label == "2025"
    assert Period.latest_complete("week", today).label == "2026-W47"


def test_working_days_and_months():
    assert Period.parse("2026-10").working_days() == 22
    assert Period.parse("2026-W44").working_days() == 5
    assert [m.label for m in Period.parse("2026-W44").months()] == ["2026-10", "2026-11"]
    assert [m.label for m in Period.parse("2026-Q3").months()] == ["2026-07", "2026-08", "2026-09"]


def test_since_lists_the_periods_of_the_grain_from_a_day():
    assert [p.label for p in Period.parse("2026-Q3").since(date(2026, 2, 10))] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
    ]
    assert [p.label for p in Period.parse("2026-10").since(date(2026, 10, 20))] == ["2026-10"]
    assert [p.label for p in Period.parse("2026-10").since(date(2027, 1, 1))] == ["2026-10"]
