"""What every panel is made of: the reports' style with the workbench's additions, a block, a note, a
heading, an error, an amount of money, and the header over the tabs.

Every string goes through ``html.escape`` (tables through :func:`~salesnb.text.formatting.html_table`),
since names of reps, customers and deals come from CRMs.
"""

from __future__ import annotations

import html

from salesnb.reports.display import STYLE
from salesnb.text.formatting import format_value
from salesnb.workbench.labels import STATUS, label
from salesnb.workbench.state import Workbench

#: Extra style for the workbench: flagged rows and the what-if columns stand out.
WORKBENCH_STYLE = """
<style>
.salesnb-report .wb-note { color: #52606d; margin: 0.3em 0; }
.salesnb-report .wb-error { color: #c0392b; font-weight: bold; }
.salesnb-report .wb-verdict-ok { color: #2e8b57; font-weight: bold; }
.salesnb-report .wb-verdict-fail { color: #c0392b; font-weight: bold; }
.salesnb-report h3 { margin: 0.8em 0 0.2em; }
</style>
"""


def block(body: str) -> str:
    """``body`` in the reports' style scope."""
    return f'<div class="salesnb-report">{body}</div>'


def note(text: str, css: str = "wb-note") -> str:
    """A paragraph of ``text`` (escaped)."""
    return f'<p class="{css}">{html.escape(text)}</p>'


def heading(text: str) -> str:
    """A panel's heading (escaped)."""
    return f"<h3>{html.escape(text)}</h3>"


def error_html(exc: Exception) -> str:
    """An error the analyst caused (a bad tier, an out-of-range threshold), shown where the result goes."""
    return block(note(str(exc), "wb-error"))


def money(wb: Workbench, value: object) -> str:
    """An amount in the warehouse's currency."""
    return format_value(value, "currency", wb.currency)


def status(code: str) -> str:
    """A pacing status as the analyst reads it."""
    return STATUS.get(code, code)


def header_html(wb: Workbench) -> str:
    """The style sheet, the title and what is selected."""
    s = wb.selection
    facts = label(
        "facts",
        scope=wb.scope_name() or label("organisation"),
        period=s.period,
        currency=wb.currency,
        as_of=wb.as_of.isoformat(),
    )
    return STYLE + WORKBENCH_STYLE + block(f"<h2>{html.escape(label('title'))}</h2>" + note(facts))
