"""Judgement scenarios of the workload, the risk register and the stalled deals (#17 point 4).

Each builds a small organisation with known numbers and asserts what the analysis (and, where the
wording matters, the team review's section) must say and must not say.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.analysis.findings import RiskKind, SignalKind, risk_frame
from salesnb.analysis.rebalancing import rebalance_suggestion
from salesnb.analysis.risk_rules import RiskRules, parse_risk_rules
from salesnb.analysis.risks import risk_register
from salesnb.analysis.signals import rep_signals
from salesnb.analysis.workload import rep_workload
from salesnb.errors import ParameterError
from salesnb.periods import Period
from salesnb.reports.team_review.people import workload_sentences
from salesnb.reports.team_review.risks import risks_frame, stalled_frame
from tests.unit.test_analysis_common import make_slice

OCT = Period.parse("2026-10")
MONTHS = ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")


def _deal(oid: str, rep: str, status: str, day: str, amount: float = 100.0) -> tuple:
    stage = {"won": "closed_won", "lost": "closed_lost"}.get(status, "proposal")
    close = None if status == "open" else day
    created = "2026-04-01" if status != "open" else day
    return (oid, rep, f"c-{oid}", status, amount, created, close, stage, 0.5, "2026-12-01")


def _record(rep: str, won: int, lost: int) -> list[tuple]:
    """``won`` and ``lost`` deals of ``rep`` closed in September (amount 100 each)."""
    return [
        _deal(f"{rep}-{s}{i}", rep, s, f"2026-09-{i + 2:02d}")
        for s, n in (("won", won), ("lost", lost))
        for i in range(n)
    ]


def _open(rep: str, n: int) -> list[tuple]:
    return [_deal(f"{rep}-o{i}", rep, "open", f"2026-10-{i + 1:02d}") for i in range(n)]


def _calls(rep: str, per_month: int, after_hours: int = 0, connected: float = 0.3) -> list[tuple]:
    return [
        (rep, f"{m}-05", "call", per_month, int(per_month * connected), after_hours, 0)
        for m in ("2026-08", "2026-09", "2026-10")
    ] + [(rep, f"{m}-05", "call", per_month, int(per_month * connected), 0, 0) for m in MONTHS[:3]]


def _review(data: dict, period: Period = OCT, **analysis: object) -> SimpleNamespace:
    """The parts of a team review the workload and risk sections read, from a slice."""
    names = dict(zip(data["reps"]["rep_id"], data["reps"]["name"], strict=True))
    opps = data["opportunities"]["opportunity_id"]
    names |= dict(zip(opps, opps, strict=True))
    return SimpleNamespace(
        language="en",
        currency="CNY",
        team_id="t",
        team_name="T",
        inputs=SimpleNamespace(has=lambda _: True),
        analysis=SimpleNamespace(names=names, **analysis),
    )


# ------------------------------------------------------------------- top closer with many deals
def _top_closer_team(top_after_hours: int = 0) -> dict:
    """``top`` wins 6 of 8 and holds 9 open deals on ordinary hours; ``j1``–``j3`` win 1 of 3 and hold 3."""
    reps = [("top", "senior", "2020-01-01", None)] + [
        (j, "junior", "2021-01-01", None) for j in ("j1", "j2", "j3")
    ]
    opps = _record("top", 6, 2) + _open("top", 9)
    daily = _calls("top", 440, top_after_hours)
    for j in ("j1", "j2", "j3"):
        opps += _record(j, 1, 2) + _open(j, 3)
        daily += _calls(j, 440)
    targets = [(r, m, 200.0) for r, *_ in reps for m in ("2026-08-01", "2026-09-01", "2026-10-01")]
    return make_slice(reps=reps, opps=opps, daily=daily, targets=targets)


def test_top_closer_with_many_deals_keeps_them_and_is_not_overloaded():
    data = _top_closer_team()
    w = rep_workload(data, OCT)
    top = w.set_index("rep_id").loc["top"]
    assert top["deals_index"] == 3.0 and not top["overloaded"]  # 9 open vs median 3, ordinary hours
    assert top["win_rate"] == 0.75
    assert rebalance_suggestion(w, data["opportunities"], data["stage_history"], OCT).empty
    from salesnb.analysis.workload import team_imbalance

    review = _review(data, workload=w, imbalance=team_imbalance(w), signals=[], rebalance=w.iloc[0:0])
    text = " ".join(workload_sentences(review))
    assert "TOP holds 9 open deals, 3.0× the team median of 3" in text
    assert "a full book, not overload, so no deals move" in text
    assert "Uneven load" not in text and "Suggested rebalancing" not in text


def test_an_overloaded_top_closer_never_hands_deals_to_a_weaker_closer():
    data = _top_closer_team(top_after_hours=200)  # after hours 200 of 440 from August: effort up
    w = rep_workload(data, OCT).set_index("rep_id")
    assert w.loc["top", "overloaded"]
    # every junior wins 1 of 3 against top's 6 of 8: nobody may take top's deals
    assert rebalance_suggestion(w.reset_index(), data["opportunities"], data["stage_history"], OCT).empty


def test_an_over_dialer_is_coached_not_relieved_of_deals():
    data = _top_closer_team()
    w = rep_workload(data, OCT)
    w.loc[w["rep_id"] == "j1", ["load_index", "overloaded"]] = [2.0, True]
    w.loc[w["rep_id"] == "j1", "open_deals"] = 9
    assert rebalance_suggestion(w, exclude=[], keep=[]).iloc[0]["from_rep"] == "j1"
    assert rebalance_suggestion(w, keep=["j1"]).empty


# -------------------------------------------------------------------------- lumpy field team
def _lumpy(team_type: str) -> dict:
    """Quota 100 a month. ``q`` closes 500 in July and nothing since (a deal a quarter); ``z`` has closed
    nothing for six months; ``ok`` closes 100 every month."""
    reps = [(r, "senior", "2020-01-01", None) for r in ("q", "z", "ok")]
    opps = [_deal("q-big", "q", "won", "2026-07-15", 500.0)]
    opps += [_deal(f"ok-{m}", "ok", "won", f"{m}-10", 100.0) for m in MONTHS]
    opps += [_deal("z-old", "z", "won", "2026-03-10", 300.0)]
    months = [f"2026-{m:02d}-01" for m in range(1, 11)]
    targets = [(r, m, 100.0) for r in ("q", "z", "ok") for m in months]
    daily = [(r, f"{m}-05", "meeting", 40, 0, 0, 0) for r in ("q", "z", "ok") for m in MONTHS]
    data = make_slice(reps=reps, opps=opps, daily=daily, targets=targets)
    data["teams"]["team_type"] = team_type
    return data


def test_a_field_team_is_judged_on_a_rolling_quarter_not_one_month():
    field = _lumpy("field")
    below = {s.rep_id: s for s in rep_signals(field, OCT) if s.kind == SignalKind.BELOW_TARGET}
    # q: Aug–Oct at 0 by month, but 167 % over the quarter to September: no run, no plan
    assert "q" not in below and "ok" not in below
    # z has closed nothing since March: below on every rolling quarter from June, and said so
    assert below["z"].evidence.window == 3 and below["z"].evidence.periods_below == 5
    risks = risk_frame(risk_register(field, OCT))
    plans = risks[risks["response"] == "performance_plan"]
    assert plans["rep_id"].tolist() == ["z"]
    # the same numbers on a telesales team are read month by month: q's three zero months count
    monthly = {s.rep_id for s in rep_signals(_lumpy("telesales"), OCT) if s.kind == SignalKind.BELOW_TARGET}
    assert monthly == {"q", "z"}


def test_the_rolling_window_is_worded_as_the_rule_reads_it():
    from salesnb.reports.findings import describe

    def below(window: int):
        found = rep_signals(_lumpy("field"), OCT, below_target_window=window)
        return next(s for s in found if s.kind == SignalKind.BELOW_TARGET and s.rep_id == "z")

    quarter, two = below(3), below(2)
    assert "over a rolling window of 3 months below" in describe(quarter, "en")
    assert describe(quarter, "zh").startswith("按滚动3个月计")
    assert "over a rolling window of 2 months below" in describe(two, "en")
    assert "quarter" not in describe(two, "en")
    team = [r for r in risk_register(_lumpy("field"), OCT) if r.kind == RiskKind.TEAM_BELOW_QUOTA]
    assert all("rolling window of 3 months" in describe(r, "en") for r in team)


def test_the_rolling_quarter_is_a_rule_of_the_params():
    rules = parse_risk_rules({"rolling_team_types": ["field", "telesales"], "rolling_periods": 2})
    assert rules.window(["telesales"]) == 2 and RiskRules().window(["telesales"]) == 1
    with pytest.raises(
        ParameterError, match=r"rolling_team_types must be a list of online, telesales, field"
    ):
        parse_risk_rules({"rolling_team_types": ["key"]}, "risk_rules.yaml")
    with pytest.raises(ParameterError, match=r"risk_rules\.yaml: unknown key csat"):
        parse_risk_rules({"csat": 0.1}, "risk_rules.yaml")


def test_a_team_below_quota_for_several_periods_is_a_risk():
    data = _lumpy("telesales")  # team: 100 of 300 a month from August (ok alone): 33 %
    found = [r for r in risk_register(data, OCT) if r.kind == RiskKind.TEAM_BELOW_QUOTA]
    assert len(found) == 1 and found[0].evidence.periods_below >= 3
    assert found[0].value == pytest.approx(1 / 3, abs=0.01) and found[0].threshold == 0.9


# -------------------------------------------------------- low contact rate and satisfaction drop
def _telesales(low_dials: int = 600) -> dict:
    reps = [(f"r{i}", "senior", "2020-01-01", None) for i in range(6)]
    daily = []
    for i in range(6):
        rate = 0.12 if i == 5 else 0.28 + 0.01 * i
        dials = low_dials if i == 5 else 600
        daily += [(f"r{i}", f"{m}-05", "call", dials, int(dials * rate), 0, 0) for m in MONTHS]
    return make_slice(reps=reps, daily=daily)


def _surveys(data: dict, before: tuple[int, int], now: tuple[int, int]) -> None:
    """``before`` = (responses, satisfied) spread over July–September, ``now`` the same in October."""
    rows = []
    for label, (n, good), months in (
        ("b", before, ("2026-07", "2026-08", "2026-09")),
        ("n", now, ("2026-10",)),
    ):
        for i in range(n):
            day = f"{months[i % len(months)]}-1{i % 9}"
            rows.append((f"{label}{i}", "r0", "c", day, 5 if i < good else 2, 9 if i < good else 3))
    data["surveys"] = pd.DataFrame(
        rows, columns=["survey_id", "rep_id", "customer_id", "survey_date", "csat", "nps"]
    )
    data["surveys"]["survey_date"] = pd.to_datetime(data["surveys"]["survey_date"])


def test_a_low_contact_rate_is_a_risk_with_its_dials():
    risks = [r for r in risk_register(_telesales(), OCT) if r.kind == RiskKind.LOW_CONTACT_RATE]
    assert [r.rep_id for r in risks] == ["r5"]
    assert risks[0].value == pytest.approx(0.12, abs=0.001) and risks[0].evidence.dials == 1800
    # too few dials to judge: no risk
    assert not [
        r for r in risk_register(_telesales(low_dials=30), OCT) if r.kind == RiskKind.LOW_CONTACT_RATE
    ]
    # a rule's own level flags a rate the peers would not
    rules = parse_risk_rules({"min_contact_rate": "30%"})
    flagged = {
        r.rep_id for r in risk_register(_telesales(), OCT, rules=rules) if r.kind == RiskKind.LOW_CONTACT_RATE
    }
    assert {"r0", "r1", "r5"} <= flagged and "r2" not in flagged


def test_a_satisfaction_drop_is_a_risk_with_its_responses():
    data = _telesales()
    _surveys(data, before=(45, 41), now=(15, 9))  # 91 % → 60 %
    drops = {r.evidence.survey: r for r in risk_register(data, OCT) if r.kind == RiskKind.SATISFACTION_DROP}
    csat = drops["csat"]
    assert (csat.evidence.responses_before, csat.evidence.responses_recent) == (45, 15)
    assert csat.value == pytest.approx(100 * (41 / 45 - 9 / 15))
    review = _review(data, risks=list(drops.values()))
    frame, _ = risks_frame(review)
    text = " ".join(frame["Evidence"])
    assert "CSAT 91.1% over the 3 periods before (n = 45) → 60.0% this period (n = 15)" in text
    review.language = "zh"
    assert "客户满意度（CSAT）此前 3 期为 91.1%（n = 45），本期 60.0%（n = 15）" in " ".join(
        risks_frame(review)[0]["证据"]
    )


def test_the_survey_minimum_is_the_coaching_rules_min_sample_unless_risk_rules_set_one(tmp_path):
    """One place for the fewest survey responses: coaching_rules.yaml's min_sample, read by the risks."""
    import shutil
    from pathlib import Path

    from salesnb.params import load_settings

    params = tmp_path / "params"
    shutil.copytree(Path(__file__).parents[2] / "params", params)
    coaching = params / "coaching_rules.yaml"
    text = coaching.read_text(encoding="utf-8")
    assert "  csat: 10\n" in text
    coaching.write_text(text.replace("  csat: 10\n", "  csat: 20\n"), encoding="utf-8")
    rules = load_settings(params).risk_rules
    assert rules is not None and rules.min_responses is None
    assert (rules.survey_minimum("csat"), rules.survey_minimum("nps")) == (20, 10)
    data = _telesales()
    _surveys(data, before=(45, 41), now=(15, 9))  # 15 responses this period: enough for 10, not for 20
    kinds = [r.evidence.survey for r in risk_register(data, OCT) if r.kind == RiskKind.SATISFACTION_DROP]
    assert "csat" in kinds
    strict = [r for r in risk_register(data, OCT, rules=rules) if r.kind == RiskKind.SATISFACTION_DROP]
    assert "csat" not in [r.evidence.survey for r in strict]
    (params / "risk_rules.yaml").write_text("min_responses: 12\n", encoding="utf-8")  # the file's own says
    assert load_settings(params).risk_rules.survey_minimum("csat") == 12


