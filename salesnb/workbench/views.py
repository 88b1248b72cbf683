"""The workbench's panels as HTML and PNG: each function reads a :class:`~salesnb.workbench.state.Workbench`
and returns a string or bytes, so the widgets, the static snapshot and the tests share one rendering.

Every table goes through :func:`~salesnb.text.formatting.html_table`, which escapes every cell and
header (names of reps, customers and deals come from CRMs), and every other string through
``html.escape``. Charts are the reports' own (:mod:`salesnb.charts`), as PNG.
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from salesnb import charts
from salesnb.goals.audit import NAMES, PROPERTIES, GoalAudit
from salesnb.kpis import CATALOG
from salesnb.reports import display
from salesnb.reports.display import STYLE
from salesnb.text.formatting import format_change, format_value, html_table, kpi_label
from salesnb.text.i18n import tr
from salesnb.workbench.labels import STATUS, label
from salesnb.workbench.state import RenderResult, Workbench

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


#: Resolution of the charts: a little under the reports' (110), as a screen needs and twice as fast to draw.
CHART_DPI = 90


def figure_png(fig: Figure) -> bytes:
    """A chart as PNG bytes (the figure lays itself out: constrained layout)."""
    return display.figure_png(fig, CHART_DPI)


def block(body: str) -> str:
    """``body`` in the reports' style scope."""
    return f'<div class="salesnb-report">{body}</div>'


def note(text: str, css: str = "wb-note") -> str:
    return f'<p class="{css}">{html.escape(text)}</p>'


def heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def error_html(exc: Exception) -> str:
    """An error the analyst caused (a bad tier, an out-of-range threshold), shown where the result goes."""
    return block(note(str(exc), "wb-error"))


def _money(wb: Workbench, value: object) -> str:
    return format_value(value, "currency", wb.currency)


def _status(code: str) -> str:
    return STATUS.get(code, code)


# ------------------------------------------------------------------------------------------- header
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


# ----------------------------------------------------------------------------------------- overview
def kpi_frame(wb: Workbench) -> pd.DataFrame:
    """The KPI table as formatted text cells."""
    rows = []
    for r in wb.kpis().itertuples(index=False):
        rows.append(
            {
                label("col.kpi"): kpi_label(r.kpi, wb.language),
                label("col.value"): format_value(r.value, r.unit, wb.currency),
                label("col.previous"): format_value(r.previous, r.unit, wb.currency),
                label("col.change"): format_change(r.change, r.change_pct, r.unit, wb.language),
            }
        )
    return pd.DataFrame(rows)


def kpi_html(wb: Workbench) -> str:
    frame = kpi_frame(wb)
    title = heading(f"{label('kpis')} · {wb.scope_name() or label('organisation')} · {wb.selection.period}")
    if frame.empty:
        return block(title + note(label("no_data")))
    return block(title + html_table(frame, numeric=list(frame.columns[1:])))


def trend_png(wb: Workbench) -> bytes | None:
    trend = wb.trend()
    if trend.empty:
        return None
    return figure_png(charts.plot_revenue_trend(trend, wb.language, wb.currency))


def comparison_frame(wb: Workbench) -> pd.DataFrame:
    comp = wb.comparison()
    out = pd.DataFrame({label("col.name"): comp["name"]})
    if "level" in comp:
        out[label("col.level")] = [tr(f"level.{v}", wb.language) for v in comp["level"]]
    for kpi in ["revenue", "quota", "quota_attainment", "win_rate", "new_customers", "avg_deal_size"]:
        unit = CATALOG[kpi].unit if kpi in CATALOG else "currency"
        out[kpi_label(kpi, wb.language)] = [format_value(v, unit, wb.currency) for v in comp[kpi]]
    return out


def comparison_html(wb: Workbench) -> str:
    frame = comparison_frame(wb)
    title = heading(label("comparison"))
    if frame.empty:
        return block(title + note(label("no_data")))
    first_number = 2 if label("col.level") in frame else 1
    return block(title + html_table(frame, numeric=list(frame.columns[first_number:])))


def comparison_png(wb: Workbench) -> bytes | None:
    comp = wb.comparison()
    if comp.empty:
        return None
    if wb.comparison_level() == "rep":
        return figure_png(charts.plot_rep_attainment(comp, wb.language))
    ranked = comp.sort_values("quota_attainment", ascending=False)
    if ranked["quota_attainment"].notna().sum() == 0:
        return None
    return figure_png(charts.plot_team_ranking(ranked, wb.language))


