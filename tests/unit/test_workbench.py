"""The analyst's workbench: its state against the reports' own functions and hand-computed numbers, and its
widgets driven through their ``value`` as a person clicking would (issue #7).

Numbers from the demo warehouse (``AS_OF`` 2026-11-23, latest complete month 2026-10) used below, each as
``docs/incentives.md``'s worked example has them: Hangzhou Key Accounts in October 2026 sold 1,441,600
against a team quota of 1,506,000; its senior rep r05 sold 638,300 against 306,000 (plan field-senior, win
rate 0.5, paid 30,066.00) and its manager r01 is paid 6,713.60 on the team (plan field-manager).
"""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from salesnb.config import PROJECT_ROOT
from salesnb.errors import ParameterError
from salesnb.files.paths import period_dir
from salesnb.goals import load_goals
from salesnb.incentives import commission, load_plans
from salesnb.kpis import kpi_table
from salesnb.kpis.sets import load_kpi_sets
from salesnb.periods import Period
from salesnb.reports.manifest import Entry, read_manifest
from salesnb.reviews.team import team_payouts
from salesnb.text.formatting import format_value
from salesnb.warehouse import connect, read_meta
from salesnb.warehouse.slices import list_teams, load_slice
from salesnb.warehouse.subsets import subset_slice
from salesnb.workbench import Workbench, show_static, views
from salesnb.workbench.coaching import rep_benchmarks
from salesnb.workbench.commission import with_tier
from salesnb.workbench.whatif import pacing
from salesnb.workbench.widgets import DRILL, GOALS, RENDER, RULES, WHATIF, WorkbenchUI

PARAMS = PROJECT_ROOT / "params"
HZ = "hz-key-accounts"
R05, R01 = "hz-key-accounts-r05", "hz-key-accounts-r01"
OCT = Period.parse("2026-10")


@pytest.fixture(scope="module")
def loaded(demo_db, tmp_path_factory) -> Workbench:
    """One workbench per module: the warehouse is read once, each test works on a clone."""
    return Workbench.open(demo_db, params_dir=PARAMS, reports_dir=tmp_path_factory.mktemp("reports"))


@pytest.fixture
def wb(loaded) -> Workbench:
    return loaded.clone()


@pytest.fixture
def ui(wb, monkeypatch) -> WorkbenchUI:
    """The widgets, with charts built but not drawn (drawing is most of a redraw's time; the overview and
    snapshot tests draw them for real)."""
    monkeypatch.setattr(views.overview, "figure_png", lambda fig: b"\x89PNG stub " + str(id(fig)).encode())
    return WorkbenchUI(wb)


# ------------------------------------------------------------------------------------- state: data
def test_subset_matches_what_load_slice_reads_for_the_team(demo_db, wb):
    every = wb.data.every_team(OCT)
    start, end = wb.data.window("month")
    with connect(demo_db) as con:
        own = load_slice(con, [HZ], start, end)
    mine = subset_slice(every, [HZ])

    def rows(frame: pd.DataFrame) -> pd.DataFrame:  # the warehouse reads some tables in no set order
        return frame.sort_values(list(frame.columns)).reset_index(drop=True)

    for name, frame in own.items():
        if name == "customers":  # the names of customers the team touched in the window: a subset
            assert set(mine[name]["customer_id"]) <= set(frame["customer_id"])
            continue
        pd.testing.assert_frame_equal(rows(mine[name]), rows(frame), check_dtype=False, obj=name)


def test_team_kpis_are_the_team_reviews_scorecard(demo_db, wb):
    """The same function on the same slice as salesnb/reviews/team/: the numbers cannot drift."""
    with connect(demo_db) as con:
        data = load_slice(con, [HZ], OCT.shift(-36).start, OCT.end)
    order = load_kpi_sets(PARAMS / "kpi_sets.yaml")["field"]
    expected = kpi_table(data, OCT, "team", order)
    got = wb.kpis()
    assert got["kpi"].tolist() == order
    np.testing.assert_allclose(got["value"], expected["value"], equal_nan=True)
    np.testing.assert_allclose(got["previous"], expected["previous"], equal_nan=True)
    assert got.set_index("kpi").loc["revenue", "value"] == 1_441_600