def test_a_fall_within_sampling_noise_or_below_the_responses_is_no_risk():
    data = _telesales()
    _surveys(data, before=(45, 41), now=(6, 3))  # 50 % on six answers: too few
    assert not [r for r in risk_register(data, OCT) if r.kind == RiskKind.SATISFACTION_DROP]
    _surveys(data, before=(30, 25), now=(11, 8))  # 83 % → 73 %: 11 points, within noise of 11 answers
    assert not [r for r in risk_register(data, OCT) if r.kind == RiskKind.SATISFACTION_DROP]


# ------------------------------------------------------------------------------- stalled stage
def test_pipeline_coverage_is_said_with_and_without_the_stalled_deals():
    from salesnb.reports.team_review.outlook import coverage_sentence
    from salesnb.reviews.team.review import pipeline_cover

    reps = [("a", "senior", "2020-01-01", None)]
    # ten deals of 1,000 open at the end of October: six have sat in proposal since July
    opps = [_deal(f"d{i}", "a", "open", "2026-06-01", 1000.0) for i in range(10)]
    history = [(f"d{i}", "proposal", "2026-07-01" if i < 6 else "2026-10-20") for i in range(10)]
    targets = [("a", m, 1000.0) for m in ("2026-10-01", "2026-11-01")]
    data = make_slice(reps=reps, opps=opps, history=history, targets=targets)
    from salesnb.kpis import compute_measures

    cover = pipeline_cover(data, OCT, compute_measures(data, [OCT]).xs(OCT.label, level="period"))
    assert (cover["with"], cover["without"], cover["stalled_deals"]) == (10.0, 4.0, 6)
    review = SimpleNamespace(coverage=cover, language="en", currency="CNY", period=OCT)
    assert coverage_sentence(review) == (
        "Pipeline coverage at the end of 2026-10: 10.00× of next period's quota (¥10,000 open); without its "
        "stalled deals (6: ¥6,000, 30 days or more in one stage) 4.00×."
    )
    review.language = "zh"
    assert "剔除停滞商机（6 个：¥6,000" in coverage_sentence(review) and "4.00×" in coverage_sentence(review)


