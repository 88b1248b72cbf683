"""The commission statement: each line of the month's commission as a sentence with its numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.incentives import Line, Statement
from salesnb.reports.display import paragraph, show_html
from salesnb.reports.rep_review.phrases import section, value_text
from salesnb.reviews.rep import RepReview
from salesnb.text.formatting import currency_symbol, html_table, kpi_label, unit_of
from salesnb.text.i18n import tr, trf


def money(value: float, currency: str) -> str:
    """An amount of a statement: whole amounts without cents, others with.

    >>> money(1650.0, "CNY"), money(4819.2, "CNY"), money(-120.5, "USD")
    ('¥1,650', '¥4,819.20', '-$120.50')
    """
    if value is None or not np.isfinite(value):
        return "–"
    symbol = currency_symbol(currency)
    sign = "-" if value < 0 else ""
    body = f"{abs(value):,.0f}" if float(value).is_integer() else f"{abs(value):,.2f}"
    return f"{sign}{symbol}{body}"


def rate_text(rate: float) -> str:
    """A commission rate as written in a plan: ``0.03`` → ``3%``, ``0.004`` → ``0.4%``."""
    return f"{round(rate * 100, 6):g}%"


def line_text(review: RepReview, line: Line, month: str) -> str:
    """One line of a commission statement as a sentence with its numbers."""
    lang, cur = review.language, review.currency
    kind = tr(f"rep.tier.{line.kind}", lang) if line.kind else ""
    r = value_text(review, line.from_attainment, "ratio"), value_text(review, line.to_attainment, "ratio")
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
    if line.code == "bonus_goal_pending":
        status = tr(f"status.{line.status}", lang)
        return trf(
            "rep.line.bonus_goal_pending",
            lang,
            goal=line.goal,
            bonus=bonus,
            period=line.period,
            status=status,
        )
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
            value=value_text(review, line.value, unit),
            limit=value_text(review, limit, unit),
            bonus=bonus,
        )
    return trf("rep.line.total", lang, month=month)


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
        attainment=value_text(review, s.attainment, "ratio"),
        **common,
    )


def what_if_text(review: RepReview, s: Statement) -> str:
    """What exactly 100 % of quota pays under the plan, and where the next tier starts: empty without a
    quota."""
    if s.quota is None or s.at_quota is None:
        return ""
    lang, cur = review.language, review.currency
    text = trf("rep.what_if", lang, quota=money(s.quota, cur), at_quota=money(s.at_quota, cur))
    n = s.next_tier
    if n is None:
        return text + trf("rep.what_if_top", lang, tier=s.tier)
    gap = money(max(n.revenue - s.revenue, 0.0), cur)
    if n.from_attainment == 1.0:  # it starts where the quota sentence ends: its pay there is the same
        return text + trf("rep.what_if_at_quota", lang, tier=n.tier, rate=rate_text(n.rate), gap=gap)
    return text + trf(
        "rep.what_if_next",
        lang,
        tier=n.tier,
        rate=rate_text(n.rate),
        edge=value_text(review, n.from_attainment, "ratio"),
        revenue=money(n.revenue, cur),
        gap=gap,
        pay=money(n.commission, cur),
    )


def show_commission(review: RepReview) -> None:
    lang = review.language
    parts = [section(review, "rep.commission", tr("rep.commission_intro", lang))]
    if review.period.grain == "week":
        show_html("".join(parts) + paragraph(tr("rep.no_commission_week", lang)))
        return
    if not review.statements:
        show_html("".join(parts) + paragraph(tr("rep.no_commission", lang)))
        return
    for month, s in review.statements:
        frame = statement_frame(review, month, s)
        what_if = what_if_text(review, s)
        parts.append(
            paragraph(statement_heading(review, month, s))
            + html_table(frame, numeric=[frame.columns[1]])
            + (paragraph(what_if) if what_if else "")
        )
    if len(review.statements) > 1:
        total = sum(s.total for _, s in review.statements)
        parts.append(
            paragraph(
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
