"""Reviews of an organisation whose export holds deals, leads and orders only (#16 point 4).

No quotas, no activities, no stage history, no surveys or costs, and a rep without deals
(:mod:`tests.functional.partial`): every section is right or says what is missing and which import
provides it; nothing is drawn from zeros (no attainment chart, no activity scatter, no funnel), no
attainment of 0 % or 100 % appears without a quota, nobody is recognised for a zero, and the teams are
ranked by revenue. The demo's team review, whose data is complete, keeps every section and chart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from salesnb.analysis.inputs import Input
from salesnb.reports.display import anchor
from salesnb.reviews import load_team_review
from salesnb.text.i18n import tr
from tests.functional.commands import salesnb
from tests.functional.partial import REP_WITHOUT_DEALS, build_partial_warehouse

pytestmark = pytest.mark.slow
PERIOD = "2026-10"
#: The charts a complete team review draws, by their titles (each image's alt text).
TEAM_CHARTS = ("chart.reps_title", "chart.activity_title", "chart.funnel_title")


@pytest.fixture(scope="module")
def partial_reports(demo_db, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("partial")
    db = build_partial_warehouse(demo_db, folder / "partial.duckdb")
    reports = folder / "reports"
    run = salesnb("run", "--period", PERIOD, "--team", "bj-field", "--reps", "--org",
                  "--workers", "2", "--db", str(db), "--reports", str(reports))  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return reports / PERIOD


def _page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _cells(page: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label``."""
    row = re.search(rf"<td[^>]*>{re.escape(label)}</td>(.*?)</tr>", page, re.S)
    assert row, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_the_team_review_says_what_is_missing_and_draws_nothing_from_zeros(partial_reports):
    page = _page(partial_reports / "bj-field" / "team_review.html")
    for sentence in (
        f"No quotas are loaded for this team in {PERIOD}, so these KPIs cannot be computed and show –: "
        "Quota attainment",
        f"No quotas are loaded for this team in {PERIOD}, so the trend shows revenue without a quota line",
        f"No activities (calls, meetings, e-mails, visits) are loaded for this team in {PERIOD}",
        "No stage history is recorded for the deals of this team",
        "For the analyst: targets provides this",
        "For the analyst: activities provides this",
    ):
        assert sentence in page, sentence
    for chart in TEAM_CHARTS:
        assert f'alt="{tr(chart, "en")}' not in page, chart  # the alt text: the title, then the numbers
    assert all(c in ("–", "") for c in _cells(page, "Quota attainment"))
    assert "0.0%" not in "".join(_cells(page, "Quota attainment"))
    assert "Best result" not in page
    assert "in activities per day or open deals" not in page  # only open deals were compared


def test_kpis_without_their_input_are_unknown_in_every_table_of_the_team_review(partial_reports):
    review = load_team_review(
        team="bj-field", period=PERIOD, db_path=str(partial_reports.parent.parent / "partial.duckdb")
    )
    assert not review.inputs.has(Input.TARGETS, Input.ACTIVITIES, Input.STAGE_HISTORY, Input.SURVEYS)
    assert review.inputs.has(Input.DEALS, Input.LEADS, Input.CUSTOMERS)
    unknown = review.analysis.trends[review.analysis.trends["kpi"].isin(["calls_per_working_day", "nps"])]
    assert len(unknown) and unknown[["value", "moving_avg", "last_year"]].isna().all().all()
    card = review.scorecard.set_index("kpi")
    assert card.loc["quota_attainment", ["value", "previous"]].isna().all()
    assert card.loc["revenue", "value"] > 0
    assert review.reps["quota"].isna().all() and review.trend["quota"].isna().all()


def test_rep_reviews_show_no_attainment_or_target_without_a_quota_and_recognise_no_zero(partial_reports):
    for path in sorted((partial_reports / "bj-field" / "reps").glob("*.html")):
        page = _page(path)
        cells = _cells(page, "Quota attainment")
        assert not any("%" in c for c in cells), (path.name, cells)  # neither 0.0 % nor a 100.0 % target
        assert f"No quotas are loaded for this rep in {PERIOD}" in page
    nothing = _page(partial_reports / "bj-field" / "reps" / f"{REP_WITHOUT_DEALS}.html")
    agenda = nothing.split(tr("rep.agenda.recognition", "en"))[1].split("<h3>")[0]
    assert "Best result" not in agenda and "¥0" not in agenda


def test_the_org_overview_ranks_teams_by_revenue_without_quotas(partial_reports):
    page = _page(partial_reports / "org" / "overview.html")
    assert "teams are ranked by revenue instead of attainment" in page
    assert f'alt="{tr("chart.ranking_revenue_title", "en")}:' in page
    assert tr("no_data", "en") not in page.split("Team ranking")[1].split("<h2")[0]
    assert "reps cannot be placed in attainment bands" in page


def test_the_demo_team_review_keeps_every_section_and_chart(demo_db, tmp_path):
    reports = tmp_path / "reports"
    run = salesnb("run", "--period", PERIOD, "--team", "bj-telesales", "--no-org",
                  "--db", str(demo_db), "--reports", str(reports))  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    page = _page(reports / PERIOD / "bj-telesales" / "team_review.html")
    for chart in TEAM_CHARTS:
        assert f'alt="{tr(chart, "en")}' in page, chart
    assert 'class="missing"' not in page
    for key in ("scorecard", "trend", "reps", "funnel", "activity", "stages", "workload", "recognition"):
        assert f'<h2 id="{anchor(key)}">{tr(key, "en")}</h2>' in page, key
