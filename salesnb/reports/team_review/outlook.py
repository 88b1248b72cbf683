"""Where the team is heading: each KPI against its trends, the stage bottleneck and the revenue forecast."""

from __future__ import annotations

import html
import math

import pandas as pd

from salesnb import charts
from salesnb.analysis.deal_forecast import COMMIT_PROBABILITY
from salesnb.analysis.forecast import MIN_RANGE_BACKTESTS, UNRELIABLE_WAPE
from salesnb.kpis.measures.pipeline import STALLED_DAYS
from salesnb.periods import Period
from salesnb.reports.display import paragraph, section, show_figure, show_html
from salesnb.reports.missing import missing_html
from salesnb.reports.team_review.common import times
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_change, format_value, html_table, kpi_label, with_left_out
from salesnb.text.i18n import tr, trf


def _stage(stage: str, lang: str) -> str:
    return tr(f"stage.{stage}", lang)


def _before(label: str) -> str:
    return Period.parse(label).previous().label


# ---------------------------------------------------------------------------------------------- trends
def trends_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    t = review.analysis.trends
    left_out = review.scorecard.set_index("kpi")["left_out"] if "left_out" in review.scorecard else {}
    rows = []
    for r in t.itertuples(index=False):
        unit = str(r.unit)
        value = format_value(r.value, unit, cur)
        # what the value left out, as the scorecard says it (a – whose records were all left out too)
        value = with_left_out(value, r.kpi, left_out.get(r.kpi, 0), lang)
        rows.append(
            {
                tr("kpi", lang): kpi_label(r.kpi, lang),
                tr("value", lang): value,
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
    if charts.anything_to_draw(series):
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
    threshold = times(float(worst["threshold"]))
    if bool(worst["is_bottleneck"]) and bool(worst["significant"]):
        return trf(
            "bottleneck.found",
            lang,
            stage=_stage(worst["stage"], lang),
            conversion=format_value(worst["conversion"], "ratio"),
            baseline_conversion=format_value(worst["baseline_conversion"], "ratio"),
            days=format_value(worst["median_days"], "days"),
            baseline_days=format_value(worst["baseline_median_days"], "days"),
            ratio=times(float(worst["deterioration"])),
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
            ratio=times(float(slowest["deterioration"])),
            threshold=threshold,
        )
    return trf(
        "bottleneck.none",
        lang,
        stage=_stage(worst["stage"], lang),
        ratio=times(float(worst["deterioration"])),
        threshold=threshold,
    )


def show_stages(review: TeamReview) -> None:
    lang = review.language
    s = review.analysis.stages
    missing = missing_html(review.inputs, "stages", "team", lang)
    if missing:
        show_html(section("stages", lang) + missing)
        return
    if s.empty:
        show_html(section("stages", lang) + paragraph(tr("bottleneck.too_few", lang)))
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
    body = f"{section('stages', lang)}{paragraph(intro)}{finding}"
    show_html(body + html_table(frame, numeric=list(frame.columns[1:])))


# ---------------------------------------------------------------------------------------------- forecast
def rounded(value: float, step: float, currency: str) -> str:
    """A forecast as money, rounded to the ``step`` its error allows (as it is when the step is unknown).

    >>> rounded(1_486_232.0, 100_000.0, "CNY"), rounded(477_083.0, 10_000.0, "CNY")
    ('¥1,500,000', '¥480,000')
    """
    if math.isfinite(value) and math.isfinite(step) and step > 1:
        value = round(value / step) * step
    return format_value(value, "currency", currency)


def forecast_range(r: object, currency: str) -> str:
    """The next period's range from the backtest errors (a row of the forecast), rounded like it."""
    low, high, step = (getattr(r, c) for c in ("next_low", "next_high", "step"))
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    return f"{rounded(low, step, currency)} – {rounded(high, step, currency)}"


def forecast_frame(review: TeamReview) -> pd.DataFrame:
    lang, cur = review.language, review.currency
    f = review.analysis.forecast
    rows = []
    for r in f.itertuples(index=False):
        wape = format_value(r.wape, "ratio")
        if r.reason and (isinstance(r.wape, float) and math.isnan(r.wape)):
            wape = f"– ({tr('forecast.reason.' + str(r.reason), lang)})"
        elif r.forecasts_nothing:  # off by exactly 100 %: no forecast at all, whatever the others' error
            wape = f"{wape} ({tr('forecast.forecasts_nothing', lang)})"
        # a finished period's figure is the actual revenue, exact; a forecast is rounded to its error
        this = (
            format_value(r.this_period, "currency", cur)
            if r.complete
            else rounded(r.this_period, r.step, cur)
        )
        rows.append(
            {
                tr("method", lang): tr(f"method.{r.method}", lang),
                tr("this_period", lang): this,
                tr("next_period", lang): rounded(r.next_period, r.step, cur),
                tr("forecast.range", lang): forecast_range(r, cur),
                tr("wape", lang): wape,
                tr("forecast.reliability", lang): tr(
                    "forecast.unreliable" if r.unreliable else "forecast.usable", lang
                )
                if math.isfinite(r.wape)
                else "–",
                tr("bias", lang): "–" if math.isnan(r.bias) else f"{r.bias:+.0%}",
                tr("backtest_periods", lang): format_value(r.n_backtest, "count"),
            }
        )
    return pd.DataFrame(rows)


def best_sentence(review: TeamReview) -> str:
    """The most reliable method's next period with its range, or that none is reliable ("" untested).

    A method that forecast 0 in every backtest is never the best: it forecasts nothing."""
    lang, cur = review.language, review.currency
    f = review.analysis.forecast
    tested = f[f["wape"].notna() & ~f["forecasts_nothing"].astype(bool)]
    if tested.empty:
        return ""
    best = tested.loc[tested["wape"].idxmin()]
    span = forecast_range(best, cur)
    key = "forecast.none_reliable" if best["unreliable"] else "forecast.best"
    sentence = trf(
        key + ("_no_range" if span == "–" else ""),
        lang,
        n=int(best["n_backtest"]),
        method=tr(f"method.{best['method']}", lang),
        wape=format_value(best["wape"], "ratio"),
        next=rounded(best["next_period"], best["step"], cur),
        range=span,
        threshold=format_value(UNRELIABLE_WAPE, "ratio"),
    )
    if span == "–" and best["n_backtest"] < MIN_RANGE_BACKTESTS:  # say why there is no range
        sentence += trf("forecast.few_backtests", lang, n=int(best["n_backtest"]), min=MIN_RANGE_BACKTESTS)
    return sentence


def deal_sentences(review: TeamReview) -> list[str]:
    """Commit and best case of each period forecast from the deals (:mod:`salesnb.analysis.deal_forecast`)."""
    lang, cur = review.language, review.currency
    money = lambda v: format_value(v, "currency", cur)  # noqa: E731
    out = []
    for r in review.analysis.deal_forecast.itertuples(index=False):
        out.append(
            trf(
                "forecast.deals",
                lang,
                period=r.period,
                commit=money(r.commit),
                commit_deals=r.commit_deals,
                probability=format_value(COMMIT_PROBABILITY, "ratio"),
                best=money(r.best_case),
                best_deals=r.best_case_deals,
                unstalled=money(r.best_case_unstalled),
                stalled=r.stalled_deals,
                won=trf("forecast.deals_won", lang, won=money(r.won)) if r.won else "",
                commit_stalled=trf("forecast.commit_stalled", lang, n=r.commit_stalled)
                if r.commit_stalled
                else "",
            )
        )
    return out


def coverage_sentence(review: TeamReview) -> str:
    """Pipeline coverage at the period end with and without the stalled deals, in words ("" without a
    coverage: no quota next period, or no deal data)."""
    c, lang = review.coverage, review.language
    if not c or not math.isfinite(c.get("with", math.nan)):
        return ""
    money = lambda v: format_value(v, "currency", review.currency)  # noqa: E731
    common = {"period": review.period.label, "with_": format_value(c["with"], "multiple"),
              "pipeline": money(c["pipeline"]), "days": STALLED_DAYS}  # fmt: skip
    if not c.get("stalled_deals"):
        return trf("forecast.coverage_no_stall", lang, **common)
    return trf(
        "forecast.coverage", lang, **common, n=int(c["stalled_deals"]), stalled=money(c["stalled_amount"]),
        without=format_value(c["without"], "multiple"),
    )  # fmt: skip


def revenue_known(review: TeamReview) -> tuple[float, int]:
    """The team's revenue in the period and how many of its won deals have no amount (left out of it)."""
    row = review.scorecard[review.scorecard["kpi"] == "revenue"]
    if row.empty or "left_out" not in row:
        return 0.0, 0
    value, left_out = row["value"].iloc[0], row["left_out"].iloc[0]
    return (0.0 if pd.isna(value) else float(value)), (0 if pd.isna(left_out) else int(left_out))


def show_forecast(review: TeamReview) -> None:
    lang, cur = review.language, review.currency
    f = review.analysis.forecast
    show_html(section("forecast", lang, "forecast_intro"))
    if f.empty:
        show_html(html.escape(tr("no_data", lang)))
        return
    revenue, unknown = revenue_known(review)
    if unknown and not revenue:  # every won deal lacks an amount: a forecast of R$0 would be invented
        show_html(paragraph(trf("forecast.no_amounts", lang, n=f"{unknown:,}", period=review.period.label)))
        return
    notes = []
    if unknown:  # some won deals lack an amount: the forecasts understate by them
        notes.append(trf("forecast.some_amounts", lang, n=f"{unknown:,}", period=review.period.label))
    if bool(f["complete"].iloc[0]):
        notes.append(
            trf("forecast.complete", lang, actual=format_value(f["actual_to_date"].iloc[0], "currency", cur))
        )
    best = best_sentence(review)
    notes += [best] if best else []
    notes += deal_sentences(review)
    notes += [s for s in [coverage_sentence(review)] if s]
    frame = forecast_frame(review)
    show_html("".join(paragraph(n) for n in notes) + html_table(frame, numeric=list(frame.columns[1:])))
