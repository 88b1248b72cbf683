"""Team reviews of the demo as PDF: real pages, the Chinese font embedded, the text findable.

``pdffonts``, ``pdfinfo`` and ``pdftotext`` come from poppler-utils; a check that needs a missing one
is skipped with the reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import papermill
import pytest

from salesnb.config import notebooks_dir
from salesnb.reports import pdf
from salesnb.reports.html import render_html_file
from salesnb.text.i18n import tr
from salesnb.warehouse import connect

pytestmark = pytest.mark.slow

PERIOD = "2026-10"
#: (team, language): one Chinese and one English team review.
TEAMS = {"sh-telesales": "zh", "bj-field": "en"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package poppler-utils)")
    return path


@pytest.fixture(scope="module")
def pdfs(demo_db, tmp_path_factory) -> dict[str, dict]:
    try:
        pdf._weasyprint()
    except pdf.PdfUnavailableError as exc:
        pytest.skip(f"WeasyPrint cannot run here: {exc}")
    root = tmp_path_factory.mktemp("reports")
    with connect(demo_db) as con:
        names = dict(con.execute("SELECT team_id, name FROM teams").fetchall())
    out = {}
    for team, language in TEAMS.items():
        folder = root / PERIOD / team
        folder.mkdir(parents=True)
        ipynb = folder / "team_review.ipynb"
        papermill.execute_notebook(
            str(notebooks_dir() / "team_review.ipynb"),
            str(ipynb),
            parameters={"team": team, "period": PERIOD, "language": language, "db_path": str(demo_db)},
            kernel_name="python3",
            cwd=str(notebooks_dir()),
            progress_bar=False,
        )
        title = f"{tr('team_review', language)} · {names[team]} · {PERIOD}"
        html = render_html_file(ipynb, title, language)
        path = pdf.render_pdf(html, folder / "team_review.pdf", title=title, language=language, root=root)
        out[team] = {"path": path, "name": names[team], "language": language, "folder": folder}
    return out


def _pages(path: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _text(path: Path) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("team", TEAMS)
def test_a_complete_pdf_of_several_pages_and_no_temporary_left(pdfs, team):
    report = pdfs[team]
    data = report["path"].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert not [p.name for p in report["folder"].iterdir() if p.name.startswith(".")]
    assert _pages(report["path"]) > 1


def test_chinese_review_embeds_noto_sans_cjk(pdfs):
    fonts = subprocess.run(
        [_tool("pdffonts"), str(pdfs["sh-telesales"]["path"])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Noto-?Sans-?CJK", fonts), fonts
    # every font embedded (column "emb", fifth from the right), so the PDF reads the same anywhere
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts


@pytest.mark.parametrize("team", TEAMS)
def test_text_names_team_period_headings_and_page_numbers(pdfs, team):
    report = pdfs[team]
    language = report["language"]
    text = _text(report["path"])
    pages = _pages(report["path"])
    assert report["name"] in text and PERIOD in text
    assert tr("team_review", language) in text and tr("scorecard", language) in text
    label = pdf.PAGE_LABELS[language]
    for page in (1, pages):
        assert label.format(page=page, pages=pages) in text
    # the running header is on every page
    assert text.count(f"{tr('team_review', language)} · {report['name']} · {PERIOD}") >= pages


@pytest.mark.parametrize("team", TEAMS)
def test_team_review_pdfs_are_tagged_for_screen_readers(pdfs, team):
    """PDF/UA-1 (issue #18): a structure tree a screen reader follows, with the report's title."""
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdfs[team]["path"])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(rf"^Title:\s+.*{re.escape(pdfs[team]['name'])}", info, re.M), info