def test_periods_start_with_the_latest_complete_month(wb):
    periods = wb.periods()
    assert wb.selection.period == "2026-10" == periods[0]  # the demo's data stop on 31 October
    assert (
        periods[:3] == ["2026-10", "2026-09", "2026-08"] and len([p for p in periods if "Q" not in p]) == 12
    )
    # the running quarter (data reach into it) for pacing, then four complete ones
    assert [p for p in periods if "Q" in p] == ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]


def test_selection_cascades_and_rejects_unknown_ids(wb):
    assert (wb.selection.region, wb.selection.team) == ("east", HZ)
    wb.select(rep=R05)
    assert (wb.selection.level, wb.selection.unit_id) == ("rep", R05)
    wb.select(team="bj-telesales")  # another team: its region, no rep
    assert (wb.selection.region, wb.selection.team, wb.selection.rep) == ("north", "bj-telesales", "")
    wb.select(region="")  # every region: no team
    assert wb.selection.level == "org" and wb.scope_teams() == list(wb.teams["team_id"])
    for bad in ({"team": "nope"}, {"region": "south"}, {"period": "2019-01"}, {"rep": "x"}):
        with pytest.raises(ParameterError):
            wb.select(**bad)


def test_a_rep_who_left_is_not_offered(wb):
    wb.select(team="bj-telesales")
    offered = {r for _, r in wb.rep_options()}
    assert "bj-telesales-r08" not in offered  # left in June 2026 (planted departure)
    wb.select(period="2026-05")
    assert "bj-telesales-r08" in {r for _, r in wb.rep_options()}


def test_views_of_every_scope(wb):
    wb.select(region="")
    org = wb.kpis().set_index("kpi")
    assert wb.comparison_level() == "team" and len(wb.comparison()) == 6
    assert org.loc["revenue", "value"] == pytest.approx(wb.comparison()["revenue"].sum())
    wb.select(region="east")
    assert set(wb.comparison()["unit_id"]) == {HZ, "sh-online", "sh-telesales"}
    wb.select(team=HZ)
    comp = wb.comparison()
    assert comp["unit_id"].iloc[0] == R05 and comp["revenue"].sum() == 1_441_600
    wb.select(rep=R05)
    assert wb.kpis().set_index("kpi").loc["revenue", "value"] == 638_300
    assert "headcount" not in set(wb.kpis()["kpi"])
    assert wb.trend().index[-1] == "2026-10" and wb.trend()["revenue"].iloc[-1] == 638_300
    funnel = wb.funnel()
    assert funnel["deals"].iloc[-1] == 3  # r05 won 3 of 6 closed deals in October


# ----------------------------------------------------------------------------------- state: what-if
def test_rep_quota_what_if_recomputes_attainment_pacing_and_payout(wb):
    wb.select(rep=R05)
    assert wb.base_quota("rep", R05) == 306_000
    before = wb.what_if()
    r05 = before.reps.set_index("rep_id").loc[R05]
    assert (r05["payout"], r05["attainment"], r05["pacing"]) == (
        30_066.0,
        pytest.approx(638_300 / 306_000),
        "met",
    )
    wb.set_quota(700_000)
    after = wb.what_if()
    r05 = after.reps.set_index("rep_id").loc[R05]
    # marginal: 350,000 × 2 % + 288,300 × 4 % = 7,000 + 11,532; win rate 0.5 earns the 2,000 bonus
    assert r05["quota_new"] == pytest.approx(700_000)
    assert r05["attainment_new"] == pytest.approx(638_300 / 700_000)
    assert r05["pacing_new"] == "missed"
    assert r05["payout_new"] == pytest.approx(7_000 + 11_532 + 2_000)
    plan = load_plans(PARAMS / "commission_plans.yaml").plan_for("field", "senior")
    assert r05["payout_new"] == commission(plan, 638_300, 700_000, [], {"win_rate": 0.5}).total
    # the manager is paid on the team: 1,441,600 of 1,506,000 − 306,000 + 700,000 = 1,900,000 (75.9 %)
    r01 = after.reps.set_index("rep_id").loc[R01]
    assert r01["payout"] == 6_713.60 and r01["payout_new"] == pytest.approx(1_441_600 * 0.004)
    assert after.team["quota_new"] == pytest.approx(1_900_000)
    assert after.team["attainment_new"] == pytest.approx(1_441_600 / 1_900_000)
    others = after.reps[~after.reps["rep_id"].isin([R05, R01])]
    assert (others["payout_change"] == 0).all()
    assert after.overrides == ["quota of Zoe Brown ¥306,000 → ¥700,000"]


