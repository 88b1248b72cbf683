"""The leaders' views on the demo: the org and region overviews rendered by ``salesnb run --org`` carry
goal progress, the forecast roll-up and the top risks, every link resolves, and the East region (two of
its three teams report in Chinese) comes out in Chinese unless its own params file says otherwise (issue
#17, point 5)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from salesnb.batch.plan import plan_jobs
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.reports.kinds import REGION_OVERVIEW
from salesnb.warehouse import connect
from tests.functional.commands import ROOT, salesnb

PERIOD = "2026-10"


@pytest.fixture(scope="module")
def rendered(demo_db, tmp_path_factory):
    """One team's review and the org and region overviews, rendered as a user runs them."""
    reports = tmp_path_factory.mktemp("reports")
    result = salesnb(
        "run", "--period", PERIOD, "--team", "sh-online", "--org", "--db", str(demo_db),
        "--reports", str(reports), "--params", str(ROOT / "params"), "--workers", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return reports / PERIOD / "org"


def _links(page: Path) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_link_of_the_overviews_resolves_and_unrendered_reviews_are_said(rendered):
    pages = [rendered / "overview.html", rendered / "region-east.html", rendered / "region-north.html"]
    for page in pages:
        links, text = _links(page), page.read_text(encoding="utf-8")
        for href in links:
            if href.startswith("#"):  # the contents' links to the page's own sections
                assert f'id="{href[1:]}"' in text, f"{page.name}: no section {href}"
                continue
            assert (page.parent / href).resolve().is_file(), f"{page.name}: {href} does not exist"
        # the one team review this run renders is linked; the others are said not to be rendered
        assert ("../sh-online/team_review.html" in links) == (page.name != "region-north.html")
    org = (rendered / "overview.html").read_text(encoding="utf-8")
    assert "not rendered" in org
    command = re.search(r"`(salesnb run --period 2026-10 --org [^`]*)`", org)
    assert command and "--team bj-field" in command[1] and "--team sh-online" not in command[1]


def test_the_org_overview_has_the_leaders_sections_in_english(rendered, demo_db):
    org = (rendered / "overview.html").read_text(encoding="utf-8")
    for heading in ("Goal progress", "Forecast roll-up", "Top risks", "Risks per team", "Team ranking"):
        assert f">{heading}</h" in org
    assert "Region: East China" in org and "Region: North China" in org
    assert re.search(r"\d+ / 6</td>", org)  # the total forecast says how many of six teams it sums
    # no rep's name: only the managers of the scorecards are named
    with connect(demo_db) as con:
        reps = con.execute("SELECT name FROM reps WHERE level <> 'manager'").fetchall()
    assert not [name for (name,) in reps if name in org]


def test_the_east_region_overview_is_in_chinese(rendered):
    east = (rendered / "region-east.html").read_text(encoding="utf-8")
    for heading in ("组织总览", "目标进展", "预测汇总", "主要风险", "各团队风险数"):
        assert heading in east
    assert "Goal progress" not in east and "Top risks" not in east
    north = (rendered / "region-north.html").read_text(encoding="utf-8")
    assert "Goal progress" in north and "目标进展" not in north


def test_a_region_setting_overrides_its_teams_language(demo_db, tmp_path):
    params = tmp_path / "params"
    shutil.copytree(ROOT / "params", params)
    period = Period.parse(PERIOD)
    jobs = plan_jobs(REGION_OVERVIEW, demo_db, period, None, tmp_path, load_settings(params))
    assert {j.scope.region: j.params.language for j in jobs} == {"east": "zh", "north": "en"}
    (params / "regions").mkdir()
    (params / "regions" / "east.yaml").write_text("language: en\n", encoding="utf-8")
    jobs = plan_jobs(REGION_OVERVIEW, demo_db, period, None, tmp_path, load_settings(params))
    assert {j.scope.region: j.params.language for j in jobs} == {"east": "en", "north": "en"}


def test_an_overview_reuses_the_parts_its_process_computed_for_the_team_review(demo_db):
    from salesnb.reviews import memo
    from salesnb.reviews.outlook import team_parts
    from salesnb.reviews.team import load_team_review
    from salesnb.warehouse.slices import load_slice

    memo.forget()
    review = load_team_review("bj-field", PERIOD, db_path=str(demo_db), params_dir=str(ROOT / "params"))
    settings = load_settings(ROOT / "params")
    period, as_of = review.period, date.fromisoformat(review.as_of)
    start = min(period.history(12)[0].start, period.shift(-36).start)
    remembered = memo.recall(memo.parts_key(demo_db, settings, "bj-field", period, as_of, start))
    assert remembered is not None
    with connect(demo_db) as con:
        data = load_slice(con, ["bj-field"], start, period.end)
    fresh = team_parts(data, period, as_of, start, settings)
    # what the overview recalls is what it would compute: the same forecast, goals and risks
    assert remembered.forecast == pytest.approx(fresh.forecast, nan_ok=True)
    columns = ["goal_id", "status", "audit"]
    assert remembered.goals[columns].to_dict("records") == fresh.goals[columns].to_dict("records")
    assert [(r.kind, r.subject, r.severity) for r in remembered.risks] == [
        (r.kind, r.subject, r.severity) for r in fresh.risks
    ]
    memo.forget()
