"""The rep review's sections, each displayed by one call from ``notebooks/rep_review.ipynb``.

Every sentence is built from an i18n template filled with formatted numbers, and every string that
reaches the HTML is escaped (:func:`html.escape` or :func:`salesnb.text.formatting.html_table`).
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from salesnb.analysis.common import RAMP_MONTHS
from salesnb.analysis.workload import BURNOUT_PERIODS
from salesnb.charts.rep import plot_rep_position, plot_rep_trend
from salesnb.coaching import Action
from salesnb.incentives import Line, Statement
from salesnb.kpis import CATALOG
from salesnb.kpis.sets import REP_TREND
from salesnb.periods import Period
from salesnb.reports.display import show_figure, show_html, show_title
from salesnb.reports.kinds import REP_REVIEW, TEAM_REVIEW, Scope
from salesnb.reviews.rep import (
    MIN_DIFF,
    NOT_COMPARED,
    RepReview,
    relative_diff,
    strengths_and_gaps,
)
from salesnb.text.formatting import (
    CURRENCY_SYMBOL,
    format_change,
    format_value,
    html_table,
    kpi_label,
    unit_of,
)
from salesnb.text.i18n import tr, trf

#: Effort KPIs: not recognised in the 1:1 of a rep with the burnout signal (they are its symptom).
EFFORT_KPIS = frozenset({"calls_per_working_day", "talk_time_hours"})
#: Peer percentiles at or below / at or above these are stated as bottom / top 20 %.
BOTTOM, TOP = 0.2, 0.8

NOTE_STYLE = (
    "white-space: pre-wrap; border-left: 3px solid #2a6f97; background: #f5f7fa; padding: 0.6em 0.9em; "
    "font-family: inherit; margin: 0.5em 0 1em;"
)


# ----------------------------------------------------------------------------------------- paths
def rep_review_dir(root: Path, period: Period, team_id: str) -> Path:
    """``<root>/<period>/<team>/reps/``: where a team's rep reviews are written (:data:`REP_REVIEW`)."""
    return REP_REVIEW.folder(root, period, Scope("", team=team_id))


def rep_review_links(team_id: str, period: str | Period, rep_ids: Iterable[str]) -> dict[str, str]:
    """Each rep's review relative to the team review (``reports/<period>/<team>/team_review.html``),
    both where their kinds write them.

    >>> rep_review_links("bj-telesales", "2026-10", ["bj-telesales-r03"])
    {'bj-telesales-r03': 'reps/bj-telesales-r03.html'}
    """
    root, the_period = Path("/reports"), Period.parse(str(period))  # any root: the links are relative
    home = TEAM_REVIEW.folder(root, the_period, Scope("", team=team_id))
    links = {}
    for rid in rep_ids:
        folder, stem = REP_REVIEW.output(root, the_period, Scope("", team=team_id, rep=rid))
        links[rid] = Path(os.path.relpath(folder / f"{stem}.html", home)).as_posix()
    return links


# ------------------------------------------------------------------------------------- formatting
def _v(review: RepReview, value: object, unit: str) -> str:
    return format_value(value, unit, review.currency)


def _m(review: RepReview, value: object, unit: str) -> str:
    """A median: as its KPI, except that a median of counts may fall between two (2.5 new customers)."""
    if unit == "count" and value is not None and np.isfinite(value) and not float(value).is_integer():
        return f"{float(value):,.1f}"
    return _v(review, value, unit)


def _pct(value: float) -> str:
    return f"{value:.0%}"


def money(value: float, currency: str) -> str:
    """An amount of a statement: whole amounts without cents, others with.

    >>> money(1650.0, "CNY"), money(4819.2, "CNY"), money(-120.5, "CNY")
    ('¥1,650', '¥4,819.20', '-¥120.50')
    """
    if value is None or not np.isfinite(value):
        return "–"
    symbol = CURRENCY_SYMBOL.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.0f}" if float(value).is_integer() else f"{abs(value):,.2f}"
    return f"{sign}{symbol}{body}"