def test_team_quota_scales_every_rep(wb):
    wb.set_quota(1_506_000 * 1.25)  # the team is selected: its quota
    result = wb.what_if()
    ratio = result.reps["quota_new"] / result.reps["quota"]
    assert np.allclose(ratio, 1.25)
    assert result.team["quota_new"] == pytest.approx(1_506_000 * 1.25)
    assert result.team["attainment_new"] == pytest.approx(1_441_600 / (1_506_000 * 1.25))
    wb.set_quota(1_506_000)  # back to the warehouse's: no what-if left
    assert wb.quotas == {} and (wb.what_if().reps["payout_change"] == 0).all()
    with pytest.raises(ParameterError):
        wb.set_quota(-1)


def test_baseline_payouts_are_the_team_reviews(wb):
    start = wb.data.window("month")[0]
    data = subset_slice(wb.data.every_team(OCT), [HZ])
    goals = load_goals(PARAMS / "goals.yaml")
    report = team_payouts(
        data, OCT, goals, date(2026, 11, 23), load_plans(PARAMS / "commission_plans.yaml"), start
    )
    mine = wb.what_if().reps.set_index("rep_id")["payout"]
    assert mine.to_dict() == pytest.approx(report.set_index("rep_id")["total"].to_dict())


def test_tier_what_if_is_checked_like_the_plans_file(wb):
    wb.set_tier("field-senior", 3, rate=0.08)
    paid = wb.what_if().reps.set_index("rep_id")
    # r05: 3,060 + 6,120 + 306,000 × 8 % + 26,300 × 2 % = 34,186, capped at 30,000, + 2,000 bonus
    assert paid.loc[R05, "payout_new"] == 32_000
    # r02: 317,200 of 306,000 → 3,060 + 6,120 + 11,200 × 8 % = 10,076, win rate 0.25: no bonus
    assert paid.loc["hz-key-accounts-r02", "payout_new"] == pytest.approx(10_076)
    assert paid.loc[R01, "payout_change"] == 0  # the manager's plan did not change
    with pytest.raises(ParameterError, match="rate"):
        wb.set_tier("field-senior", 3, rate=1.5)
    with pytest.raises(ParameterError, match="strictly increase"):
        wb.set_tier("field-senior", 3, start=0.4)
    with pytest.raises(ParameterError, match="not below the base rate"):
        wb.set_tier("field-senior", 1, rate=0.05)  # a decelerator paying more than the base
    moved = with_tier(wb.plan("field-senior"), 2, start=0.6)  # the threshold moves with its tier
    assert moved.threshold == 0.6 and moved.tiers[1].from_attainment == 0.6
    wb.set_tier("field-senior", 3, rate=0.06)  # back to the file's rate: no what-if left
    assert wb.plan_changes == {}


def test_pacing_in_the_running_quarter(wb):
    wb.select(period="2026-Q4")
    result = wb.what_if()
    elapsed, total = result.elapsed_days, result.total_days
    assert (elapsed, total) == (np.busday_count("2026-10-01", "2026-11-24"), 66)
    team = result.team
    assert team["projection"] == pytest.approx(1_441_600 * total / elapsed)
    assert team["pacing"] == pacing(1_441_600, team["quota"], elapsed, total).status
    wb.set_quota(team["projection"] * 0.95)  # the projection reaches it: on track
    assert wb.what_if().team["pacing_new"] == "on_track"
    wb.set_quota(team["projection"] * 1.05)  # short by less than 10 %: at risk
    assert wb.what_if().team["pacing_new"] == "at_risk"
    wb.set_quota(team["projection"] * 1.5)
    assert wb.what_if().team["pacing_new"] == "behind"
    assert pacing(10.0, 0.0, 1, 2).status == "no_quota"


