"""Executed notebook → report HTML: no code, no prompts, no parameter or analyst-note cells; the page in
the report's language (``<html lang>``), its sections listed in a ``nav`` in the page's ``header``, the
report in ``main`` (the landmarks a screen reader jumps between)."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from salesnb.text.i18n import tr

TEMPLATES = Path(__file__).parent / "templates"
#: Cells with these tags never reach a report.
HIDDEN_TAGS = {"parameters", "injected-parameters", "notes"}


#: Outputs of these MIME types are data for salesnb itself (a rep review's plan for the batch to store).
DATA_MIME_PREFIX = "application/vnd.salesnb."


class DropStderrPreprocessor(Preprocessor):
    """Warnings and logs go to the executed notebook kept for audit, not to the manager's report; neither
    does the data a notebook hands to salesnb (:data:`DATA_MIME_PREFIX`)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                and not any(str(m).startswith(DATA_MIME_PREFIX) for m in o.get("data", {}))
            ]
        return cell, resources


#: A section heading in a report's HTML output, with its attributes and text.
_H2 = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<text>.*?)</h2>", re.S)
_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_TAG = re.compile(r"<[^>]+>")


class SectionsPreprocessor(Preprocessor):
    """Give each section heading (``<h2>``) of the outputs an id and list the sections, in order, as
    ``resources["sections"]`` (id, text): the report's table of contents (its ``nav`` landmark)."""

    def preprocess(self, nb, resources):
        sections: list[tuple[str, str]] = []

        def name(match: re.Match) -> str:
            attrs = match.group("attrs")
            found = _ID.search(attrs)
            anchor = found.group(1) if found else f"section-{len(sections) + 1}"
            text = html.unescape(_TAG.sub("", match.group("text"))).strip()
            sections.append((anchor, text))
            return match.group(0) if found else f'<h2 id="{anchor}"{attrs}>{match.group("text")}</h2>'

        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "<h2" in data.get("text/html", ""):
                    data["text/html"] = _H2.sub(name, data["text/html"])
        resources["sections"] = sections
        return nb, resources


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last pass over the finished page.

    ``HTMLExporter.from_notebook_node`` parses the whole page again with BeautifulSoup to give images
    without alt text a placeholder ("No description has been provided for this image") and input and
    output areas a ``tabindex``. The report template writes each chart's alt text itself (its title, see
    :func:`salesnb.reports.display.show_figure`); what is lost is keyboard focus on output areas, which
    matters for an output wider than the page (our tables fit it). The pass was two thirds of a report's
    rendering time (0.10 → 0.03 s for a team review). Everything else is nbconvert's: the same filters,
    template and preprocessors (``tests/unit/test_report_html.py`` compares the pages); the method body
    mirrors nbconvert 7's, hence ``nbconvert<8`` in the requirements.
    """

    def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", data_type)
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@functools.lru_cache(maxsize=8)
def _exporter(language: str) -> HTMLExporter:
    """One exporter per language and process: building one compiles its templates (most of the cost).
    Template files are read once, so an edited template shows in a new process (a new batch run)."""
    exporter = ReportExporter(
        template_name="salesnb",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=language,  # <html lang>; nbconvert overwrites resources["language_code"] with this
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True
    )
    exporter.register_preprocessor(DropStderrPreprocessor(enabled=True), enabled=True)
    exporter.register_preprocessor(SectionsPreprocessor(enabled=True), enabled=True)
    return exporter


def render_html(notebook: nbformat.NotebookNode, title: str, language: str = "en") -> str:
    """Render an executed notebook as a self-contained HTML report."""
    exporter = _exporter(language)
    body, _ = exporter.from_notebook_node(
        notebook,
        resources={
            "metadata": {"name": title},
            "language_code": language,
            "contents_label": tr("report.contents", language),
        },
    )
    # nbconvert keeps each notebook's metadata by name on the exporter: a reused one would grow by a
    # report's metadata with every title for the life of the process
    getattr(exporter, "_nb_metadata", {}).clear()
    return body


def render_html_file(ipynb: Path, title: str, language: str = "en") -> str:
    return render_html(nbformat.read(ipynb, as_version=4), title, language)
