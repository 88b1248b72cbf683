"""The index links each report's PDF when it exists on disk, and only then (#16 point 7)."""

from __future__ import annotations

from pathlib import Path

from salesnb.reports.index import write_index
from salesnb.reports.manifest import Entry, write_manifest


def _entry(notebook: str, team: str, stem: str) -> Entry:
    return Entry(notebook, team, team, "2018-11", "en", "ok", f"{stem}.html", f"{stem}.ipynb", 1.0,
                 "2026-12-07T00:00:00+00:00", pdf=f"{stem}.pdf")  # fmt: skip


def test_the_index_links_the_pdfs_that_exist(tmp_path: Path):
    folder = tmp_path / "2018-11"
    (folder / "ny-field" / "reps").mkdir(parents=True)
    entries = [
        _entry("team_review", "ny-field", "ny-field/team_review"),
        _entry("team_review", "sf-inside", "sf-inside/team_review"),  # its PDF was never written
        _entry("rep_review", "ny-field/ben", "ny-field/reps/ben"),
    ]
    for pdf in ("ny-field/team_review.pdf", "ny-field/reps/ben.pdf"):
        (folder / pdf).write_bytes(b"%PDF-1.7\n")
    write_manifest(folder, "2018-11", entries)
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert '<a href="2018-11/ny-field/team_review.pdf">PDF</a>' in html
    assert '(<a href="2018-11/ny-field/reps/ben.pdf">PDF</a>)' in html  # a rep review listed under its team
    assert "sf-inside/team_review.pdf" not in html and html.count(">PDF</a>") == 2
