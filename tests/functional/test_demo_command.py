"""The README's first command, `salesnb demo` (what `make demo` runs), end to end.

A file of its own: it is the suite's longest test, and the parallel run (pytest-xdist, one file per
process) balances better when it does not share a file with the other CLI tests.
"""

from __future__ import annotations

import json

import pytest

from salesnb.periods import Period
from salesnb.reviews.rep import active_reps
from salesnb.warehouse import connect
from tests.functional.commands import salesnb


@pytest.mark.slow
def test_demo_command_builds_and_renders(tmp_path):
    db, reports = tmp_path / "w.duckdb", tmp_path / "reports"
    result = salesnb(
        "demo",
        "--db",
        str(db),
        "--reports",
        str(reports),
        "--as-of",
        "2026-11-23",
        "--months",
        "18",
        "--workers",
        "2",
    )
    assert result.returncode == 0, result.stderr
    assert f"open {(reports / 'index.html').resolve()}" in result.stdout
    for period in ("2026-10", "2026-Q3"):
        manifest = json.loads((reports / period / "manifest.json").read_text(encoding="utf-8"))
        # six team reviews, the organisation overview and one overview per region (east, north)
        assert len([e for e in manifest["reports"] if e["notebook"] != "rep_review"]) == 9
        # and, once the demo renders them, a rep review per rep active at the period's end
        with connect(db) as con:
            teams = [t for (t,) in con.execute("SELECT team_id FROM teams ORDER BY team_id").fetchall()]
            active = active_reps(con, teams, Period.parse(period))
        reps = {e["team"] for e in manifest["reports"] if e["notebook"] == "rep_review"}
        assert reps == {f"{t}/{r}" for t, r in zip(active["team_id"], active["rep_id"], strict=True)}
        assert all(e["status"] == "ok" for e in manifest["reports"])
        assert (reports / period / "org" / "overview.html").exists()
        assert (reports / period / "org" / "region-east.html").exists()
    assert not list(tmp_path.glob(".*.writing*")) and not list(tmp_path.glob("*.lock"))
