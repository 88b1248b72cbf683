"""Workload, imbalance, burnout and rebalancing on four reps counted by hand.

September and October 2026 both have 22 working days.

====  =======  ===========================  ===========================  ===============  ==========
rep   level    September                    October                      closed deals     open 31 Oct
====  =======  ===========================  ===========================  ===============  ==========
a     senior   440 (20/day), 11 after hours 660 (30/day), 132 after      Sep 2 won 2 lost 6
                                            hours, 66 at weekends        Oct 1 won 3 lost
b     junior   220 (10/day)                 220 (10/day)                 none             1
c     junior   330 (15/day)                 330 (15/day)                 Sep 1 won 1 lost 2
                                                                         Oct 2 lost
m     manager  100                          100                          none             0
====  =======  ===========================  ===========================  ===============  ==========

Every won deal is worth 100.
"""

from __future__ import annotations

import pandas as pd
import pytest

from salesnb.analysis.rebalancing import rebalance_suggestion
from salesnb.analysis.workload import burnout_signals, rep_workload, team_imbalance
from salesnb.periods import Period
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")


def _closed(rep: str, month: int, won: int, lost: int) -> list[tuple]:
    out = []
    for i in range(won + lost):
        status = "won" if i < won else "lost"
        close = f"2026-{month:02d}-{10 + i:02d}"
        stage = f"closed_{status}"
        out.append(
            (f"{rep}{month}{i}", rep, f"c{rep}{month}{i}", status, 100, "2026-08-01", close, stage, 0, close)
        )
    return out


def _open(rep: str, n: int) -> list[tuple]:
    return [
        (
            f"{rep}{i + 1}",
            rep,
            f"o{rep}{i}",
            "open",
            100,
            f"2026-10-{i + 1:02d}",
            None,
            "proposal",
            0.5,
            "2026-12-01",
        )
        for i in range(n)
    ]


def build(**hires: str) -> dict[str, pd.DataFrame]:
    reps = [(r, lvl, hires.get(r, "2020-01-01"), None) for r, lvl in [("a", "senior"), ("b", "junior"),
            ("c", "junior"), ("m", "manager")]]  # fmt: skip
    daily = [
        ("a", "2026-09-07", "call", 440, 100, 11, 0),
        ("a", "2026-10-05", "call", 660, 150, 132, 66),
        ("b", "2026-09-07", "call", 220, 50, 0, 0),
        ("b", "2026-10-05", "call", 220, 50, 0, 0),
        ("c", "2026-09-07", "call", 330, 80, 0, 0),
        ("c", "2026-10-05", "call", 330, 80, 0, 0),
        ("m", "2026-09-07", "call", 100, 30, 0, 0),
        ("m", "2026-10-05", "call", 100, 30, 0, 0),
    ]
    # a wins 3 of 8 (37.5 %), b 3 of 6 and c 4 of 8 (50 %): b and c close better and can take a's work
    opps = _closed("a", 9, 2, 2) + _closed("a", 10, 1, 3) + _closed("c", 9, 3, 1) + _closed("c", 10, 1, 3)
    opps += _closed("b", 8, 3, 3)
    opps += _open("a", 6) + _open("b", 1) + _open("c", 2)
    return make_slice(reps=reps, opps=opps, daily=daily)


@pytest.fixture
def data() -> dict[str, pd.DataFrame]:
    return build()


def test_rep_workload(data):
    w = rep_workload(data, OCT).set_index("rep_id")
    assert w["working_days"].tolist() == [22.0] * 4
    assert w["activities_per_day"].round(3).to_dict() == {"a": 30.0, "b": 10.0, "c": 15.0, "m": 4.545}
    # a: 132 / 660 after hours, 66 / 660 at weekends
    assert (w.loc["a", "after_hours_share"], w.loc["a", "weekend_share"]) == (0.2, 0.1)
    assert w["open_deals"].to_dict() == {"a": 6, "b": 1, "c": 2, "m": 0}
    assert w.loc["a", "open_amount"] == 600.0
    assert w.loc["a", "hours"] == 11.0  # 660 activities × 60 seconds
    # the manager is left out of the comparison: median of 30, 10, 15 = 15
    assert not w.loc["m", "compared"]
    assert w["load_index"].round(3).to_dict() == {"a": 2.0, "b": 0.667, "c": 1.0, "m": 0.303}
    assert w.loc["a", "deals_index"] == 3.0  # 6 ÷ median 2


