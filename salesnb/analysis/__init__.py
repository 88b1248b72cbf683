"""The analysis layer of the team review: trends, stage bottleneck, forecasts, customer tiers, workload,
per-rep signals and the risk register.

Every function is pure: it takes the slice frames of :func:`salesnb.warehouse.slices.load_slice` (or
frames computed from them) and a :class:`~salesnb.periods.Period`, and returns numbers with
machine-readable codes (``reason``, a kind, a ``response``) and the numbers behind each finding (value,
benchmark, threshold), so the report layer can phrase them in any language: a DataFrame, or for the
signals and risks typed records (:mod:`salesnb.analysis.findings`). Thresholds are module constants,
documented where they are defined, and keyword arguments of the functions. ``docs/analysis.md``
describes each analysis.
"""

from salesnb.analysis.findings import Risk, RiskKind, Severity, Signal, SignalKind, risk_frame, signal_frame
from salesnb.analysis.forecast import forecast_revenue
from salesnb.analysis.rebalancing import rebalance_suggestion
from salesnb.analysis.risks import concentration, risk_register, stalled_deals
from salesnb.analysis.signals import rep_signals
from salesnb.analysis.stages import find_bottleneck, stage_stats
from salesnb.analysis.tiering import abc_tiers, at_risk_accounts, customer_tiers, rfm_scores
from salesnb.analysis.trends import measure_trends, team_trends
from salesnb.analysis.workload import burnout_signals, rep_workload, team_imbalance

__all__ = [
    "Risk",
    "RiskKind",
    "Severity",
    "Signal",
    "SignalKind",
    "abc_tiers",
    "at_risk_accounts",
    "burnout_signals",
    "concentration",
    "customer_tiers",
    "find_bottleneck",
    "forecast_revenue",
    "measure_trends",
    "rebalance_suggestion",
    "rep_signals",
    "rep_workload",
    "rfm_scores",
    "risk_frame",
    "risk_register",
    "signal_frame",
    "stage_stats",
    "stalled_deals",
    "team_imbalance",
    "team_trends",
]