def rate_text(rate: float) -> str:
    """A commission rate as written in a plan: ``0.03`` → ``3%``, ``0.004`` → ``0.4%``."""
    return f"{round(rate * 100, 6):g}%"


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
    return trf("rep.rank.mid", lang, pct=_pct(percentile), n=peers, group=group)


def _sentence(review: RepReview, evidence: str, rank: str = "") -> str:
    if rank:
        return trf("rep.sentence", review.language, evidence=evidence, rank=rank)
    return trf("rep.sentence_plain", review.language, evidence=evidence)


def kpi_sentence(review: RepReview, row: pd.Series) -> str:
    """One feedback sentence: the KPI, its value, the team and peer medians, the rank among peers."""
    kpi, unit = str(row["kpi"]), str(row["unit"])
    team, peer = float(row["team_median"]), float(row["peer_median"])
    values = {
        "kpi": kpi_label(kpi, review.language),
        "value": _v(review, row["value"], unit),
        "team": _m(review, team, unit),
        "peer": _m(review, peer, unit),
    }
    key = (
        "rep.s.both"
        if np.isfinite(team) and np.isfinite(peer)
        else "rep.s.team"
        if np.isfinite(team)
        else "rep.s.peer"
    )
    rank = rank_phrase(review, float(row["peer_percentile"]), int(row["peers"] or 0))
    return _sentence(review, trf(key, review.language, **values), rank)


def signal_sentence(review: RepReview, signal: dict) -> str:
    """The evidence of a signal of :func:`salesnb.analysis.signals.rep_signals`, as one sentence."""
    lang, code = review.language, str(signal["signal"])
    ev = signal.get("evidence") or {}
    value, bench, threshold = (float(signal.get(k, math.nan)) for k in ("value", "benchmark", "threshold"))
    if code == "low_contact_rate":
        text = trf(
            "rep.signal.low_contact_rate",
            lang,
            value=_v(review, value, "ratio"),
            periods=review.signal_periods,
            median=_v(review, bench, "ratio"),
            peers=ev.get("peers", "–"),
            connects=f"{ev.get('connects', 0):,}",
            dials=f"{ev.get('dials', 0):,}",
            threshold=_v(review, threshold, "ratio"),
        )
    elif code == "high_activity_low_conv":
        text = trf(
            "rep.signal.high_activity_low_conv",
            lang,
            activity=f"{value:,.1f}",
            periods=review.signal_periods,
            median=f"{bench:,.1f}",
            win=_v(review, ev.get("win_rate"), "ratio"),
            win_median=_v(review, ev.get("win_rate_median"), "ratio"),
            rpa=_v(review, ev.get("revenue_per_activity"), "currency"),
            rpa_median=_v(review, ev.get("revenue_per_activity_median"), "currency"),
        )
    elif code == "burnout":

        def share(key: str) -> str:
            return _v(review, ev.get(key), "ratio")

        def change(key: str) -> str:
            v = ev.get(key)
            return "–" if v is None or not np.isfinite(v) else f"{v:+.0%}"

        text = trf(
            "rep.signal.burnout",
            lang,
            periods=BURNOUT_PERIODS,
            act_before=f"{ev.get('activities_per_day_before', math.nan):,.1f}",
            act_recent=f"{ev.get('activities_per_day_recent', math.nan):,.1f}",
            act_change=change("activity_change"),
            ah_before=share("after_hours_share_before"),
            ah_recent=share("after_hours_share_recent"),
            we_before=share("weekend_share_before"),
            we_recent=share("weekend_share_recent"),
            wr_before=share("win_rate_before"),
            wr_recent=share("win_rate_recent"),
            wr_change=change("win_rate_change"),
        )
    elif code == "ramping":
        text = trf(
            "rep.signal.ramping",
            lang,
            months=int(value) if np.isfinite(value) else "–",
            hire_date=ev.get("hire_date", review.hire_date),
            ramp=int(threshold) if np.isfinite(threshold) else RAMP_MONTHS,
        )
    elif code == "below_target":
        values = ", ".join(f"{p} {_v(review, v, 'ratio')}" for p, v in (ev.get("attainment") or {}).items())
        text = trf(
            "rep.signal.below_target",
            lang,
            line=_v(review, threshold, "ratio"),
            n=ev.get("periods_below", "–"),
            values=values,
        )
    elif code == "activity_drop":
        text = trf(
            "rep.signal.activity_drop",
            lang,
            value=f"{value:,.1f}",
            base=f"{bench:,.1f}",
            share=_pct(value / bench) if bench else "–",
            periods=ev.get("baseline_periods", "–"),
        )
    else:  # departed
        text = trf("rep.signal.departed", lang, date=ev.get("left_date", "–"))
    return _sentence(review, text)


