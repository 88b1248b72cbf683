"""The coaching-rules tab's panels: the reps a rule flags at a threshold against the file's, and every rule
at the file's thresholds."""

from __future__ import annotations

import pandas as pd

from salesnb.kpis import CATALOG
from salesnb.text.formatting import format_value, html_table, kpi_label
from salesnb.text.i18n import tr
from salesnb.workbench.coaching import WHOLE_THRESHOLDS
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.page import block, heading, note


# ----------------------------------------------------------------------------------- coaching rules
def _threshold_text(name: str, value: float) -> str:
    return f"{value:g}" if name in WHOLE_THRESHOLDS else f"{value:.0%}"


def flagged_html(wb: Workbench, rule_id: str, threshold: float | None = None) -> str:
    """The reps a coaching rule flags at ``threshold`` and at the file's threshold."""
    rule = wb.rule(rule_id)
    spec = wb.rule_threshold(rule_id)
    value = spec.value if threshold is None else float(threshold)
    flagged = wb.flagged(rule_id, value)
    head = label(
        "rules.condition",
        rule=rule.id,
        condition=rule.when.describe(),
        module=rule.module,
        name=spec.name,
        default=_threshold_text(spec.name, spec.value),
        value=_threshold_text(spec.name, value),
    )
    count = label("rules.count", now=int(flagged["now"].sum()), before=int(flagged["before"].sum()))
    if flagged.empty:
        return block(note(head) + note(label("rules.none")))
    team_names = wb.teams.set_index("team_id")["name"]
    rows = []
    for r in flagged.itertuples(index=False):
        unit = CATALOG[r.metric].unit if r.metric in CATALOG else "count"
        flag = "flag.both" if r.now and r.before else "flag.new" if r.now else "flag.dropped"
        rows.append(
            {
                label("col.name"): r.name,
                label("col.team"): str(team_names.get(r.team_id, r.team_id)),
                label("col.level"): tr(f"level.{r.level}", wb.language),
                label("col.metric"): kpi_label(r.metric, wb.language) if r.metric in CATALOG else r.metric,
                label("col.value"): format_value(r.value, unit, wb.currency),
                label("col.benchmark"): format_value(r.benchmark, unit, wb.currency),
                label("col.gap"): format_value(r.gap, "ratio"),
                label("col.flag"): label(flag),
            }
        )
    table = pd.DataFrame(rows)
    return block(note(head) + note(count) + html_table(table, numeric=list(table.columns[4:7])))


def rules_summary_html(wb: Workbench) -> str:
    """Every coaching rule at the file's thresholds and the reps of the selection it flags."""
    summary = wb.rules_summary()
    if summary.empty:
        return block(note(label("rules.no_rules")))
    table = pd.DataFrame(
        {
            label("rules.rule"): summary["rule"],
            label("col.condition"): summary["condition"],
            label("col.module"): summary["module"],
            label("col.flagged"): summary["reps"].astype(str),
            label("col.reps"): summary["names"],
        }
    )
    return block(heading(label("rules.summary")) + html_table(table, numeric=[label("col.flagged")]))
