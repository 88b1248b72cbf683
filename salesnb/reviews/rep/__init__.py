"""The rep review, assembled in one place: :class:`RepReview` and its loader (:mod:`.review`), the
comparison with the team and the peers (:mod:`.benchmarks`), last period's coaching plan
followed through (:mod:`.coaching_goals`).
:mod:`salesnb.reports.rep_review` renders its sections."""

from salesnb.reviews.rep.benchmarks import (
    FEEDBACK_COLUMNS,
    MIN_DIFF,
    NOT_COMPARED,
    SCORECARD_COLUMNS,
    TEAM_MEDIAN_SIGNALS,
    TOP,
    group_median,
    guard_signals,
    peer_stats,
    relative_diff,
    strengths_and_gaps,
)
from salesnb.reviews.rep.coaching_goals import (
    FOLLOW_COLUMNS,
    follow_through,
)
from salesnb.reviews.rep.review import TREND_KPIS, WORKLOAD_METRICS, RepReview, active_reps, load_rep_review

__all__ = [
    "FEEDBACK_COLUMNS",
    "FOLLOW_COLUMNS",
    "MIN_DIFF",
    "NOT_COMPARED",
    "SCORECARD_COLUMNS",
    "TEAM_MEDIAN_SIGNALS",
    "TOP",
    "TREND_KPIS",
    "WORKLOAD_METRICS",
    "RepReview",
    "active_reps",
    "follow_through",
    "group_median",
    "guard_signals",
    "load_rep_review",
    "peer_stats",
    "relative_diff",
    "strengths_and_gaps",
]
