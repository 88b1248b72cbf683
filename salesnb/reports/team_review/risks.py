"""The risk register: every risk with its severity, evidence (:func:`salesnb.reports.findings.describe`)
and suggested response."""

from __future__ import annotations

from typing import cast

import pandas as pd

from salesnb.analysis.evidence import StalledDealEvidence
from salesnb.analysis.findings import RiskKind
from salesnb.reports.display import paragraph, section, show_html
from salesnb.reports.findings import describe
from salesnb.reports.team_review.common import MAX_ROWS
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_value, html_table
from salesnb.text.i18n import tr, trf


def risks_frame(review: TeamReview) -> tuple[pd.DataFrame, str]:
    """The register as formatted cells, most severe first (stalled deals beyond :data:`MAX_ROWS`
    summarised in one line)."""
    lang, cur = review.language, review.currency
    names = review.analysis.names
    risks = review.analysis.risks
    deals = [r for r in risks if r.kind == RiskKind.STALLED_DEAL]
    shown = [r for r in risks if r.kind != RiskKind.STALLED_DEAL] + deals[:MAX_ROWS]
    rows = []
    for r in sorted(shown, key=lambda r: r.severity.rank):
        team = not r.subject.id or (r.subject.kind == "team" and r.subject.id == review.team_id)
        subject = review.team_name if team else names.get(str(r.subject.id), str(r.subject.id))
        if r.subject.kind == "deal" and r.rep_id:
            subject = f"{subject} ({names.get(r.rep_id, r.rep_id)})"
        rows.append(
            {
                tr("severity", lang): tr(f"severity.{r.severity}", lang),
                tr("risk", lang): tr(f"risk.{r.kind}", lang),
                tr("subject", lang): subject,
                tr("evidence", lang): describe(r, lang, cur, names),
                tr("response", lang): tr(f"response.{r.response}", lang) if r.response else "",
            }
        )
    rest = deals[MAX_ROWS:]
    more = ""
    if rest:
        amount = sum(cast(StalledDealEvidence, r.evidence).amount for r in rest)
        more = trf("risks.more_deals", lang, n=len(rest), amount=format_value(amount, "currency", cur))
    return pd.DataFrame(rows), more


def show_risks(review: TeamReview) -> None:
    lang = review.language
    show_html(section("risks", lang, "risks_intro"))
    if not review.analysis.risks:
        show_html(paragraph(tr("risks.none", lang)))
        return
    frame, more = risks_frame(review)
    show_html(html_table(frame) + (paragraph(more) if more else ""))