def test_stalled_deals_are_one_table_with_their_age_and_one_sentence():
    reps = [("a", "senior", "2020-01-01", None), ("b", "senior", "2020-01-01", None)]
    opps = [_deal(f"d{i}", "ab"[i % 2], "open", "2026-06-01", 1000.0 * (i + 1)) for i in range(14)]
    history = [(f"d{i}", "proposal", f"2026-{7 + i % 3:02d}-0{1 + i % 5}") for i in range(14)]
    data = make_slice(reps=reps, opps=opps, history=history)
    risks = risk_register(data, OCT)
    review = _review(data, risks=risks)
    frame, summary = risks_frame(review)
    assert "Stalled deal" not in set(frame["Risk"])  # no repeated row per deal
    assert summary.startswith("14 open deals (¥105,000) have not changed stage for 30 days or more")
    assert summary.count("Requalify") == 1
    table, more = stalled_frame(review)
    assert list(table.columns) == ["Deal", "Owner", "Stage", "Amount", "In stage since", "Days in stage"]
    assert len(table) == 10 and more.startswith("… and 4 more stalled deals")
    days = table["Days in stage"].astype(int)
    assert (
        days.is_monotonic_decreasing
        and days.iloc[0] == (pd.Timestamp("2026-11-01") - pd.Timestamp("2026-07-01")).days
    )


