"""The fewest records a rate needs before it is judged: one table for the coaching (strengths, gaps,
benchmarks, rules) and the risk register (a satisfaction drop), which ``min_sample`` of
``params/coaching_rules.yaml`` overrides for both."""

from __future__ import annotations

#: The fewest records a rate needs to be ranked: surveys 10 responses (one response moves NPS by 10
#: points at most then), closed deals 5, calls 50, leads 20, customers 10, activities 20.
DEFAULT_MIN_SAMPLE: dict[str, int] = {
    "csat": 10,
    "nps": 10,
    "win_rate": 5,
    "contact_rate": 50,
    "lead_conversion_rate": 20,
    "retention_rate": 10,
    "churn_rate": 10,
    "repeat_purchase_rate": 10,
    "after_hours_share": 20,
    "weekend_share": 20,
}
#: The survey KPIs whose responses are their sample.
SURVEYS = ("csat", "nps")
