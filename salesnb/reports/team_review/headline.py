"""The team review's headline: its findings ranked (:func:`salesnb.analysis.headline.rank_findings`) and
its KPI tiles, from what the review already computed (risks, the stage bottleneck, the forecast's
backtest, the goals); nothing is recomputed here."""

from __future__ import annotations

import math
from typing import cast

from salesnb.analysis.evidence import BelowTargetEvidence
from salesnb.analysis.findings import Risk, RiskKind, Severity
from salesnb.analysis.headline import Candidate, HeadlineKind, rank_findings
from salesnb.kpis import CATALOG
from salesnb.reports.display import show_html
from salesnb.reports.findings import describe
from salesnb.reports.headline import (
    AUDIT_KEPT,
    TREND_POINTS,
    Tile,
    findings_html,
    goal_candidate,
    headline_html,
    status_against,
)
from salesnb.reports.missing import missing_sentence
from salesnb.reports.team_review.common import times
from salesnb.reports.team_review.risks import stalled_summary
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_value
from salesnb.text.i18n import tr, trf

#: The section each risk's finding links to (the risk register unless another section shows it).
RISK_SECTIONS = {RiskKind.BURNOUT: "workload", RiskKind.ACTIVITY_DROP: "workload"}
#: The team tiles, in order, when the team's scorecard has them.
TEAM_TILES = ("revenue", "quota_attainment", "win_rate", "pipeline_coverage", "contact_rate", "csat")


def _worst(risks: list[Risk]) -> Severity:
    return min((r.severity for r in risks), key=lambda s: s.rank)


def risk_candidates(review: TeamReview) -> list[Candidate]:
    """The register's risks as candidates: the reps below target as one, the stalled deals as one."""
    lang, cur, names = review.language, review.currency, review.analysis.names
    out, below = [], []
    for r in review.analysis.risks:
        if r.kind == RiskKind.BELOW_TARGET:
            below.append(r)
            continue
        if r.kind == RiskKind.STALLED_DEAL:
            continue
        if r.kind == RiskKind.REP_DEPARTED and not r.value:  # nothing left in their name: context only
            continue
        text = describe(r, lang, cur, names)
        label = tr(f"risk.{r.kind}", lang)
        if r.subject.kind != "team" and r.subject.id:  # the rep, deal or customer it is about
            who = names.get(r.rep_id or str(r.subject.id), str(r.subject.id))
            text = trf("headline.about_whom", lang, label=label, who=who, text=text)
        else:
            text = trf("headline.about", lang, who=label, text=text)
        kind = HeadlineKind(r.kind.value)
        about = frozenset({r.rep_id}) if r.rep_id else frozenset()  # a rep's risk, or the team's
        section = RISK_SECTIONS.get(r.kind, "risks")
        out.append(Candidate(kind, r.severity, abs(r.value), section, text, about))
    stalled = [r for r in review.analysis.risks if r.kind == RiskKind.STALLED_DEAL]
    if stalled and not any(r.kind == RiskKind.STALLED_PIPELINE for r in review.analysis.risks):
        out.append(
            Candidate("stalled_deals", _worst(stalled), len(stalled), "risks", stalled_summary(review))
        )
    if below:
        reps = [
            trf(
                "headline.rep_attainment",
                lang,
                name=names.get(str(r.rep_id), str(r.rep_id)),
                value=format_value(
                    list(cast(BelowTargetEvidence, r.evidence).attainment.values())[-1], "ratio"
                ),
            )
            for r in sorted(below, key=lambda r: r.value)
        ]
        total = len(getattr(review, "reps", [])) or len(below)
        text = trf(
            "headline.reps_below", lang, n=len(below), total=total, reps=tr("missing.list", lang).join(reps)
        )
        about = frozenset(r.rep_id for r in below if r.rep_id)
        out.append(Candidate("below_target", _worst(below), len(below), "reps", text, about))
    return out


def bottleneck_candidate(review: TeamReview) -> list[Candidate]:
    """The stage bottleneck, when the stage analysis found one (deteriorated and significant): high."""
    s = review.analysis.stages
    if s.empty or "is_bottleneck" not in s or s["deterioration"].isna().all():
        return []
    worst = s.loc[s["deterioration"].idxmax()]
    if not (bool(worst["is_bottleneck"]) and bool(worst["significant"])):
        return []
    lang = review.language
    text = trf(
        "headline.bottleneck",
        lang,
        waiting=format_value(worst["in_stage_at_end"], "count"),
        stage=tr(f"stage.{worst['stage']}", lang),
        ratio=times(float(worst["deterioration"])),
        conversion=format_value(worst["conversion"], "ratio"),
        baseline=format_value(worst["baseline_conversion"], "ratio"),
    )
    text = trf("headline.about", lang, who=tr("headline.signal.bottleneck", lang), text=text)
    return [Candidate("bottleneck", Severity.HIGH, float(worst["deterioration"]), "stages", text)]


