"""Reviews: the data behind each report, assembled from the warehouse and the KPI engine."""

from salesnb.reviews.team import TeamReview, load_team_review

__all__ = ["TeamReview", "load_team_review"]