# ------------------------------------------------------------- forecast with a large backtest error
def _lumpy_revenue(open_deals: list[tuple] = (), history: list[tuple] = ()) -> dict:
    """A rep who closes 5,000, then nothing, then 5,000 … every other month of 2026 to October."""
    opps, hist = [], []
    for month in range(1, 11):
        amount = 5000.0 if month % 2 else 500.0
        created, close = f"2026-{month:02d}-01", f"2026-{month:02d}-10"
        opps.append((f"w{month}", "a", f"c{month}", "won", amount, created, close, "closed_won", 1.0, close))
        hist += [(f"w{month}", "qualification", created), (f"w{month}", "closed_won", close)]
    reps = [("a", "senior", "2020-01-01", None)]
    return make_slice(reps=reps, opps=opps + list(open_deals), history=hist + list(history))


def test_a_forecast_with_a_large_backtest_error_is_labelled_with_a_range_and_rounded():
    from salesnb.analysis.forecast import UNRELIABLE_WAPE, forecast_revenue
    from salesnb.reports.team_review.outlook import best_sentence, forecast_frame

    f = forecast_revenue(_lumpy_revenue(), OCT).set_index("method")
    rr = f.loc["run_rate"]
    # last month's revenue is next month's forecast: 5,000 after 500 and 500 after 5,000, off by 900 %
    assert rr["wape"] > UNRELIABLE_WAPE and rr["unreliable"]
    assert rr["next_low"] < rr["next_period"] < rr["next_high"]
    # the pipeline never forecast anything (no open deal then): off by exactly 100 %, no range, and never
    # the best though the others are off by more (the old mean of percentage errors named it best)
    wp = f.loc["weighted_pipeline"]
    assert wp["forecasts_nothing"] and wp["wape"] == 1.0 and wp[["next_low", "next_high"]].isna().all()
    assert f["unreliable"].all() and f.loc["exp_smoothing", "wape"] > 1.0
    review = _review(_lumpy_revenue(), forecast=f.reset_index())
    text = best_sentence(review)
    assert text.startswith("No forecast is reliable: the best over the last 4 periods, Exponential smoothing")
    assert "Weighted pipeline" not in text and "(unreliable above 50.0%)" in text
    assert "forecast 0 in every backtest" in " ".join(forecast_frame(review)["Backtest WAPE"])
    review.analysis.forecast = f.drop(index="weighted_pipeline").reset_index()
    text = best_sentence(review)
    assert "could be anywhere in ¥" in text and " – ¥" in text
    frame = forecast_frame(review)
    assert set(frame["Reliability"]) == {"unreliable"}
    # rounded to the error: no figure to the yuan when the error is several times the value
    next_shown = frame["Next period"].str.replace("[¥,]", "", regex=True).astype(int)
    steps = review.analysis.forecast["step"].to_numpy()
    assert (steps >= 10).all() and (next_shown.to_numpy() % steps == 0).all()
    review.language = "zh"
    assert best_sentence(review).startswith("没有可靠的预测")


