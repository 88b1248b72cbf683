"""The conversation with the rep: strengths and gaps, the coaching plan, last period's plan followed
through, the 1:1 agenda and the manager's notes."""

from __future__ import annotations

import html
import math

import pandas as pd

from salesnb.analysis.findings import SignalKind
from salesnb.coaching import Action
from salesnb.coaching.feedback import SYMPTOM_KPIS, symptoms
from salesnb.kpis import CATALOG
from salesnb.reports.display import paragraph, show_html
from salesnb.reports.rep_review.phrases import (
    BOTTOM,
    action_evidence,
    audit_text,
    bullets,
    goal_text,
    hours_text,
    kpi_sentence,
    module_text,
    percent,
    section,
    signal_sentence,
    value_text,
)
from salesnb.reviews.rep import MIN_DIFF, RepReview, strengths_and_gaps
from salesnb.text.formatting import format_change, html_table, kpi_label
from salesnb.text.i18n import tr, trf

#: Effort KPIs: not recognised in the 1:1 of a rep with a burnout or over-activity signal (the symptom).
EFFORT_KPIS = SYMPTOM_KPIS
#: How the manager's notes are set off from the report's own text (line breaks kept).
NOTE_STYLE = (
    "white-space: pre-wrap; border-left: 3px solid #2a6f97; background: #f5f7fa; padding: 0.6em 0.9em; "
    "font-family: inherit; margin: 0.5em 0 1em;"
)


def strength_sentences(review: RepReview) -> list[str]:
    return [kpi_sentence(review, r) for _, r in review.strengths.iterrows()]


def gap_sentences(review: RepReview) -> list[str]:
    """The gaps, highest impact first, each with its impact score."""
    return [
        trf("rep.gap_impact", review.language, sentence=kpi_sentence(review, r), score=f"{r['score']:.2f}")
        for _, r in review.gaps.iterrows()
    ]


def show_feedback(review: RepReview) -> None:
    lang, least = review.language, percent(MIN_DIFF)
    intro = f"{trf('rep.feedback_intro', lang, min=least)} {tr('rep.feedback_rules', lang)}"
    parts = [section(review, "rep.feedback", intro)]
    parts.append(f"<h3>{html.escape(tr('rep.strengths', lang))}</h3>")
    strengths = strength_sentences(review)
    parts.append(bullets(strengths) if strengths else paragraph(trf("rep.no_strengths", lang, min=least)))
    parts.append(f"<h3>{html.escape(tr('rep.gaps', lang))}</h3>")
    gaps = gap_sentences(review)
    parts.append(bullets(gaps) if gaps else paragraph(trf("rep.no_gaps", lang, min=least)))
    show_html("".join(parts))


def plan_frame(review: RepReview) -> pd.DataFrame:
    lang = review.language
    rows = []
    for i, a in enumerate(review.actions, start=1):
        rows.append(
            {
                tr("rep.col.number", lang): str(i),
                tr("rep.col.why", lang): action_evidence(review, a),
                tr("rep.col.module", lang): module_text(review, a),
                tr("rep.col.goal", lang): goal_text(review, a),
                tr("rep.col.support", lang): tr(f"rep.support.{a.rule.support}", lang),
                tr("rep.col.audit", lang): audit_text(review, a),
            }
        )
    return pd.DataFrame(rows)


def show_plan(review: RepReview) -> None:
    lang = review.language
    head = section(review, "rep.plan", trf("rep.plan_intro", lang, next=review.next_period.label))
    if not review.actions:
        show_html(head + paragraph(tr("rep.no_plan" if review.has_rules else "rep.no_rules", lang)))
        return
    show_html(head + html_table(plan_frame(review)))


#: The words of a followed-through goal's verdict (salesnb.reviews.rep.coaching_goals.VERDICTS).
RESULT_KEYS = {"met": "rep.result.met", "not_met": "rep.result.not_met", "no_data": "rep.result.no_data"}


def result_text(verdict: str, gap_closed: float, language: str) -> str:
    """A goal's result in words: met, partly (with the share of the gap closed), not met or no data.

    Examples
    --------
    >>> result_text("partly", 0.5, "en"), result_text("not_met", -0.2, "en")
    ('partly, 50% of the gap', 'not met')
    """
    if verdict == "partly":
        return trf("rep.result.partly", language, share=percent(gap_closed))
    return tr(RESULT_KEYS[verdict], language)


