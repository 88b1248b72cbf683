"""PDF output: the page header and footer in the report's language, the URL fetcher that never reaches
the network, and the atomic write."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import zlib
from pathlib import Path

import pytest

from salesnb.errors import ParameterError
from salesnb.reports import pdf
from salesnb.reports.pdf import ResourceRefused, check_url, css_string, page_css, write_bytes_atomic


def _weasyprint_or_skip():
    try:
        return pdf._weasyprint()
    except pdf.PdfUnavailableError as exc:
        pytest.skip(f"WeasyPrint cannot run here: {exc}")


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("zh", '"第 " counter(page) " 页，共 " counter(pages) " 页"'),
        ("en", '"Page " counter(page) " of " counter(pages)'),
    ],
)
def test_footer_says_page_n_of_m_in_the_report_language(language, label):
    css = page_css(title="T", subtitle="", language=language)
    assert f"@bottom-center {{ content: {label};" in css


def test_header_shows_title_and_subtitle_or_the_reports_h1():
    css = page_css(title="团队绩效评估 · 上海电销团队 · 2026-10", subtitle="截至 2026-11-23", language="zh")
    assert '@top-left { content: "团队绩效评估 · 上海电销团队 · 2026-10";' in css
    assert '@top-right { content: "截至 2026-11-23";' in css
    assert "Noto Sans CJK SC" in css  # Chinese in the margins shows as glyphs
    fallback = page_css(title=None, subtitle="", language="en")
    assert "@top-left { content: string(report-title, first);" in fallback
    assert "@top-right { content: none;" in fallback


def test_unsupported_language_is_a_parameter_error():
    with pytest.raises(ParameterError, match="language 'fr'"):
        page_css(title="T", subtitle="", language="fr")


@pytest.mark.parametrize(
    "text", ['a "quoted" title', "back\\slash", "line\nbreak } @page {", "普通 · 2026-10"]
)
def test_titles_become_one_css_string_whatever_they_contain(text):
    tinycss2 = pytest.importorskip("tinycss2")
    tokens = [t for t in tinycss2.parse_component_value_list(css_string(text)) if t.type != "whitespace"]
    assert len(tokens) == 1 and tokens[0].type == "string" and tokens[0].value == text


def test_print_css_keeps_tables_and_charts_whole_and_repeats_table_headers():
    css = pdf.PRINT_CSS.read_text(encoding="utf-8")
    assert "size: A4" in css
    assert "thead { display: table-header-group !important; }" in css
    assert "tr, th, td { break-inside: avoid !important; }" in css
    assert "img, svg, figure { break-inside: avoid !important; }" in css
    assert '"Noto Sans CJK SC"' in css


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "//example.com/x.png",
        "file:///etc/passwd",
        "file://otherhost/srv/reports/x.png",
    ],
)
def test_fetcher_refuses_the_network_and_files_outside_the_reports(tmp_path, url):
    with pytest.raises(ResourceRefused):
        check_url(url, tmp_path)


def test_fetcher_allows_data_urls_and_files_inside_the_reports(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "chart.png").write_bytes(b"png")
    check_url("data:image/png;base64,iVBORw0KGgo=", tmp_path)
    check_url((tmp_path / "team" / "chart.png").as_uri(), tmp_path)


def test_fetcher_resolves_dot_dot_and_symbolic_links(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    with pytest.raises(ResourceRefused):
        check_url(f"file://{root}/../secret.txt", root)
    (root / "link.txt").symlink_to(secret)
    with pytest.raises(ResourceRefused):
        check_url((root / "link.txt").as_uri(), root)


def test_weasyprint_fetcher_refuses_before_opening_anything(tmp_path, monkeypatch):
    _weasyprint_or_skip()
    from urllib.request import OpenerDirector

    def no_network(*args, **kwargs):
        raise AssertionError("the fetcher tried to open a URL")

    fetcher = pdf.local_only_fetcher(tmp_path)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    monkeypatch.setattr(OpenerDirector, "open", no_network)
    for url in ("http://127.0.0.1:9/x.png", "file:///etc/hostname"):
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_a_report_asking_for_the_network_renders_without_it(tmp_path, monkeypatch, caplog):
    _weasyprint_or_skip()
    from urllib.request import OpenerDirector

    def no_network(*args, **kwargs):
        raise AssertionError("the fetcher tried to open a URL")

    monkeypatch.setattr(OpenerDirector, "open", no_network)
    html = (
        '<html lang="zh"><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
        '<body><div class="salesnb-report"><h1>团队绩效评估 · 2026-10</h1>'
        '<img src="http://example.com/track.png"><p>正文</p></div></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        out = pdf.render_pdf(html, tmp_path / "r.pdf", title=None, language="zh")
    assert out.read_bytes().startswith(b"%PDF-")
    refused = [r.getMessage() for r in caplog.records if "refusing" in r.getMessage()]
    assert any("cdn.example.com" in m for m in refused) and any("track.png" in m for m in refused)


def test_atomic_write_replaces_the_file_and_keeps_no_temporary(tmp_path):
    target = tmp_path / "sub" / "report.pdf"
    write_bytes_atomic(target, b"%PDF-old")
    write_bytes_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_atomic_write_failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(pdf.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_render_failure_writes_nothing(tmp_path, monkeypatch):
    def failing(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "html_to_pdf_bytes", failing)
    with pytest.raises(RuntimeError, match="layout failed"):
        pdf.render_pdf("<p>x</p>", tmp_path / "r.pdf", title="T", language="en")
    assert list(tmp_path.iterdir()) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_print_css_ships_with_the_package():
    assert pdf.PRINT_CSS.is_file()
    assert Path(pdf.PRINT_CSS).parent.name == "salesnb"  # reports/templates/salesnb/*: package data


def _pdfinfo(path: Path) -> dict[str, str]:
    import shutil
    import subprocess

    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("pdfinfo is not installed (Debian package poppler-utils)")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.mark.parametrize(
    "head", ['<html lang="zh"><head><title>团队绩效评估 · 2026-10</title></head>', "<html>"]
)
def test_pdfs_are_tagged_with_a_title_and_language(tmp_path, head):
    """PDF/UA-1: a structure tree (pdfinfo's "Tagged: yes"), the figure's alt text in it, and a title and
    language, from the page or, when it has none, from the report's title and language."""
    _weasyprint_or_skip()
    image = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    html = (
        f"{head}<body><h1>团队绩效评估</h1><p>正文</p>"
        f'<img src="data:image/png;base64,{image}" alt="目标达成率：10 个中 6 个达标"></body></html>'
    )
    out = pdf.render_pdf(html, tmp_path / "r.pdf", title="团队绩效评估 · 2026-10", language="zh")
    info = _pdfinfo(out)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "团队绩效评估 · 2026-10"
    objects = _pdf_objects(out.read_bytes())  # WeasyPrint keeps its objects in compressed streams
    assert b"/StructTreeRoot" in objects and b"/Lang (zh)" in objects and b"pdfuaid" in objects
    alt = "目标达成率：10 个中 6 个达标".encode("utf-16-be").hex().encode()
    assert re.search(rb"/S /Figure.*?/Alt <feff" + alt + rb">", objects), "the figure's alt text"


def _pdf_objects(data: bytes) -> bytes:
    """A PDF's streams, inflated where compressed, one after another."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(match.group(1)))
    return b"\n".join(out)