def test_a_steady_forecast_is_usable_and_keeps_its_precision():
    from salesnb.analysis.forecast import forecast_revenue, rounding_step
    from salesnb.reports.team_review.outlook import best_sentence, forecast_frame

    assert rounding_step(1000.0, 0.02) == 1.0 and rounding_step(1_486_232, 1.329) == 100_000.0
    # 12,345 won every month of 2026: the run rate is off only by the months' working days
    opps = [(f"w{m}", "a", f"c{m}", "won", 12_345.0, f"2026-{m:02d}-01", f"2026-{m:02d}-10", "closed_won",
             1.0, f"2026-{m:02d}-10") for m in range(1, 11)]  # fmt: skip
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps)
    f = forecast_revenue(data, OCT).set_index("method")
    rr = f.loc["run_rate"]
    assert 0 < rr["wape"] < 0.1 and not rr["unreliable"] and rr["step"] <= 100
    assert rr["next_low"] <= rr["next_period"] <= rr["next_high"]
    review = _review(data, forecast=f.reset_index())
    assert best_sentence(review).startswith("Most reliable over the last")
    shown = forecast_frame(review).set_index("Method").loc["Run rate", "Next period"]
    # to the step of its error, not to the ten thousand a large error would round it to
    assert int(shown.replace("¥", "").replace(",", "")) % 1000 != 0


