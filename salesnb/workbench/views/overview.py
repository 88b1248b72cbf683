"""The overview tab's panels: the KPI table, the trend chart, the comparison one level down with its chart,
and the funnel. Charts are the reports' own (:mod:`salesnb.charts`), as PNG. Where the selection lacks an
input a panel needs (quotas, activities, stage history), the panel says so in the reports' own sentence
(:mod:`salesnb.reports.missing`) and draws no chart of zeros."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from salesnb import charts
from salesnb.kpis import CATALOG
from salesnb.reports import display
from salesnb.reports.missing import kpi_notes_html, missing_html
from salesnb.text.formatting import format_change, format_value, html_table, kpi_label, with_left_out
from salesnb.text.i18n import tr
from salesnb.workbench.labels import label
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.page import block, heading, note

#: Resolution of the charts: a little under the reports' (110), as a screen needs and twice as fast to draw.
CHART_DPI = 90


def figure_png(fig: Figure) -> bytes:
    """A chart as PNG bytes (the figure lays itself out: constrained layout)."""
    return display.figure_png(fig, CHART_DPI)


def kpi_frame(wb: Workbench) -> pd.DataFrame:
    """The KPI table as formatted text cells."""
    rows = []
    for r in wb.kpis().itertuples(index=False):
        rows.append(
            {
                label("col.kpi"): kpi_label(r.kpi, wb.language),
                label("col.value"): with_left_out(
                    format_value(r.value, r.unit, wb.currency), r.kpi, getattr(r, "left_out", 0), wb.language
                ),
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
    notes = kpi_notes_html(wb.available(), wb.kpis()["kpi"], wb.selection.level, wb.language)
    return block(title + html_table(frame, numeric=list(frame.columns[1:])) + notes)


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
    notes = missing_html(wb.available(), "attainment", wb.selection.level, wb.language)
    return block(title + html_table(frame, numeric=list(frame.columns[first_number:])) + notes)


def comparison_png(wb: Workbench) -> bytes | None:
    comp = wb.comparison()
    if comp.empty or missing_html(wb.available(), "attainment", wb.selection.level, wb.language):
        return None  # an attainment chart without quotas would show every unit at 0 %
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
    absent = missing_html(wb.available(), "funnel", wb.selection.level, wb.language)
    if absent:  # without stage history every won deal would count at every stage
        return block(title + absent)
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
    if f["deals"].iloc[0] == 0 or missing_html(wb.available(), "funnel", wb.selection.level, wb.language):
        return None
    return figure_png(charts.plot_funnel(f, wb.language))