def action_evidence(review: RepReview, action: Action) -> str:
    """Why an action is in the plan: the signal's numbers, or the KPI against its benchmark."""
    lang = review.language
    if action.rule.when.signal:
        text = signal_sentence(review, {"signal": action.rule.when.signal, **action.signal})
    else:
        unit = CATALOG[action.metric].unit
        bad = "below" if CATALOG[action.metric].higher_is_better else "above"
        key = "rep.gap.worse" if action.rule.when.direction == bad else "rep.gap.ahead"
        evidence = trf(
            key,
            lang,
            kpi=kpi_label(action.metric, lang),
            value=_v(review, action.value, unit),
            bench=_m(review, action.benchmark, unit),
            kind=tr(f"rep.bench.{action.benchmark_kind}", lang),
            gap=_pct(abs(action.gap)) if np.isfinite(action.gap) else "–",
        )
        row = review.scorecard.set_index("kpi")
        rank = ""
        if action.metric in row.index:
            rank = rank_phrase(review, action.peer_percentile, int(row.loc[action.metric, "peers"]))
        text = _sentence(review, evidence, rank)
    return trf("rep.develop", lang, evidence=text) if action.kind == "develop" else text


def goal_text(review: RepReview, action: Action) -> str:
    """The SMART goal of an action: metric, target, period and deadline, from the baseline."""
    g = action.goal
    if g is None or g.metric not in CATALOG:
        return "–"
    spec = CATALOG[g.metric]
    period = Period.parse(str(g.period))
    return trf(
        "rep.goal.higher" if spec.higher_is_better else "rep.goal.lower",
        review.language,
        kpi=kpi_label(g.metric, review.language),
        target=_v(review, g.target, spec.unit),
        period=period.label,
        baseline=_v(review, action.goal_baseline, spec.unit),
        deadline=period.last_day.isoformat(),
    )


def module_text(review: RepReview, action: Action) -> str:
    lang, m = review.language, action.module
    details = " · ".join(
        [tr(f"rep.skill.{m.skill_area}", lang), tr(f"rep.format.{m.format}", lang), _hours(review, m.hours)]
    )
    return f"{m.title_in(lang)} ({details})"


def _hours(review: RepReview, hours: float) -> str:
    return trf("rep.hours_value", review.language, hours=f"{hours:g}")


