"""The evidence of each kind of finding: the numbers behind a signal or a risk beyond its value,
benchmark and threshold, as typed fields (:mod:`salesnb.analysis.findings` says which kind carries
which class)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np


@dataclass(frozen=True)
class Evidence:
    """The numbers behind a finding beyond its value, benchmark and threshold (numpy scalars are stored
    as Python numbers, so the evidence compares, prints and serialises plainly)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.generic):
                object.__setattr__(self, f.name, value.item())

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LowContactEvidence(Evidence):
    periods: int  # the window the rate is read over
    dials: int
    connects: int
    peers: int  # reps judged, the rep included
    margin: float
    ratio_to_median: float
    floor: float | None = None  # the rule's own level, when one is set


@dataclass(frozen=True)
class HighActivityEvidence(Evidence):
    periods: int  # the window the rates are read over
    dials_per_day: float
    win_rate: float
    win_rate_median: float
    win_rate_threshold: float
    revenue_per_activity: float
    revenue_per_activity_median: float
    revenue_per_activity_threshold: float
    deals_closed: int
    peers: int  # reps compared, the rep included


@dataclass(frozen=True)
class RampingEvidence(Evidence):
    hire_date: str


@dataclass(frozen=True)
class DepartedEvidence(Evidence):
    left_date: str
    status: str | None


@dataclass(frozen=True)
class HandoverEvidence(DepartedEvidence):
    """A departure in the risk register: the open deals still in the rep's name."""

    open_amount: float
    opportunity_ids: list[str]


@dataclass(frozen=True)
class BurnoutEvidence(Evidence):
    """One row of :func:`salesnb.analysis.workload.burnout_signals` (recent window against the one before)."""

    periods: int  # length of each window
    activities_per_day_before: float
    activities_per_day_recent: float
    after_hours_share_before: float
    after_hours_share_recent: float
    weekend_share_before: float
    weekend_share_recent: float
    win_rate_before: float
    win_rate_recent: float
    revenue_per_activity_before: float
    revenue_per_activity_recent: float
    activity_change: float
    after_hours_change: float
    weekend_change: float
    win_rate_change: float
    revenue_per_activity_change: float
    effort_up: bool
    results_down: bool
    activity_up: float
    out_of_hours_up: float
    results_down_threshold: float
    before_start: str
    recent_start: str
    recent_end: str


@dataclass(frozen=True)
class BelowTargetEvidence(Evidence):
    periods_below: int
    attainment: dict[str, float]  # period label -> attainment, oldest first
    required_periods: int
    window: int = 1  # periods each attainment is read over (3: a rolling quarter of months)


@dataclass(frozen=True)
class SatisfactionDropEvidence(Evidence):
    survey: str  # csat or nps
    before: float
    recent: float
    responses_before: int
    responses_recent: int
    periods: int  # each window's length; the recent one ends with the period
    min_responses: int


@dataclass(frozen=True)
class ActivityDropEvidence(Evidence):
    share: float
    baseline_periods: int


@dataclass(frozen=True)
class StalledDealEvidence(Evidence):
    stage: str
    amount: float
    customer_id: str
    stage_entered_at: str


@dataclass(frozen=True)
class StalledPipelineEvidence(Evidence):
    stalled_deals: int
    open_deals: int
    stalled_amount: float
    open_amount: float
    main_stage: str
    deals_by_stage: dict[str, int]
    days: int


@dataclass(frozen=True)
class CustomerConcentrationEvidence(Evidence):
    basis: str  # revenue or pipeline
    customers: list[str]
    top: int
    total: float


@dataclass(frozen=True)
class RepConcentrationEvidence(Evidence):
    basis: str  # revenue or pipeline
    reps: int
    total: float