def follow_frame(review: RepReview) -> pd.DataFrame:
    lang = review.language
    prev, now = review.period.previous().label, review.period.label
    rows = []
    for f in review.follow_through.itertuples(index=False):
        rows.append(
            {
                tr("rep.col.module", lang): f.title,
                tr("kpi", lang): kpi_label(f.metric, lang),
                trf("rep.col.baseline", lang, period=prev): value_text(review, f.baseline, f.unit),
                tr("target", lang): value_text(review, f.target, f.unit),
                trf("rep.col.actual", lang, period=now): value_text(review, f.actual, f.unit),
                tr("rep.col.moved", lang): format_change(f.change, f.change_pct, f.unit, lang),
                tr("rep.col.result", lang): result_text(f.verdict, f.gap_closed, lang),
            }
        )
    return pd.DataFrame(rows)


def show_follow_through(review: RepReview) -> None:
    """Last period's plan against this period: the plan given (stored) when on record; otherwise say so,
    and show the plan today's rules re-derive only under that label."""
    lang = review.language
    prev, now = review.period.previous().label, review.period.label
    head = section(review, "rep.follow", trf("rep.follow_intro", lang, prev=prev, period=now))
    if not review.plan_on_record:
        if not review.previous_plan:
            show_html(head + paragraph(trf("rep.no_previous_employed", lang, prev=prev)))
            return
        head += paragraph(trf("rep.no_plan_on_record", lang, prev=prev))
        if review.follow_through.empty:
            show_html(head + paragraph(trf("rep.no_previous_actions", lang, prev=prev)))
            return
        head += paragraph(trf("rep.follow_rederived", lang, prev=prev))
    elif review.follow_through.empty:
        show_html(head + paragraph(trf("rep.plan_given_none", lang, prev=prev)))
        return
    frame = follow_frame(review)
    f = review.follow_through
    met, partly = int(f["verdict"].eq("met").sum()), int(f["verdict"].eq("partly").sum())
    improved = int(f["improved"].eq(True).sum())
    summary = trf("rep.follow_summary", lang, met=met, partly=partly, improved=improved, n=len(f))
    show_html(head + html_table(frame, numeric=list(frame.columns[2:6])) + paragraph(summary))


def recognition(review: RepReview) -> list[str]:
    """What went well, with numbers: strengths, goals met or on track, KPIs up on the previous period."""
    lang = review.language
    # with burnout or over-activity more effort is the symptom, not a success
    effort = symptoms(s.kind for s in review.signals)
    strengths = review.strengths[~review.strengths["kpi"].isin(effort)]
    items = [kpi_sentence(review, r) for _, r in strengths.iterrows()]
    card = review.scorecard
    # a target met (attainment stands for revenue against quota); a goal's own sentence follows below
    said = set(strengths["kpi"]) | effort | {"revenue"} | set(review.goals.get("kpi", []))
    for r in card[(card["status"] == "met") & ~card["kpi"].isin(said)].itertuples():
        value, target = value_text(review, r.value, r.unit), value_text(review, r.target, r.unit)
        items.append(trf("rep.target_met", lang, kpi=kpi_label(r.kpi, lang), value=value, target=target))
    for g in review.goals.itertuples(index=False):
        if getattr(g, "audit", "") == "sandbagged":  # the goals table calls it too easy: no success to praise
            continue
        if g.status == "met":
            items.append(
                trf(
                    "rep.goal_met",
                    lang,
                    goal=g.goal_id,
                    kpi=kpi_label(g.kpi, lang),
                    actual=value_text(review, g.actual, g.unit),
                    target=value_text(review, g.target, g.unit),
                )
            )
        elif g.status == "on_track":
            items.append(
                trf(
                    "rep.goal_on_track",
                    lang,
                    goal=g.goal_id,
                    kpi=kpi_label(g.kpi, lang),
                    actual=value_text(review, g.actual, g.unit),
                    projection=value_text(review, g.projection, g.unit),
                    target=value_text(review, g.target, g.unit),
                )
            )
    strong = set(review.strengths["kpi"]) if len(review.strengths) else set()
    for r in review.improvements.itertuples(index=False):
        if r.kpi in strong or r.kpi in effort:
            continue
        key = "rep.improved_up" if r.change > 0 else "rep.improved_down"
        items.append(
            trf(
                key,
                lang,
                kpi=kpi_label(r.kpi, lang),
                previous=value_text(review, r.previous, r.unit),
                value=value_text(review, r.value, r.unit),
                change=format_change(r.change, r.change_pct, r.unit, lang),
            )
        )
    if not items:
        card = worth_recognising(review.scorecard)
        best, _ = strengths_and_gaps(card, min_diff=-math.inf, top=1, symptoms=effort)
        if len(best):
            items.append(trf("rep.best_result", lang, sentence=kpi_sentence(review, best.iloc[0])))
        else:
            items.append(tr("rep.nothing_to_recognise", lang))
    return items