def test_open_deals_without_an_amount_count_and_their_amount_is_unknown(data):
    opps = data["opportunities"]
    opps.loc[opps["rep_id"].isin(["b", "c"]) & (opps["status"] == "open"), "amount"] = None
    opps.loc[opps["opportunity_id"] == "a1", "amount"] = None  # one of a's six
    w = rep_workload(data, OCT).set_index("rep_id")
    assert w["open_deals"].to_dict() == {"a": 6, "b": 1, "c": 2, "m": 0}  # every open deal counts
    assert w.loc["a", "open_amount"] == 500.0  # the known amounts
    assert w[["open_amount"]].loc[["b", "c"]].isna().all().all()  # none known: unknown, not 0
    assert w.loc["m", "open_amount"] == 0.0  # no open deal: nothing


def test_team_imbalance(data):
    im = team_imbalance(rep_workload(data, OCT)).set_index("metric")
    a = im.loc["activities_per_day"]
    assert (a["max"], a["median"], a["min"], a["max_to_median"]) == (30.0, 15.0, 10.0, 2.0)
    # mean 18.33; deviations 11.67, −8.33, −3.33; variance 216.67 / 3 = 72.2; std 8.50 → cv 0.464
    assert a["cv"] == pytest.approx(0.4636, abs=1e-4)
    assert (a["most_loaded"], a["least_loaded"], a["flagged"]) == ("a", "b", True)
    d = im.loc["open_deals"]
    assert (d["max_to_median"], d["flagged"]) == (3.0, True)
    assert not team_imbalance(rep_workload(data, OCT), ratio=3.5)["flagged"].any()


def test_rebalance(data):
    w = rep_workload(data, OCT)
    r = rebalance_suggestion(w, data["opportunities"], data["stage_history"], OCT).iloc[0]
    # a holds 6, the median is 2, b holds 1: move min(6 − 2, 2 − 1) = 1, a's youngest deal
    assert (r["from_rep"], r["to_rep"], r["deals_to_move"]) == ("a", "b", 1)
    assert (r["from_open_deals"], r["to_open_deals"], r["team_median"], r["max_to_median"]) == (
        6,
        1,
        2.0,
        3.0,
    )
    assert r["opportunity_ids"] == ["a6"]
    # b excluded (say, burnout): c takes at least one
    r = rebalance_suggestion(w, exclude=["b"]).iloc[0]
    assert (r["to_rep"], r["deals_to_move"], r["opportunity_ids"]) == ("c", 1, [])
    # balanced enough: nothing to suggest
    assert rebalance_suggestion(w, ratio=4.0).empty


def test_ramping_rep_does_not_receive():
    data = build(b="2026-08-01")  # two months in at the end of October
    r = rebalance_suggestion(rep_workload(data, OCT)).iloc[0]
    assert r["to_rep"] == "c"