# ------------------------------------------------------------------------------ state: goals, rules
def test_goal_target_changes_the_audit_verdict(wb):
    options = [g for _, g in wb.goal_options()]
    assert options[0] == "hz-key-accounts-attainment"  # the team's own goals first
    assert wb.audit("hz-key-accounts-attainment").ok
    too_high = wb.audit("hz-key-accounts-attainment", 10.0)  # attainment may pass 100 %, not by this much
    assert too_high.failed == ["A"] and "90th percentile" in too_high.reasons["A"][0]
    no_stretch = wb.audit("hz-key-accounts-attainment", 0.05)
    assert no_stretch.failed == ["A"] and "no stretch" in " ".join(no_stretch.reasons["A"])


def test_rule_threshold_changes_who_is_flagged(wb, demo_db):
    with connect(demo_db) as con:
        planted = read_meta(con)["planted_patterns"]
    assert '"low_contact_rate": "sh-telesales-r04"' in planted
    wb.select(team="sh-telesales")
    flagged = wb.flagged("low-contact-rate")
    assert flagged["rep_id"].tolist() == ["sh-telesales-r04"] and flagged["now"].all()
    nobody = wb.flagged("low-contact-rate", 0.9)  # 90 % below the median: nobody is that low
    assert nobody["rep_id"].tolist() == ["sh-telesales-r04"] and not nobody["now"].any()
    looser = wb.flagged("contact-rate-below-peers", 0.05)
    strict = looser[looser["before"]]
    assert len(looser) > len(strict) >= 1 and looser["now"].all()
    assert (looser["gap"] > 0.05).all() and (strict["gap"] > 0.15).all()
    with pytest.raises(ParameterError):
        wb.flagged("contact-rate-below-peers", 1.5)
    summary = wb.rules_summary().set_index("rule")
    assert summary.loc["low-contact-rate", "reps"] == 1


def test_the_coaching_preview_uses_the_reviews_risk_rules(demo_db, tmp_path):
    """#17: the rules tab judges signals with params/risk_rules.yaml, as the reviews do, not with the
    module's constants."""
    params = tmp_path / "params"
    shutil.copytree(PARAMS, params)
    risk = params / "risk_rules.yaml"
    text = risk.read_text(encoding="utf-8")
    assert "low_contact_margin: 0.35" in text
    risk.write_text(text.replace("low_contact_margin: 0.35", "low_contact_margin: 0.9"), encoding="utf-8")
    wb = Workbench.open(demo_db, params_dir=params, reports_dir=tmp_path / "reports")
    assert wb.rule_threshold("low-contact-rate").value == pytest.approx(0.9)
    wb.select(team="sh-telesales")
    assert wb.flagged("low-contact-rate").empty  # 90 % below the median, as the file says: nobody
    moved = wb.flagged("low-contact-rate", 0.35)
    assert moved["rep_id"].tolist() == ["sh-telesales-r04"]
    assert moved["now"].all() and not moved["before"].any()


def test_the_workbench_benchmarks_need_a_group_like_the_rep_reviews(wb, demo_db):
    """#14 defect 5: a manager's one peer (the other team's manager) is no benchmark in the workbench
    either; a telesales junior's eight peers are."""
    from salesnb.reviews.rep import load_rep_review

    assert wb.min_group == 5
    manager = rep_benchmarks(wb.data, wb.settings, "bj-telesales-r01", "bj-telesales", "manager", OCT)
    assert manager.peers.empty and int(manager.peer_count["revenue"]) == 1
    assert math.isnan(manager.value("peer_median", "revenue"))
    junior = rep_benchmarks(wb.data, wb.settings, "sh-telesales-r04", "sh-telesales", "junior", OCT)
    review = load_rep_review("sh-telesales-r04", OCT.label, db_path=str(demo_db), params_dir=str(PARAMS))
    card = review.scorecard.set_index("kpi")
    assert junior.peer_median("contact_rate") == pytest.approx(card.loc["contact_rate", "peer_median"])
    assert junior.team_median["contact_rate"] == pytest.approx(card.loc["contact_rate", "team_median"])


