"""The customers section: ABC tiers and RFM segments, and the A/B accounts going quiet."""

from __future__ import annotations

import html

import pandas as pd

from salesnb.analysis.tiering import AT_RISK_DAYS
from salesnb.reports.display import paragraph, section, show_html
from salesnb.reports.missing import missing_html
from salesnb.reports.team_review.common import MAX_ROWS
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_value, html_table
from salesnb.text.i18n import tr, trf


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
    missing = missing_html(review.inputs, "customers", "team", lang)
    if missing:
        show_html(missing)
        return
    t = review.analysis.tiers
    if t.empty or t["tier"].isna().all():
        show_html(html.escape(tr("no_data", lang)))
        return
    frame = tiers_frame(review)
    show_html(html_table(frame, numeric=list(frame.columns[1:4])))
    a = review.analysis.at_risk
    if a.empty:
        show_html(paragraph(trf("at_risk.none", lang, days=AT_RISK_DAYS)))
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
    show_html(paragraph(summary) + html_table(risk, numeric=[risk.columns[3], risk.columns[5]]))
