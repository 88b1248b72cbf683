"""The data's extent (first and last day with a deal, activity, lead or order) and the period check every
command that takes a period makes with it (#14 defect 14); the as-of day is the data's end, never the
clock, and the warehouse's facts say what it holds (#16)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.warehouse.ddl import ddl
from salesnb.warehouse.extent import (
    Extent,
    check_period_covered,
    data_as_of,
    data_extent,
    review_period,
    table_extents,
    warehouse_facts,
)
from salesnb.warehouse.schema import TABLES


@pytest.fixture
def con():
    con = duckdb.connect()
    for table in ("opportunities", "activities", "leads", "orders", "targets", "meta", "imports"):
        con.execute(ddl(TABLES[table]))
    yield con
    con.close()


def test_an_empty_warehouse_has_no_extent_and_every_period_is_refused(con):
    assert data_extent(con) is None
    with pytest.raises(ParameterError, match="holds no deals, activities, leads or orders yet"):
        check_period_covered(con, Period.parse("2026-10"))


def test_the_extent_spans_every_kind_of_record_and_nothing_else(con):
    con.execute(
        "INSERT INTO opportunities (opportunity_id, name, rep_id, deal_type, amount, currency, stage, status,"
        " created_date, close_date) VALUES ('o1', 'D', 'a', 'new', 1, 'CNY', 'closed_won', 'won',"
        " DATE '2025-03-10', DATE '2025-06-01')"
    )
    con.execute(
        "INSERT INTO activities (activity_id, rep_id, activity_type, started_at, duration_seconds)"
        " VALUES ('x1', 'a', 'call', TIMESTAMP '2026-10-31 23:59:00', 60)"
    )
    con.execute(
        "INSERT INTO leads (lead_id, rep_id, created_date, status, converted_date)"
        " VALUES ('l1', 'a', DATE '2025-02-01', 'converted', DATE '2025-02-20')"
    )
    con.execute(
        "INSERT INTO targets (scope, scope_id, metric, month, target)"
        " VALUES ('rep', 'a', 'revenue', DATE '2030-01-01', 5)"
    )  # a plan for 2030 is not data of 2030
    assert data_extent(con) == Extent(date(2025, 2, 1), date(2026, 10, 31))
    for label in ("2025-02", "2025-Q1", "2026-10", "2026", "2026-W44", "2025"):
        assert check_period_covered(con, Period.parse(label)).first == date(2025, 2, 1)
    with pytest.raises(ParameterError) as before:
        check_period_covered(con, Period.parse("1900-01"))
    assert str(before.value) == (
        "period 1900-01 (1900-01-01 to 1900-01-31) is before the data: the warehouse covers 2025-02-01 "
        "to 2026-10-31; choose a period within it"
    )
    with pytest.raises(ParameterError, match=r"2026-11 .* is after the data: the warehouse covers"):
        check_period_covered(con, Period.parse("2026-11"))
    with pytest.raises(ParameterError, match="is before the data"):
        check_period_covered(con, Period.parse("2025-01"))


def _deal(con, created: str, closed: str | None) -> None:
    n = con.execute("SELECT count(*) FROM opportunities").fetchone()[0]
    con.execute(
        "INSERT INTO opportunities (opportunity_id, name, rep_id, deal_type, amount, currency, stage, status,"
        " created_date, close_date) VALUES (?, 'D', 'a', 'new', 1, 'USD', 'closed_won', 'won', ?, ?)",
        [f"o{n}", date.fromisoformat(created), closed and date.fromisoformat(closed)],
    )


def test_the_as_of_day_is_the_data_end_never_the_clock(con):
    with pytest.raises(ParameterError, match="holds no deals, activities, leads or orders yet, so it has no"):
        data_as_of(con)
    _deal(con, "2017-03-02", "2018-12-14")
    assert data_as_of(con) == date(2018, 12, 14)
    # the latest complete month on 2018-12-14 is November 2018, whatever today is
    assert review_period(con, None) == (Period.parse("2018-11"), date(2018, 12, 14))
    assert review_period(con, "2018-Q4") == (Period.parse("2018-Q4"), date(2018, 12, 14))
    with pytest.raises(ParameterError, match=r"2026-10 .* is after the data: the warehouse covers 2017"):
        review_period(con, "2026-10")
    # an as-of day the warehouse states (the demo writes one) wins, with its latest month
    con.execute("INSERT INTO meta VALUES ('as_of', '2018-12-31'), ('latest_month', '2018-10')")
    assert review_period(con, None) == (Period.parse("2018-10"), date(2018, 12, 31))


def test_the_extent_per_table_and_the_facts(con):
    facts = warehouse_facts(con)
    assert (facts.currency, facts.as_of, facts.tables, facts.imports) == (None, None, {}, 0)
    assert facts.lines()[0] == "currency: not chosen yet (the first import with amounts chooses it)"
    assert "as of: no data yet" in facts.lines()[1]
    _deal(con, "2017-03-02", None)
    _deal(con, "2017-05-01", "2018-06-30")
    con.execute(
        "INSERT INTO leads (lead_id, rep_id, created_date, status)"
        " VALUES ('l1', 'a', DATE '2016-12-01', 'new')"
    )
    con.execute("INSERT INTO meta VALUES ('currency', 'USD')")
    con.execute(
        "INSERT INTO imports VALUES ('i1', 'Deals.csv', 'zoho-deals', 'deals', 'utf-8', 2, 2, 0, 0, 0,"
        " TIMESTAMP '2026-12-01 08:30:00')"
    )
    assert table_extents(con) == {
        "opportunities": Extent(date(2017, 3, 2), date(2018, 6, 30)),
        "leads": Extent(date(2016, 12, 1), date(2016, 12, 1)),
    }
    assert warehouse_facts(con).lines() == [
        "currency: USD",
        "as of: 2018-06-30 (the last day with a record)",
        "  opportunities: 2017-03-02 to 2018-06-30",
        "  leads: 2016-12-01 to 2016-12-01",
        "imports: 1, the last 2026-12-01 08:30 UTC: Deals.csv (deals)",
    ]