# ------------------------------------------------------------------------- state: drill-down, render
def test_drill_down_escapes_crm_strings(demo_db, tmp_path):
    db = tmp_path / "hostile.duckdb"
    shutil.copy(demo_db, db)
    evil = "<img src=x onerror=alert(1)>"
    con = duckdb.connect(str(db))
    deal = con.execute(
        """SELECT opportunity_id, customer_id FROM opportunities WHERE rep_id = ? AND status = 'won'
           AND close_date >= DATE '2026-10-01' ORDER BY close_date DESC LIMIT 1""",
        [R05],
    ).fetchone()
    latest = con.execute(  # the rep's latest October activity now concerns that deal
        "SELECT activity_id FROM activities WHERE rep_id = ? AND started_at < DATE '2026-11-01' "
        "ORDER BY started_at DESC LIMIT 1",
        [R05],
    ).fetchone()[0]
    con.execute(
        "UPDATE activities SET opportunity_id = ?, customer_id = ? WHERE activity_id = ?", [*deal, latest]
    )
    con.execute("UPDATE opportunities SET name = ? WHERE opportunity_id = ?", [evil, deal[0]])
    con.execute("UPDATE customers SET name = ? WHERE customer_id = ?", [evil + " & Co", deal[1]])
    con.execute("UPDATE reps SET name = ? WHERE rep_id = ?", ["<b>Zoe</b>", R05])
    con.close()
    wb = Workbench.open(db, params_dir=PARAMS, reports_dir=tmp_path)
    wb.select(rep=R05)
    assert evil in set(wb.deals()["name"]) and evil in set(wb.activities()["deal"])
    page = views.drill_html(wb) + views.comparison_html(wb) + views.kpi_html(wb) + views.header_html(wb)
    assert "<img" not in page and "<b>Zoe" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&amp; Co" in page and "&lt;b&gt;Zoe" in page


def _fake_execute(seen: list):
    def execute(job):
        seen.append(job)
        out_dir, stem = job.output()
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{stem}.html").write_text("<html>report</html>", encoding="utf-8")
        html = (out_dir / f"{stem}.html").relative_to(period_dir(Path(job.reports_root), OCT)).as_posix()
        return Entry(
            job.notebook, job.team, job.team_name, job.period, job.language, "ok", html, None, 0.5, "now"
        )

    return execute


def test_render_runs_the_batch_job_of_salesnb_run(wb, monkeypatch, tmp_path):
    from salesnb.batch import plan, runner

    seen: list = []
    monkeypatch.setattr(runner, "execute_job", _fake_execute(seen))
    wb.reports_dir = tmp_path
    result = wb.render_report()
    expected = plan.plan_team_reviews(wb.db_path, OCT, [HZ], tmp_path, wb.settings)
    assert seen == expected  # the very job `salesnb run --team hz-key-accounts --period 2026-10` runs
    assert result.html == tmp_path / "2026-10" / HZ / "team_review.html" and result.html.exists()
    assert [e.team for e in read_manifest(tmp_path / "2026-10")] == [HZ]
    assert (tmp_path / "index.html").exists()
    link = views.render_result_html(result, base=tmp_path)
    assert 'href="2026-10/hz-key-accounts/team_review.html"' in link


def test_render_a_rep_runs_their_rep_review(wb, monkeypatch, tmp_path):
    from salesnb.batch import plan, runner

    if not hasattr(plan, "plan_rep_reviews"):
        pytest.skip("the batch renders no rep reviews yet")
    seen: list = []
    monkeypatch.setattr(runner, "execute_job", _fake_execute(seen))
    wb.reports_dir = tmp_path
    wb.select(rep=R05)
    assert "the rep review of Zoe Brown" in views.render_intro_html(wb)
    result = wb.render_report()
    assert seen[0] in plan.plan_rep_reviews(wb.db_path, OCT, [HZ], tmp_path, wb.settings)
    assert (seen[0].notebook, seen[0].rep, result.rep, result.fallback) == ("rep_review", R05, R05, False)
    assert result.html is not None and result.html.exists()


