"""The team review, assembled in one place: :class:`TeamReview` and its loader (:mod:`.review`), and the
analysis half it carries (:mod:`.analysis`: trends, stages, forecast, customers, workload, signals,
risks, payouts and recognition). :mod:`salesnb.reports.team_review` renders its sections."""

from salesnb.reviews.team.analysis import (
    ANALYSIS_MONTHS,
    TeamAnalysis,
    analyse_team,
    team_payouts,
    team_recognition,
)
from salesnb.reviews.team.review import RECORD_MEASURES, TeamReview, load_team_review, without_zero_quota

__all__ = [
    "ANALYSIS_MONTHS",
    "RECORD_MEASURES",
    "TeamAnalysis",
    "TeamReview",
    "analyse_team",
    "load_team_review",
    "team_payouts",
    "team_recognition",
    "without_zero_quota",
]