def line_text(review: RepReview, line: Line, month: str) -> str:
    """One line of a commission statement as a sentence with its numbers."""
    lang, cur = review.language, review.currency
    kind = tr(f"rep.tier.{line.kind}", lang) if line.kind else ""
    r = _v(review, line.from_attainment, "ratio"), _v(review, line.to_attainment, "ratio")
    amount, revenue = money(line.amount, cur), money(line.revenue or 0.0, cur)
    rate = rate_text(line.rate) if line.rate is not None else "–"
    if line.code == "tier":
        return trf(
            "rep.line.tier",
            lang,
            from_=r[0],
            to=r[1],
            tier=line.tier,
            kind=kind,
            revenue=revenue,
            rate=rate,
            amount=amount,
        )
    if line.code == "tier_flat":
        return trf(
            "rep.line.tier_flat",
            lang,
            tier=line.tier,
            kind=kind,
            to=r[1],
            revenue=revenue,
            rate=rate,
            amount=amount,
        )
    if line.code == "no_quota":
        return trf("rep.line.no_quota", lang, revenue=revenue, rate=rate, amount=amount)
    if line.code == "no_revenue":
        return trf("rep.line.no_revenue", lang, revenue=revenue)
    if line.code == "cap":
        return trf(
            "rep.line.cap", lang, limit=money(line.limit or 0.0, cur), removed=money(-line.amount, cur)
        )
    bonus = money(line.bonus or 0.0, cur)
    if line.code in ("bonus_goal", "bonus_goal_missed"):
        return trf(f"rep.line.{line.code}", lang, goal=line.goal, bonus=bonus)
    if line.code.startswith("bonus_kpi"):
        kpi = str(line.kpi)
        unit = unit_of(kpi)
        if line.code == "bonus_kpi_no_data":
            return trf("rep.line.bonus_kpi_no_data", lang, kpi=kpi_label(kpi, lang), bonus=bonus)
        side = "min" if line.minimum is not None else "max"
        limit = line.minimum if line.minimum is not None else line.maximum
        key = (
            f"rep.line.bonus_kpi_{side}" if line.code == "bonus_kpi" else f"rep.line.bonus_kpi_missed_{side}"
        )
        return trf(
            key,
            lang,
            kpi=kpi_label(kpi, lang),
            value=_v(review, line.value, unit),
            limit=_v(review, limit, unit),
            bonus=bonus,
        )
    return trf("rep.line.total", lang, month=month)


# -------------------------------------------------------------------------------------- sections
def _section(review: RepReview, key: str, intro: str = "") -> str:
    body = f'<p class="intro">{html.escape(intro)}</p>' if intro else ""
    return f"<h2>{html.escape(tr(key, review.language))}</h2>{body}"


def _items(texts: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in texts) + "</ul>"


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


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
            trf("rep.rank_cell", lang, pct=_pct(r.peer_percentile), n=r.peers)
            if r.peers and np.isfinite(r.peer_percentile)
            else "–"
        )
        rows.append(
            {
                tr("kpi", lang): kpi_label(r.kpi, lang),
                tr("value", lang): _v(review, r.value, r.unit),
                tr("target", lang): _v(review, r.target, r.unit) if np.isfinite(r.target) else "",
                tr("status", lang): tr(f"status.{r.status}", lang) if r.status else "",
                tr("previous", lang): _v(review, r.previous, r.unit),
                tr("change", lang): format_change(r.change, r.change_pct, r.unit, lang),
                tr("rep.col.team_median", lang): _m(review, r.team_median, r.unit),
                tr("rep.col.peer_median", lang): _m(review, r.peer_median, r.unit),
                tr("rep.col.peer_rank", lang): rank,
            }
        )
    return pd.DataFrame(rows)


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
    head = _section(review, "rep.scorecard", intro) + notes
    show_html(head + html_table(frame, numeric=list(frame.columns[1:])))
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
                tr("kpi", lang): kpi_label(g.kpi, lang),
                tr("goal_period", lang): g.period,
                tr("target", lang): _v(review, g.target, g.unit),
                tr("actual", lang): _v(review, g.actual, g.unit),
                tr("projection", lang): _v(review, g.projection, g.unit),
                tr("days_elapsed", lang): f"{g.elapsed_days}/{g.total_days}",
                tr("status", lang): tr(f"status.{g.status}", lang),
                tr("suggested_next", lang): _v(review, g.suggested_next, g.unit),
            }
        )
    return pd.DataFrame(rows)


def show_goals(review: RepReview) -> None:
    lang = review.language
    head = _section(review, "goals", tr("rep.goals_intro", lang))
    if review.goals.empty:
        show_html(head + _p(tr("rep.no_goals", lang)))
        return
    frame = goals_frame(review)
    show_html(head + html_table(frame, numeric=[*frame.columns[3:7], frame.columns[-1]]))


