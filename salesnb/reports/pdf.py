"""Report HTML → PDF with WeasyPrint: no LaTeX, no browser, nothing fetched from the network.

The HTML is the report :func:`salesnb.reports.html.render_html` made (charts embedded as ``data:``
PNGs); :data:`PRINT_CSS` adds the print layout (A4, margins, page breaks that keep tables and charts
whole) and :func:`page_css` the running header (report title and subtitle) and the footer
"page N of M" in the report's language. :func:`local_only_fetcher` lets WeasyPrint read ``data:`` URLs
and files inside one folder, and refuses everything else. The PDF is written to a temporary sibling
and renamed, so a reader never sees half of one.

WeasyPrint needs Pango ≥ 1.44 (Debian: ``libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0``) and
the fonts of ``salesnb.charts.base`` (``fonts-noto-cjk`` for Chinese). See docs/pdf.md.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from salesnb.errors import ParameterError, SalesnbError
from salesnb.files.atomic import write_bytes_atomic

#: The print style sheet (page size, margins, page breaks, fonts); shipped with the nbconvert template.
PRINT_CSS = Path(__file__).parent / "templates" / "salesnb" / "print.css"

#: "Page N of M" in each report language; ``{page}`` and ``{pages}`` become CSS counters.
PAGE_LABELS = {"en": "Page {page} of {pages}", "zh": "第 {page} 页，共 {pages} 页"}

#: The PDF is tagged (its headings, paragraphs, tables and figures with their alt text in a structure
#: tree a screen reader follows) as PDF/UA-1 asks; WeasyPrint takes the document's language from
#: ``<html lang>`` and its title from ``<title>`` (:func:`html_to_pdf_bytes` fills in either if absent).
PDF_VARIANT = "pdf/ua-1"

#: Font of the page header and footer: the report's fonts, so Chinese titles show as glyphs.
MARGIN_FONT = '"DejaVu Sans", "Noto Sans CJK SC", sans-serif'

#: WeasyPrint warns about every rule of JupyterLab's style sheet it does not implement (screen media
#: queries, keyframes, selectors, properties); those say nothing about the report and would bury the
#: warnings that do (a refused URL, a broken image), which still get through.
_CSS_NOISE = re.compile(
    r"^(Ignored `|Invalid or unsupported selector|Invalid media type|Expected a media type|Unknown rule)"
)


class _DropCssNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _CSS_NOISE.match(str(record.msg))


@contextmanager
def _quiet_css_warnings() -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    noise = _DropCssNoise()
    logger.addFilter(noise)
    try:
        yield
    finally:
        logger.removeFilter(noise)


class ResourceRefused(ValueError):
    """The report asked for a resource a PDF of it may not fetch."""


class PdfUnavailableError(SalesnbError, RuntimeError):
    """WeasyPrint or the system libraries it loads (Pango, HarfBuzz) are not installed."""


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_label_content(language: str) -> str:
    """The CSS ``content`` value of the footer, for example ``"第 " counter(page) " 页，共 " …``."""
    try:
        label = PAGE_LABELS[language]
    except KeyError:
        raise ParameterError(f"language {language!r} is not supported: use en or zh") from None
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", label):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_css(*, title: str | None, subtitle: str, language: str) -> str:
    """The running header and footer of every page.

    Header, left: ``title`` (the report, team or scope and period), or the report's own ``<h1>`` when
    ``title`` is empty or ``None``; right: ``subtitle``. Footer, centred: "page N of M".
    """
    left = css_string(title) if title else "string(report-title, first)"
    right = css_string(subtitle) if subtitle else "none"
    box = f"font-family: {MARGIN_FONT}; font-size: 8pt; color: #52606d;"
    return f"""
@page {{
  @top-left {{ content: {left}; {box} vertical-align: bottom; padding-bottom: 4mm; }}
  @top-right {{ content: {right}; {box} vertical-align: bottom; padding-bottom: 4mm; }}
  @bottom-center {{ content: {page_label_content(language)}; {box} vertical-align: top; padding-top: 4mm; }}
}}
"""


def check_url(url: str, root: Path) -> None:
    """Raise :class:`ResourceRefused` unless ``url`` is a ``data:`` URL or a local file under ``root``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"refusing a file on another host: {url}")
        root = Path(root).resolve()
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path == root or root in path.parents:
            return
        raise ResourceRefused(f"refusing a file outside {root}: {url}")
    raise ResourceRefused(f"refusing to fetch {url!r}: a report PDF reads only data: URLs and its own files")


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Reads ``data:`` URLs and files under ``root``; refuses everything else (see :func:`check_url`)."""

        def __init__(self, root: Path) -> None:
            # check_url is the guard; WeasyPrint 68.0's allowed_protocols would also refuse data: URLs
            super().__init__(allow_redirects=False, timeout=5)
            self.root = Path(root).resolve()

        def fetch(self, url, headers=None):
            check_url(url, self.root)
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def local_only_fetcher(root: Path):
    """A WeasyPrint URL fetcher for ``data:`` URLs and files under ``root`` only: no ``http``, ``https``
    or ``ftp``, no redirects, no file outside ``root`` (symbolic links resolved). A refused URL raises
    :class:`ResourceRefused`, which WeasyPrint logs as an error, leaving the resource out."""
    return _fetcher_class()(root)


def _weasyprint():
    """The ``weasyprint`` module, or an error that says what to install."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz not found by cffi
        raise PdfUnavailableError(
            f"PDF output needs WeasyPrint and its system libraries ({exc}): pip install weasyprint; "
            "on Debian/Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
            "(or `make sysdeps`)"
        ) from exc
    return weasyprint


def html_to_pdf_bytes(
    html: str,
    *,
    title: str | None,
    subtitle: str = "",
    language: str,
    base_dir: Path,
    root: Path | None = None,
) -> tuple[bytes, int]:
    """The tagged PDF (:data:`PDF_VARIANT`) of ``html`` and its page count (relative URLs resolve
    against ``base_dir``)."""
    weasyprint = _weasyprint()
    fetcher = local_only_fetcher(root if root is not None else base_dir)
    stylesheets = [
        weasyprint.CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher),
        weasyprint.CSS(
            string=page_css(title=title, subtitle=subtitle, language=language), url_fetcher=fetcher
        ),
    ]
    with _quiet_css_warnings():
        document = weasyprint.HTML(
            string=html, base_url=str(Path(base_dir).resolve()) + os.sep, url_fetcher=fetcher
        ).render(stylesheets=stylesheets)
        # PDF/UA needs a title and a language: a page without <title> or <html lang> takes the report's
        document.metadata.title = document.metadata.title or title or subtitle or None
        document.metadata.lang = document.metadata.lang or language
        return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


def render_pdf(
    html: str,
    out_path: Path,
    *,
    title: str | None,
    subtitle: str = "",
    language: str,
    root: Path | None = None,
) -> Path:
    """Write the PDF of a rendered report ``html`` to ``out_path`` (atomically) and return the path.

    ``title`` heads every page on the left (for example "团队复盘 · 上海电销 · 2026-10"; empty: the
    report's ``<h1>``), ``subtitle`` on the right; the footer says "page N of M" in ``language``.
    Files may be read only inside ``root`` (default: the PDF's folder), URLs other than ``data:`` never.
    """
    out_path = Path(out_path)
    data, _ = html_to_pdf_bytes(
        html, title=title, subtitle=subtitle, language=language, base_dir=out_path.parent, root=root
    )
    write_bytes_atomic(out_path, data)
    return out_path
