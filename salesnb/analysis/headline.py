"""The headline of a review: what it already found, ranked once, so the first screen says what matters.

A review's analysis yields signals, risks, a stage bottleneck, a forecast's reliability, goals behind and
coaching gaps; each becomes a :class:`Candidate` here (by the report layer, which words it) and
:func:`rank_findings` orders them by one documented rule (``docs/findings.md``) and keeps the first few.
No finding is judged anew here: a candidate's severity is the one its own rule gave it, raised only to
that of an outcome it explains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    amount or a distance from the benchmark; larger first among equals), the section that shows it, its
    sentence (already worded in the report's language) and whom it is about: ``subjects`` holds the rep
    ids of a finding about particular reps of a team, and is empty for one about the review's whole unit
    (the team, or the rep of a rep review)."""

    kind: HeadlineKind
    severity: Severity
    size: float
    section: str
    text: str
    subjects: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", HeadlineKind(self.kind))
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "subjects", frozenset(self.subjects))

    def explains(self, outcome: Candidate) -> bool:
        """Whether this finding (people at risk or a cause) is about the same people as ``outcome``: a
        finding about the whole unit explains every outcome, one about some reps the outcomes that
        include them."""
        return self.kind.tier < 3 and outcome.kind.tier == 3 and self.subjects <= outcome.subjects


def rank_findings(candidates: Iterable[Candidate], limit: int = MAX_FINDINGS) -> list[Candidate]:
    """The candidates most severe first, at most ``limit``, each sentence once.

    The order (``docs/findings.md``): the severity (high, medium, low), where a person at risk or a
    cause takes the severity of the most severe outcome it explains (:meth:`Candidate.explains`: the
    over-dialer's conversion is as urgent as the quota it costs); then the tier of the kind (people at
    risk, causes, outcomes, the outlook, goals, coaching), so a cause stands above the outcome it
    explains; then the kind's place in :class:`HeadlineKind`; then the larger size.

    Examples
    --------
    >>> mild = Candidate("coaching_gap", "low", 0.3, "feedback", "gap")
    >>> severe = Candidate("below_target", "high", 0.5, "scorecard", "low attainment")
    >>> burnout = Candidate("burnout", "medium", 1.0, "workload", "burnout")
    >>> [(c.text, c.severity.value) for c in rank_findings([mild, severe, burnout])]
    [('burnout', 'high'), ('low attainment', 'high'), ('gap', 'low')]
    >>> other = Candidate("burnout", "medium", 1.0, "workload", "r2 burnout", frozenset({"r2"}))
    >>> reps = Candidate("below_target", "high", 0.5, "reps", "r1 below", frozenset({"r1"}))
    >>> [(c.text, c.severity.value) for c in rank_findings([other, reps])]
    [('r1 below', 'high'), ('r2 burnout', 'medium')]
    >>> len(rank_findings([mild] * 3, limit=5))
    1
    """
    candidates = list(candidates)
    outcomes = [c for c in candidates if c.kind.tier == 3]
    promoted = []
    for c in candidates:
        worst = min((o.severity for o in outcomes if c.explains(o)), key=lambda s: s.rank, default=None)
        if worst is not None and worst.rank < c.severity.rank:
            c = replace(c, severity=worst)
        promoted.append(c)
    ordered = sorted(
        promoted,
        key=lambda c: (c.severity.rank, c.kind.tier, list(HeadlineKind).index(c.kind), -c.size),
    )
    seen: set[str] = set()
    kept = []
    for c in ordered:
        if c.text not in seen:
            seen.add(c.text)
            kept.append(c)
    return kept[:limit]
