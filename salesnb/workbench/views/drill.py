"""The drill-down tab's panel: a team's reps; a rep's deals, activities per type and latest activities
(every CRM string escaped)."""

from __future__ import annotations

import pandas as pd

from salesnb.text.formatting import format_value, html_table
from salesnb.text.i18n import tr
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.overview import comparison_html
from salesnb.workbench.views.page import block, heading, money, note


def drill_html(wb: Workbench, rep_id: str | None = None) -> str:
    """Team → its reps; rep (the selection's, or ``rep_id``) → their deals and activities. Every CRM
    string is escaped."""
    s = wb.selection
    rep_id = rep_id or s.rep
    if not s.team:
        return block(note(label("drill.need_team")))
    if not rep_id:
        return block(note(label("drill.intro")) + comparison_html(wb))
    rep, period = wb.rep_name(rep_id), s.period
    deals = wb.deals(rep_id)
    deal_table = pd.DataFrame(
        {
            label("col.deal"): deals["name"].fillna("").astype(str),
            label("col.customer"): deals["customer"].fillna("").astype(str),
            label("col.stage"): [_stage(wb, v) for v in deals["stage"]],
            label("col.status"): deals["status"].astype(str),
            label("col.amount"): [money(wb, v) for v in deals["amount"]],
            label("col.created"): [_day(v) for v in deals["created_date"]],
            label("col.closed"): [_day(v) for v in deals["close_date"]],
        }
    )
    summary = wb.activity_summary(rep_id)
    summary_table = pd.DataFrame(
        {
            label("col.type"): summary["activity_type"].astype(str),
            label("col.activities"): [format_value(v, "count") for v in summary["activities"]],
            label("col.connected"): [format_value(v, "count") for v in summary["connected"]],
            label("col.talk_hours"): [format_value(v, "hours") for v in summary["talk_hours"]],
            label("col.after_hours"): [format_value(v, "count") for v in summary["after_hours"]],
        }
    )
    acts = wb.activities(rep_id)
    act_table = pd.DataFrame(
        {
            label("col.started"): [str(v)[:16] for v in acts["started_at"]],
            label("col.type"): acts["activity_type"].astype(str),
            label("col.minutes"): [format_value(v, "hours") for v in acts["minutes"]],
            label("col.connected"): ["" if pd.isna(v) else ("yes" if v else "no") for v in acts["connected"]],
            label("col.outcome"): acts["outcome"].fillna("").astype(str),
            label("col.customer"): acts["customer"].fillna("").astype(str),
            label("col.deal"): acts["deal"].fillna("").astype(str),
        }
    )
    parts = [
        heading(label("drill.deals", rep=rep, period=period)),
        html_table(deal_table, numeric=[label("col.amount")]) if len(deal_table) else note(label("no_data")),
        heading(label("drill.summary", rep=rep, period=period)),
        html_table(summary_table, numeric=list(summary_table.columns[1:]))
        if len(summary_table)
        else note(label("no_data")),
        heading(label("drill.activities", n=len(act_table), rep=rep, period=period)),
        html_table(act_table, numeric=[label("col.minutes")]) if len(act_table) else note(label("no_data")),
    ]
    return block("".join(parts))


def _stage(wb: Workbench, stage: object) -> str:
    key = f"stage.{stage}"
    try:
        return tr(key, wb.language)
    except KeyError:
        return str(stage)


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
