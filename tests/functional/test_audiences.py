"""The demo's audiences: every link of every audience page leads to a file that exists and that its
audience may read; no manager's page links another team's review, no rep's page another rep's review."""

from __future__ import annotations

import csv
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest

from tests.functional.commands import ROOT, salesnb

PERIOD = "2026-10"
TEAM = "tj-online"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v for k, v in attrs if tag == "a" and k == "href" and v]


@pytest.fixture(scope="module")
def rendered(demo_db, tmp_path_factory):
    """One team with its reps, the organisation and the regions rendered for the demo, with the project's
    params (its delivery.yaml); a rep of another team leaves before the run."""
    folder = tmp_path_factory.mktemp("audiences")
    db, reports = folder / "w.duckdb", folder / "reports"
    shutil.copy(demo_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "UPDATE reps SET status = 'left', left_date = DATE '2026-12-01' WHERE rep_id = 'tj-online-r03'"
        )
        roster = con.execute("SELECT rep_id, team_id, level FROM reps").fetchall()
        roster += [
            (f"{t}-region", r, "region")
            for t, r in con.execute("SELECT team_id, region_id FROM teams").fetchall()
        ]
    args = ["run", "--period", PERIOD, "--team", TEAM, "--reps", "--org", "--workers", "2"]
    result = salesnb(*args, "--db", str(db), "--reports", str(reports), "--params", str(ROOT / "params"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audience page(s) written" in result.stdout
    return db, reports, {rep: (team, level) for rep, team, level in roster}


def pages(reports: Path) -> dict[str, Path]:
    return {p.parent.name: p for p in (reports / PERIOD / "audiences").glob("*/index.html")}


def allowed(audience: str, target: str, roster: dict[str, tuple[str, str]]) -> bool:
    """Whether ``audience`` may read ``target`` (a path inside the period folder), by the reporting line
    and the project's delivery.yaml, told independently of salesnb's own map (``roster`` also holds each
    team's region under ``<team>-region``)."""
    team, level = roster.get(audience, ("", ""))
    parts = target.split("/")
    if parts[:2] == ["audiences", audience]:
        return True
    if parts[0] == "org":
        region = parts[1].removeprefix("region-").rsplit(".", 1)[0]
        return audience == "ceo" or (parts[1].startswith("region-") and audience == f"{region}-head")
    if len(parts) == 3 and parts[1] == "reps":  # <team>/reps/<rep>.html: the rep and the team's manager
        rep = parts[2].rsplit(".", 1)[0]
        return rep == audience or (parts[0] == team and level == "manager")
    if parts[1:] in (["team_review.html"], ["team_review.pdf"]):
        regions = {"tj-online": "north", "bj-field": "north", "bj-telesales": "north"}
        return (
            parts[0] == team and level == "manager"
        ) or audience == f"{regions.get(parts[0], 'east')}-head"
    return False


def test_every_link_of_every_audience_page_exists_and_is_allowed(rendered):
    _db, reports, roster = rendered
    found = pages(reports)
    period = (reports / PERIOD).resolve()
    tj = [rep for rep, (team, _) in roster.items() if team == TEAM and rep != "tj-online-r03"]
    assert {"ceo", "east-head", "north-head", *tj} <= set(found)
    linked = 0
    for audience, page in found.items():
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = (page.parent / unquote(href)).resolve()
            assert target.is_file(), (audience, href)
            assert period in target.parents, (audience, href)
            inside = target.relative_to(period).as_posix()
            assert allowed(audience, inside, roster), (audience, inside)
            linked += 1
        team, level = roster.get(audience, ("", ""))
        if audience in roster and level != "manager":  # a rep: their own review (when rendered), nothing else
            own = [f"../../{team}/reps/{audience}.html"] if team == TEAM else []
            assert parser.hrefs == own, audience
    assert linked >= len(tj) * 2


def test_a_rep_who_left_has_no_page_and_the_access_map_names_only_allowed_files(rendered):
    _db, reports, roster = rendered
    assert "tj-online-r03" not in pages(reports)
    lines = (reports / PERIOD / "audiences" / "access.map").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        email, path = line.removesuffix(" 1;").strip('"').split(" ")
        audience = email.split("@")[0].replace(".head", "-head")
        assert path.startswith(f"/{PERIOD}/") and (reports / path.lstrip("/")).is_file(), line
        assert allowed(audience, path.removeprefix(f"/{PERIOD}/"), roster), line


def test_audiences_prints_who_gets_what_as_csv(rendered):
    db, reports, _roster = rendered
    args = ["audiences", "--period", PERIOD, "--db", str(db), "--reports", str(reports), "--format", "csv"]
    result = salesnb(*args, "--params", str(ROOT / "params"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    status = {(r["audience"], r["report"]): r["status"] for r in rows}
    assert status[("ceo", "org_overview")] == "send"
    assert status[("tj-online-r02", "rep_review:tj-online/tj-online-r02")] == "send"
    assert status[("bj-field-r02", "rep_review:bj-field/bj-field-r02")] == "not sent: not rendered"
    assert status[("tj-online-r03", "")].startswith("refused: left the organisation")
    assert all(r["language"] in ("en", "zh") for r in rows)
