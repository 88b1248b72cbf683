"""The rep review's headline: the rep's signals, goals not on course and the top coaching gap, ranked
(:func:`salesnb.analysis.headline.rank_findings`), then the rep's KPI tiles against target or the team
median. Everything comes from the review as loaded; nothing is recomputed."""

from __future__ import annotations

import math

from salesnb.analysis.findings import Severity, SignalKind
from salesnb.analysis.headline import Candidate, HeadlineKind, rank_findings
from salesnb.coaching.feedback import confirmed_kpis, symptoms
from salesnb.reports.display import show_html
from salesnb.reports.findings import describe
from salesnb.reports.headline import (
    TREND_POINTS,
    Tile,
    findings_html,
    goal_candidate,
    headline_html,
    status_against,
)
from salesnb.reports.missing import missing_sentence
from salesnb.reports.rep_review.phrases import kpi_sentence
from salesnb.reviews.rep import RepReview
from salesnb.text.formatting import format_value
from salesnb.text.i18n import tr, trf

#: Signals that describe the rep's situation rather than a problem: not findings (``docs/findings.md``).
CONTEXT_SIGNALS = {SignalKind.RAMPING, SignalKind.DEPARTED}
#: The section of the rep review that shows each signal (the coaching plan unless another does).
SIGNAL_SECTIONS = {
    SignalKind.BURNOUT: "rep.workload",
    SignalKind.ACTIVITY_DROP: "rep.workload",
    SignalKind.BELOW_TARGET: "rep.scorecard",
}
#: The rep tiles, in order, when the rep's scorecard has them.
REP_TILES = ("revenue", "quota_attainment", "win_rate", "calls_per_working_day", "contact_rate", "csat")


def rep_findings(review: RepReview) -> list[Candidate]:
    """The rep review's findings, ranked, at most five: each signal (less the context ones), the goals
    not on course, and the top coaching gap unless a signal already rests on its KPI."""
    lang = review.language
    out = []
    for s in review.signals:
        if s.kind in CONTEXT_SIGNALS:
            continue
        text = trf(
            "headline.about",
            lang,
            who=tr(f"headline.signal.{s.kind}", lang),
            text=describe(s, lang, review.currency),
        )
        out.append(
            Candidate(
                HeadlineKind(s.kind.value),
                s.severity,
                abs(s.value),
                SIGNAL_SECTIONS.get(s.kind, "rep.plan"),
                text,
            )
        )
    out += goal_candidate(review.goals, lang, review.currency)
    covered = {s.metric for s in review.signals} | confirmed_kpis(review.signals)
    if len(review.gaps):
        top = review.gaps.iloc[0]
        if str(top["kpi"]) not in covered:
            text = trf("headline.gap", lang, sentence=kpi_sentence(review, top))
            out.append(
                Candidate("coaching_gap", Severity.LOW, float(top.get("score", 0.0)), "rep.feedback", text)
            )
    return rank_findings(out)


def rep_tiles(review: RepReview) -> list[Tile]:
    """The rep's main KPIs: value, status against target (else the team median), the last periods."""
    sc = review.scorecard.set_index("kpi")
    effort = symptoms(s.kind for s in review.signals)
    tiles = []
    for kpi in [k for k in REP_TILES if k in sc.index]:
        row = sc.loc[kpi]
        unit, value = str(row["unit"]), float(row["value"])
        target, median = float(row["target"]), float(row["team_median"])
        status = status_against(value, target, bool(row["higher_is_better"]), median)
        n, least = float(row.get("n", math.nan)), float(row.get("min_n", math.nan))
        # below the rate's minimum sample (docs/coaching.md): not judged either way
        if n < least and status != "no_data":
            status, target = "too_few", math.nan
        if status == "above_median" and kpi in effort:  # more effort than the team is the signal's symptom
            status = "symptom"
        against = ""
        if status in ("on_target", "below_target"):
            against = trf(
                "headline.target", review.language, value=format_value(target, unit, review.currency)
            )
        elif status == "too_few":
            against = trf("headline.sample", review.language, n=f"{n:,.0f}", min=f"{least:,.0f}")
        elif status not in ("no_target", "no_data"):  # against the median, a symptom too
            against = trf(
                "headline.median", review.language, value=format_value(median, unit, review.currency)
            )
        series = review.trend[kpi].tail(TREND_POINTS) if kpi in review.trend else None
        periods = [str(p) for p in series.index] if series is not None else []
        values = [float(v) for v in series] if series is not None else []
        tiles.append(Tile(kpi, unit, value, status, against, periods, values))
    return tiles


def show_headline(review: RepReview) -> None:
    """The headline block: the findings (or that nothing needs action) and the KPI tiles."""
    lang = review.language
    nothing = trf("headline.healthy_rep", lang, period=review.period.label)
    missing = missing_sentence(review.inputs, "headline", "rep", lang)
    html = findings_html(rep_findings(review), lang, nothing, missing)
    show_html(headline_html(html, rep_tiles(review), lang, review.currency))
