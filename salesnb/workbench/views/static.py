"""Every panel of the current selection as static HTML and PNG: what a headless run (papermill, nbval) or
a saved notebook shows, where widgets cannot draw."""

from __future__ import annotations

from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.coaching import rules_summary_html
from salesnb.workbench.views.drill import drill_html
from salesnb.workbench.views.goals import audit_html
from salesnb.workbench.views.overview import (
    comparison_html,
    comparison_png,
    funnel_html,
    funnel_png,
    kpi_html,
    trend_png,
)
from salesnb.workbench.views.page import block, header_html, heading, note
from salesnb.workbench.views.whatif import whatif_html


def static_outputs(wb: Workbench) -> list[tuple[str, str | bytes]]:
    """Every panel of the current selection as ``(mime type, data)``: ``text/html`` strings and
    ``image/png`` bytes, in reading order (what :func:`show_static` displays)."""
    out: list[tuple[str, str | bytes]] = []

    def picture(png: bytes | None) -> None:
        if png:
            out.append(("image/png", png))

    out.append(("text/html", header_html(wb) + block(note(label("static.title")))))
    out.append(("text/html", kpi_html(wb)))
    picture(trend_png(wb))
    out.append(("text/html", comparison_html(wb)))
    picture(comparison_png(wb))
    out.append(("text/html", funnel_html(wb)))
    picture(funnel_png(wb))
    if wb.selection.team:
        intro = block(heading(label("tab.whatif")) + note(label("whatif.intro")))
        out.append(("text/html", intro + whatif_html(wb)))
    goals = wb.goal_options()
    if goals:
        out.append(("text/html", block(heading(label("tab.goals"))) + audit_html(wb, wb.audit(goals[0][1]))))
    if wb.rule_ids():
        out.append(("text/html", block(heading(label("tab.rules"))) + rules_summary_html(wb)))
    # a headless run cannot pick a rep: drill down to the selection's rep or the team's top seller
    top = wb.comparison()["unit_id"].iloc[0] if wb.selection.team and len(wb.comparison()) else None
    out.append(("text/html", block(heading(label("tab.drill"))) + drill_html(wb, wb.selection.rep or top)))
    return out


def show_static(wb: Workbench) -> None:
    """Display every panel of the current selection as static HTML and PNG (no widgets needed): what a
    headless run (papermill, nbval) or a saved notebook shows."""
    from IPython.display import HTML, Image, display

    for mime, data in static_outputs(wb):
        display(HTML(data) if mime == "text/html" else Image(data=data, format="png"))
