"""The what-if tab's panels: attainment, pacing and payout before and under the what-ifs, and the tiers of
the plan in force."""

from __future__ import annotations

import math

import pandas as pd

from salesnb.reports.missing import missing_html
from salesnb.text.formatting import format_value, html_table
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.page import block, money, note, status


def whatif_html(wb: Workbench) -> str:
    """Attainment, pacing and payout per rep and for the team, before and under the what-ifs."""
    result = wb.what_if()
    if result is None:
        return block(note(label("whatif.need_team")))
    rows = [*result.reps.to_dict("records"), {**result.team.to_dict(), "name": label("whatif.team_row")}]
    # without quotas in the warehouse a quota of 0 is none: shown "–", as the reports show it
    absent = missing_html(wb.available(), "attainment", wb.selection.level, wb.language)

    def quota(value: object) -> str:
        return "–" if absent and not value else money(wb, value)

    table = pd.DataFrame(
        {
            label("col.name"): [r["name"] for r in rows],
            label("col.plan"): [r["plan_id"] for r in rows],
            label("col.revenue"): [money(wb, r["revenue"]) for r in rows],
            label("col.quota"): [quota(r["quota"]) for r in rows],
            label("col.quota_new"): [quota(r["quota_new"]) for r in rows],
            label("col.attainment"): [format_value(r["attainment"], "ratio") for r in rows],
            label("col.attainment_new"): [format_value(r["attainment_new"], "ratio") for r in rows],
            label("col.pacing"): [status(r["pacing"]) for r in rows],
            label("col.pacing_new"): [status(r["pacing_new"]) for r in rows],
            label("col.projection"): [money(wb, r["projection"]) for r in rows],
            label("col.payout"): [money(wb, r["payout"]) for r in rows],
            label("col.payout_new"): [money(wb, r["payout_new"]) for r in rows],
            label("col.payout_change"): [_signedmoney(wb, r["payout_change"]) for r in rows],
        }
    )
    active = (
        label("whatif.active", items="; ".join(result.overrides))
        if result.overrides
        else label("whatif.none")
    )
    pacing_note = label(
        "whatif.pacing_note",
        elapsed=result.elapsed_days,
        total=result.total_days,
        as_of=wb.as_of.isoformat(),
    )
    numeric = [c for c in table.columns[2:] if c not in (label("col.pacing"), label("col.pacing_new"))]
    return block(note(active) + html_table(table, numeric=numeric) + note(pacing_note) + absent)


def _signedmoney(wb: Workbench, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = money(wb, value)
    return text if float(value) <= 0 else f"+{text}"  # type: ignore[arg-type]


def plan_html(wb: Workbench, plan_id: str) -> str:
    """A plan's tiers as in force for the what-if."""
    if not plan_id:
        return ""
    plan = wb.plan(plan_id)
    cap = f", cap {money(wb, plan.cap)}" if plan.cap is not None else ""
    title = label("plan_in_force", plan=plan.id, method=plan.method, basis=plan.basis, cap=cap)
    table = pd.DataFrame(
        {
            label("col.tier"): [str(t.number) for t in plan.tiers],
            label("col.kind"): [t.kind for t in plan.tiers],
            label("col.from"): [format_value(t.from_attainment, "ratio") for t in plan.tiers],
            label("col.rate"): [f"{t.rate:.2%}" for t in plan.tiers],
        }
    )
    return block(note(title) + html_table(table, numeric=list(table.columns[2:])))
