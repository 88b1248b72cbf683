"""Charts for the reports: seaborn on matplotlib ``Figure`` objects, titled and labelled in the
report's language. Functions return the figure and keep no pyplot state, so they are safe to call from
any process and easy to test.
"""

from salesnb.charts.base import FONT_FALLBACK, anything_to_draw, available_fonts, description, figure
from salesnb.charts.org import (
    plot_attainment_bands,
    plot_on_target_trend,
    plot_team_ranking,
    plot_team_revenue,
)
from salesnb.charts.palette import PALETTE
from salesnb.charts.team import (
    plot_activity,
    plot_funnel,
    plot_rep_attainment,
    plot_revenue_moving_average,
    plot_revenue_trend,
)

__all__ = [
    "FONT_FALLBACK",
    "PALETTE",
    "anything_to_draw",
    "available_fonts",
    "description",
    "figure",
    "plot_activity",
    "plot_attainment_bands",
    "plot_funnel",
    "plot_on_target_trend",
    "plot_rep_attainment",
    "plot_revenue_moving_average",
    "plot_revenue_trend",
    "plot_team_ranking",
    "plot_team_revenue",
]
