"""The workbench's panels as HTML and PNG: each function reads a :class:`~salesnb.workbench.state.Workbench`
and returns a string or bytes, so the widgets, the static snapshot and the tests share one rendering.

One module per tab: :mod:`~.overview`, :mod:`~.whatif`, :mod:`~.goals`, :mod:`~.coaching`,
:mod:`~.drill`, :mod:`~.render`; :mod:`~.page` holds what they are made of and :mod:`~.static` puts
them together for a run without a frontend. Every table goes through
:func:`~salesnb.text.formatting.html_table`, which escapes every cell and header (names of reps,
customers and deals come from CRMs), and every other string through ``html.escape``.
"""

from salesnb.workbench.views.coaching import flagged_html, rules_summary_html
from salesnb.workbench.views.drill import drill_html
from salesnb.workbench.views.goals import audit_html
from salesnb.workbench.views.overview import (
    comparison_frame,
    comparison_html,
    comparison_png,
    figure_png,
    funnel_html,
    funnel_png,
    kpi_frame,
    kpi_html,
    trend_png,
)
from salesnb.workbench.views.page import block, error_html, header_html, heading, note
from salesnb.workbench.views.render import render_intro_html, render_result_html
from salesnb.workbench.views.static import show_static, static_outputs
from salesnb.workbench.views.whatif import plan_html, whatif_html

__all__ = [
    "audit_html",
    "block",
    "comparison_frame",
    "comparison_html",
    "comparison_png",
    "drill_html",
    "error_html",
    "figure_png",
    "flagged_html",
    "funnel_html",
    "funnel_png",
    "header_html",
    "heading",
    "kpi_frame",
    "kpi_html",
    "note",
    "plan_html",
    "render_intro_html",
    "render_result_html",
    "rules_summary_html",
    "show_static",
    "static_outputs",
    "trend_png",
    "whatif_html",
]
