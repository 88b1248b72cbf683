"""What the analysis finds, as typed records: the signals about reps and the risks of a team.

A :class:`Signal` (:mod:`salesnb.analysis.signals`) is a pattern in one rep's numbers a manager should
look at; a :class:`Risk` (:mod:`salesnb.analysis.risks`) is what could cost the team revenue. Each has a
kind from a closed set (:class:`SignalKind`, :class:`RiskKind`), the :class:`Subject` it is about, a
:class:`Severity`, the ``metric`` it rests on with its ``value``, the ``benchmark`` it is read against and
the ``threshold`` it crossed (NaN where there is none), and the evidence its kind needs as typed fields:
one evidence class per kind, checked when the record is made.

Records hold numbers and codes, never sentences: :func:`salesnb.reports.findings.describe` words them from
these fields in the report's language. Tables, the coaching rules and the tests read the frame views
built here, in one place (:func:`signal_frame`, :func:`risk_frame`), with the evidence as a dict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from salesnb.analysis.evidence import (
    ActivityDropEvidence,
    BelowTargetEvidence,
    BurnoutEvidence,
    CustomerConcentrationEvidence,
    DepartedEvidence,
    Evidence,
    HandoverEvidence,
    HighActivityEvidence,
    LowContactEvidence,
    RampingEvidence,
    RepConcentrationEvidence,
    SatisfactionDropEvidence,
    StalledDealEvidence,
    StalledPipelineEvidence,
)


class Severity(StrEnum):
    """How urgent a finding is; :attr:`rank` orders them, most severe first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class SignalKind(StrEnum):
    """The signals :func:`salesnb.analysis.signals.rep_signals` finds, in the order it lists them."""

    LOW_CONTACT_RATE = "low_contact_rate"
    HIGH_ACTIVITY_LOW_CONV = "high_activity_low_conv"
    RAMPING = "ramping"
    DEPARTED = "departed"
    BURNOUT = "burnout"
    BELOW_TARGET = "below_target"
    ACTIVITY_DROP = "activity_drop"


class RiskKind(StrEnum):
    """The risks of :func:`salesnb.analysis.risks.risk_register`; :attr:`category` is their family."""

    STALLED_DEAL = "stalled_deal"
    STALLED_PIPELINE = "stalled_pipeline"
    CUSTOMER_CONCENTRATION = "customer_concentration"
    REP_CONCENTRATION = "rep_concentration"
    BELOW_TARGET = "below_target"
    REP_DEPARTED = "rep_departed"
    ACTIVITY_DROP = "activity_drop"
    BURNOUT = "burnout"
    LOW_CONTACT_RATE = "low_contact_rate"
    SATISFACTION_DROP = "satisfaction_drop"
    TEAM_BELOW_QUOTA = "team_below_quota"

    @property
    def category(self) -> str:
        """*pipeline*, *concentration*, *performance*, *attrition* or *customers* (for grouping)."""
        return CATEGORIES[self]


CATEGORIES = {
    RiskKind.STALLED_DEAL: "pipeline",
    RiskKind.STALLED_PIPELINE: "pipeline",
    RiskKind.CUSTOMER_CONCENTRATION: "concentration",
    RiskKind.REP_CONCENTRATION: "concentration",
    RiskKind.BELOW_TARGET: "performance",
    RiskKind.REP_DEPARTED: "attrition",
    RiskKind.ACTIVITY_DROP: "attrition",
    RiskKind.BURNOUT: "attrition",
    RiskKind.LOW_CONTACT_RATE: "performance",
    RiskKind.SATISFACTION_DROP: "customers",
    RiskKind.TEAM_BELOW_QUOTA: "performance",
}
#: What a finding can be about.
SUBJECT_KINDS = ("rep", "team", "deal", "customer")


@dataclass(frozen=True)
class Subject:
    """Who or what a finding is about: a rep, the team, a deal or a customer, by id (``None``: the team
    of a slice holding several)."""

    kind: str
    id: str | None

    def __post_init__(self) -> None:
        if self.kind not in SUBJECT_KINDS:
            raise ValueError(f"subject kind {self.kind!r}: use {', '.join(SUBJECT_KINDS)}")


#: The evidence each kind carries.
SIGNAL_EVIDENCE: dict[SignalKind, type[Evidence]] = {
    SignalKind.LOW_CONTACT_RATE: LowContactEvidence,
    SignalKind.HIGH_ACTIVITY_LOW_CONV: HighActivityEvidence,
    SignalKind.RAMPING: RampingEvidence,
    SignalKind.DEPARTED: DepartedEvidence,
    SignalKind.BURNOUT: BurnoutEvidence,
    SignalKind.BELOW_TARGET: BelowTargetEvidence,
    SignalKind.ACTIVITY_DROP: ActivityDropEvidence,
}
RISK_EVIDENCE: dict[RiskKind, type[Evidence]] = {
    RiskKind.STALLED_DEAL: StalledDealEvidence,
    RiskKind.STALLED_PIPELINE: StalledPipelineEvidence,
    RiskKind.CUSTOMER_CONCENTRATION: CustomerConcentrationEvidence,
    RiskKind.REP_CONCENTRATION: RepConcentrationEvidence,
    RiskKind.BELOW_TARGET: BelowTargetEvidence,
    RiskKind.REP_DEPARTED: HandoverEvidence,
    RiskKind.ACTIVITY_DROP: ActivityDropEvidence,
    RiskKind.BURNOUT: BurnoutEvidence,
    RiskKind.LOW_CONTACT_RATE: LowContactEvidence,
    RiskKind.SATISFACTION_DROP: SatisfactionDropEvidence,
    RiskKind.TEAM_BELOW_QUOTA: BelowTargetEvidence,
}


