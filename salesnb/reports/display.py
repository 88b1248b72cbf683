"""Display building blocks shared by every report notebook: the style, HTML blocks, charts, sections.

Every string that reaches the HTML goes through ``html.escape`` here or in
:func:`salesnb.text.formatting.html_table`.
"""

from __future__ import annotations

import html
import io

import matplotlib
from IPython.display import HTML, Image, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from salesnb.charts.base import description
from salesnb.safety import CHART_RC
from salesnb.text.i18n import tr

STYLE = """
<style>
.salesnb-report { font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; }
.salesnb-report h1 { font-size: 1.7em; margin-bottom: 0.1em; }
.salesnb-report .meta { color: #52606d; margin-bottom: 1em; }
.salesnb-report h2 { border-bottom: 2px solid #2a6f97; padding-bottom: 0.2em; margin-top: 1.4em; }
.report-table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
.salesnb-report .report-table th { background: #eef2f6; text-align: left; padding: 0.35em 0.7em; }
.salesnb-report .report-table td { border-top: 1px solid #d9e2ec; padding: 0.3em 0.7em;
  text-align: left; }
.salesnb-report .report-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.salesnb-report .intro { color: #3e4c59; }
.salesnb-report .missing { color: #3e4c59; font-style: italic; }
.salesnb-report .note { color: #52606d; font-size: 0.85em; }
.salesnb-report .report-table td:first-child,
.salesnb-report .report-table th:first-child { white-space: nowrap; }
</style>
"""


def show_html(body: str) -> None:
    display(HTML(f'<div class="salesnb-report">{body}</div>'))


#: Resolution of the reports' charts.
REPORT_DPI = 110


def figure_png(fig: Figure, dpi: float = REPORT_DPI) -> bytes:
    """The chart as PNG bytes on white (independent of the notebook's matplotlib backend).

    Drawn in one pass: ``Figure.savefig`` first draws a constrained-layout figure without rendering, to
    lay it out, then draws it again into the file (a third of a chart's time); the Agg canvas's
    ``print_png`` lays out and renders in its one draw. The bytes are the same as ``savefig``'s, and the
    figure keeps its canvas, resolution and background (tests).
    """
    canvas, old_dpi, old_face = fig.canvas, fig.dpi, fig.get_facecolor()
    try:
        fig.set_dpi(dpi)
        fig.set_facecolor("white")
        buf = io.BytesIO()
        # the tick labels matplotlib makes while drawing take the settings of that moment: no mathtext
        with matplotlib.rc_context(CHART_RC):
            FigureCanvasAgg(fig).print_png(buf)  # makes itself the figure's canvas
        return buf.getvalue()
    finally:  # the figure is left as it came, as savefig leaves it
        fig.set_canvas(canvas)
        fig.set_dpi(old_dpi)
        fig.set_facecolor(old_face)


def show_figure(fig: Figure) -> None:
    """Display a chart as an embedded PNG, with what it shows as the image's alt text (its description,
    :func:`salesnb.charts.base.description`: the numbers that matter, not only its title)."""
    display(Image(data=figure_png(fig), format="png", metadata={"alt": description(fig)}))


def paragraph(text: str) -> str:
    """A paragraph of plain text, escaped.

    >>> paragraph("A & B")
    '<p>A &amp; B</p>'
    """
    return f"<p>{html.escape(text)}</p>"


def anchor(key: str) -> str:
    """The HTML id of the section titled by ``key``, which the headline's findings link to.

    >>> anchor("rep.workload")
    'sec-rep-workload'
    """
    return "sec-" + key.replace(".", "-").replace("_", "-")


def section(key: str, language: str, intro_key: str | None = None) -> str:
    intro = f'<p class="intro">{html.escape(tr(intro_key, language))}</p>' if intro_key else ""
    return f'<h2 id="{anchor(key)}">{html.escape(tr(key, language))}</h2>{intro}'


def show_title(title: str, facts: list[str]) -> None:
    """The report's title (with the style sheet) and a line of facts, both escaped."""
    meta = html.escape(" | ".join(facts))
    show_html(f'{STYLE}<h1>{html.escape(title)}</h1><div class="meta">{meta}</div>')
