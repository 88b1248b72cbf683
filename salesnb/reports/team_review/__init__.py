"""The team review's sections, each displayed by one call from ``notebooks/team_review.ipynb``.

The review itself is assembled in :mod:`salesnb.reviews.team`; here each section becomes HTML:

* :mod:`.performance`: the header, scorecard, goals, trend, rep comparison, funnel and activity;
* :mod:`.outlook`: KPI trends, the stage bottleneck and the revenue forecast;
* :mod:`.customers`: ABC tiers, RFM segments and the accounts going quiet;
* :mod:`.people`: workload and well-being, commission payouts and recognition;
* :mod:`.risks`: the risk register.

Every finding is a sentence built from an i18n template and the numbers behind it (the signals and
risks through :func:`salesnb.reports.findings.describe`); every name from the CRM (reps, customers,
deals) is escaped by :func:`~salesnb.text.formatting.html_table` or ``html.escape``.
"""

from salesnb.reports.team_review.common import MAX_ROWS
from salesnb.reports.team_review.customers import at_risk_frame, show_customers, tiers_frame
from salesnb.reports.team_review.headline import show_headline
from salesnb.reports.team_review.outlook import (
    bottleneck_sentence,
    forecast_frame,
    show_forecast,
    show_stages,
    show_trends,
    stages_frame,
    trends_frame,
)
from salesnb.reports.team_review.people import (
    payouts_frame,
    recognition_sentences,
    show_payouts,
    show_recognition,
    show_workload,
    workload_frame,
    workload_sentences,
)
from salesnb.reports.team_review.performance import (
    goals_frame,
    rep_links_html,
    reps_frame,
    scorecard_frame,
    show_activity,
    show_funnel,
    show_goals,
    show_header,
    show_reps,
    show_scorecard,
    show_trend,
)
from salesnb.reports.team_review.risks import risks_frame, show_risks, stalled_frame, stalled_summary

__all__ = [
    "MAX_ROWS",
    "at_risk_frame",
    "bottleneck_sentence",
    "forecast_frame",
    "goals_frame",
    "payouts_frame",
    "recognition_sentences",
    "rep_links_html",
    "reps_frame",
    "risks_frame",
    "scorecard_frame",
    "show_activity",
    "show_customers",
    "show_forecast",
    "show_funnel",
    "show_goals",
    "show_header",
    "show_headline",
    "show_payouts",
    "show_recognition",
    "show_reps",
    "show_risks",
    "show_scorecard",
    "show_stages",
    "show_trend",
    "show_trends",
    "show_workload",
    "stages_frame",
    "stalled_frame",
    "stalled_summary",
    "tiers_frame",
    "trends_frame",
    "workload_frame",
    "workload_sentences",
]
