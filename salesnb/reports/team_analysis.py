"""The team review's analysis sections, each displayed by one call from ``notebooks/team_review.ipynb``.

Every finding is a sentence built from an i18n template and the numbers behind it; every name from the
CRM (reps, customers, deals) is escaped by :func:`html_table` or ``html.escape``.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from salesnb import charts
from salesnb.analysis.tiering import AT_RISK_DAYS
from salesnb.periods import Period
from salesnb.reports.display import section, show_figure, show_html
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_change, format_value, html_table, kpi_label
from salesnb.text.i18n import tr, trf

#: Rows of long lists shown in the report (the rest is summarised in one line).
MAX_ROWS = 10


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _times(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1f}×"


def _stage(stage: str, lang: str) -> str:
    return tr(f"stage.{stage}", lang)


# ---------------------------------------------------------------------------------------------- trends
def trends_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    t = review.analysis.trends
    rows = []
    for r in t.itertuples(index=False):
        unit = str(r.unit)
        rows.append(
            {
                tr("kpi", lang): kpi_label(r.kpi, lang),
                tr("value", lang): format_value(r.value, unit, cur),
                tr("moving_avg", lang): format_value(r.moving_avg, unit, cur),
                tr("pop_change", lang): format_change(r.pop_change, r.pop_change_pct, unit, lang),
                tr("last_year", lang): format_value(r.last_year, unit, cur),
                tr("yoy_change", lang): format_change(r.yoy_change, r.yoy_change_pct, unit, lang),
            }
        )
    return pd.DataFrame(rows)


def show_trends(review: TeamReview) -> None:
    lang = review.language
    show_html(section("trends", lang, "trends_intro"))
    if review.analysis.trends.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    series = review.analysis.trend_series.dropna(subset=["value"])
    if len(series):
        show_figure(charts.plot_revenue_moving_average(series, lang, review.currency))
    frame = trends_frame(review)
    show_html(html_table(frame, numeric=list(frame.columns[1:])))


# ---------------------------------------------------------------------------------------------- stages
def stages_frame(review: TeamReview) -> pd.DataFrame:
    lang = review.language
    s = review.analysis.stages
    ratio = lambda v: format_value(v, "ratio")  # noqa: E731
    days = lambda v: format_value(v, "days")  # noqa: E731
    return pd.DataFrame(
        {
            tr("stage", lang): [_stage(v, lang) for v in s["stage"]],
            tr("conversion", lang): s["conversion"].map(ratio),
            tr("baseline_conversion", lang): s["baseline_conversion"].map(ratio),
            tr("median_days", lang): s["median_days"].map(days),
            tr("baseline_median_days", lang): s["baseline_median_days"].map(days),
            tr("days_per_advance", lang): s["days_per_advance"].map(days),
            tr("waiting", lang): s["in_stage_at_end"].map(lambda v: format_value(v, "count")),
        }
    )


def bottleneck_sentence(review: TeamReview) -> str:
    """The finding about stages, with its numbers: the bottleneck, the slowest stage, or none."""
    lang = review.language
    s = review.analysis.stages
    if s.empty or s["deterioration"].isna().all():
        return tr("bottleneck.too_few", lang)
    worst = s.loc[s["deterioration"].idxmax()]
    threshold = _times(float(worst["threshold"]))
    if bool(worst["is_bottleneck"]) and bool(worst["significant"]):
        return trf(
            "bottleneck.found",
            lang,
            stage=_stage(worst["stage"], lang),
            conversion=format_value(worst["conversion"], "ratio"),
            baseline_conversion=format_value(worst["baseline_conversion"], "ratio"),
            days=format_value(worst["median_days"], "days"),
            baseline_days=format_value(worst["baseline_median_days"], "days"),
            ratio=_times(float(worst["deterioration"])),
            waiting=format_value(worst["in_stage_at_end"], "count"),
        )
    slowest = s.loc[s["days_per_advance"].idxmax()] if s["days_per_advance"].notna().any() else None
    if slowest is not None and str(slowest.get("reason")) == "slowest_stage":
        return trf(
            "bottleneck.slowest",
            lang,
            stage=_stage(slowest["stage"], lang),
            days_per_advance=format_value(slowest["days_per_advance"], "days"),
            conversion=format_value(slowest["conversion"], "ratio"),
            days=format_value(slowest["median_days"], "days"),
            ratio=_times(float(slowest["deterioration"])),
            threshold=threshold,
        )
    return trf(
        "bottleneck.none",
        lang,
        stage=_stage(worst["stage"], lang),
        ratio=_times(float(worst["deterioration"])),
        threshold=threshold,
    )


def show_stages(review: TeamReview) -> None:
    lang = review.language
    s = review.analysis.stages
    if s.empty:
        show_html(section("stages", lang) + _p(tr("bottleneck.too_few", lang)))
        return
    first = s.iloc[0]
    intro = trf(
        "stages_intro",
        lang,
        recent=3,
        recent_range=f"{first['recent_start']}–{first['recent_end']}",
        baseline=6,
        baseline_range=f"{first['baseline_start']}–{_before(first['recent_start'])}",
    )
    frame = stages_frame(review)
    finding = f"<p><b>{html.escape(bottleneck_sentence(review))}</b></p>"
    body = f"<h2>{html.escape(tr('stages', lang))}</h2>{_p(intro)}{finding}"
    show_html(body + html_table(frame, numeric=list(frame.columns[1:])))


def _before(label: str) -> str:
    return Period.parse(label).previous().label


# ---------------------------------------------------------------------------------------------- forecast
def forecast_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    f = review.analysis.forecast
    rows = []
    for r in f.itertuples(index=False):
        mape = format_value(r.mape, "ratio")
        if r.reason and (isinstance(r.mape, float) and math.isnan(r.mape)):
            mape = f"– ({tr('forecast.reason.' + str(r.reason), lang)})"
        rows.append(
            {
                tr("method", lang): tr(f"method.{r.method}", lang),
                tr("this_period", lang): format_value(r.this_period, "currency", cur),
                tr("next_period", lang): format_value(r.next_period, "currency", cur),
                tr("mape", lang): mape,
                tr("bias", lang): "–" if math.isnan(r.bias) else f"{r.bias:+.0%}",
                tr("backtest_periods", lang): format_value(r.n_backtest, "count"),
            }
        )
    return pd.DataFrame(rows)


def show_forecast(review: TeamReview) -> None:
    lang, cur = review.language, review.currency
    f = review.analysis.forecast
    show_html(section("forecast", lang, "forecast_intro"))
    if f.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    notes = []
    if bool(f["complete"].iloc[0]):
        notes.append(
            trf("forecast.complete", lang, actual=format_value(f["actual_to_date"].iloc[0], "currency", cur))
        )
    tested = f.dropna(subset=["mape"])
    if len(tested):
        best = tested.loc[tested["mape"].idxmin()]
        notes.append(
            trf(
                "forecast.best",
                lang,
                n=int(best["n_backtest"]),
                method=tr(f"method.{best['method']}", lang),
                mape=format_value(best["mape"], "ratio"),
                next=format_value(best["next_period"], "currency", cur),
            )
        )
    frame = forecast_frame(review)
    show_html("".join(_p(n) for n in notes) + html_table(frame, numeric=list(frame.columns[1:])))


# ---------------------------------------------------------------------------------------------- customers
def tiers_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    t = review.analysis.tiers.dropna(subset=["tier"])
    total = t["revenue"].sum()
    g = (
        t.groupby("tier")
        .agg(customers=("customer_id", "count"), revenue=("revenue", "sum"))
        .reindex(["A", "B", "C"])
    )
    g = g.fillna(0)
    segments = t.groupby(["tier", "segment"]).size()
    rows = []
    for tier, r in g.iterrows():
        mix = segments[tier] if tier in segments.index.get_level_values(0) else pd.Series(dtype=int)
        parts = [f"{tr('segment.' + s, lang)} {n}" for s, n in mix.items()]
        rows.append(
            {
                tr("tier", lang): tier,
                tr("customers_count", lang): format_value(r["customers"], "count"),
                tr("revenue_12m", lang): format_value(r["revenue"], "currency", cur),
                tr("share", lang): format_value(r["revenue"] / total if total else float("nan"), "ratio"),
                tr("segment", lang): ", ".join(parts),
            }
        )
    return pd.DataFrame(rows)


def at_risk_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    a = review.analysis.at_risk.head(MAX_ROWS)
    names = review.analysis.names
    return pd.DataFrame(
        {
            tr("customer", lang): a["name"],
            tr("tier", lang): a["tier"],
            tr("owner", lang): [names.get(r, r) for r in a["rep_id"]],
            tr("revenue_12m", lang): a["revenue"].map(lambda v: format_value(v, "currency", cur)),
            tr("last_order", lang): pd.to_datetime(a["last_order"]).dt.strftime("%Y-%m-%d").fillna("–"),
            tr("days_quiet", lang): a["days_since_touch"].map(lambda v: format_value(v, "count")),
        }
    )


def show_customers(review: TeamReview) -> None:
    lang, cur = review.language, review.currency
    show_html(section("customers", lang, "customers_intro"))
    t = review.analysis.tiers
    if t.empty or t["tier"].isna().all():
        show_html(html.escape(tr("no_data", lang)))
        return
    frame = tiers_frame(review)
    show_html(html_table(frame, numeric=list(frame.columns[1:4])))
    a = review.analysis.at_risk
    if a.empty:
        show_html(_p(trf("at_risk.none", lang, days=AT_RISK_DAYS)))
        return
    total = t["revenue"].sum()
    summary = trf(
        "at_risk.summary",
        lang,
        n=len(a),
        revenue=format_value(a["revenue"].sum(), "currency", cur),
        share=format_value(a["revenue"].sum() / total if total else float("nan"), "ratio"),
        days=int(a["threshold_days"].iloc[0]),
        shown=min(MAX_ROWS, len(a)),
    )
    risk = at_risk_frame(review)
    show_html(_p(summary) + html_table(risk, numeric=[risk.columns[3], risk.columns[5]]))


# ---------------------------------------------------------------------------------------------- workload
def workload_frame(review: TeamReview) -> pd.DataFrame:
    lang = review.language
    w = review.analysis.workload
    return pd.DataFrame(
        {
            tr("rep", lang): w["name"],
            tr("level", lang): [tr(f"level.{v}", lang) for v in w["level"]],
            tr("activities_per_day", lang): w["activities_per_day"].map(lambda v: format_value(v, "per_day")),
            tr("hours", lang): w["hours"].map(lambda v: format_value(v, "hours")),
            tr("after_hours", lang): w["after_hours_share"].map(lambda v: format_value(v, "ratio")),
            tr("weekend", lang): w["weekend_share"].map(lambda v: format_value(v, "ratio")),
            tr("open_deals", lang): w["open_deals"].map(lambda v: format_value(v, "count")),
            tr("load_index", lang): w["load_index"].map(_times),
        }
    )


def workload_sentences(review: TeamReview) -> list[str]:
    """Imbalance, burnout and rebalancing findings, each with its numbers."""
    lang = review.language
    a = review.analysis
    names = a.names
    out = []
    flagged = a.imbalance[a.imbalance["flagged"]] if len(a.imbalance) else a.imbalance
    for r in flagged.itertuples(index=False):
        unit = "count" if r.metric == "open_deals" else "per_day"
        out.append(
            trf(
                "imbalance.flag",
                lang,
                who=names.get(r.most_loaded, r.most_loaded),
                max=format_value(r.max, unit),
                metric=tr(f"metric.{r.metric}", lang),
                ratio=_times(r.max_to_median),
                median=format_value(r.median, unit),
                threshold=_times(r.threshold),
            )
        )
    if len(a.imbalance) and flagged.empty:
        out.append(trf("imbalance.ok", lang, threshold=_times(float(a.imbalance["threshold"].iloc[0]))))
    for r in a.burnout.itertuples(index=False):
        out.append(_burnout_sentence(r._asdict(), names, lang))
    if a.burnout.empty:
        out.append(tr("burnout.none", lang))
    for r in a.rebalance.itertuples(index=False):
        out.append(
            trf(
                "rebalance.suggest",
                lang,
                n=int(r.deals_to_move),
                giver=names.get(r.from_rep, r.from_rep),
                from_deals=int(r.from_open_deals),
                receiver=names.get(r.to_rep, r.to_rep),
                to_deals=int(r.to_open_deals),
                median=f"{r.team_median:g}",
            )
        )
    return out


def _burnout_sentence(r: dict, names: dict[str, str], lang: str) -> str:
    ratio = lambda v: format_value(v, "ratio")  # noqa: E731
    return trf(
        "burnout.flag",
        lang,
        who=names.get(r["rep_id"], r["rep_id"]),
        act_before=format_value(r["activities_per_day_before"], "per_day"),
        act_recent=format_value(r["activities_per_day_recent"], "per_day"),
        act_change=f"{r['activity_change']:+.0%}",
        ah_before=ratio(r["after_hours_share_before"]),
        ah_recent=ratio(r["after_hours_share_recent"]),
        we_before=ratio(r["weekend_share_before"]),
        we_recent=ratio(r["weekend_share_recent"]),
        wr_before=ratio(r["win_rate_before"]),
        wr_recent=ratio(r["win_rate_recent"]),
        rpa_before=format_value(r["revenue_per_activity_before"], "per_day"),
        rpa_recent=format_value(r["revenue_per_activity_recent"], "per_day"),
        recent=f"{r['recent_start']}–{r['recent_end']}",
        before=f"{r['before_start']}–{_before(r['recent_start'])}",
    )


def show_workload(review: TeamReview) -> None:
    lang = review.language
    show_html(section("workload", lang, "workload_intro"))
    if review.analysis.workload.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    sentences = "".join(_p(s) for s in workload_sentences(review))
    frame = workload_frame(review)
    show_html(sentences + html_table(frame, numeric=list(frame.columns[2:])))


# ---------------------------------------------------------------------------------------------- risks
def risk_evidence(r: dict, review: TeamReview) -> str:
    """The evidence of one risk as a sentence with its numbers."""
    lang, cur = review.language, review.currency
    ev, names = r["evidence"], review.analysis.names
    money = lambda v: format_value(v, "currency", cur)  # noqa: E731
    ratio = lambda v: format_value(v, "ratio")  # noqa: E731
    kind = r["risk"]
    if kind == "stalled_deal":
        return trf(
            "evidence.stalled_deal",
            lang,
            amount=money(ev["amount"]),
            stage=_stage(ev["stage"], lang),
            days=int(r["value"]),
            threshold=int(r["threshold"]),
        )
    if kind == "stalled_pipeline":
        return trf(
            "evidence.stalled_pipeline",
            lang,
            n=ev["stalled_deals"],
            open=ev["open_deals"],
            amount=money(ev["stalled_amount"]),
            total=money(ev["open_amount"]),
            share=ratio(r["value"]),
            days=ev["days"],
            stage=_stage(ev["main_stage"], lang),
        )
    if kind == "customer_concentration":
        who = ", ".join(names.get(c, c) for c in ev["customers"])
        text = trf(
            "evidence.customer_concentration",
            lang,
            top=ev["top"],
            share=ratio(r["value"]),
            basis=tr(f"basis.{ev['basis']}", lang),
            total=money(ev["total"]),
            threshold=ratio(r["threshold"]),
        )
        return f"{text} ({who})"
    if kind == "rep_concentration":
        return trf(
            "evidence.rep_concentration",
            lang,
            share=ratio(r["value"]),
            basis=tr(f"basis.{ev['basis']}", lang),
            total=money(ev["total"]),
            reps=ev["reps"],
            threshold=ratio(r["threshold"]),
        )
    if kind == "below_target":
        history = ", ".join(f"{p} {ratio(v)}" for p, v in ev["attainment"].items())
        return trf(
            "evidence.below_target",
            lang,
            threshold=ratio(r["threshold"]),
            n=ev["periods_below"],
            history=history,
        )
    if kind == "rep_departed":
        key = "evidence.rep_departed" if r["value"] else "evidence.rep_departed_done"
        return trf(
            key,
            lang,
            date=ev.get("left_date", "–"),
            n=int(r["value"]),
            amount=money(ev.get("open_amount", 0)),
        )
    if kind == "activity_drop":
        return trf(
            "evidence.activity_drop",
            lang,
            value=format_value(r["value"], "per_day"),
            benchmark=format_value(r["benchmark"], "per_day"),
            threshold=ratio(r["threshold"]),
        )
    if kind == "burnout":
        return trf(
            "evidence.burnout",
            lang,
            act_change=f"{ev['activity_change']:+.0%}",
            ah_before=ratio(ev["after_hours_share_before"]),
            ah_recent=ratio(ev["after_hours_share_recent"]),
            wr_before=ratio(ev["win_rate_before"]),
            wr_recent=ratio(ev["win_rate_recent"]),
        )
    return ""


def risks_frame(review: TeamReview) -> tuple[pd.DataFrame, str]:
    """The register as formatted cells (stalled deals beyond :data:`MAX_ROWS` summarised in one line)."""
    lang, cur = review.language, review.currency
    risks = review.analysis.risks
    names = review.analysis.names
    deals = risks[risks["risk"] == "stalled_deal"]
    shown = pd.concat([risks[risks["risk"] != "stalled_deal"], deals.head(MAX_ROWS)])
    order = {"high": 0, "medium": 1, "low": 2}
    shown = shown.sort_values("severity", key=lambda s: s.map(order), kind="stable")
    rows = []
    for r in shown.to_dict("records"):
        subject = (
            names.get(str(r["subject_id"]), str(r["subject_id"])) if r["subject_id"] else review.team_name
        )
        if r["subject_type"] == "deal" and r["rep_id"]:
            subject = f"{subject} ({names.get(r['rep_id'], r['rep_id'])})"
        rows.append(
            {
                tr("severity", lang): tr(f"severity.{r['severity']}", lang),
                tr("risk", lang): tr(f"risk.{r['risk']}", lang),
                tr("subject", lang): subject,
                tr("evidence", lang): risk_evidence(r, review),
                tr("response", lang): tr(f"response.{r['response']}", lang) if r["response"] else "",
            }
        )
    rest = deals.iloc[MAX_ROWS:]
    more = ""
    if len(rest):
        amount = sum(e["amount"] for e in rest["evidence"])
        more = trf("risks.more_deals", lang, n=len(rest), amount=format_value(amount, "currency", cur))
    return pd.DataFrame(rows), more


def show_risks(review: TeamReview) -> None:
    lang = review.language
    show_html(section("risks", lang, "risks_intro"))
    if review.analysis.risks.empty:
        show_html(_p(tr("risks.none", lang)))
        return
    frame, more = risks_frame(review)
    show_html(html_table(frame) + (_p(more) if more else ""))


# ---------------------------------------------------------------------------------------------- people
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
        show_html(_p(tr("no_payouts", lang)))
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
    sentences = recognition_sentences(review) or [tr("no_recognition", lang)]
    items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
    show_html(section("recognition", lang) + f"<ul>{items}</ul>")