def test_render_a_rep_who_left_renders_their_team_review(wb):
    wb.select(team="bj-telesales", period="2026-06")
    wb.select(rep="bj-telesales-r08")  # employed in June, gone by its end: no rep review of their own
    assert [job.notebook for job in wb.render_jobs()] == ["team_review"]
    assert "has no rep review in the batch" in views.render_intro_html(wb)


@pytest.mark.slow
def test_render_button_renders_the_report_with_papermill(ui, tmp_path):
    """The real papermill run (about ten seconds): the report holds the workbench's revenue."""
    ui.wb.reports_dir = tmp_path
    ui.tabs.selected_index = RENDER
    ui.render_button.click()
    assert "Rendered in" in ui.render_output.value, ui.render_output.value
    html = (tmp_path / "2026-10" / HZ / "team_review.html").read_text(encoding="utf-8")
    assert "¥1,441,600" in html and "¥1,441,600" in ui.kpi.value


# ----------------------------------------------------------------------------------------- widgets
def test_changing_the_team_redraws_the_overview_in_place(wb):
    ui = WorkbenchUI(wb)
    assert "¥1,441,600" in ui.kpi.value and "Hangzhou Key Accounts" in ui.header.value
    charts = tuple(bytes(c.value) for c in (ui.trend_chart, ui.comparison_chart, ui.funnel_chart))
    assert all(c.startswith(b"\x89PNG") for c in charts)
    ui.team.value = "sh-online"
    online = ui.wb.kpis().set_index("kpi").loc["revenue", "value"]
    assert ui.wb.selection.team == "sh-online"
    assert format_value(online, "currency") in ui.kpi.value and "¥1,441,600" not in ui.kpi.value
    assert bytes(ui.trend_chart.value) != charts[0] and bytes(ui.comparison_chart.value) != charts[1]
    assert {v for _, v in ui.rep.options} == {r for _, r in ui.wb.rep_options("sh-online")}


def test_region_and_rep_selectors_cascade(ui):
    ui.region.value = "north"
    assert ui.wb.selection.team == "" and ui.team.options[0] == ("All teams", "")
    assert {v for _, v in ui.team.options} == {"", "bj-field", "bj-telesales", "tj-online"}
    assert "Team" in ui.comparison.value or "Beijing Field Sales" in ui.comparison.value
    ui.team.value = "bj-field"
    ui.rep.value = ui.rep.options[1][1]
    assert ui.wb.selection.rep == ui.rep.options[1][1]
    assert ui.wb.rep_name(ui.wb.selection.rep) in ui.header.value
    ui.period.value = "2026-Q3"
    assert "2026-Q3" in ui.kpi.value and ui.wb.selection.period == "2026-Q3"


def test_quota_widget_changes_attainment_and_payout(ui):
    ui.rep.value = R05
    ui.tabs.selected_index = WHATIF
    assert ui.quota.value == 306_000 and "Quota of the rep" in ui.quota.description
    assert "¥30,066" in ui.whatif.value and "208.6%" in ui.whatif.value
    ui.quota.value = 700_000
    assert "91.2%" in ui.whatif.value and "¥20,532" in ui.whatif.value and "-¥9,534" in ui.whatif.value
    assert "quota of Zoe Brown" in ui.whatif.value
    ui.reset.click()
    assert ui.quota.value == 306_000 and "No what-if is active" in ui.whatif.value


def test_tier_widgets_change_the_plan_and_show_errors(ui):
    ui.tabs.selected_index = WHATIF
    ui.plan.value = "field-senior"
    ui.tier.value = 3
    assert (ui.rate.value, ui.tier_from.value) == (6.0, 100.0)
    ui.rate.value = 8.0
    assert "¥32,000" in ui.whatif.value and "8.00%" in ui.plan_table.value
    ui.tier_from.value = 40.0  # below tier 2's 50 %
    assert "wb-error" in ui.whatif_message.value and "strictly increase" in ui.whatif_message.value
    ui.tier_from.value = 100.0
    assert ui.whatif_message.value == ""


