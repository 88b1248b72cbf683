"""The people sections: workload and well-being, commission payouts and recognition."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from salesnb.analysis.findings import SignalKind
from salesnb.analysis.inputs import Input
from salesnb.reports.display import paragraph, section, show_html
from salesnb.reports.findings import describe
from salesnb.reports.missing import missing_html
from salesnb.reports.team_review.common import times
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_value, html_table, kpi_label
from salesnb.text.i18n import tr, trf

#: The workload's columns counted from activities: unknown (–) without them.
ACTIVITY_COLUMNS = ("activities_per_day", "hours", "after_hours_share", "weekend_share")


def workload_frame(review: TeamReview) -> pd.DataFrame:
    lang = review.language
    w = review.analysis.workload
    if not review.inputs.has(Input.ACTIVITIES):
        w = w.assign(**{c: float("nan") for c in ACTIVITY_COLUMNS})
    return pd.DataFrame(
        {
            tr("rep", lang): w["name"],
            tr("level", lang): [tr(f"level.{v}", lang) for v in w["level"]],
            tr("activities_per_day", lang): w["activities_per_day"].map(lambda v: format_value(v, "per_day")),
            tr("hours", lang): w["hours"].map(lambda v: format_value(v, "hours")),
            tr("after_hours", lang): w["after_hours_share"].map(lambda v: format_value(v, "ratio")),
            tr("weekend", lang): w["weekend_share"].map(lambda v: format_value(v, "ratio")),
            tr("open_deals", lang): w["open_deals"].map(lambda v: format_value(v, "count")),
            tr("load_index", lang): w["load_index"].map(times),
            # the open-deals sentence quotes this ratio: the table shows the same number
            tr("deals_index", lang): w["deals_index"].map(times),
        }
    )


def workload_sentences(review: TeamReview) -> list[str]:
    """Imbalance, burnout and rebalancing findings, each with its numbers."""
    lang = review.language
    a = review.analysis
    names = a.names
    out = []
    imbalance = a.imbalance
    activities = review.inputs.has(Input.ACTIVITIES)
    if not activities and len(imbalance):  # no activity, no imbalance of it: only open deals compare
        imbalance = imbalance[imbalance["metric"] == "open_deals"]
    flagged = imbalance[imbalance["flagged"]] if len(imbalance) else imbalance
    overloaded = set(a.workload.loc[a.workload["overloaded"], "rep_id"]) if activities else set()
    for r in flagged.itertuples(index=False):
        unit = "count" if r.metric == "open_deals" else "per_day"
        # many deals on ordinary hours is a full book, not overload: said so, and their deals stay ("no
        # deals move" only when no move of anyone's deals is suggested below)
        full_book = r.metric == "open_deals" and r.most_loaded not in overloaded and activities
        key = (
            ("imbalance.full_book" if a.rebalance.empty else "imbalance.full_book_keeps") if full_book else ""
        )
        out.append(
            trf(
                key or "imbalance.flag",
                lang,
                who=names.get(r.most_loaded, r.most_loaded),
                max=format_value(r.max, unit),
                metric=tr(f"metric.{r.metric}", lang),
                ratio=times(r.max_to_median),
                # a median of counts may fall between two (0.5 open deals): shown as it is, not rounded to 0
                median=format_value(r.median, unit if float(r.median).is_integer() else "per_day"),
                threshold=times(r.threshold),
            )
        )
    if len(imbalance) and flagged.empty:
        key = "imbalance.ok" if activities else "imbalance.ok_deals"  # only what was compared
        out.append(trf(key, lang, threshold=times(float(imbalance["threshold"].iloc[0]))))
    burned = [s for s in a.signals if s.kind == SignalKind.BURNOUT]
    out += [describe(s, lang, review.currency, names, wording="team") for s in burned]
    if not burned and activities:  # "no sign of burnout" needs the hours it is read from
        out.append(tr("burnout.none", lang))
    out += [rebalance_sentence(r, names, lang) for r in a.rebalance.itertuples(index=False)]
    return out


def rebalance_sentence(r: Any, names: dict[str, str], lang: str) -> str:
    """The suggested move and why the receiver can take it (a row of ``rebalance_suggestion``)."""
    tenure = r.to_tenure_months
    kinds = tr("rebalance.kinds_and", lang).join(tr(f"rebalance.kind.{k}", lang) for k in r.deal_types)
    return trf(
        "rebalance.suggest",
        lang,
        n=int(r.deals_to_move),
        giver=names.get(r.from_rep, r.from_rep),
        from_deals=int(r.from_open_deals),
        receiver=names.get(r.to_rep, r.to_rep),
        to_deals=int(r.to_open_deals),
        median=f"{r.team_median:g}",
        kinds=trf("rebalance.kinds", lang, kinds=kinds) if kinds else "",
        tenure=tr("rebalance.tenure_unknown", lang)
        if pd.isna(tenure)
        else trf("rebalance.tenure", lang, months=int(tenure)),
        handled=int(r.to_deals_handled),
        won=int(r.to_deals_won),
    )


def show_workload(review: TeamReview) -> None:
    lang = review.language
    show_html(section("workload", lang, "workload_intro"))
    if review.analysis.workload.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    missing = missing_html(review.inputs, "workload", "team", lang)
    sentences = missing + "".join(paragraph(s) for s in workload_sentences(review))
    frame = workload_frame(review)
    show_html(sentences + html_table(frame, numeric=list(frame.columns[2:])))


def payouts_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    p = review.analysis.payouts
    money = lambda v: format_value(v, "currency", cur)  # noqa: E731
    out = pd.DataFrame(
        {
            tr("rep", lang): p["name"],
            tr("level", lang): [tr(f"level.{v}", lang) for v in p["level"]],
            tr("plan", lang): p["plan_id"],
            tr("paid_on", lang): [tr(f"basis.{v}", lang) for v in p["basis"]],
            kpi_label("quota_attainment", lang): p["attainment"].map(lambda v: format_value(v, "ratio")),
            tr("commission", lang): p["commission"].map(money),
            tr("cap_removed", lang): p["cap_removed"].map(lambda v: money(-v) if v else "–"),
            tr("bonuses", lang): p["bonuses"].map(money),
            tr("total_pay", lang): p["total"].map(money),
        }
    )
    total = {c: "" for c in out.columns}
    total[tr("rep", lang)] = tr("team_total", lang)
    for col, key in (("commission", "commission"), ("bonuses", "bonuses"), ("total", "total_pay")):
        total[tr(key, lang)] = money(p[col].sum())
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def show_payouts(review: TeamReview) -> None:
    lang = review.language
    show_html(section("payouts", lang, "payouts_intro"))
    if review.analysis.payouts.empty:
        show_html(paragraph(tr("no_payouts", lang)))
        return
    frame = payouts_frame(review)
    show_html(html_table(frame, numeric=list(frame.columns[4:])))


def recognition_sentences(review: TeamReview) -> list[str]:
    lang = review.language
    names = review.analysis.names
    out = []
    for r in review.analysis.recognition.itertuples(index=False):
        out.append(
            trf(
                f"award.{r.award}",
                lang,
                who=names.get(r.rep_id, r.rep_id),
                value=format_value(r.value, "ratio"),
                previous=format_value(r.previous, "ratio"),
                periods=int(r.periods),
            )
        )
    return out


def show_recognition(review: TeamReview) -> None:
    lang = review.language
    missing = missing_html(review.inputs, "recognition", "team", lang)
    if missing:
        show_html(section("recognition", lang) + missing)
        return
    sentences = recognition_sentences(review) or [tr("no_recognition", lang)]
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    show_html(section("recognition", lang) + f"<ul>{items}</ul>")
