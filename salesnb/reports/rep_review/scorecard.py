"""The rep's numbers: the header, the scorecard against target, team and peers (with the position chart),
the goals, the trend and the workload against the team median."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS
from salesnb.analysis.inputs import Input
from salesnb.charts.base import anything_to_draw
from salesnb.charts.rep import plot_rep_position, plot_rep_trend
from salesnb.kpis.sets import REP_TREND
from salesnb.reports.display import paragraph, show_figure, show_html, show_title
from salesnb.reports.goal_notes import audit_word, goal_notes_html, target_text
from salesnb.reports.missing import kpi_notes_html, missing_html, nothing_to_chart_html
from salesnb.reports.rep_review.phrases import median_text, peer_group, percent, section, value_text
from salesnb.reviews.rep import NOT_COMPARED, RepReview, relative_diff
from salesnb.text.formatting import (
    format_change,
    html_table,
    kpi_label,
    unit_of,
    with_left_out,
    with_left_out_column,
)
from salesnb.text.i18n import tr, trf


def show_header(review: RepReview) -> None:
    """Title and the facts a reader needs first: rep, team, level, tenure, manager, period, data date."""
    lang = review.language
    facts = [
        f"{tr('period', lang)}: {review.period.label}",
        f"{tr('team', lang)}: {review.team_name}",
        f"{tr('region', lang)}: {review.region_name}",
        f"{tr('team_type', lang)}: {tr('type.' + review.team_type, lang)}",
        f"{tr('level', lang)}: {tr('level.' + review.level, lang)}",
    ]
    if review.hire_date:
        tenure = trf("rep.tenure_value", lang, months=f"{review.tenure_months:.0f}")
        facts.append(f"{tr('rep.hired', lang)}: {review.hire_date} ({tenure})")
    if review.manager_name:
        facts.append(f"{tr('manager', lang)}: {review.manager_name}")
    facts.append(f"{tr('currency', lang)}: {review.currency}")
    if review.as_of:
        facts.append(f"{tr('data_as_of', lang)}: {review.as_of}")
    show_title(f"{tr('rep.title', lang)} · {review.rep_name} · {review.period.label}", facts)


def scorecard_frame(review: RepReview) -> pd.DataFrame:
    """The scorecard as formatted text cells, in the report's language."""
    lang = review.language
    rows = []
    for r in review.scorecard.itertuples(index=False):
        rank = (
            trf("rep.rank_cell", lang, pct=percent(r.peer_percentile), n=r.peers)
            if r.peers and np.isfinite(r.peer_percentile)
            else "–"
        )
        rows.append(
            {
                tr("kpi", lang): kpi_label(r.kpi, lang),
                tr("value", lang): with_sample(
                    review, with_left_out(value_text(review, r.value, r.unit), r.kpi, r.left_out, lang), r
                ),
                tr("target", lang): value_text(review, r.target, r.unit) if np.isfinite(r.target) else "",
                tr("status", lang): tr(f"status.{r.status}", lang) if r.status else "",
                tr("previous", lang): value_text(review, r.previous, r.unit),
                tr("change", lang): format_change(r.change, r.change_pct, r.unit, lang),
                tr("rep.col.team_median", lang): median_text(review, r.team_median, r.unit),
                tr("rep.col.peer_median", lang): median_text(review, r.peer_median, r.unit),
                tr("rep.col.peer_rank", lang): rank,
            }
        )
    return pd.DataFrame(rows)


def with_sample(review: RepReview, text: str, row) -> str:
    """A rate's value with the records behind it (n), and when they are too few to rank, that said; a rate
    pooled over more periods says over how many."""
    n, least = float(getattr(row, "n", np.nan)), float(getattr(row, "min_n", np.nan))
    if not np.isfinite(n) or not np.isfinite(row.value):
        return text
    periods = int(getattr(row, "periods", 1))
    key = "rep.n_small" if np.isfinite(least) and n < least else "rep.n_pooled" if periods > 1 else "rep.n"
    return trf(key, review.language, value=text, n=f"{n:,.0f}", min=f"{least:,.0f}", periods=periods)


def position_frame(review: RepReview) -> pd.DataFrame:
    """Per KPI the relative difference to the team and peer medians (positive: better), for the chart."""
    rows = []
    for r in review.scorecard.itertuples(index=False):
        if r.kpi in NOT_COMPARED:
            continue
        team = relative_diff(r.value, r.team_median, bool(r.higher_is_better))
        peer = relative_diff(r.value, r.peer_median, bool(r.higher_is_better))
        if np.isfinite(team) or np.isfinite(peer):
            rows.append(
                {
                    "kpi": r.kpi,
                    "label": kpi_label(r.kpi, review.language),
                    "diff_team": team,
                    "diff_peer": peer,
                }
            )
    return pd.DataFrame(rows, columns=["kpi", "label", "diff_team", "diff_peer"])