def funnel_html(wb: Workbench) -> str:
    f = wb.funnel()
    title = heading(label("funnel"))
    if f["deals"].iloc[0] == 0:
        return block(title + note(label("no_data")))
    table = pd.DataFrame(
        {
            label("col.stage"): [tr(f"stage.{s}", wb.language) for s in f["stage"]],
            label("col.deals"): f["deals"].map(lambda v: format_value(v, "count")),
            label("col.step"): f["step_conversion"].map(lambda v: format_value(v, "ratio")),
            label("col.from_start"): f["from_start"].map(lambda v: format_value(v, "ratio")),
        }
    )
    return block(title + html_table(table, numeric=list(table.columns[1:])))


def funnel_png(wb: Workbench) -> bytes | None:
    f = wb.funnel()
    if f["deals"].iloc[0] == 0:
        return None
    return figure_png(charts.plot_funnel(f, wb.language))


# ------------------------------------------------------------------------------------------ what-if
def whatif_html(wb: Workbench) -> str:
    """Attainment, pacing and payout per rep and for the team, before and under the what-ifs."""
    result = wb.what_if()
    if result is None:
        return block(note(label("whatif.need_team")))
    rows = [*result.reps.to_dict("records"), {**result.team.to_dict(), "name": label("whatif.team_row")}]
    table = pd.DataFrame(
        {
            label("col.name"): [r["name"] for r in rows],
            label("col.plan"): [r["plan_id"] for r in rows],
            label("col.revenue"): [_money(wb, r["revenue"]) for r in rows],
            label("col.quota"): [_money(wb, r["quota"]) for r in rows],
            label("col.quota_new"): [_money(wb, r["quota_new"]) for r in rows],
            label("col.attainment"): [format_value(r["attainment"], "ratio") for r in rows],
            label("col.attainment_new"): [format_value(r["attainment_new"], "ratio") for r in rows],
            label("col.pacing"): [_status(r["pacing"]) for r in rows],
            label("col.pacing_new"): [_status(r["pacing_new"]) for r in rows],
            label("col.projection"): [_money(wb, r["projection"]) for r in rows],
            label("col.payout"): [_money(wb, r["payout"]) for r in rows],
            label("col.payout_new"): [_money(wb, r["payout_new"]) for r in rows],
            label("col.payout_change"): [_signed_money(wb, r["payout_change"]) for r in rows],
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
    return block(note(active) + html_table(table, numeric=numeric) + note(pacing_note))


def _signed_money(wb: Workbench, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = _money(wb, value)
    return text if float(value) <= 0 else f"+{text}"  # type: ignore[arg-type]


def plan_html(wb: Workbench, plan_id: str) -> str:
    """A plan's tiers as in force for the what-if."""
    if not plan_id:
        return ""
    plan = wb.plan(plan_id)
    cap = f", cap {_money(wb, plan.cap)}" if plan.cap is not None else ""
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


# -------------------------------------------------------------------------------------------- goals
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


# ----------------------------------------------------------------------------------- coaching rules
def _threshold_text(name: str, value: float) -> str:
    return f"{value:g}" if name in ("ramp_months", "attrition_periods") else f"{value:.0%}"


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


# --------------------------------------------------------------------------------------- drill-down
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
            label("col.amount"): [_money(wb, v) for v in deals["amount"]],
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


def _stage(wb: Workbench, stage: object) -> str:
    key = f"stage.{stage}"
    try:
        return tr(key, wb.language)
    except KeyError:
        return str(stage)


def _day(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------- render
def render_intro_html(wb: Workbench) -> str:
    """What the render button will render (planning the job reads the warehouse, not papermill)."""
    s = wb.selection
    parts = [note(label("render.intro", root=str(wb.reports_dir)))]
    if not s.team:
        parts.append(note(label("render.need_team")))
        return block("".join(parts))
    job = wb.render_jobs()[0]
    team = str(wb.teams.set_index("team_id").loc[s.team, "name"])
    if getattr(job, "rep", ""):
        what = label("render.rep_review", rep=wb.rep_name(job.rep))
    else:
        what = label("render.team_review", team=team)
        if s.rep:
            parts.append(note(label("render.rep_note", rep=wb.rep_name(s.rep), team=team)))
    parts.append(note(label("render.will", what=what)))
    return block("".join(parts))


def render_result_html(result: RenderResult, base: Path | None = None) -> str:
    """A link to the rendered report (relative to ``base``, the notebook's folder, so JupyterLab opens it
    when the reports folder is under its root) and its absolute path."""
    entry = result.entry
    if entry.status != "ok" or result.html is None:
        return block(note(label("render.failed", error=entry.error or "?", log=str(result.log)), "wb-error"))
    base = base or Path.cwd()
    href = Path(os.path.relpath(result.html, base)).as_posix()
    link = f'<a href="{html.escape(href)}" target="_blank">{html.escape(str(result.html))}</a>'
    text = html.escape(label("render.ok", seconds=entry.seconds, link="\0")).replace("\0", link)
    return block(f'<p class="wb-note">{text}</p>')


# ------------------------------------------------------------------------------------ static output
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