def test_burnout(data):
    b = burnout_signals(data, OCT, periods=1).set_index("rep_id")
    a = b.loc["a"]
    # 20 → 30 per day (+50 %); after hours 11/440 = 2.5 % → 20 % (+17.5 points); weekend 0 → 10 %
    assert a["activity_change"] == pytest.approx(0.5)
    assert a["after_hours_change"] == pytest.approx(0.175)
    assert a["weekend_change"] == pytest.approx(0.1)
    # win rate 2/4 → 1/4 (−50 %); revenue per activity 200/440 → 100/660 (−66.7 %)
    assert a["win_rate_change"] == pytest.approx(-0.5)
    assert a["revenue_per_activity_change"] == pytest.approx((100 / 660) / (200 / 440) - 1)
    assert a["effort_up"] and a["results_down"] and a["flagged"]
    # c's results fell (3/4 → 1/4) but effort did not rise: not burnout
    assert b.loc["c", "results_down"] and not b.loc["c", "effort_up"] and not b.loc["c", "flagged"]
    assert b["flagged"].sum() == 1
    assert (b["before_start"].iloc[0], b["recent_start"].iloc[0]) == ("2026-09", "2026-10")
    # stricter thresholds: 50 % more activity is not enough when 60 % is asked and hours are ignored
    strict = burnout_signals(data, OCT, periods=1, activity_up=0.6, out_of_hours_up=0.5)
    assert not strict["flagged"].any()


def test_burnout_skips_reps_in_their_ramp():
    data = build(a="2026-06-01")  # three months in when September starts
    assert "a" not in set(burnout_signals(data, OCT, periods=1)["rep_id"])


def test_rebalance_says_why_the_receiver():
    data = build()
    r = rebalance_suggestion(rep_workload(data, OCT), data["opportunities"], data["stage_history"], OCT)
    r = r.iloc[0]
    # b: one open deal created in October and 3 won of 6 in August; on the team since 2020 (81 months)
    assert (r["to_rep"], r["to_deals_handled"], r["to_deals_won"], r["to_tenure_months"]) == ("b", 7, 3, 81.0)


def test_a_rep_with_no_deal_and_no_record_of_selling_does_not_receive():
    data = build()
    opps = data["opportunities"]
    # b has no deal at all: only activity, no record of selling
    data["opportunities"] = opps[opps["rep_id"] != "b"]
    w = rep_workload(data, OCT).set_index("rep_id")
    assert (w.loc["b", "deals_handled"], w.loc["b", "active"]) == (0, True)
    r = rebalance_suggestion(w.reset_index(), data["opportunities"], data["stage_history"], OCT)
    assert r.iloc[0]["to_rep"] == "c"  # c holds more (2) but has sold before
    # a team where nobody else can take the work gets no suggestion, not a move to an empty desk
    data["opportunities"] = opps[opps["rep_id"] == "a"]
    assert rebalance_suggestion(
        rep_workload(data, OCT), data["opportunities"], data["stage_history"], OCT
    ).empty


def test_receivers_are_active_and_employed_through_the_period():
    data = build()
    # b did nothing in October (no activity, no deal created or closed in it): not active
    daily = data["activity_daily"]
    data["activity_daily"] = daily[~((daily["rep_id"] == "b") & (daily["day"] >= "2026-10-01"))]
    opps = data["opportunities"]
    data["opportunities"] = opps.assign(
        created_date=opps["created_date"].where(opps["rep_id"] != "b", pd.Timestamp("2026-09-20"))
    )
    w = rep_workload(data, OCT).set_index("rep_id")
    assert not w.loc["b", "active"] and w.loc["c", "active"]
    assert rebalance_suggestion(w.reset_index()).iloc[0]["to_rep"] == "c"
    # b leaves on 20 October: employed at the start, not through the period
    later = build()
    later["reps"].loc[later["reps"]["rep_id"] == "b", "hire_date"] = pd.Timestamp("2020-01-01")
    later["reps"].loc[later["reps"]["rep_id"] == "b", "left_date"] = pd.Timestamp("2026-10-20")
    w = rep_workload(later, OCT).set_index("rep_id")
    assert not w.loc["b", "employed_through"] and w.loc["c", "employed_through"]
    assert rebalance_suggestion(w.reset_index()).iloc[0]["to_rep"] == "c"


