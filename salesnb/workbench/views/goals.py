"""The goal-audit tab's panel: a goal's SMART verdict per property, with its reasons and numbers."""

from __future__ import annotations

import math

import pandas as pd

from salesnb.goals.audit import NAMES, PROPERTIES, GoalAudit
from salesnb.kpis import CATALOG
from salesnb.text.formatting import format_value, html_table
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.page import block, note


def audit_html(wb: Workbench, audit: GoalAudit) -> str:
    """The SMART audit's verdict per property, with its reasons and numbers."""
    g = audit.goal
    metric = g.metric or "?"
    unit = CATALOG[metric].unit if metric in CATALOG else "count"
    target = format_value(g.target, unit, wb.currency) if g.target is not None else "–"
    verdict = label("goals.passes") if audit.ok else label("goals.fails", props=", ".join(audit.failed))
    summary = label(
        "goals.summary",
        goal=g.id,
        metric=metric,
        scope=g.scope.label if g.scope else "?",
        period=audit.period or g.period or "?",
        target=target,
        verdict=verdict,
    )
    table = pd.DataFrame(
        {
            label("col.property"): [f"{p} · {NAMES[p]}" for p in PROPERTIES],
            label("col.verdict"): [audit.verdicts.get(p, "") for p in PROPERTIES],
            label("col.reasons"): ["; ".join(audit.reasons.get(p, [])) for p in PROPERTIES],
        }
    )
    body = note(summary, "wb-verdict-ok" if audit.ok else "wb-verdict-fail") + html_table(table)
    if not math.isnan(audit.baseline):
        body += note(
            label(
                "goals.numbers",
                baseline=format_value(audit.baseline, unit, wb.currency),
                suggested=format_value(audit.suggested, unit, wb.currency),
            )
        )
    return block(body)
