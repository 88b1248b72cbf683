"""Incentives: commission plans from ``params/commission_plans.yaml``, per-rep statements and payouts."""

from salesnb.incentives.payouts import (
    PAYOUT_COLUMNS,
    REP_COLUMNS,
    TEAM_COLUMNS,
    combine_payouts,
    goals_met_by_rep,
    payouts,
    period_payouts,
    rep_inputs,
    statements,
    with_goal_pay,
)
from salesnb.incentives.plans import FILE, Bonus, Plan, PlanSet, Tier, load_plans
from salesnb.incentives.statement import LINE_CODES, Line, Statement, commission, money

__all__ = [
    "FILE",
    "LINE_CODES",
    "PAYOUT_COLUMNS",
    "REP_COLUMNS",
    "TEAM_COLUMNS",
    "Bonus",
    "Line",
    "Plan",
    "PlanSet",
    "Statement",
    "Tier",
    "combine_payouts",
    "commission",
    "goals_met_by_rep",
    "load_plans",
    "money",
    "payouts",
    "period_payouts",
    "rep_inputs",
    "statements",
    "with_goal_pay",
]
