"""Each audience's page: only its readable reports linked, escaped, in its language; no page outlives its
permission; the access map lists exactly the files each address may open."""

from pathlib import Path

import pytest

from salesnb.delivery.audiences import Audience, Report
from salesnb.delivery.pages import ACCESS_MAP, audience_dir, render_page, write_pages
from salesnb.errors import ParameterError
from salesnb.periods import Period

NOV = Period.parse("2026-11")
TEAM = Report("team_review", "t1", "<b>Team</b> & co", "ok", "t1/team_review.html", "t1/team_review.pdf")
REP = Report("rep_review", "t1/r1", "R1", "ok", "t1/reps/r1.html")
BROKEN = Report("rep_review", "t1/r2", "R2", "failed")


def manager(**kw) -> Audience:
    values = {"id": "m1", "name": "<script>x</script>", "email": "m1@corp.example", "language": "en"}
    return Audience(**{**values, **kw}, reports=[TEAM, REP, BROKEN])


def test_a_page_links_its_readable_reports_relative_to_the_period_and_escapes_crm_text():
    html = render_page(manager(), NOV)
    assert 'href="../../t1/team_review.html"' in html and 'href="../../t1/team_review.pdf"' in html
    assert 'href="../../t1/reps/r1.html"' in html
    assert "&lt;b&gt;Team&lt;/b&gt; &amp; co" in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html and "<b>Team" not in html
    assert "R2" in html and "reps/r2" not in html  # a failed report is named as unavailable, never linked


def test_a_page_is_in_the_audiences_language():
    html = render_page(manager(language="zh"), NOV)
    assert '<html lang="zh">' in html and "您的报告" in html and "团队绩效评估" in html


def test_pages_and_access_map_are_written_and_stale_pages_removed(tmp_path: Path):
    root = tmp_path / "reports"
    rep = Audience("r1", "R1", "r1@corp.example", "en", reports=[REP])
    written = write_pages([manager(), rep], root, NOV)
    assert written == [
        audience_dir(root, NOV, "m1") / "index.html",
        audience_dir(root, NOV, "r1") / "index.html",
    ]
    access = (root / "2026-11" / "audiences" / ACCESS_MAP).read_text(encoding="utf-8").splitlines()[1:]
    assert access == [
        '"m1@corp.example /2026-11/audiences/m1/index.html" 1;',
        '"m1@corp.example /2026-11/t1/team_review.html" 1;',
        '"m1@corp.example /2026-11/t1/team_review.pdf" 1;',
        '"m1@corp.example /2026-11/t1/reps/r1.html" 1;',
        '"r1@corp.example /2026-11/audiences/r1/index.html" 1;',
        '"r1@corp.example /2026-11/t1/reps/r1.html" 1;',
    ]
    rep.refused = "left the organisation (2026-12-03)"
    write_pages([manager(), rep], root, NOV)
    assert not (root / "2026-11" / "audiences" / "r1").exists()
    assert "r1@corp.example" not in (root / "2026-11" / "audiences" / ACCESS_MAP).read_text(encoding="utf-8")


def test_an_audience_id_cannot_leave_the_reports_folder(tmp_path: Path):
    with pytest.raises(ParameterError, match="invalid audience id"):
        audience_dir(tmp_path, NOV, "../../etc")
