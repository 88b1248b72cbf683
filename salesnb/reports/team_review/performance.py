"""The team review's sections, each displayed by one call from ``notebooks/team_review.ipynb``."""

from __future__ import annotations

import html

import pandas as pd

from salesnb import charts
from salesnb.kpis.sets import TEAM_ACTIVITY, TEAM_REPS, TEAM_TREND
from salesnb.reports.display import section, show_figure, show_html, show_title
from salesnb.reports.goal_notes import audit_word, goal_notes_html, target_text
from salesnb.reports.missing import kpi_notes_html, missing_html, nothing_to_chart_html
from salesnb.reports.rep_review import rep_review_links
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import (
    format_change,
    format_value,
    html_table,
    kpi_label,
    unit_of,
    with_left_out,
    with_left_out_column,
)
from salesnb.text.i18n import tr, trf


def show_header(review: TeamReview) -> None:
    """Title and the facts a reader needs first: team, region, type, period, data date."""
    lang = review.language
    facts = [
        f"{tr('period', lang)}: {review.period.label}",
        f"{tr('region', lang)}: {review.region_name}",
        f"{tr('team_type', lang)}: {tr('type.' + review.team_type, lang)}",
        f"{tr('headcount_line', lang)}: {len(review.reps)}",
        f"{tr('currency', lang)}: {review.currency}",
    ]
    if review.as_of:
        facts.append(f"{tr('data_as_of', lang)}: {review.as_of}")
    title = f"{tr('team_review', lang)} · {review.team_name} · {review.period.label}"
    show_title(title, facts)
    if review.nothing_to_review:
        note = trf("nothing_to_review", lang, team=review.team_name, period=review.period.label)
        show_html(f'<p class="intro">{html.escape(note)}</p>')


def scorecard_frame(review: TeamReview) -> pd.DataFrame:
    """The scorecard as formatted text cells, in the report's language."""
    lang, cur = review.language, review.currency
    sc = review.scorecard.set_index("kpi")
    quota = (
        review.trend["quota"].get(review.period.label, float("nan")) if len(review.trend) else float("nan")
    )
    # no quota, no target: attainment is not measured against 100 % of nothing
    targets = {"revenue": quota, "quota_attainment": 1.0} if quota == quota else {}
    rows = []
    for kpi in review.kpi_order:
        row = sc.loc[kpi]
        unit = str(row["unit"])
        rows.append(
            {
                tr("kpi", lang): kpi_label(kpi, lang),
                tr("value", lang): with_left_out(
                    format_value(row["value"], unit, cur), kpi, row.get("left_out", 0.0), lang
                ),
                tr("target", lang): format_value(targets[kpi], unit, cur) if kpi in targets else "",
                tr("previous", lang): format_value(row["previous"], unit, cur),
                tr("change", lang): format_change(row["change"], row["change_pct"], unit, lang),
            }
        )
    return pd.DataFrame(rows)


def show_scorecard(review: TeamReview) -> None:
    lang = review.language
    frame = scorecard_frame(review)
    notes = kpi_notes_html(review.inputs, review.kpi_order, "team", lang)
    show_html(
        section("scorecard", lang, "scorecard_intro")
        + html_table(frame, numeric=list(frame.columns[1:]))
        + notes
    )


def goals_frame(review: TeamReview) -> pd.DataFrame:
    """The goals table as formatted text cells, in the report's language."""
    lang, cur = review.language, review.currency
    rows = []
    for g in review.goals.itertuples(index=False):
        rows.append(
            {
                tr("goal", lang): g.goal_id + (f" · {g.who}" if g.who else ""),
                tr("kpi", lang): kpi_label(g.kpi, lang) if g.unit else g.kpi,
                tr("goal_period", lang): g.period,
                tr("target", lang): target_text(g, cur),
                tr("actual", lang): format_value(g.actual, g.unit, cur),
                tr("projection", lang): format_value(g.projection, g.unit, cur),
                tr("days_elapsed", lang): f"{g.elapsed_days}/{g.total_days}" if g.total_days else "–",
                tr("status", lang): tr(f"status.{g.status}", lang),
                tr("goal_audit", lang): audit_word(g.audit, lang),
                tr("suggested_next", lang): format_value(g.suggested_next, g.unit, cur),
            }
        )
    return pd.DataFrame(rows)


def show_goals(review: TeamReview) -> None:
    lang = review.language
    show_html(section("goals", lang, "goals_intro"))
    if review.goals.empty:
        show_html(html.escape(tr("no_goals", lang)))
        return
    frame = goals_frame(review)
    notes = goal_notes_html(review.goals, lang, review.currency)
    show_html(html_table(frame, numeric=[*frame.columns[3:7], frame.columns[-1]]) + notes)


