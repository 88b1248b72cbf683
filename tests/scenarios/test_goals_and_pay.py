"""Judgement scenarios for goals and pay (#17 point 3): a small team with known numbers, its goals table and
the reps' statements, and what they must and must not say.

The team: senior ``a`` (quota 50,000), junior ``b`` (quota 40,000) and manager ``m`` (own quota 10,000),
twelve months of history (December 2025 to November 2026) in which every month each seller wins 4 deals
of 10,000 and loses 6, and the manager wins one deal of 14,780 a month (147.8 % of quota): the team wins
9 deals of 21 (42.9 %).
The team's quota is 100,000 a month; its revenue 94,780.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from salesnb.goals.history import GoalData
from salesnb.goals.model import GoalSet, parse_goal
from salesnb.goals.progress import goal_progress
from salesnb.incentives import rep_statement, with_goal_pay
from salesnb.incentives.plans import Bonus, Plan, PlanSet, _tiers
from salesnb.kpis import compute_measures
from salesnb.periods import Period
from salesnb.reports.goal_notes import goal_notes
from salesnb.reports.rep_review.commission import line_text, what_if_text
from salesnb.reports.team_review import goals_frame, recognition_sentences
from salesnb.reviews.team.analysis import team_recognition
from tests.unit.test_analysis_common import make_slice

MONTHS = [Period.parse(f"{y}-{m:02d}") for y, m in [(2025, 12)] + [(2026, k) for k in range(1, 13)]]
QUOTAS = {"a": 50_000, "b": 40_000, "m": 10_000}


def team(months: list[Period] = MONTHS, deal_size: float = 10_000) -> dict[str, pd.DataFrame]:
    """The team of the module docstring over ``months``; ``deal_size`` is the sellers' won deal amount."""
    opps, targets = [], []
    for month in months:
        day = month.start.isoformat()
        close = (month.start.replace(day=10)).isoformat()
        for rep in ("a", "b"):
            for k in range(10):
                won = k < 4
                opps.append(
                    (f"{rep}-{month.label}-{k}", rep, f"c-{rep}-{k}", "won" if won else "lost",
                     deal_size if won else 5_000, day, close, "closed_won" if won else "closed_lost",
                     1.0 if won else 0.0, close)
                )  # fmt: skip
        opps.append((f"m-{month.label}", "m", "c-m", "won", 14_780, day, close, "closed_won", 1.0, close))
        targets += [(rep, day, q) for rep, q in QUOTAS.items()]
    reps = [("a", "senior", "2024-01-01", None), ("b", "junior", "2024-01-01", None)]
    reps.append(("m", "manager", "2024-01-01", None))
    return make_slice(reps=reps, opps=opps, targets=targets)


def goals(*raw: dict) -> GoalSet:
    return GoalSet("goals.yaml", [parse_goal(g, "goals.yaml", i + 1) for i, g in enumerate(raw)], {}, (), 12)


def goal(gid: str, metric: str, target: object, period: object = "monthly", **scope: str) -> dict:
    return {"id": gid, "metric": metric, "scope": scope or {"team": "t"}, "target": target, "period": period}


TIERS = _tiers([(0.0, 0.02), (0.5, 0.04), (1.0, 0.06)], 0.5)
PLANS = PlanSet(
    "commission_plans.yaml",
    (
        Plan("sellers", (), (), "marginal", TIERS, bonuses=(
            Bonus(1_000.0, goal="t-senior-deal-size"), Bonus(1_000.0, goal="other-senior-deal-size"))),
        Plan("mgr", (), ("manager",), "marginal", TIERS, basis="team",
             bonuses=(Bonus(2_000.0, goal="t-revenue"),)),
    ),
)  # fmt: skip


def progress(goalset: GoalSet, review: str, data=None, as_of: date | None = None) -> pd.DataFrame:
    data = data if data is not None else team()
    period = Period.parse(review)
    rows = goal_progress(goalset, GoalData(data, as_of or period.last_day, MONTHS[0].start), "t", period)
    return with_goal_pay(rows, PLANS)


def review(rows: pd.DataFrame, language: str = "en") -> SimpleNamespace:
    """What the goals table and statement sentences read of a review."""
    return SimpleNamespace(goals=rows, language=language, currency="CNY")


# ------------------------------------------------------------------------- sandbagged and unrealistic