def test_commit_and_best_case_come_from_the_deals_and_their_stages():
    from salesnb.analysis.deal_forecast import deal_forecast

    due = [
        ("n1", "a", "cn1", "open", 3000, "2026-10-02", None, "negotiation", 0.75, "2026-11-10"),
        ("p1", "a", "cp1", "open", 2000, "2026-10-02", None, "proposal", 0.5, "2026-11-20"),
        ("q1", "a", "cq1", "open", 1000, "2026-06-02", None, "qualification", 0.1, "2026-11-25"),
        ("later", "a", "cl", "open", 9000, "2026-10-02", None, "proposal", 0.5, "2027-01-10"),
        ("n2", "a", "cn2", "open", 4000, "2026-06-02", None, "negotiation", 0.75, "2026-11-15"),
    ]
    history = [("n1", "negotiation", "2026-10-20"), ("p1", "proposal", "2026-10-05"),
               ("q1", "qualification", "2026-06-02"), ("later", "proposal", "2026-10-05"),
               ("n2", "negotiation", "2026-07-01")]  # fmt: skip
    data = _lumpy_revenue(due, history)
    d = deal_forecast(data, OCT).set_index("period").loc["2026-11"]
    # only the deal at 75 % that moves: n2 has sat in negotiation since July, no commitment
    assert (d["commit"], d["commit_deals"], d["commit_stalled"]) == (3000.0, 1, 1)
    assert (d["best_case"], d["best_case_deals"]) == (10000.0, 4)  # every deal due in November
    # q1 and n2 are stalled: out of the best case without stalls
    assert (d["best_case_unstalled"], d["stalled_deals"]) == (5000.0, 2)
    from salesnb.reports.team_review.outlook import deal_sentences

    review = _review(data, deal_forecast=deal_forecast(data, OCT))
    assert (
        "commit ¥3,000 (deals at 70.0% or more that are not stalled: 1; 1 stalled at that stage left out)"
        in (" ".join(deal_sentences(review)))
    )
    review.language = "zh"
    assert "承诺额 ¥3,000（赢率不低于 70.0% 且未停滞的商机 1 个；另有 1 个停滞在该阶段的商机未计入）" in (
        " ".join(deal_sentences(review))
    )


