"""The rep review's sections, each displayed by one call from ``notebooks/rep_review.ipynb``.

The review itself is assembled in :mod:`salesnb.reviews.rep`; here each section becomes HTML:

* :mod:`.scorecard`: the header, the scorecard against target, team and peers, the goals, the trend and
  the workload;
* :mod:`.conversation`: strengths and gaps, the coaching plan, last period's plan followed through, the 1:1
  agenda and the manager's notes;
* :mod:`.commission`: the commission statement, line by line;
* :mod:`.phrases`: the sentences they share (a KPI against its benchmarks, a signal, an action's goal);
* :mod:`.paths`: where the rep reviews are written and the team review's links to them.

Every sentence is built from an i18n template filled with formatted numbers, and every string that
reaches the HTML is escaped (:func:`html.escape` or :func:`salesnb.text.formatting.html_table`).
"""

from salesnb.reports.rep_review.commission import (
    line_text,
    money,
    rate_text,
    show_commission,
    statement_frame,
    statement_heading,
)
from salesnb.reports.rep_review.conversation import (
    EFFORT_KPIS,
    follow_frame,
    gap_items,
    gap_sentences,
    notes_html,
    plan_frame,
    recognition,
    result_text,
    show_agenda,
    show_feedback,
    show_follow_through,
    show_notes,
    show_plan,
    strength_sentences,
)
from salesnb.reports.rep_review.headline import show_headline
from salesnb.reports.rep_review.paths import rep_review_dir, rep_review_links
from salesnb.reports.rep_review.phrases import (
    action_evidence,
    goal_text,
    kpi_sentence,
    module_text,
    peer_group,
    rank_phrase,
    signal_sentence,
)
from salesnb.reports.rep_review.plan_record import PLAN_MIME, plan_from_notebook, record_plan
from salesnb.reports.rep_review.scorecard import (
    benchmark_notes,
    goals_frame,
    position_frame,
    scorecard_frame,
    show_goals,
    show_header,
    show_scorecard,
    show_trend,
    show_workload,
)

__all__ = [
    "EFFORT_KPIS",
    "PLAN_MIME",
    "action_evidence",
    "benchmark_notes",
    "follow_frame",
    "gap_items",
    "gap_sentences",
    "goal_text",
    "goals_frame",
    "kpi_sentence",
    "line_text",
    "module_text",
    "money",
    "notes_html",
    "peer_group",
    "plan_frame",
    "plan_from_notebook",
    "position_frame",
    "rank_phrase",
    "rate_text",
    "recognition",
    "record_plan",
    "rep_review_dir",
    "rep_review_links",
    "result_text",
    "scorecard_frame",
    "show_agenda",
    "show_commission",
    "show_feedback",
    "show_follow_through",
    "show_goals",
    "show_header",
    "show_headline",
    "show_notes",
    "show_plan",
    "show_scorecard",
    "show_trend",
    "show_workload",
    "signal_sentence",
    "statement_frame",
    "statement_heading",
    "strength_sentences",
]