def _number(value: object) -> float:
    return math.nan if value is None else float(value)


def _check(record: Signal | Risk, expected: type[Evidence]) -> None:
    """Coerce the numbers to floats and refuse evidence of another kind."""
    for name in ("value", "benchmark", "threshold"):
        object.__setattr__(record, name, _number(getattr(record, name)))
    if not isinstance(record.evidence, expected):
        raise TypeError(f"{record.kind} needs {expected.__name__}, not {type(record.evidence).__name__}")


# --------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Signal:
    """A pattern in one rep's numbers (see :mod:`salesnb.analysis.signals` for each kind's rule)."""

    kind: SignalKind
    rep_id: str
    severity: Severity
    metric: str
    value: float
    benchmark: float
    threshold: float
    evidence: Evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SignalKind(self.kind))
        object.__setattr__(self, "severity", Severity(self.severity))
        _check(self, SIGNAL_EVIDENCE[self.kind])

    @classmethod
    def of(
        cls,
        kind: SignalKind | str,
        rep_id: str,
        severity: Severity | str,
        metric: str,
        value: float | None,
        benchmark: float | None,
        threshold: float | None,
        **evidence: object,
    ) -> Signal:
        """A signal whose evidence is its kind's class made of ``evidence`` (every field, no other).

        Examples
        --------
        >>> s = Signal.of("ramping", "r1", "low", "tenure_months", 3, None, 6, hire_date="2026-07-07")
        >>> s.kind, s.severity, s.value, s.evidence.hire_date
        (<SignalKind.RAMPING: 'ramping'>, <Severity.LOW: 'low'>, 3.0, '2026-07-07')
        """
        kind = SignalKind(kind)
        found = SIGNAL_EVIDENCE[kind](**evidence)
        return cls(kind, rep_id, Severity(severity), metric, value, benchmark, threshold, found)

    @property
    def subject(self) -> Subject:
        return Subject("rep", self.rep_id)

    def row(self) -> dict:
        """The record as a row of :func:`signal_frame` (without the rep's name)."""
        return {
            "rep_id": self.rep_id,
            "signal": self.kind.value,
            "metric": self.metric,
            "value": self.value,
            "benchmark": self.benchmark,
            "threshold": self.threshold,
            "evidence": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class Risk:
    """Something that could cost the team revenue (see :mod:`salesnb.analysis.risks` for each kind's rule),
    with the code of the suggested ``response``."""

    kind: RiskKind
    subject: Subject
    rep_id: str | None  # the rep concerned (a deal's owner), if any
    severity: Severity
    metric: str
    value: float
    benchmark: float
    threshold: float
    response: str
    evidence: Evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", RiskKind(self.kind))
        object.__setattr__(self, "severity", Severity(self.severity))
        _check(self, RISK_EVIDENCE[self.kind])

    @classmethod
    def of(
        cls,
        kind: RiskKind | str,
        subject: Subject,
        rep_id: str | None,
        severity: Severity | str,
        metric: str,
        value: float | None,
        benchmark: float | None,
        threshold: float | None,
        response: str,
        **evidence: object,
    ) -> Risk:
        """A risk whose evidence is its kind's class made of ``evidence`` (every field, no other)."""
        kind = RiskKind(kind)
        found = RISK_EVIDENCE[kind](**evidence)
        return cls(
            kind,
            subject,
            rep_id,
            Severity(severity),
            metric,
            value,
            benchmark,
            threshold,
            response,
            found,
        )

    @property
    def category(self) -> str:
        return self.kind.category

    def row(self) -> dict:
        """The record as a row of :func:`risk_frame`."""
        return {
            "risk": self.kind.value,
            "category": self.category,
            "subject_type": self.subject.kind,
            "subject_id": self.subject.id,
            "rep_id": self.rep_id,
            "severity": self.severity.value,
            "metric": self.metric,
            "value": self.value,
            "benchmark": self.benchmark,
            "threshold": self.threshold,
            "response": self.response,
            "evidence": self.evidence.as_dict(),
        }


# ------------------------------------------------------------------------------------------ frame views
SIGNAL_COLUMNS = ["rep_id", "name", "signal", "metric", "value", "benchmark", "threshold", "evidence"]
RISK_COLUMNS = [
    "risk", "category", "subject_type", "subject_id", "rep_id", "severity", "metric", "value", "benchmark",
    "threshold", "response", "evidence",
]  # fmt: skip


def signal_frame(signals: Iterable[Signal], reps: pd.DataFrame | None = None) -> pd.DataFrame:
    """The signals as a table, one row each in their order: :data:`SIGNAL_COLUMNS`, the evidence a dict and
    ``name`` the rep's name from ``reps`` (``rep_id``, ``name``; missing without it)."""
    out = pd.DataFrame([s.row() for s in signals], columns=[c for c in SIGNAL_COLUMNS if c != "name"])
    names = reps.set_index("rep_id")["name"] if reps is not None else pd.Series(dtype=object)
    out.insert(1, "name", out["rep_id"].map(names))
    return out


def risk_frame(risks: Iterable[Risk]) -> pd.DataFrame:
    """The risks as a table, one row each in their order: :data:`RISK_COLUMNS`, the evidence a dict."""
    return pd.DataFrame([r.row() for r in risks], columns=RISK_COLUMNS)