def forecast_candidate(review: TeamReview) -> list[Candidate]:
    """No reliable forecast: the best tested method's backtest error is above the unreliable line."""
    f = review.analysis.forecast
    if f.empty or "wape" not in f:
        return []
    tested = f[f["wape"].notna() & ~f["forecasts_nothing"].astype(bool)]
    if tested.empty:
        return []
    best = tested.loc[tested["wape"].idxmin()]
    if not bool(best["unreliable"]):
        return []
    lang = review.language
    text = trf(
        "headline.forecast_unreliable",
        lang,
        method=tr(f"method.{best['method']}", lang),
        wape=format_value(best["wape"], "ratio"),
        n=int(best["n_backtest"]),
    )
    return [Candidate("forecast_unreliable", Severity.MEDIUM, float(best["wape"]), "forecast", text)]


def team_findings(review: TeamReview) -> list[Candidate]:
    """The team review's findings, ranked, at most five."""
    candidates = [
        *risk_candidates(review),
        *bottleneck_candidate(review),
        *forecast_candidate(review),
        *goal_candidate(review.goals, review.language, review.currency),
    ]
    return rank_findings(candidates)


def team_tiles(review: TeamReview) -> list[Tile]:
    """The team's main KPIs: value, status against the quota or the team's goal (one the SMART audit
    passes), else against the team's own moving average (the trends section's), and the last periods."""
    # plain dicts and one slice of the trend: a tile is a handful of lookups, not frame filters
    sc = review.scorecard.set_index("kpi")[["unit", "value"]].to_dict("index")
    recent = review.trend.tail(TREND_POINTS)
    quota = float(review.trend["quota"].get(review.period.label, math.nan)) if "quota" in recent else math.nan
    goals = review.goals
    kept = goals["audit"].isna() | goals["audit"].isin(AUDIT_KEPT) if "audit" in goals else True
    team_goals = goals[(goals["scope"] == "team") & kept] if len(goals) else goals
    goal_targets = dict(zip(team_goals["kpi"][::-1], team_goals["target"][::-1], strict=True))  # the first
    trends = review.analysis.trends
    averages = dict(zip(trends["kpi"], trends["moving_avg"], strict=True)) if "moving_avg" in trends else {}
    window = int(trends["window"].iloc[0]) if len(trends) and "window" in trends else 0
    lang, cur = review.language, review.currency
    own = {"revenue": quota, "quota_attainment": 1.0 if math.isfinite(quota) else math.nan}
    tiles = []
    for kpi in [k for k in TEAM_TILES if k in sc]:
        unit, value = str(sc[kpi]["unit"]), float(sc[kpi]["value"])
        target = own.get(kpi, math.nan)
        if not math.isfinite(target):
            target = float(goal_targets.get(kpi, math.nan))
        average = float(averages.get(kpi, math.nan))
        status = status_against(value, target, CATALOG[kpi].higher_is_better, average, "average")
        against = ""
        if math.isfinite(target) and status != "no_data":
            against = trf("headline.target", lang, value=format_value(target, unit, cur))
        elif status not in ("no_target", "no_data"):
            against = trf("headline.average", lang, n=window, value=format_value(average, unit, cur))
        stalled, without = review.coverage.get("stalled_deals", 0.0), review.coverage.get("without", math.nan)
        if kpi == "pipeline_coverage" and stalled > 0 and math.isfinite(without) and status != "no_data":
            # the stalled deals make the coverage look better than the live pipeline is (docs/findings.md)
            status = "inflated"
            against = trf(
                "headline.without_stalled", lang, value=format_value(without, unit, cur), n=int(stalled)
            )
        periods = [str(p) for p in recent.index] if kpi in recent else []
        values = [float(v) for v in recent[kpi]] if kpi in recent else []
        tiles.append(Tile(kpi, unit, value, status, against, periods, values))
    return tiles


def show_headline(review: TeamReview) -> None:
    """The headline block: findings (or that nothing needs action, or that there is nothing to review)
    and the KPI tiles."""
    lang, label = review.language, review.period.label
    ranked = [] if review.nothing_to_review else team_findings(review)
    nothing = trf("headline.nothing" if review.nothing_to_review else "headline.healthy", lang, period=label)
    missing = missing_sentence(review.inputs, "headline", "team", lang)
    show_html(
        headline_html(
            findings_html(ranked, lang, nothing, missing), team_tiles(review), lang, review.currency
        )
    )