def test_goal_target_widget_shows_the_verdict_live(ui):
    ui.tabs.selected_index = GOALS
    assert ui.goal.value == "hz-key-accounts-attainment" and ui.target.value == 1.0
    assert "passes the SMART audit" in ui.verdict.value
    ui.target.value = 10.0
    assert "fails A" in ui.verdict.value and "90th percentile" in ui.verdict.value
    ui.goal.value = "east-revenue-q4"
    assert ui.target.value == 8_200_000 and "east-revenue-q4" in ui.verdict.value


def test_rule_threshold_widget_lists_the_flagged_reps(ui):
    ui.team.value = "sh-telesales"
    ui.tabs.selected_index = RULES
    ui.rule.value = "contact-rate-below-peers"
    assert ui.threshold.value == 0.15 and ui.threshold.max == 0.95
    before = ui.flagged.value
    ui.threshold.value = 0.05
    assert ui.flagged.value != before and "newly flagged" in ui.flagged.value
    ui.rule.value = "ramping"  # a signal rule: the slider moves its months
    assert (ui.threshold.value, ui.threshold.max, ui.threshold.step) == (6.0, 24.0, 1.0)
    assert "Every rule at the file" in ui.rules_summary.value


def test_tabs_redraw_when_opened_and_drill_down_follows_the_rep(ui):
    ui.tabs.selected_index = DRILL
    assert "pick a rep above" in ui.drill.value
    ui.tabs.selected_index = 0
    ui.rep.value = R05
    assert DRILL in ui._stale  # not drawn until opened
    ui.tabs.selected_index = DRILL
    assert "Deals of Zoe Brown" in ui.drill.value and "latest activities" in ui.drill.value


def test_static_snapshot_without_a_frontend(wb, monkeypatch):
    outputs = views.static_outputs(wb)
    assert [m for m, _ in outputs].count("image/png") == 3
    assert all(data.startswith(b"\x89PNG") for m, data in outputs if m == "image/png")
    text = "".join(data for m, data in outputs if m == "text/html")
    for part in (
        "¥1,441,600",
        "Quota (what-if)",
        "SMART audit",
        "Every rule at the file",
        "Deals of Zoe Brown",
    ):
        assert part in text
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    show_static(wb)
    assert [type(o).__name__ for o in shown].count("Image") == 3 and len(shown) == len(outputs)


def test_labels_are_in_one_place():
    from salesnb.workbench.labels import LABELS, label

    assert label("facts", scope="x", period="p", currency="c", as_of="d").startswith("x · p")
    with pytest.raises(KeyError):
        label("missing")
    assert all(isinstance(v, str) and v for v in LABELS.values())


def test_open_defaults_and_teams(demo_db, monkeypatch):
    monkeypatch.setenv("SALESNB_DB", str(demo_db))
    wb = Workbench.open()
    with connect(demo_db) as con:
        assert wb.teams["team_id"].tolist() == list_teams(con)["team_id"].tolist()
    assert wb.db_path == demo_db.resolve() and wb.currency == "CNY" and wb.as_of == date(2026, 11, 23)


def test_the_workbench_opens_on_data_that_ended_in_2018(tmp_path):
    """Imported data that ended years ago: its own last months are offered, never the calendar's (#16)."""
    from salesnb.ingest import ingest_files

    data, db = PROJECT_ROOT / "tests" / "data" / "usd_2018", tmp_path / "w.duckdb"
    ingest_files([data / "Users.csv", data / "Deals.csv"], db, currency="USD")
    wb = Workbench.open(db, params_dir=PARAMS, reports_dir=tmp_path / "reports")
    periods = wb.periods()
    # data to 2018-12-14: November is the latest complete month, December runs (pacing), 2018-Q4 too
    assert (
        periods[:3] == ["2018-12", "2018-11", "2018-10"] and len([p for p in periods if "Q" not in p]) == 13
    )
    assert [p for p in periods if "Q" in p] == ["2018-Q4", "2018-Q3", "2018-Q2", "2018-Q1", "2017-Q4"]
    assert wb.selection.period == "2018-11" and (wb.as_of, wb.currency) == (date(2018, 12, 14), "USD")
    with pytest.raises(
        ParameterError, match="the warehouse covers 2017-01-03 to 2018-12-14; use one of 2018-12"
    ):
        wb.select(period="2026-10")