def show_trend(review: RepReview) -> None:
    lang = review.language
    head = _section(review, "trend", tr("rep.trend_intro", lang))
    if review.trend.empty:
        show_html(head + _p(tr("no_data", lang)))
        return
    show_html(head)
    show_figure(plot_rep_trend(review.trend, lang, review.currency))
    table = pd.DataFrame({tr("period", lang): review.trend.index})
    for c in REP_TREND.for_team_type(review.team_type):
        table[kpi_label(c, lang)] = [_v(review, v, unit_of(c)) for v in review.trend[c]]
    show_html(html_table(table, numeric=list(table.columns[1:])))


def strength_sentences(review: RepReview) -> list[str]:
    return [kpi_sentence(review, r) for _, r in review.strengths.iterrows()]


def gap_sentences(review: RepReview) -> list[str]:
    return [kpi_sentence(review, r) for _, r in review.gaps.iterrows()]


def show_feedback(review: RepReview) -> None:
    lang, least = review.language, _pct(MIN_DIFF)
    parts = [_section(review, "rep.feedback", trf("rep.feedback_intro", lang, min=least))]
    parts.append(f"<h3>{html.escape(tr('rep.strengths', lang))}</h3>")
    strengths = strength_sentences(review)
    parts.append(_items(strengths) if strengths else _p(trf("rep.no_strengths", lang, min=least)))
    parts.append(f"<h3>{html.escape(tr('rep.gaps', lang))}</h3>")
    gaps = gap_sentences(review)
    parts.append(_items(gaps) if gaps else _p(trf("rep.no_gaps", lang, min=least)))
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
                tr("rep.col.audit", lang): tr("rep.audit.ok" if a.audit_ok else "rep.audit.fail", lang),
            }
        )
    return pd.DataFrame(rows)


def show_plan(review: RepReview) -> None:
    lang = review.language
    head = _section(review, "rep.plan", trf("rep.plan_intro", lang, next=review.next_period.label))
    if not review.actions:
        show_html(head + _p(tr("rep.no_plan" if review.has_rules else "rep.no_rules", lang)))
        return
    show_html(head + html_table(plan_frame(review)))


def follow_frame(review: RepReview) -> pd.DataFrame:
    lang = review.language
    prev, now = review.period.previous().label, review.period.label
    titles = {a.module.id: a.module.title_in(lang) for a in review.previous_actions}
    rows = []
    for f in review.follow_through.itertuples(index=False):
        if f.met is None:
            result = "rep.result.no_data"
        else:
            result = (
                "rep.result.met"
                if f.met
                else "rep.result.improved"
                if f.improved
                else "rep.result.not_improved"
            )
        rows.append(
            {
                tr("rep.col.module", lang): titles.get(f.module, f.module),
                tr("kpi", lang): kpi_label(f.metric, lang),
                trf("rep.col.baseline", lang, period=prev): _v(review, f.baseline, f.unit),
                tr("target", lang): _v(review, f.target, f.unit),
                trf("rep.col.actual", lang, period=now): _v(review, f.actual, f.unit),
                tr("rep.col.moved", lang): format_change(f.change, f.change_pct, f.unit, lang),
                tr("rep.col.result", lang): tr(result, lang),
            }
        )
    return pd.DataFrame(rows)


def show_follow_through(review: RepReview) -> None:
    lang = review.language
    prev, now = review.period.previous().label, review.period.label
    head = _section(review, "rep.follow", trf("rep.follow_intro", lang, prev=prev, period=now))
    if not review.previous_plan:
        show_html(head + _p(trf("rep.no_previous_employed", lang, prev=prev)))
        return
    if review.follow_through.empty:
        show_html(head + _p(trf("rep.no_previous_actions", lang, prev=prev)))
        return
    frame = follow_frame(review)
    f = review.follow_through
    met, improved = int(f["met"].eq(True).sum()), int(f["improved"].eq(True).sum())
    summary = trf("rep.follow_summary", lang, met=met, improved=improved, n=len(f))
    show_html(head + html_table(frame, numeric=list(frame.columns[2:6])) + _p(summary))