def benchmark_notes(review: RepReview) -> list[str]:
    """Why a benchmark over other people is missing from the scorecard, one sentence per reason: the
    team's or the peers' group (or one KPI's values) holds fewer than ``min_group`` people besides the
    rep, or a pattern's team median would; empty when nothing is left out."""
    lang, least = review.language, review.min_group
    notes = []
    if review.team_size < least:
        notes.append(trf("rep.hidden.team", lang, n=review.team_size, min=least))
    if review.peer_group < least:
        notes.append(trf("rep.hidden.peer", lang, n=review.peer_group, group=peer_group(review), min=least))
    card = review.scorecard[~review.scorecard["kpi"].isin(NOT_COMPARED)]
    some = (review.team_size >= least and (card["team_n"] < least).any()) or (
        review.peer_group >= least and (card["peers"] < least).any()
    )
    if some:
        notes.append(trf("rep.hidden.some", lang, min=least))
    if review.hidden_signals:
        notes.append(trf("rep.hidden.signals", lang, n=review.hidden_signals, min=least))
    return notes


def show_scorecard(review: RepReview) -> None:
    lang = review.language
    intro = trf("rep.scorecard_intro", lang, team_n=review.team_size, ramp=RAMP_MONTHS)
    frame = scorecard_frame(review)
    notes = "".join(f'<p class="note">{html.escape(t)}</p>' for t in benchmark_notes(review))
    head = section(review, "rep.scorecard", intro) + notes
    unknown = kpi_notes_html(review.inputs, review.kpi_order, "rep", lang)
    show_html(head + html_table(frame, numeric=list(frame.columns[1:])) + unknown)
    position = position_frame(review)
    if len(position):
        show_figure(plot_rep_position(position, lang))


def goals_frame(review: RepReview) -> pd.DataFrame:
    lang = review.language
    rows = []
    for g in review.goals.itertuples(index=False):
        rows.append(
            {
                tr("goal", lang): g.goal_id,
                tr("kpi", lang): kpi_label(g.kpi, lang) if g.unit else g.kpi,
                tr("goal_period", lang): g.period,
                tr("target", lang): target_text(g, review.currency),
                tr("actual", lang): value_text(review, g.actual, g.unit),
                tr("projection", lang): value_text(review, g.projection, g.unit),
                tr("days_elapsed", lang): f"{g.elapsed_days}/{g.total_days}" if g.total_days else "–",
                tr("status", lang): tr(f"status.{g.status}", lang),
                tr("goal_audit", lang): audit_word(g.audit, lang),
                tr("suggested_next", lang): value_text(review, g.suggested_next, g.unit),
            }
        )
    return pd.DataFrame(rows)


def show_goals(review: RepReview) -> None:
    lang = review.language
    head = section(review, "goals", tr("rep.goals_intro", lang))
    if review.goals.empty:
        show_html(head + paragraph(tr("rep.no_goals", lang)))
        return
    frame = goals_frame(review)
    notes = goal_notes_html(review.goals, lang, review.currency)
    show_html(head + html_table(frame, numeric=[*frame.columns[3:7], frame.columns[-1]]) + notes)


def show_trend(review: RepReview) -> None:
    lang = review.language
    head = section(review, "trend", tr("rep.trend_intro", lang))
    if review.trend.empty:
        show_html(head + paragraph(tr("no_data", lang)))
        return
    show_html(head + missing_html(review.inputs, "trend_quota", "rep", lang))
    if anything_to_draw(review.trend[["revenue", "quota"]]):
        show_figure(plot_rep_trend(review.trend, lang, review.currency))
    else:
        unknown = review.trend.get("won_deals_unknown_amount", pd.Series(dtype=float)).sum()
        show_html(nothing_to_chart_html(lang, unknown))
    table = pd.DataFrame({tr("period", lang): review.trend.index})
    for c in REP_TREND.for_team_type(review.team_type):
        texts = [value_text(review, v, unit_of(c)) for v in review.trend[c]]
        table[kpi_label(c, lang)] = with_left_out_column(texts, review.trend, c, lang)
    show_html(html_table(table, numeric=list(table.columns[1:])))


def show_workload(review: RepReview) -> None:
    lang = review.language
    units = {
        "activities_per_day": "per_day",
        "hours": "hours",
        "after_hours_share": "ratio",
        "weekend_share": "ratio",
        "open_deals": "count",
        "open_amount": "currency",
    }
    w = review.workload
    activities = review.inputs.has(Input.ACTIVITIES)
    if not activities:  # counted from activities: unknown without them, not 0
        counted = w["metric"].isin(["activities_per_day", "hours", "after_hours_share", "weekend_share"])
        w = w.assign(value=w["value"].mask(counted), team_median=w["team_median"].mask(counted))
    frame = pd.DataFrame(
        {
            tr("rep.col.measure", lang): [tr(f"rep.wl.{m}", lang) for m in w["metric"]],
            tr("value", lang): [
                value_text(review, v, units[m]) for m, v in zip(w["metric"], w["value"], strict=True)
            ],
            tr("rep.col.team_median", lang): [
                median_text(review, v, units[m]) for m, v in zip(w["metric"], w["team_median"], strict=True)
            ],
        }
    )
    head = section(review, "rep.workload", tr("rep.workload_intro", lang))
    head += missing_html(review.inputs, "workload", "rep", lang)
    if review.workload_group < review.min_group:
        head += paragraph(trf("rep.hidden.workload", lang, n=review.workload_group, min=review.min_group))
    show_html(head + html_table(frame, numeric=list(frame.columns[1:])))