def worth_recognising(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The scorecard rows a best result may come from: a value that is something (not 0, not unknown)
    and not among the bottom of the peers; a rep without deals has no best result, only "nothing yet".

    >>> card = pd.DataFrame({"kpi": ["revenue", "win_rate", "new_customers"], "value": [0.0, 0.4, 2.0],
    ...                      "peer_percentile": [0.5, 0.1, float("nan")]})
    >>> worth_recognising(card)["kpi"].tolist()
    ['new_customers']
    """
    value = scorecard["value"].astype(float)
    rank = scorecard["peer_percentile"].astype(float)
    something = value.notna() & (value != 0)
    return scorecard[something & ~(rank <= BOTTOM)]


def gap_items(review: RepReview) -> list[str]:
    """The gaps with their evidence: KPI gaps, the patterns found, and the rule-based gaps behind the plan."""
    items = gap_sentences(review)
    covered = set(review.gaps["kpi"]) if len(review.gaps) else set()
    for s in review.signals:
        if s.kind not in (SignalKind.RAMPING, SignalKind.DEPARTED):
            items.append(signal_sentence(review, s))
    for a in review.actions:  # a rule on the right side of its benchmark (a stretch) is no gap
        if a.kind == "fix" and not a.rule.when.signal and a.metric not in covered and not ahead(a):
            items.append(action_evidence(review, a))
    return list(dict.fromkeys(items))


def ahead(action: Action) -> bool:
    """Whether an action's evidence is the rep doing better than the benchmark (a stretch rule)."""
    cond = action.rule.when
    if not cond.metric:
        return False
    return cond.direction != ("below" if CATALOG[cond.metric].higher_is_better else "above")


def show_agenda(review: RepReview) -> None:
    lang = review.language
    parts = [section(review, "rep.agenda", tr("rep.agenda_intro", lang))]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.recognition', lang))}</h3>" + bullets(recognition(review)))
    gaps = gap_items(review) or [trf("rep.agenda.no_gaps", lang, min=percent(MIN_DIFF))]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.gaps', lang))}</h3>" + bullets(gaps))
    plan = [
        trf(
            "rep.agenda.action",
            lang,
            module=a.module.title_in(lang),
            format=tr(f"rep.format.{a.module.format}", lang),
            hours=hours_text(review, a.module.hours),
            goal=goal_text(review, a, a.agreed),
        )
        for a in review.actions
    ] or [tr("rep.agenda.no_plan", lang)]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.plan', lang))}</h3>" + bullets(plan))
    support = [
        tr(f"rep.support.{code}", lang) for code in dict.fromkeys(a.rule.support for a in review.actions)
    ]
    parts.append(
        f"<h3>{html.escape(tr('rep.agenda.support', lang))}</h3>"
        + bullets(support or [tr("rep.agenda.no_support", lang)])
    )
    burnout = [s for s in review.signals if s.kind == SignalKind.BURNOUT]
    if burnout:
        prompts = [signal_sentence(review, burnout[0])]
        prompts += [tr(f"rep.prompt.{k}", lang) for k in ("sustainable", "after_hours", "offload", "support")]
        parts.append(f"<h3>{html.escape(tr('rep.agenda.wellbeing', lang))}</h3>" + bullets(prompts))
    show_html("".join(parts))


def notes_html(notes: str | None, path: str, language: str) -> str:
    """The manager-notes section: the file's text verbatim, escaped, line breaks kept (``pre-wrap``).

    The notes are not rendered as Markdown: a Markdown renderer passes raw HTML through unless told not
    to and turns ``[x](javascript:…)`` into links; shown as written, Markdown stays readable
    (``- item``, ``**bold**``) and nothing in the file can become markup.
    """
    head = f"<h2>{html.escape(tr('rep.notes', language))}</h2>"
    if notes is None:
        return head + paragraph(trf("rep.no_notes", language, path=path))
    intro = f'<p class="intro">{html.escape(trf("rep.notes_intro", language, path=path))}</p>'
    return f'{head}{intro}<div class="manager-notes" style="{NOTE_STYLE}">{html.escape(notes)}</div>'


def show_notes(review: RepReview) -> None:
    """The manager's notes, verbatim: escaped, line breaks kept, never interpreted as HTML or Markdown."""
    show_html(notes_html(review.notes, review.notes_path, review.language))