def recognition(review: RepReview) -> list[str]:
    """What went well, with numbers: strengths, goals met or on track, KPIs up on the previous period."""
    lang = review.language
    burned = "burnout" in set(review.signals["signal"])  # then more effort is the symptom, not a success
    strengths = review.strengths[~review.strengths["kpi"].isin(EFFORT_KPIS)] if burned else review.strengths
    items = [kpi_sentence(review, r) for _, r in strengths.iterrows()]
    for g in review.goals.itertuples(index=False):
        if g.status == "met":
            items.append(
                trf(
                    "rep.goal_met",
                    lang,
                    goal=g.goal_id,
                    kpi=kpi_label(g.kpi, lang),
                    actual=_v(review, g.actual, g.unit),
                    target=_v(review, g.target, g.unit),
                )
            )
        elif g.status == "on_track":
            items.append(
                trf(
                    "rep.goal_on_track",
                    lang,
                    goal=g.goal_id,
                    kpi=kpi_label(g.kpi, lang),
                    actual=_v(review, g.actual, g.unit),
                    projection=_v(review, g.projection, g.unit),
                    target=_v(review, g.target, g.unit),
                )
            )
    strong = set(review.strengths["kpi"]) if len(review.strengths) else set()
    for r in review.improvements.itertuples(index=False):
        if r.kpi in strong or (burned and r.kpi in EFFORT_KPIS):
            continue
        key = "rep.improved_up" if r.change > 0 else "rep.improved_down"
        items.append(
            trf(
                key,
                lang,
                kpi=kpi_label(r.kpi, lang),
                previous=_v(review, r.previous, r.unit),
                value=_v(review, r.value, r.unit),
                change=format_change(r.change, r.change_pct, r.unit, lang),
            )
        )
    if not items:
        best, _ = strengths_and_gaps(review.scorecard, min_diff=-math.inf, top=1)
        if len(best):
            items.append(trf("rep.best_result", lang, sentence=kpi_sentence(review, best.iloc[0])))
        else:
            items.append(tr("rep.nothing_to_recognise", lang))
    return items


def gap_items(review: RepReview) -> list[str]:
    """The gaps with their evidence: KPI gaps, the patterns found, and the rule-based gaps behind the plan."""
    items = gap_sentences(review)
    covered = set(review.gaps["kpi"]) if len(review.gaps) else set()
    for s in review.signals.to_dict("records"):
        if s["signal"] not in ("ramping", "departed"):
            items.append(signal_sentence(review, s))
    for a in review.actions:
        if a.kind == "fix" and not a.rule.when.signal and a.metric not in covered:
            items.append(action_evidence(review, a))
    return list(dict.fromkeys(items))


def show_agenda(review: RepReview) -> None:
    lang = review.language
    parts = [_section(review, "rep.agenda", tr("rep.agenda_intro", lang))]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.recognition', lang))}</h3>" + _items(recognition(review)))
    gaps = gap_items(review) or [trf("rep.agenda.no_gaps", lang, min=_pct(MIN_DIFF))]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.gaps', lang))}</h3>" + _items(gaps))
    plan = [
        trf(
            "rep.agenda.action",
            lang,
            module=a.module.title_in(lang),
            format=tr(f"rep.format.{a.module.format}", lang),
            hours=_hours(review, a.module.hours),
            goal=goal_text(review, a),
        )
        for a in review.actions
    ] or [tr("rep.agenda.no_plan", lang)]
    parts.append(f"<h3>{html.escape(tr('rep.agenda.plan', lang))}</h3>" + _items(plan))
    support = [
        tr(f"rep.support.{code}", lang) for code in dict.fromkeys(a.rule.support for a in review.actions)
    ]
    parts.append(
        f"<h3>{html.escape(tr('rep.agenda.support', lang))}</h3>"
        + _items(support or [tr("rep.agenda.no_support", lang)])
    )
    burnout = [s for s in review.signals.to_dict("records") if s["signal"] == "burnout"]
    if burnout:
        prompts = [signal_sentence(review, burnout[0])]
        prompts += [tr(f"rep.prompt.{k}", lang) for k in ("sustainable", "after_hours", "offload", "support")]
        parts.append(f"<h3>{html.escape(tr('rep.agenda.wellbeing', lang))}</h3>" + _items(prompts))
    show_html("".join(parts))


