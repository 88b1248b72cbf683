"""Names from CRMs stay names (issue #14, defect 9): a rep named like mathtext renders in a team review,
and the batch's progress lines and summary are visible text. The command-line cases (ingest, teams,
kpis, goals check, errors) are in tests/data/bad/cases/escape.yaml."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from salesnb.cli.progress import echo_done, summarise
from salesnb.reports.manifest import Entry
from tests.functional.commands import salesnb

MATH_NAMES = ["Rich $\\foo$", "$x^{2}$"]


@pytest.mark.slow
def test_team_review_renders_reps_named_like_mathtext(demo_db, tmp_path):
    """``Rich $\\foo$`` made the team review fail (mathtext has no ``\\foo``), ``$x^{2}$`` was drawn as x²."""
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)
    with duckdb.connect(str(db)) as con:
        query = "SELECT rep_id FROM reps WHERE team_id = 'tj-online' ORDER BY rep_id"
        reps = [r for (r,) in con.execute(query).fetchall()]
        for rep, name in zip(reps, MATH_NAMES, strict=False):
            con.execute("UPDATE reps SET name = ? WHERE rep_id = ?", [name, rep])
    reports = tmp_path / "reports"
    args = ["run", "--period", "2026-10", "--team", "tj-online", "--db", str(db), "--reports", str(reports)]
    result = salesnb(*args, "--workers", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (reports / "2026-10" / "tj-online" / "team_review.html").read_text(encoding="utf-8")
    for name in MATH_NAMES:
        assert f">{name}<" in html  # the tables show the names as written (and no MathJax is loaded)


def _entry(**changes) -> Entry:
    fields = {
        "notebook": "team_review",
        "team": "t1",
        "team_name": "T1",
        "period": "2026-10",
        "language": "en",
        "status": "ok",
        "html": None,
        "ipynb": None,
        "seconds": 1.0,
        "finished_at": "2026-11-01T00:00:00+00:00",
    }
    return Entry(**{**fields, **changes})


def test_run_progress_and_summary_are_visible_text(capsys):
    """A report's error quotes the kernel's traceback, which quotes data: one escaped line each."""
    failed = _entry(team="\x1b]0;pwned\x07t2", status="failed", error="ValueError: \x1b[2J\nall rows OK")
    echo_done(_entry(), 1, 2)
    echo_done(failed, 2, 2)
    assert summarise([_entry(), failed], "index.html") == 1
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "\x1b" not in printed and "\x07" not in printed
    assert (
        "[2/2] FAILED team_review \\x1b]0;pwned\\x07t2 2026-10 (1.0 s): ValueError: \\x1b[2J\\nall rows OK"
        in (captured.err)
    )
    assert "report(s) failed: team_review \\x1b]0;pwned\\x07t2 2026-10" in captured.err
    assert len(captured.err.splitlines()) == 2  # one line per failure, one for the summary
