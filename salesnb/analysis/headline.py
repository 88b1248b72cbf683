"""The headline of a review: what it already found, ranked once, so the first screen says what matters.

A review's analysis yields signals, risks, a stage bottleneck, a forecast's reliability, goals behind and
coaching gaps; each becomes a :class:`Candidate` here (by the report layer, which words it) and
:func:`rank_findings` orders them by one documented rule (``docs/findings.md``) and keeps the first few.
No finding is judged here: a candidate's severity is the one its own rule gave it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from salesnb.analysis.findings import Severity

#: Most findings a headline shows (fewer when fewer are found; none invented).
MAX_FINDINGS = 5


class HeadlineKind(StrEnum):
    """What a headline finding is about, in the order :func:`rank_findings` reads them within a tier."""

    BURNOUT = "burnout"
    STALLED_PIPELINE = "stalled_pipeline"
    BOTTLENECK = "bottleneck"
    STALLED_DEALS = "stalled_deals"
    HIGH_ACTIVITY_LOW_CONV = "high_activity_low_conv"
    LOW_CONTACT_RATE = "low_contact_rate"
    SATISFACTION_DROP = "satisfaction_drop"
    ACTIVITY_DROP = "activity_drop"
    REP_DEPARTED = "rep_departed"
    CUSTOMER_CONCENTRATION = "customer_concentration"
    REP_CONCENTRATION = "rep_concentration"
    TEAM_BELOW_QUOTA = "team_below_quota"
    BELOW_TARGET = "below_target"
    FORECAST_UNRELIABLE = "forecast_unreliable"
    GOALS_BEHIND = "goals_behind"
    COACHING_GAP = "coaching_gap"

    @property
    def tier(self) -> int:
        """1 people at risk, 2 a cause the manager can act on, 3 an outcome, 4 the outlook, 5 goals,
        6 coaching."""
        return TIERS[self]


TIERS: dict[HeadlineKind, int] = {
    HeadlineKind.BURNOUT: 1,
    HeadlineKind.STALLED_PIPELINE: 2,
    HeadlineKind.BOTTLENECK: 2,
    HeadlineKind.STALLED_DEALS: 2,
    HeadlineKind.HIGH_ACTIVITY_LOW_CONV: 2,
    HeadlineKind.LOW_CONTACT_RATE: 2,
    HeadlineKind.SATISFACTION_DROP: 2,
    HeadlineKind.ACTIVITY_DROP: 2,
    HeadlineKind.REP_DEPARTED: 2,
    HeadlineKind.CUSTOMER_CONCENTRATION: 2,
    HeadlineKind.REP_CONCENTRATION: 2,
    HeadlineKind.TEAM_BELOW_QUOTA: 3,
    HeadlineKind.BELOW_TARGET: 3,
    HeadlineKind.FORECAST_UNRELIABLE: 4,
    HeadlineKind.GOALS_BEHIND: 5,
    HeadlineKind.COACHING_GAP: 6,
}


@dataclass(frozen=True)
class Candidate:
    """One finding a review could lead with: its kind, the severity its own rule gave it, its size (an
    amount or a distance from the benchmark; larger first among equals), the section that shows it and
    its sentence, already worded in the report's language."""

    kind: HeadlineKind
    severity: Severity
    size: float
    section: str
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", HeadlineKind(self.kind))
        object.__setattr__(self, "severity", Severity(self.severity))


def rank_findings(candidates: Iterable[Candidate], limit: int = MAX_FINDINGS) -> list[Candidate]:
    """The candidates most severe first, at most ``limit``, each sentence once.

    The order (``docs/findings.md``): the tier of the kind (people at risk, then causes, outcomes, the
    outlook, goals, coaching), then the severity within it (high, medium, low), then the kind's place in
    :class:`HeadlineKind`, then the larger size.

    Examples
    --------
    >>> mild = Candidate("coaching_gap", "low", 0.3, "feedback", "gap")
    >>> severe = Candidate("below_target", "high", 0.5, "scorecard", "low attainment")
    >>> burnout = Candidate("burnout", "medium", 1.0, "workload", "burnout")
    >>> [c.text for c in rank_findings([mild, severe, burnout])]
    ['burnout', 'low attainment', 'gap']
    >>> len(rank_findings([mild] * 3, limit=5))
    1
    """
    ordered = sorted(
        candidates,
        key=lambda c: (c.kind.tier, c.severity.rank, list(HeadlineKind).index(c.kind), -c.size),
    )
    seen: set[str] = set()
    kept = []
    for c in ordered:
        if c.text not in seen:
            seen.add(c.text)
            kept.append(c)
    return kept[:limit]