@pytest.mark.parametrize("bad", [1, "100%", 0.4])
def test_a_satisfaction_confidence_of_one_or_below_a_half_is_refused(bad):
    # 1 has no finite one-sided z: every review with surveys would crash; below 0.5 a rise counts as a fall
    refused = r"risk_rules\.yaml: satisfaction_confidence must be at least 0\.5 and below 1"
    with pytest.raises(ParameterError, match=refused):
        parse_risk_rules({"satisfaction_confidence": bad}, "risk_rules.yaml")
    # a strict confidence still judges: 91 % → 60 % on 15 answers is z = 2.3, past 98 % (z 2.05)
    data = _telesales()
    _surveys(data, before=(45, 41), now=(15, 9))
    rules = parse_risk_rules({"satisfaction_confidence": 0.98})
    assert "csat" in {
        r.evidence.survey
        for r in risk_register(data, OCT, rules=rules)
        if r.kind == RiskKind.SATISFACTION_DROP
    }


@pytest.mark.parametrize("days", [30, 100])
def test_the_forecast_and_the_register_read_the_same_stalled_days(days):
    from datetime import date

    from salesnb.reviews.team.analysis import analyse_team

    # q1 has sat in qualification since 20 August: 73 days at the end of October
    due = [("q1", "a", "cq1", "open", 1000, "2026-06-02", None, "qualification", 0.1, "2026-11-25")]
    data = _lumpy_revenue(due, [("q1", "qualification", "2026-08-20")])
    data["opportunities"]["name"] = data["opportunities"]["opportunity_id"]
    rules = parse_risk_rules({"stalled_days": days})
    a = analyse_team(data, OCT, date(2026, 10, 31), ["revenue"], 6, None, None, date(2026, 1, 1), rules=rules)
    in_register = {r.subject.id for r in a.risks if r.kind == RiskKind.STALLED_DEAL}
    assert in_register == ({"q1"} if days == 30 else set())
    assert a.deal_forecast["stalled_deals"].sum() == len(in_register)


# ------------------------------------------------------------- a receiver must be known to close as well
def _giver_team(with_solid: bool = False) -> dict:
    """``g`` wins 5 of 10, holds 9 open deals and works after hours from August (overloaded). ``lucky``
    won 1 of 1, ``fresh`` has closed nothing, ``mid`` won 1 of 3; ``solid`` (optional) wins 6 of 10."""
    holders = {"g": (5, 5, 9), "lucky": (1, 0, 1), "fresh": (0, 0, 2), "mid": (1, 2, 3)}
    if with_solid:
        holders["solid"] = (6, 4, 2)
    reps = [(r, "senior", "2020-01-01", None) for r in holders]
    opps, daily = [], []
    for rep, (won, lost, n_open) in holders.items():
        opps += _record(rep, won, lost) + _open(rep, n_open)
        daily += _calls(rep, 440, 200 if rep == "g" else 0)
    return make_slice(reps=reps, opps=opps, daily=daily)


