"""The data's extent (first and last day with a deal, activity, lead or order) and the period check every
command that takes a period makes with it (#14 defect 14)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.warehouse.ddl import ddl
from salesnb.warehouse.extent import Extent, check_period_covered, data_extent
from salesnb.warehouse.schema import TABLES


@pytest.fixture
def con():
    con = duckdb.connect()
    for table in ("opportunities", "activities", "leads", "orders", "targets"):
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