def test_sandbagged_and_unrealistic_goals_show_the_audit_verdict_with_its_reason():
    rows = progress(
        goals(
            goal("t-win-sandbag", "win_rate", 0.2),
            goal("t-moonshot", "revenue", 300_000),
            goal("t-plausible", "revenue", 94_780),
        ),
        "2026-11",
    ).set_index("goal_id")
    assert rows.loc["t-win-sandbag", "status"] == "met"  # met, but the audit says why that means little
    assert rows.loc["t-win-sandbag", "audit"] == "sandbagged"
    assert rows.loc["t-moonshot", "audit"] == "unrealistic"
    assert rows.loc["t-plausible", "audit"] == "passes"
    table = goals_frame(review(rows.reset_index()))
    assert table.set_index("Goal")["SMART audit"].to_dict() == {
        "t-win-sandbag": "too easy",
        "t-moonshot": "unrealistic",
        "t-plausible": "passes",
    }
    en = " ".join(goal_notes(rows.reset_index(), "en", "CNY"))
    assert (
        "t-win-sandbag: too easy. The target 20.0% is below the worst of the last 6 periods (42.9% in" in en
    )
    # 300,000 against 94,780 in October: +217 %, where growth never happened
    assert "t-moonshot: unrealistic. The target ¥300,000 needs a rise of 217% on 2026-10 (¥94,780)" in en
    assert "t-plausible" not in en.split("t-plausible: the goal")[0]  # a passing goal has no audit sentence
    zh = " ".join(goal_notes(rows.reset_index(), "zh", "CNY"))
    assert "t-win-sandbag：目标过低" in zh and "t-moonshot：不现实" in zh


def test_invalid_goals_are_listed_as_not_tracked_with_the_reason():
    rows = progress(
        goals(
            goal("t-happiness", "customer_happiness", 9),
            goal("t-contact-45", "contact_rate", 45),
            goal("t-someday", "calls_per_working_day", 62, period=None),
            goal("elsewhere", "revenue", 1, team="other"),  # another team's: not this review's
        ),
        "2026-11",
    )
    assert rows["goal_id"].tolist() == ["t-happiness", "t-contact-45", "t-someday"]
    assert set(rows["status"]) == {"not_tracked"}
    notes = goal_notes(rows, "en", "CNY")
    assert notes == [
        "t-happiness: not tracked: customer_happiness is not a KPI of the catalog, so there is nothing to "
        "measure.",
        "t-contact-45: not tracked: the target 45 is above 100 %, but Contact rate is a share (write 45% or "
        "0.45).",
        "t-someday: not tracked: no period or deadline says when it is due.",
    ]
    table = goals_frame(review(rows))
    assert table["Status"].tolist() == ["not tracked"] * 3 and table["Target"].tolist() == ["9", "45", "62"]


# ------------------------------------------------------------------------------- goal met, quota missed


def test_goal_met_but_quota_missed_says_which_pays():
    rows = progress(goals(goal("t-revenue", "revenue", 75_000)), "2026-11")
    row = rows.iloc[0]
    assert (row["status"], row["quota"]) == ("met", 100_000.0)
    assert row["quota_attainment"] == pytest.approx(0.9478)
    audit, note = goal_notes(rows, "en", "CNY")
    assert audit.startswith("t-revenue: too easy.")  # below every recent month, too
    assert note == (
        "t-revenue: the goal (¥75,000) is met; the quota (¥100,000) is 94.8% reached. Commission is paid on "
        "the quota, not on this goal; when met, it pays a bonus of ¥2,000 under plan mgr. The goal is 75% of "
        "the quota: it can be met while the quota is missed."
    )
    zh = goal_notes(rows, "zh", "CNY")[1]
    assert "提成按销售定额计算" in zh and "¥2,000（方案 mgr）" in zh


# ---------------------------------------------------------------------------- another team's bonus


def statement_of(rep: str, month: str, goalset: GoalSet, as_of: date, deal_size: float = 10_000):
    """The team's goal progress and the rep's statement for ``month``, as the rep review computes them."""
    data = team(deal_size=deal_size)
    period = Period.parse(month)
    rows = goal_progress(goalset, GoalData(data, as_of, MONTHS[0].start), "t", period)
    measures = compute_measures(data, [period])
    return rows, rep_statement(PLANS, goalset, data, measures, month, rep, rows)


QUARTERLY = goals(
    goal("t-senior-deal-size", "avg_deal_size", 9_000, "quarterly", level="senior", team="t"),
    goal("other-senior-deal-size", "avg_deal_size", 9_000, "quarterly", level="senior", team="other"),
)