def test_only_deals_of_a_kind_the_receiver_has_handled_move():
    data = build()
    opps = data["opportunities"]
    # a's open deals: a1–a3 new business, a4–a6 existing; b has only ever handled existing business
    kind = {f"a{i}": "new" for i in range(1, 4)} | {f"a{i}": "existing" for i in range(4, 7)}
    opps = opps.assign(deal_type=opps["opportunity_id"].map(kind).fillna("existing"))
    opps.loc[opps["rep_id"] == "c", "deal_type"] = "new"
    data["opportunities"] = opps
    r = rebalance_suggestion(rep_workload(data, OCT), opps, data["stage_history"], OCT, ratio=1.5).iloc[0]
    assert (r["to_rep"], r["deal_types"], r["opportunity_ids"]) == ("b", ["existing"], ["a6"])
    # all of a's open deals are new business and b's one deal is of no known kind: c, who has sold new
    # business, receives a's youngest
    opps.loc[opps["opportunity_id"].isin(["a4", "a5", "a6"]), "deal_type"] = "new"
    opps.loc[opps["rep_id"] == "b", "deal_type"] = None
    r = rebalance_suggestion(rep_workload(data, OCT), opps, data["stage_history"], OCT).iloc[0]
    assert (r["to_rep"], r["deal_types"], r["opportunity_ids"]) == ("c", ["new"], ["a6"])


def test_no_more_deals_move_than_the_receiver_can_take_of_their_kinds():
    """a holds 6 open, c 4, b 1 (median 4): min(6 − 4, 4 − 1) = 2 would move, but only a6 is of the kind
    b has handled, so the suggestion names 1 deal, not 2."""
    reps = [(r, lvl, "2020-01-01", None) for r, lvl in [("a", "senior"), ("b", "junior"), ("c", "junior")]]
    # a works twice the others' hours: overloaded, so a may give
    daily = [(r, "2026-10-05", "call", 440 if r == "a" else 220, 50, 0, 0) for r in "abc"]
    opps = _closed("a", 9, 2, 2) + _closed("c", 9, 1, 1) + _open("a", 6) + _open("b", 1) + _open("c", 4)
    data = make_slice(reps=reps, opps=opps, daily=daily)
    kind = {f"a{i}": "new" for i in range(1, 6)} | {"a6": "existing", "b1": "existing"}
    opps = data["opportunities"]
    data["opportunities"] = opps.assign(deal_type=opps["opportunity_id"].map(kind).fillna("new"))
    r = rebalance_suggestion(
        rep_workload(data, OCT), data["opportunities"], data["stage_history"], OCT, ratio=1.5
    ).iloc[0]
    assert (r["from_rep"], r["to_rep"], r["team_median"]) == ("a", "b", 4.0)
    assert (r["deals_to_move"], r["opportunity_ids"], r["deal_types"]) == (1, ["a6"], ["existing"])


def test_many_deals_on_ordinary_hours_is_no_overload():
    """a holds 6 open deals (3 × the median) but works the same hours as everyone: a keeps them."""
    reps = [(r, "senior", "2020-01-01", None) for r in "abc"]
    daily = [(r, d, "call", 220, 50, 0, 0) for r in "abc" for d in ("2026-09-07", "2026-10-05")]
    opps = _closed("a", 9, 2, 2) + _closed("c", 9, 2, 2) + _open("a", 6) + _open("b", 1) + _open("c", 2)
    data = make_slice(reps=reps, opps=opps, daily=daily)
    w = rep_workload(data, OCT)
    assert not w["overloaded"].any()
    assert rebalance_suggestion(w, data["opportunities"], data["stage_history"], OCT).empty


def test_work_never_moves_to_a_weaker_closer(data):
    """a is overloaded and wins 3 of 8; once c wins only 1 of 8, c may not take a's deals."""
    opps = data["opportunities"]
    c_won = opps.index[(opps["rep_id"] == "c") & (opps["status"] == "won")]
    data["opportunities"].loc[c_won[1:], "status"] = "lost"
    w = rep_workload(data, OCT).set_index("rep_id")
    assert w.loc["a", "overloaded"] and w.loc["a", "win_rate"] == 3 / 8 and w.loc["c", "win_rate"] == 1 / 8
    assert rebalance_suggestion(w.reset_index(), exclude=["b"]).empty
