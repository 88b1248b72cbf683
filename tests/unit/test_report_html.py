"""The report exporter is nbconvert's HTML exporter minus its BeautifulSoup pass: same page otherwise."""

import base64
import copy

import nbformat
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from salesnb.reports import html as report_html
from salesnb.reports.html import ReportExporter, render_html

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n not really a picture").decode()


def notebook() -> nbformat.NotebookNode:
    chart = new_output(
        "display_data", data={"image/png": PNG}, metadata={"image/png": {"alt": 'Revenue <"trend">'}}
    )
    table = new_output("display_data", data={"text/html": "<table><tr><td>王芳</td></tr></table>"})
    logs = new_output("stream", name="stderr", text="a warning\n")
    return new_notebook(
        cells=[
            new_markdown_cell("# Team review\nSome *text*."),
            new_code_cell("team = 'x'", metadata={"tags": ["parameters"]}),
            new_code_cell("report.show(review)", outputs=[chart, table, logs]),
        ],
        metadata={"language_info": {"name": "python"}},
    )


def normalised(page: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup.find_all(True):
        tag.attrs.pop("tabindex", None)  # nbconvert's pass adds these for notebook keyboard navigation
    return str(soup)


def test_the_page_is_nbconverts_without_the_soup_pass(monkeypatch):
    nb = notebook()
    ours = render_html(copy.deepcopy(nb), "Team review · bj-field · 2026-10", "zh")
    # the same exporter configuration on nbconvert's own class
    monkeypatch.setattr(report_html, "ReportExporter", report_html.HTMLExporter)
    report_html._exporter.cache_clear()
    try:
        theirs = render_html(nb, "Team review · bj-field · 2026-10", "zh")
    finally:
        report_html._exporter.cache_clear()
    assert normalised(ours) == normalised(theirs)
    assert "No description has been provided" not in theirs  # the template gave the chart its alt text


def test_a_chart_has_its_title_as_alt_text_escaped():
    page = render_html(notebook(), "t", "en")
    soup = BeautifulSoup(page, "html.parser")
    assert [img["alt"] for img in soup.find_all("img")] == ['Revenue <"trend">']
    assert '<"trend">' not in page  # escaped in the attribute
    assert "a warning" not in page and "team = " not in page
    assert isinstance(report_html._exporter("en"), ReportExporter)


def test_the_page_has_landmarks_its_language_and_a_contents_nav():
    nb = notebook()
    sections = new_output(
        "display_data",
        data={"text/html": '<h1>团队绩效评估</h1><h2>核心指标</h2><h2 id="own">趋势 &amp; <b>预测</b></h2>'},
    )
    nb.cells.append(new_code_cell("report.sections()", outputs=[sections]))
    page = render_html(nb, "团队绩效评估 · 2026-10", "zh")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "zh" and soup.title.get_text() == "团队绩效评估 · 2026-10"
    header, main = soup.body.find("header", recursive=False), soup.body.find("main", recursive=False)
    assert header is not None and main is not None
    nav = header.find("nav")
    assert nav["aria-label"] == "目录"
    links = [(a["href"], a.get_text()) for a in nav.find_all("a")]
    assert links == [("#section-1", "核心指标"), ("#own", "趋势 & 预测")]
    assert [h["id"] for h in main.find_all("h2")] == ["section-1", "own"]


def test_a_page_without_sections_has_no_empty_nav():
    soup = BeautifulSoup(render_html(notebook(), "t", "en"), "html.parser")
    assert soup.find("nav") is None and soup.find("main") is not None
