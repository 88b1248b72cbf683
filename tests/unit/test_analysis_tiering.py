"""ABC tiers, RFM scores and at-risk accounts on five customers counted by hand.

The period is October 2026; its end (1 November) is the day recency is counted to.

======  =====================================  ==========  =========  ========
cust    orders                                 recency     frequency  monetary
======  =====================================  ==========  =========  ========
c1      05-01, 06-01, 10-22 at 100 each        10 days     3          300
c2      03-01, 10-12 at 500                    20          2          1000
c3      10-02 at 50                            30          1          50
c4      01-05, 09-22 at 200                    40          2          400
c5      09-12 at 5000                          50          1          5000
======  =====================================  ==========  =========  ========
"""

from __future__ import annotations

import pandas as pd
import pytest

from salesnb.analysis.tiering import abc_tiers, at_risk_accounts, customer_tiers, last_contact, rfm_scores
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")
ORDERS = [
    ("c1", "a", "2026-05-01", 100),
    ("c1", "a", "2026-06-01", 100),
    ("c1", "a", "2026-10-22", 100),
    ("c2", "a", "2026-03-01", 500),
    ("c2", "a", "2026-10-12", 500),
    ("c3", "b", "2026-10-02", 50),
    ("c4", "b", "2026-01-05", 200),
    ("c4", "b", "2026-09-22", 200),
    ("c5", "b", "2026-09-12", 5000),
    # after the period: ignored everywhere
    ("c3", "b", "2026-11-05", 9999),
]


@pytest.fixture
def data() -> dict[str, pd.DataFrame]:
    return make_slice(
        reps=[("a", "senior", "2020-01-01", None), ("b", "junior", "2020-01-01", None)], orders=ORDERS
    )


def test_abc(data):
    abc = abc_tiers(data["orders"], OCT).set_index("customer_id")
    # total 6750: c5 5000 (0.741, nothing above it → A), c2 1000 (0.741 above, under 0.80 → A),
    # c4 400 (0.889 above → B), c1 300 (0.948 above, under 0.95 → B), c3 50 (0.993 above → C)
    assert abc["tier"].to_dict() == {"c5": "A", "c2": "A", "c4": "B", "c1": "B", "c3": "C"}
    assert abc.loc["c5", "share"] == pytest.approx(5000 / 6750)
    assert abc.loc["c3", "cum_share"] == pytest.approx(1.0)
    assert abc["rank"].tolist() == [1, 2, 3, 4, 5]


def test_abc_window_is_trailing_months(data):
    # three months back from 1 November: only orders from 1 August count; c2 keeps 500, c4 200
    abc = abc_tiers(data["orders"], OCT, months=3).set_index("customer_id")
    assert abc["revenue"].to_dict() == {"c5": 5000.0, "c2": 500.0, "c4": 200.0, "c1": 100.0, "c3": 50.0}


def test_rfm(data):
    rfm = rfm_scores(data["orders"], OCT).set_index("customer_id")
    assert rfm["recency_days"].to_dict() == {"c1": 10, "c2": 20, "c3": 30, "c4": 40, "c5": 50}
    # recency: fewer days is better, one customer per quintile
    assert rfm["r_score"].to_dict() == {"c1": 5, "c2": 4, "c3": 3, "c4": 2, "c5": 1}
    # frequency 3, 2, 1, 2, 1: ties take the lowest rank → 1 order: rank 1/5 → 1; 2 orders: rank 3/5 → 3
    assert rfm["f_score"].to_dict() == {"c1": 5, "c2": 3, "c3": 1, "c4": 3, "c5": 1}
    # monetary 300, 1000, 50, 400, 5000
    assert rfm["m_score"].to_dict() == {"c1": 2, "c2": 4, "c3": 1, "c4": 3, "c5": 5}
    assert rfm["segment"].to_dict() == {
        "c1": "champions",  # R5 F5
        "c2": "loyal",  # R4 F3
        "c3": "promising",  # R3 F1
        "c4": "at_risk",  # R2 F3
        "c5": "hibernating",  # R1 F1
    }


def test_customer_tiers_join_abc_and_rfm(data):
    t = customer_tiers(data, OCT).set_index("customer_id")
    assert t.loc["c5", ["tier", "segment", "rep_id", "name"]].tolist() == ["A", "hibernating", "b", "C5"]
    assert t.index[0] == "c5"  # A first, largest first


def test_at_risk_accounts(data):
    # A/B customers and days since the last order: c5 50, c2 20, c4 40, c1 10
    assert at_risk_accounts(data, OCT, days=45)["customer_id"].tolist() == ["c5"]
    risky = at_risk_accounts(data, OCT, days=30)
    assert risky["customer_id"].tolist() == ["c5", "c4"]  # largest revenue first
    assert risky["days_since_touch"].tolist() == [50, 40]
    assert set(risky["reason"]) == {"no_order_or_contact"} and set(risky["threshold_days"]) == {30}
    # c3 (C tier) is never listed, however quiet
    assert "c3" not in at_risk_accounts(data, OCT, days=1)["customer_id"].tolist()


def test_a_deal_moving_is_contact():
    # c5's open deal moved to proposal on 25 October: 7 days ago, not at risk
    data = make_slice(
        reps=[("b", "junior", "2020-01-01", None)],
        orders=ORDERS,
        opps=[("o5", "b", "c5", "open", 900, "2026-09-20", None, "proposal", 0.5, "2026-11-30")],
        history=[("o5", "qualification", "2026-09-20"), ("o5", "proposal", "2026-10-25")],
    )
    contact = last_contact(data, OCT).set_index("customer_id")
    assert contact.loc["c5", "last_order"] == pd.Timestamp("2026-09-12")
    assert contact.loc["c5", "last_touch"] == pd.Timestamp("2026-10-25")
    assert "c5" not in at_risk_accounts(data, OCT, days=30)["customer_id"].tolist()


def test_a_team_with_no_customer_orders_or_deals_has_no_account_at_risk():
    # a team just imported from a roster (#14 defect 14): Series.map gave no empty date column
    data = make_slice(reps=[("b", "junior", "2020-01-01", None)])
    out = at_risk_accounts(data, OCT, days=30)
    assert out.empty and "days_since_touch" in out.columns