def show_trend(review: TeamReview) -> None:
    lang = review.language
    show_html(section("trend", lang))
    if review.trend.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    show_html(missing_html(review.inputs, "trend_quota", "team", lang))
    if charts.anything_to_draw(review.trend[["revenue", "quota"]]):
        show_figure(charts.plot_revenue_trend(review.trend, lang, review.currency))
    else:
        unknown = review.trend.get("won_deals_unknown_amount", pd.Series(dtype=float)).sum()
        show_html(nothing_to_chart_html(lang, unknown))
    table = pd.DataFrame({tr("period", lang): review.trend.index})
    for c in TEAM_TREND.columns:
        texts = [format_value(v, unit_of(c), review.currency) for v in review.trend[c]]
        table[kpi_label(c, lang)] = with_left_out_column(texts, review.trend, c, lang)
    show_html(html_table(table, numeric=list(table.columns[1:])))


def reps_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    out = pd.DataFrame(
        {
            tr("rep", lang): review.reps["name"],
            tr("level", lang): [tr(f"level.{v}", lang) for v in review.reps["level"]],
        }
    )
    for c in TEAM_REPS.for_team_type(review.team_type):
        texts = [format_value(v, unit_of(c), cur) for v in review.reps[c]]
        out[kpi_label(c, lang)] = with_left_out_column(texts, review.reps, c, lang)
    return out


def show_reps(review: TeamReview) -> None:
    lang = review.language
    show_html(section("reps", lang))
    if review.reps.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    frame = reps_frame(review)
    columns = TEAM_REPS.for_team_type(review.team_type)
    notes = kpi_notes_html(review.inputs, columns, "team", lang)
    show_html(html_table(frame, numeric=list(frame.columns[2:])) + notes + rep_links_html(review))
    if review.reps["quota_attainment"].notna().any():
        show_figure(charts.plot_rep_attainment(review.reps, lang))


def rep_links_html(review: TeamReview) -> str:
    """Links to each active rep's review when the same run renders them (``salesnb run --reps``), else
    the command that renders them: a link is never to a page that does not exist."""
    if not review.active_rep_ids:
        return ""
    if not review.rep_reviews:
        command = f"salesnb run --period {review.period.label} --team {review.team_id} --reps"
        return f"<p>{html.escape(trf('rep_reviews_how', review.language, command=command))}</p>"
    links = rep_review_links(review.team_id, review.period, review.active_rep_ids)
    names = dict(zip(review.reps["rep_id"], review.reps["name"], strict=True))
    items = " · ".join(
        f'<a href="{html.escape(href)}">{html.escape(str(names.get(rep, rep)))}</a>'
        for rep, href in links.items()
    )
    return f"<p>{html.escape(tr('rep_reviews', review.language))}: {items}</p>"


def show_funnel(review: TeamReview) -> None:
    lang = review.language
    missing = missing_html(review.inputs, "funnel", "team", lang)
    # the intro describes the chart ("counted at every stage they reached"): without one it would claim it
    show_html(section("funnel", lang, None if missing else "funnel_intro"))
    if missing:
        show_html(missing)
        return
    f = review.funnel
    if f["deals"].iloc[0] == 0:
        show_html(html.escape(tr("no_data", lang)))
        return
    show_figure(charts.plot_funnel(f, lang))
    table = pd.DataFrame(
        {
            tr("stage", lang): [tr(f"stage.{s}", lang) for s in f["stage"]],
            tr("deals", lang): f["deals"].map(lambda v: format_value(v, "count")),
            tr("step_conversion", lang): f["step_conversion"].map(lambda v: format_value(v, "ratio")),
            tr("from_start", lang): f["from_start"].map(lambda v: format_value(v, "ratio")),
        }
    )
    show_html(html_table(table, numeric=list(table.columns[1:])))


def show_activity(review: TeamReview) -> None:
    lang, cur = review.language, review.currency
    show_html(section("activity", lang))
    missing = missing_html(review.inputs, "activity", "team", lang)
    if missing:
        show_html(missing)
        return
    if review.reps.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    show_figure(charts.plot_activity(review.reps, lang))
    out = pd.DataFrame({tr("rep", lang): review.reps["name"]})
    for c in TEAM_ACTIVITY.columns:
        texts = [format_value(v, unit_of(c), cur) for v in review.reps[c]]
        out[kpi_label(c, lang)] = with_left_out_column(texts, review.reps, c, lang)
    show_html(html_table(out, numeric=list(out.columns[1:])))