def notes_html(notes: str | None, path: str, language: str) -> str:
    """The manager-notes section: the file's text verbatim, escaped, line breaks kept (``pre-wrap``).

    The notes are not rendered as Markdown: a Markdown renderer passes raw HTML through unless told not
    to and turns ``[x](javascript:…)`` into links; shown as written, Markdown stays readable
    (``- item``, ``**bold**``) and nothing in the file can become markup.
    """
    head = f"<h2>{html.escape(tr('rep.notes', language))}</h2>"
    if notes is None:
        return head + _p(trf("rep.no_notes", language, path=path))
    intro = f'<p class="intro">{html.escape(trf("rep.notes_intro", language, path=path))}</p>'
    return f'{head}{intro}<div class="manager-notes" style="{NOTE_STYLE}">{html.escape(notes)}</div>'


def show_notes(review: RepReview) -> None:
    """The manager's notes, verbatim: escaped, line breaks kept, never interpreted as HTML or Markdown."""
    show_html(notes_html(review.notes, review.notes_path, review.language))


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
    frame = pd.DataFrame(
        {
            tr("rep.col.measure", lang): [tr(f"rep.wl.{m}", lang) for m in w["metric"]],
            tr("value", lang): [
                _v(review, v, units[m]) for m, v in zip(w["metric"], w["value"], strict=True)
            ],
            tr("rep.col.team_median", lang): [
                _m(review, v, units[m]) for m, v in zip(w["metric"], w["team_median"], strict=True)
            ],
        }
    )
    head = _section(review, "rep.workload", tr("rep.workload_intro", lang))
    if review.workload_group < review.min_group:
        head += _p(trf("rep.hidden.workload", lang, n=review.workload_group, min=review.min_group))
    show_html(head + html_table(frame, numeric=list(frame.columns[1:])))


def statement_frame(review: RepReview, month: str, statement: Statement) -> pd.DataFrame:
    lang = review.language
    return pd.DataFrame(
        {
            tr("rep.col.line", lang): [line_text(review, line, month) for line in statement.lines],
            tr("rep.col.amount", lang): [money(line.amount, review.currency) for line in statement.lines],
        }
    )


def statement_heading(review: RepReview, month: str, s: Statement) -> str:
    lang, cur = review.language, review.currency
    common = {
        "month": month,
        "plan": s.plan_id,
        "method": tr(f"rep.method.{s.method}", lang),
        "basis": tr(f"rep.basis.{s.basis}", lang),
        "revenue": money(s.revenue, cur),
    }
    if s.quota is None:
        return trf("rep.commission_head_no_quota", lang, **common)
    return trf(
        "rep.commission_head",
        lang,
        quota=money(s.quota, cur),
        attainment=_v(review, s.attainment, "ratio"),
        **common,
    )


def show_commission(review: RepReview) -> None:
    lang = review.language
    parts = [_section(review, "rep.commission", tr("rep.commission_intro", lang))]
    if review.period.grain == "week":
        show_html("".join(parts) + _p(tr("rep.no_commission_week", lang)))
        return
    if not review.statements:
        show_html("".join(parts) + _p(tr("rep.no_commission", lang)))
        return
    for month, s in review.statements:
        frame = statement_frame(review, month, s)
        parts.append(_p(statement_heading(review, month, s)) + html_table(frame, numeric=[frame.columns[1]]))
    if len(review.statements) > 1:
        total = sum(s.total for _, s in review.statements)
        parts.append(
            _p(
                trf(
                    "rep.commission_total",
                    lang,
                    period=review.period.label,
                    n=len(review.statements),
                    amount=money(round(total, 2), review.currency),
                )
            )
        )
    show_html("".join(parts))
