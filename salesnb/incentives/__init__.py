"""Incentives: commission plans from ``params/commission_plans.yaml``, per-rep statements and payouts."""

from salesnb.incentives.payouts import (
    PAYOUT_COLUMNS,
    REP_COLUMNS,
    TEAM_COLUMNS,
    combine_payouts,
    earnable_goals,
    goals_met_by_rep,
    payouts,
    pending_goals_by_rep,
    period_payouts,
    rep_inputs,
    rep_statement,
    statements,
    with_goal_pay,
)
from salesnb.incentives.plans import FILE, Bonus, Plan, PlanSet, Tier, load_plans
from salesnb.incentives.statement import LINE_CODES, Line, NextTier, Statement, commission, money, what_if

__all__ = [
    "FILE",
    "LINE_CODES",
    "PAYOUT_COLUMNS",
    "REP_COLUMNS",
    "TEAM_COLUMNS",
    "Bonus",
    "Line",
    "NextTier",
    "Plan",
    "PlanSet",
    "Statement",
    "Tier",
    "combine_payouts",
    "commission",
    "earnable_goals",
    "goals_met_by_rep",
    "load_plans",
    "money",
    "payouts",
    "pending_goals_by_rep",
    "period_payouts",
    "rep_inputs",
    "rep_statement",
    "statements",
    "what_if",
    "with_goal_pay",
]