def test_a_lucky_or_unknown_record_does_not_close_as_well_as_a_proven_closer():
    data = _giver_team()
    w = rep_workload(data, OCT)
    assert w.set_index("rep_id").loc["g", "overloaded"]
    args = (data["opportunities"], data["stage_history"], OCT)
    # 1 of 1 is not a 100 % closer, 0 closed is no record, 1 of 3 too few: nobody is known to close as
    # well as g's 5 of 10, so nothing moves
    assert rebalance_suggestion(w, *args).empty
    # a burned-out g is relieved whatever the receiver's record: the fit rep holding fewest takes work
    assert rebalance_suggestion(w, *args, relieve=["g"]).iloc[0]["to_rep"] == "lucky"
    # a proven closer (6 of 10) takes the work, though lucky and fresh hold fewer deals
    data = _giver_team(with_solid=True)
    r = rebalance_suggestion(rep_workload(data, OCT), data["opportunities"], data["stage_history"], OCT)
    assert r.iloc[0]["to_rep"] == "solid"


# ------------------------------------------------- a full book beside a move; steady evenings are effort
def _sentences(data: dict) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    from salesnb.analysis.workload import team_imbalance

    w = rep_workload(data, OCT)
    move = rebalance_suggestion(w, data["opportunities"], data["stage_history"], OCT)
    review = _review(data, workload=w, imbalance=team_imbalance(w), signals=[], rebalance=move)
    return w.set_index("rep_id"), move, " ".join(workload_sentences(review))


def test_a_full_book_beside_another_reps_move_is_not_said_to_move_nothing():
    """``book`` holds 12 open deals on ordinary hours; ``g`` dials twice the team's and holds 8: g's
    deals move to a proven closer, book keeps theirs, and the report never says no deals move."""
    holders = {"book": (6, 4, 12), "g": (5, 5, 8), "r1": (6, 4, 2), "r2": (6, 4, 3), "r3": (6, 4, 3)}
    reps = [(r, "senior", "2020-01-01", None) for r in holders]
    opps, daily = [], []
    for rep, (won, lost, n_open) in holders.items():
        opps += _record(rep, won, lost) + _open(rep, n_open)
        daily += _calls(rep, 880 if rep == "g" else 440)
    w, move, text = _sentences(make_slice(reps=reps, opps=opps, daily=daily))
    assert not w.loc["book", "overloaded"] and w.loc["g", "overloaded"]
    assert (move.iloc[0]["from_rep"], move.iloc[0]["to_rep"]) == ("g", "r1")
    assert "BOOK holds 12 open deals" in text and "so their deals stay with them" in text
    assert "no deals move" not in text


def test_steady_evenings_far_above_the_team_are_effort_though_they_never_rose():
    """``top`` works a third of their calls after hours in every month of the half year (no rise)."""
    data = _top_closer_team()
    daily = data["activity_daily"]
    daily.loc[daily["rep_id"] == "top", "after_hours"] = 150  # of 440 calls a month, since May
    w, _, text = _sentences(data)
    assert not w.loc["top", "effort_up"] and w.loc["top", "off_hours_high"] and w.loc["top", "overloaded"]
    assert "a full book, not overload" not in text and "Uneven load: TOP carries 9 open deals" in text
    # the juniors, on the team's hours, are neither
    assert not w.loc[["j1", "j2", "j3"], "overloaded"].any()


def test_no_range_from_fewer_than_four_backtests():
    from salesnb.analysis.forecast import forecast_revenue
    from salesnb.reports.team_review.outlook import best_sentence

    # sales from July only: the run rate is backtested on August to October (3), the model not at all
    opps = [(f"w{m}", "a", f"c{m}", "won", 1000.0 + 100 * m, f"2026-{m:02d}-01", f"2026-{m:02d}-10",
             "closed_won", 1.0, f"2026-{m:02d}-10") for m in range(7, 11)]  # fmt: skip
    data = make_slice(reps=[("a", "senior", "2020-01-01", None)], opps=opps)
    f = forecast_revenue(data, OCT).set_index("method")
    assert f.loc["run_rate", "n_backtest"] == 3
    assert f.loc["run_rate", ["next_low", "next_high"]].isna().all()
    review = _review(data, forecast=f.reset_index())
    assert best_sentence(review).endswith("Too few backtests to give a range (3; a range needs 4).")
    review.language = "zh"
    assert best_sentence(review).endswith("回测期数太少，无法给出区间（3 期；区间至少需要 4 期）。")
