"""The risk register: every risk with its severity, evidence (:func:`salesnb.reports.findings.describe`)
and suggested response; the stalled deals in one table of their own (deal, owner, stage, amount, days in
the stage), summarised by one sentence, rather than a repeated row per deal."""

from __future__ import annotations

from typing import cast

import pandas as pd

from salesnb.analysis.evidence import StalledDealEvidence
from salesnb.analysis.findings import Risk, RiskKind
from salesnb.reports.display import paragraph, section, show_html
from salesnb.reports.findings import describe
from salesnb.reports.team_review.common import MAX_ROWS
from salesnb.reviews.team import TeamReview
from salesnb.text.formatting import format_value, html_table
from salesnb.text.i18n import tr, trf


def _stalled(review: TeamReview) -> list[Risk]:
    return [r for r in review.analysis.risks if r.kind == RiskKind.STALLED_DEAL]


def risks_frame(review: TeamReview) -> tuple[pd.DataFrame, str]:
    """The register as formatted cells, most severe first, without the stalled deals (see
    :func:`stalled_frame`); the second item is the one sentence summarising those ("" when none)."""
    lang, cur = review.language, review.currency
    names = review.analysis.names
    rows = []
    for r in sorted(review.analysis.risks, key=lambda r: r.severity.rank):
        if r.kind == RiskKind.STALLED_DEAL:
            continue
        team = not r.subject.id or (r.subject.kind == "team" and r.subject.id == review.team_id)
        subject = review.team_name if team else names.get(str(r.subject.id), str(r.subject.id))
        rows.append(
            {
                tr("severity", lang): tr(f"severity.{r.severity}", lang),
                tr("risk", lang): tr(f"risk.{r.kind}", lang),
                tr("subject", lang): subject,
                tr("evidence", lang): describe(r, lang, cur, names),
                tr("response", lang): tr(f"response.{r.response}", lang) if r.response else "",
            }
        )
    return pd.DataFrame(rows), stalled_summary(review)


def stalled_summary(review: TeamReview) -> str:
    """One sentence on every stalled deal: how many, how much, the longest stall and the response."""
    deals = _stalled(review)
    if not deals:
        return ""
    lang = review.language
    amount = sum(cast(StalledDealEvidence, r.evidence).amount for r in deals)
    return trf(
        "risks.stalled_summary",
        lang,
        n=len(deals),
        amount=format_value(amount, "currency", review.currency),
        days=int(deals[0].threshold),
        longest=int(max(r.value for r in deals)),
        response=tr(f"response.{deals[0].response}", lang),
    )


def stalled_frame(review: TeamReview) -> tuple[pd.DataFrame, str]:
    """The stalled deals, longest in their stage first, at most :data:`MAX_ROWS` (the rest in one line):
    deal, owner, stage, amount, since, days in stage."""
    lang, cur = review.language, review.currency
    names = review.analysis.names
    deals = sorted(_stalled(review), key=lambda r: (-r.value, -cast(StalledDealEvidence, r.evidence).amount))
    rows = []
    for r in deals[:MAX_ROWS]:
        ev = cast(StalledDealEvidence, r.evidence)
        rows.append(
            {
                tr("deal", lang): names.get(str(r.subject.id), str(r.subject.id)),
                tr("owner", lang): names.get(r.rep_id, r.rep_id) if r.rep_id else "–",
                tr("stage", lang): tr(f"stage.{ev.stage}", lang),
                tr("amount", lang): format_value(ev.amount, "currency", cur),
                tr("in_stage_since", lang): ev.stage_entered_at[:10],
                tr("days_in_stage", lang): f"{int(r.value):,}",
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
    frame, summary = risks_frame(review)
    out = html_table(frame) if len(frame) else ""
    if summary:
        table, more = stalled_frame(review)
        numeric = list(table.columns[3:4]) + list(table.columns[5:])
        out += paragraph(summary) + html_table(table, numeric=numeric) + (paragraph(more) if more else "")
    show_html(out)
