"""The risk register on a three-rep team counted by hand; the period ends on 1 November 2026.

Open deals on 1 November:

====  ====  ======  =================================================  ==============
deal  rep   amount  stage history                                      days in stage
====  ====  ======  =================================================  ==============
s1    a     1000    qualification 09-01, proposal 09-15                47
s2    b     1000    qualification 10-20                                12
s3    a     2000    none (created 08-01, now in proposal)              unknown
s4    g     500     qualification 10-25 (g left on 15 September)       7
====  ====  ======  =================================================  ==============

Orders of the last 12 months: k1 600 and k2 200 (rep a), k3 100 and k4 100 (rep b).
"""

from __future__ import annotations

import pandas as pd
import pytest

from salesnb.analysis.findings import risk_frame
from salesnb.analysis.risks import concentration, risk_register, stalled_deals
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


@pytest.fixture
def data() -> dict[str, pd.DataFrame]:
    return make_slice(
        reps=[
            ("a", "senior", "2020-01-01", None),
            ("b", "junior", "2020-01-01", None),
            ("g", "junior", "2020-01-01", "2026-09-15"),
        ],
        opps=[
            ("s1", "a", "x1", "open", 1000, "2026-09-01", None, "proposal", 0.5, "2026-10-15"),
            ("s2", "b", "x2", "open", 1000, "2026-10-20", None, "qualification", 0.1, "2026-12-15"),
            ("s3", "a", "x3", "open", 2000, "2026-08-01", None, "proposal", 0.5, "2026-10-01"),
            ("s4", "g", "x4", "open", 500, "2026-09-01", None, "qualification", 0.1, "2026-11-15"),
            ("done", "a", "x5", "won", 700, "2026-06-01", "2026-07-01", "closed_won", 1.0, "2026-07-01"),
        ],
        history=[
            ("s1", "qualification", "2026-09-01"),
            ("s1", "proposal", "2026-09-15"),
            ("s2", "qualification", "2026-10-20"),
            ("s4", "qualification", "2026-10-25"),
            ("done", "qualification", "2026-06-01"),
            ("done", "closed_won", "2026-07-01"),
        ],
        orders=[
            ("k1", "a", "2026-03-01", 600),
            ("k2", "a", "2026-05-01", 200),
            ("k3", "b", "2026-07-01", 100),
            ("k4", "b", "2026-09-01", 100),
            ("k1", "a", "2025-06-01", 5000),  # more than 12 months before 1 November: not counted
        ],
    )  # fmt: skip


def test_stalled_deals(data):
    s = stalled_deals(data["opportunities"], data["stage_history"], OCT)
    # s3 has no history: how long it has been in proposal is unknown (open 92 days is no stall)
    assert s["opportunity_id"].tolist() == ["s1"]
    assert s["days_in_stage"].tolist() == [47]
    assert s["stage"].tolist() == ["proposal"]
    assert stalled_deals(data["opportunities"], data["stage_history"], OCT, days=45)[
        "opportunity_id"
    ].tolist() == ["s1"]
    assert stalled_deals(data["opportunities"], data["stage_history"], OCT, days=60).empty


def test_a_deal_won_after_the_period_end_stalls_in_the_stage_it_had_then():
    data = make_slice(
        reps=[("a", "senior", "2020-01-01", None)],
        opps=[
            ("w", "a", "x1", "won", 5559, "2026-08-20", "2026-11-15", "closed_won", 1.0, "2026-11-01"),
            ("n", "a", "x2", "won", 800, "2026-08-20", "2026-11-15", "closed_won", 1.0, "2026-11-01"),
        ],
        history=[("w", "qualification", "2026-08-20"), ("w", "closed_won", "2026-11-15")],
    )  # fmt: skip
    s = stalled_deals(data["opportunities"], data["stage_history"], OCT)
    # open on 1 November, won on 15 November: 73 days in qualification then, never "in Won";
    # n has no history: its stage on 1 November is unknown, so nothing is said of it
    assert s[["opportunity_id", "stage", "days_in_stage"]].values.tolist() == [["w", "qualification", 73]]
    risks = risk_register(data, OCT)
    stages = {r.evidence.as_dict()["stage"] for r in risks if r.kind.value == "stalled_deal"}
    assert stages == {"qualification"}


def test_concentration(data):
    c = concentration(data, OCT).set_index("basis")
    # revenue 1000: top three customers 600 + 200 + 100 = 90 %; rep a 800 = 80 %
    assert c.loc["revenue", ["total", "top_customers_share", "top_rep", "top_rep_share"]].tolist() == [
        1000.0,
        0.9,
        "a",
        0.8,
    ]
    assert c.loc["revenue", "top_customers"] == ["k1", "k2", "k3"]
    # pipeline 4500: x3 2000 + x1 1000 + x2 1000 = 88.9 %; rep a 3000 = 66.7 %
    assert c.loc["pipeline", "top_customers_share"] == pytest.approx(4000 / 4500)
    assert c.loc["pipeline", "top_rep_share"] == pytest.approx(3000 / 4500)


def test_register(data):
    r = risk_frame(risk_register(data, OCT))
    got = {(x.risk, x.subject_id, x.severity) for x in r.itertuples()}
    assert got == {
        ("stalled_deal", "s1", "medium"),  # 47 days; s3's days in its stage are unknown
        ("stalled_pipeline", "t", "high"),  # 1000 / 2500 judged (s3 is not) = 0.4 ≥ 1.5 × 0.20
        ("customer_concentration", "t", "high"),  # 0.90 and 0.889 ≥ 1.5 × 0.50 (twice: revenue, pipeline)
        ("rep_concentration", "a", "high"),  # 0.80 and 0.667 ≥ 1.5 × 0.40
        ("rep_departed", "g", "high"),  # left with an open deal
    }
    assert len(r) == 7
    assert r["severity"].tolist() == ["high"] * 6 + ["medium"]
    pipe = r[r["risk"] == "stalled_pipeline"].iloc[0]
    assert pipe["value"] == pytest.approx(1000 / 2500) and pipe["threshold"] == 0.2
    assert pipe["evidence"]["main_stage"] == "proposal" and pipe["evidence"]["deals_by_stage"] == {
        "proposal": 1
    }
    assert (pipe["evidence"]["open_deals"], pipe["evidence"]["open_amount"]) == (3, 2500.0)
    assert pipe["response"] == "stage_pipeline_review"
    gone = r[r["risk"] == "rep_departed"].iloc[0]
    assert (gone["value"], gone["response"]) == (1.0, "reassign_open_deals")
    assert gone["evidence"]["opportunity_ids"] == ["s4"] and gone["evidence"]["left_date"] == "2026-09-15"
    rep = r[(r["risk"] == "rep_concentration") & (r["metric"] == "revenue_share_12m")].iloc[0]
    assert (rep["value"], rep["benchmark"], rep["threshold"]) == pytest.approx((0.8, 1 / 2, 0.4))


def test_register_thresholds_are_arguments(data):
    r = risk_frame(
        risk_register(data, OCT, stalled_days=100, stalled_share=0.9, customer_share=0.95, rep_share=0.9)
    )
    assert set(r["risk"]) == {"rep_departed"}


def test_every_kind_of_risk_has_its_place_in_the_order():
    from salesnb.analysis.findings import RiskKind
    from salesnb.analysis.risks import KIND_ORDER

    assert sorted(KIND_ORDER) == sorted(RiskKind) and len(KIND_ORDER) == len(RiskKind)
