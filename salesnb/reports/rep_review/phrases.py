"""The rep review's sentences: numbers as the reader sees them, the rank among peers, a KPI against its
benchmarks, a signal (:func:`salesnb.reports.findings.describe`), why an action is in the plan and its
goal; and the HTML blocks the sections are made of.

Every sentence is built from an i18n template filled with formatted numbers, and every string that
reaches the HTML is escaped (:func:`html.escape` or :func:`salesnb.text.formatting.html_table`)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS
from salesnb.analysis.findings import Signal
from salesnb.coaching import Action
from salesnb.coaching.targets import period_months
from salesnb.goals.model import Goal
from salesnb.kpis import CATALOG
from salesnb.periods import Period
from salesnb.reports.display import anchor
from salesnb.reports.findings import describe
from salesnb.reviews.rep import RepReview
from salesnb.text.formatting import format_value, kpi_label
from salesnb.text.i18n import tr, trf

#: Peer percentiles at or below / at or above these are stated as bottom / top 20 %.
BOTTOM, TOP = 0.2, 0.8


def value_text(review: RepReview, value: object, unit: str) -> str:
    return format_value(value, unit, review.currency)


def median_text(review: RepReview, value: object, unit: str) -> str:
    """A median: as its KPI, except that a median of counts may fall between two (2.5 new customers)."""
    if unit == "count" and value is not None and np.isfinite(value) and not float(value).is_integer():
        return f"{float(value):,.1f}"
    return value_text(review, value, unit)


def percent(value: float) -> str:
    return f"{value:.0%}"


def peer_group(review: RepReview) -> str:
    level = tr(f"level.{review.level}", review.language).lower()
    team_type = tr(f"type.{review.team_type}", review.language).lower()
    return trf("rep.peer_group", review.language, level=level, type=team_type)


def rank_phrase(review: RepReview, percentile: float, peers: int) -> str:
    """Where the rep stands among peers, or ``""`` when there are too few peers to say (fewer than the
    review's ``min_group``: the rank is a benchmark over other people)."""
    if peers < review.min_group or percentile is None or not np.isfinite(percentile):
        return ""
    lang, group = review.language, peer_group(review)
    if percentile <= BOTTOM:
        return trf("rep.rank.bottom", lang, n=peers, group=group)
    if percentile >= TOP:
        return trf("rep.rank.top", lang, n=peers, group=group)
    return trf("rep.rank.mid", lang, pct=percent(percentile), n=peers, group=group)


def sentence(review: RepReview, evidence: str, rank: str = "") -> str:
    if rank:
        return trf("rep.sentence", review.language, evidence=evidence, rank=rank)
    return trf("rep.sentence_plain", review.language, evidence=evidence)


def kpi_sentence(review: RepReview, row: pd.Series) -> str:
    """One feedback sentence: the KPI, its value, the team and peer medians, the rank among peers."""
    kpi, unit = str(row["kpi"]), str(row["unit"])
    team, peer = float(row["team_median"]), float(row["peer_median"])
    values = {
        "kpi": kpi_label(kpi, review.language),
        "value": value_text(review, row["value"], unit),
        "team": median_text(review, team, unit),
        "peer": median_text(review, peer, unit),
    }
    key = (
        "rep.s.both"
        if np.isfinite(team) and np.isfinite(peer)
        else "rep.s.team"
        if np.isfinite(team)
        else "rep.s.peer"
    )
    rank = rank_phrase(review, float(row["peer_percentile"]), int(row["peers"] or 0))
    return sentence(review, trf(key, review.language, **values), rank)


def signal_sentence(review: RepReview, signal: Signal) -> str:
    """The evidence of a signal of :func:`salesnb.analysis.signals.rep_signals`, as one sentence
    (:func:`salesnb.reports.findings.describe`)."""
    return sentence(review, describe(signal, review.language, review.currency))


def action_evidence(review: RepReview, action: Action) -> str:
    """Why an action is in the plan: the signal's numbers, or the KPI against its benchmark."""
    lang = review.language
    if action.rule.when.signal:
        # the signal the rule fired on: one of the rep's, one of each kind at most
        fired = next(s for s in review.signals if s.kind == action.rule.when.signal)
        text = signal_sentence(review, fired)
    else:
        unit = CATALOG[action.metric].unit
        bad = "below" if CATALOG[action.metric].higher_is_better else "above"
        key = "rep.gap.worse" if action.rule.when.direction == bad else "rep.gap.ahead"
        evidence = trf(
            key,
            lang,
            kpi=kpi_label(action.metric, lang),
            value=value_text(review, action.value, unit),
            bench=median_text(review, action.benchmark, unit),
            kind=tr(f"rep.bench.{action.benchmark_kind}", lang),
            gap=percent(abs(action.gap)) if np.isfinite(action.gap) else "–",
        )
        row = review.scorecard.set_index("kpi")
        rank = ""
        if action.metric in row.index:
            rank = rank_phrase(review, action.peer_percentile, int(row.loc[action.metric, "peers"]))
        text = sentence(review, evidence, rank)
    return trf("rep.develop", lang, evidence=text) if action.kind == "develop" else text


def goal_text(review: RepReview, action: Action, goal: Goal | None = None) -> str:
    """A SMART goal of an action (``goal``, by default the action's own): metric, target, period and
    deadline, from the baseline; and what it asks: the share of the gap it closes, the rule's trigger,
    the ramp, or a stretch."""
    g = goal or action.goal
    if g is None or g.metric not in CATALOG or g.target is None:
        return "–"
    spec, lang = CATALOG[g.metric], review.language
    period = Period.parse(str(g.period))
    text = trf(
        "rep.goal.higher" if spec.higher_is_better else "rep.goal.lower",
        lang,
        kpi=kpi_label(g.metric, lang),
        target=value_text(review, g.target, spec.unit),
        period=period.label,
        baseline=value_text(review, action.goal_baseline, spec.unit),
        deadline=period.last_day.isoformat(),
    )
    base, bench = action.goal_baseline, action.goal_benchmark
    share = action.alternative_share if g is action.alternative else action.goal_share
    if action.goal_kind in ("stretch", "no_benchmark") and np.isfinite(base):
        change = change_text(review, g.metric, base, float(g.target))
        return trf(f"rep.goal.{action.goal_kind}", lang, goal=text, change=change)
    if not np.isfinite(bench) or not np.isfinite(share):
        return text
    kind = action.goal_benchmark_kind
    values = {"goal": text, "share": percent(share), "bench": median_text(review, bench, spec.unit)}
    if kind == "ramp":
        month = f"{review.tenure_months + period_months(period):.0f}"  # tenure at the goal period's end
        return trf("rep.goal.ramp", lang, month=month, ramp=RAMP_MONTHS, **values)
    key = "rep.goal.trigger" if action.goal_kind == "trigger" and g is action.goal else "rep.goal.closes"
    return trf(key, lang, kind=tr(f"rep.bench.{kind or 'target'}", lang), **values)


def change_text(review: RepReview, kpi: str, baseline: float, target: float) -> str:
    """How much better ``target`` is than ``baseline``: in percentage points for a share, in points for a
    score (NPS), else relative to the baseline (the difference itself from a baseline of 0)."""
    spec, lang = CATALOG[kpi], review.language
    step = abs(target - baseline)
    if spec.share:
        return trf("rep.change.pp", lang, n=f"{100 * step:.1f}")
    if spec.unit == "score":
        return trf("rep.change.points", lang, n=f"{step:g}")
    return percent(step / abs(baseline)) if baseline else value_text(review, step, spec.unit)


def audit_text(review: RepReview, action: Action) -> str:
    """The SMART audit's verdict on an action's goal; when it fails, why, and a passing alternative."""
    lang = review.language
    if action.goal is None or action.audit_ok:
        return tr("rep.audit.ok", lang) if action.goal is not None else "–"
    spec = CATALOG[action.goal.metric or ""]
    reasons = []
    for prop in action.audit_failed:
        base, target = action.goal_baseline, float(action.goal.target or math.nan)
        if prop == "A" and np.isfinite(base) and base > 0 and target > 0:
            needed = target / base - 1 if spec.higher_is_better else base / target - 1
            reasons.append(
                trf(
                    "rep.audit.why.A",
                    lang,
                    needed=f"{needed:+.0%}",
                    suggested=value_text(review, action.audit_suggested, spec.unit),
                )
            )
        else:
            reasons.append(tr(f"rep.audit.why.{prop}", lang))
    text = trf("rep.audit.fail_why", lang, why="; ".join(reasons) or tr("rep.audit.fail", lang))
    if action.alternative is not None:
        return trf(
            "rep.audit.alternative", lang, verdict=text, goal=goal_text(review, action, action.alternative)
        )
    return trf("rep.audit.no_alternative", lang, verdict=text)


def module_text(review: RepReview, action: Action) -> str:
    lang, m = review.language, action.module
    details = " · ".join(
        [
            tr(f"rep.skill.{m.skill_area}", lang),
            tr(f"rep.format.{m.format}", lang),
            hours_text(review, m.hours),
        ]
    )
    return f"{m.title_in(lang)} ({details})"


def hours_text(review: RepReview, hours: float) -> str:
    return trf("rep.hours_value", review.language, hours=f"{hours:g}")


def section(review: RepReview, key: str, intro: str = "") -> str:
    body = f'<p class="intro">{html.escape(intro)}</p>' if intro else ""
    return f'<h2 id="{anchor(key)}">{html.escape(tr(key, review.language))}</h2>{body}'


def bullets(texts: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in texts) + "</ul>"