def test_another_teams_bonus_is_never_listed():
    _, s = statement_of("a", "2026-12", QUARTERLY, date(2026, 12, 31))
    goals_listed = [line.goal for line in s.lines if line.goal]
    assert goals_listed == ["t-senior-deal-size"]  # the team's own senior goal, met at quarter end
    assert s.lines[-2].code == "bonus_goal" and s.bonuses == 1_000.0
    # the junior is held to neither senior goal
    _, junior = statement_of("b", "2026-12", QUARTERLY, date(2026, 12, 31))
    assert not [line for line in junior.lines if line.goal]


# ------------------------------------------------------------------------- mid-quarter quarterly bonus


def test_mid_quarter_bonus_is_pending_as_the_goals_table_says_not_not_met():
    rows, s = statement_of("a", "2026-11", QUARTERLY, date(2026, 11, 30))
    mine = rows[(rows["goal_id"] == "t-senior-deal-size") & (rows["rep_id"] == "a")].iloc[0]
    assert mine["status"] == "on_track"
    (line,) = [line for line in s.lines if line.goal]
    assert (line.code, line.amount, line.status, line.period) == (
        "bonus_goal_pending",
        0.0,
        "on_track",
        "2026-Q4",
    )
    words = SimpleNamespace(language="en", currency="CNY")
    text = line_text(words, line, "2026-11")  # type: ignore[arg-type]
    assert text == (
        "Goal t-senior-deal-size: assessed at the end of 2026-Q4, so far on track: "
        "bonus of ¥1,000 not due yet"
    )
    assert "not met" not in text
    assert "2026-Q4" in line_text(SimpleNamespace(language="zh", currency="CNY"), line, "2026-11")  # type: ignore[arg-type]


def test_statement_says_what_quota_and_the_next_tier_pay():
    # a: 40,000 of a 50,000 quota (80 %), in the 4 % tier; quota pays 25,000 × 2 % + 25,000 × 4 % = 1,500;
    # the next tier (6 %) starts at 100 %, 10,000 more
    _, s = statement_of("a", "2026-11", QUARTERLY, date(2026, 11, 30))
    words = SimpleNamespace(language="en", currency="CNY")
    assert what_if_text(words, s) == (  # type: ignore[arg-type]
        "At 100 % of the quota (¥50,000) this plan pays ¥1,500 in commission. The next tier (tier 3, 6%) "
        "starts at the quota, ¥10,000 more."
    )
    # with deals of 5,000: 20,000 (40 %) in the 2 % tier; the 4 % tier starts at 25,000, which pays
    # 25,000 × 2 % = 500
    _, low = statement_of("a", "2026-11", QUARTERLY, date(2026, 11, 30), deal_size=5_000)
    assert what_if_text(words, low).endswith(  # type: ignore[arg-type]
        "The next tier (tier 2, 4% from 50.0% of quota) starts at ¥25,000 of revenue, ¥5,000 more; there the "
        "commission would be ¥500."
    )


# ------------------------------------------------------------------------------------ recognition


def test_manager_at_147_percent_is_given_the_reason_in_one_line():
    data = team()
    awards = team_recognition(data, Period.parse("2026-11"))
    manager = awards[awards["rep_id"] == "m"]
    assert manager["award"].tolist() == ["manager"]
    assert manager["value"].iloc[0] == pytest.approx(1.478)
    the_review = SimpleNamespace(
        language="en",
        analysis=SimpleNamespace(recognition=awards, names={"m": "Wu Chao", "a": "A", "b": "B"}),
    )
    said = [s for s in recognition_sentences(the_review) if "Wu Chao" in s]  # type: ignore[arg-type]
    assert said == [
        "Wu Chao (manager, 147.8% of own quota) is not ranked with the reps: a manager's plan pays on the "
        "team's result, so the awards compare reps only."
    ]


# ------------------------------------------------------------------------------- suggested next targets


def test_suggested_next_target_is_never_below_the_last_result():
    # deal size 10,000 for a year, then a 16,000 November: the suggestion starts from 16,000
    data = team()
    nov = data["opportunities"]["opportunity_id"].str.startswith("a-2026-11") & (
        data["opportunities"]["status"] == "won"
    )
    data["opportunities"].loc[nov, "amount"] = 16_000.0
    rows = progress(goals(goal("a-deal-size", "avg_deal_size", 9_000, rep="a")), "2026-11", data=data).iloc[0]
    assert rows["status"] == "met" and rows["actual"] == 16_000.0
    assert rows["suggested_next"] >= rows["actual"]
