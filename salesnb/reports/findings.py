"""Signals and risks in words: :func:`describe`, the one place a finding becomes a sentence.

Each kind's sentence is an entry of :mod:`salesnb.text.i18n.signals`, filled here from the fields of the
:class:`~salesnb.analysis.findings.Signal` or :class:`~salesnb.analysis.findings.Risk` with its numbers
formatted as the reader sees them (the kind of a finding fixes the class of its evidence, which the
``cast`` calls state). The team review and the rep review both call :func:`describe`, so a signal reads
the same wherever the same wording is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast

from salesnb.analysis import evidence
from salesnb.analysis.findings import Risk, RiskKind, Signal, SignalKind
from salesnb.periods import Period
from salesnb.text.formatting import format_value
from salesnb.text.i18n import tr, trf

#: ``rep``: the sentence the rep review states about the rep; ``team``: the team review's, naming the rep.
Wording = Literal["rep", "team"]


@dataclass(frozen=True)
class _Reader:
    """What a sentence needs besides the finding."""

    language: str
    currency: str
    names: Mapping[str, str] = field(default_factory=dict)

    def per_day(self, value: object) -> str:
        return format_value(value, "per_day")

    def ratio(self, value: object) -> str:
        return format_value(value, "ratio")

    def money(self, value: object) -> str:
        return format_value(value, "currency", self.currency)

    def stage(self, stage: str) -> str:
        return tr(f"stage.{stage}", self.language)

    def attainment(self, ev: evidence.BelowTargetEvidence) -> str:
        """Each period of a run below target with its attainment: ``2026-09 60.0%, 2026-10 40.0%``."""
        return ", ".join(f"{p} {self.ratio(v)}" for p, v in ev.attainment.items())


def describe(
    finding: Signal | Risk,
    language: str,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
    wording: Wording = "rep",
) -> str:
    """The finding as a sentence in ``language``, with its numbers (amounts in ``currency``).

    A signal is worded as the rep review states it, or with ``wording="team"`` as the team review names
    the rep (only the burnout signal has such a sentence); a risk as its evidence in the team review's
    register. ``names`` gives the display names of the reps, customers and deals a sentence names (an id
    without one is shown as it is).

    Examples
    --------
    >>> s = Signal.of("departed", "r1", "medium", "days_since_left", 40, None, None,
    ...               left_date="2026-09-22", status="left")
    >>> describe(s, "en"), describe(s, "zh")
    ('Left on 2026-09-22', '已于 2026-09-22 离职')
    """
    reader = _Reader(language, currency, names or {})
    if isinstance(finding, Risk):
        return _REGISTER[finding.kind](finding, reader)
    return (_TEAM if wording == "team" else _REP)[finding.kind](finding, reader)


# ------------------------------------------------------------------------- signals, in the rep review
def _low_contact(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.LowContactEvidence, s.evidence)
    return trf(
        "rep.signal.low_contact_rate",
        r.language,
        value=r.ratio(s.value),
        periods=ev.periods,
        median=r.ratio(s.benchmark),
        peers=ev.peers,
        connects=f"{ev.connects:,}",
        dials=f"{ev.dials:,}",
        threshold=r.ratio(s.threshold),
    )


def _high_activity(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.HighActivityEvidence, s.evidence)
    return trf(
        "rep.signal.high_activity_low_conv",
        r.language,
        activity=f"{s.value:,.1f}",
        periods=ev.periods,
        median=f"{s.benchmark:,.1f}",
        win=r.ratio(ev.win_rate),
        win_median=r.ratio(ev.win_rate_median),
        rpa=r.money(ev.revenue_per_activity),
        rpa_median=r.money(ev.revenue_per_activity_median),
    )


def _change(value: float) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:+.0%}"


def _burnout(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.BurnoutEvidence, s.evidence)
    return trf(
        "rep.signal.burnout",
        r.language,
        periods=ev.periods,
        act_before=f"{ev.activities_per_day_before:,.1f}",
        act_recent=f"{ev.activities_per_day_recent:,.1f}",
        act_change=_change(ev.activity_change),
        ah_before=r.ratio(ev.after_hours_share_before),
        ah_recent=r.ratio(ev.after_hours_share_recent),
        we_before=r.ratio(ev.weekend_share_before),
        we_recent=r.ratio(ev.weekend_share_recent),
        wr_before=r.ratio(ev.win_rate_before),
        wr_recent=r.ratio(ev.win_rate_recent),
        wr_change=_change(ev.win_rate_change),
    )


def _ramping(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.RampingEvidence, s.evidence)
    return trf(
        "rep.signal.ramping",
        r.language,
        months=int(s.value) if math.isfinite(s.value) else "–",
        hire_date=ev.hire_date,
        ramp=int(s.threshold),
    )


def _below_target(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.BelowTargetEvidence, s.evidence)
    return trf(
        "rep.signal.below_target",
        r.language,
        line=r.ratio(s.threshold),
        n=ev.periods_below,
        values=r.attainment(ev),
    )


def _activity_drop(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.ActivityDropEvidence, s.evidence)
    return trf(
        "rep.signal.activity_drop",
        r.language,
        value=f"{s.value:,.1f}",
        base=f"{s.benchmark:,.1f}",
        share=f"{s.value / s.benchmark:.0%}" if s.benchmark else "–",
        periods=ev.baseline_periods,
    )


def _departed(s: Signal, r: _Reader) -> str:
    return trf("rep.signal.departed", r.language, date=cast(evidence.DepartedEvidence, s.evidence).left_date)


# ------------------------------------------------------------------------ signals, in the team review
def _burnout_flag(s: Signal, r: _Reader) -> str:
    ev = cast(evidence.BurnoutEvidence, s.evidence)
    before_end = Period.parse(ev.recent_start).previous().label
    return trf(
        "burnout.flag",
        r.language,
        who=r.names.get(s.rep_id, s.rep_id),
        act_before=r.per_day(ev.activities_per_day_before),
        act_recent=r.per_day(ev.activities_per_day_recent),
        act_change=f"{ev.activity_change:+.0%}",
        ah_before=r.ratio(ev.after_hours_share_before),
        ah_recent=r.ratio(ev.after_hours_share_recent),
        we_before=r.ratio(ev.weekend_share_before),
        we_recent=r.ratio(ev.weekend_share_recent),
        wr_before=r.ratio(ev.win_rate_before),
        wr_recent=r.ratio(ev.win_rate_recent),
        rpa_before=r.per_day(ev.revenue_per_activity_before),
        rpa_recent=r.per_day(ev.revenue_per_activity_recent),
        recent=f"{ev.recent_start}–{ev.recent_end}",
        before=f"{ev.before_start}–{before_end}",
    )


# ------------------------------------------------------------------ risks, in the team review register
def _stalled_deal(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.StalledDealEvidence, x.evidence)
    return trf(
        "evidence.stalled_deal",
        r.language,
        amount=r.money(ev.amount),
        stage=r.stage(ev.stage),
        days=int(x.value),
        threshold=int(x.threshold),
    )


def _stalled_pipeline(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.StalledPipelineEvidence, x.evidence)
    return trf(
        "evidence.stalled_pipeline",
        r.language,
        n=ev.stalled_deals,
        open=ev.open_deals,
        amount=r.money(ev.stalled_amount),
        total=r.money(ev.open_amount),
        share=r.ratio(x.value),
        days=ev.days,
        stage=r.stage(ev.main_stage),
    )


def _customer_concentration(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.CustomerConcentrationEvidence, x.evidence)
    text = trf(
        "evidence.customer_concentration",
        r.language,
        top=ev.top,
        share=r.ratio(x.value),
        basis=tr(f"basis.{ev.basis}", r.language),
        total=r.money(ev.total),
        threshold=r.ratio(x.threshold),
    )
    return f"{text} ({', '.join(r.names.get(c, c) for c in ev.customers)})"


def _rep_concentration(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.RepConcentrationEvidence, x.evidence)
    return trf(
        "evidence.rep_concentration",
        r.language,
        share=r.ratio(x.value),
        basis=tr(f"basis.{ev.basis}", r.language),
        total=r.money(ev.total),
        reps=ev.reps,
        threshold=r.ratio(x.threshold),
    )


def _risk_below_target(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.BelowTargetEvidence, x.evidence)
    return trf(
        "evidence.below_target",
        r.language,
        threshold=r.ratio(x.threshold),
        n=ev.periods_below,
        history=r.attainment(ev),
    )


def _rep_departed(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.HandoverEvidence, x.evidence)
    return trf(
        "evidence.rep_departed" if x.value else "evidence.rep_departed_done",
        r.language,
        date=ev.left_date,
        n=int(x.value),
        amount=r.money(ev.open_amount),
    )


def _risk_activity_drop(x: Risk, r: _Reader) -> str:
    return trf(
        "evidence.activity_drop",
        r.language,
        value=r.per_day(x.value),
        benchmark=r.per_day(x.benchmark),
        # the drop's threshold in activities per day, shown as a share: wording to mend with the others
        threshold=r.ratio(x.threshold),
    )


def _risk_burnout(x: Risk, r: _Reader) -> str:
    ev = cast(evidence.BurnoutEvidence, x.evidence)
    return trf(
        "evidence.burnout",
        r.language,
        act_change=f"{ev.activity_change:+.0%}",
        ah_before=r.ratio(ev.after_hours_share_before),
        ah_recent=r.ratio(ev.after_hours_share_recent),
        wr_before=r.ratio(ev.win_rate_before),
        wr_recent=r.ratio(ev.win_rate_recent),
    )


_REP: dict[SignalKind, Callable[[Signal, _Reader], str]] = {
    SignalKind.LOW_CONTACT_RATE: _low_contact,
    SignalKind.HIGH_ACTIVITY_LOW_CONV: _high_activity,
    SignalKind.RAMPING: _ramping,
    SignalKind.DEPARTED: _departed,
    SignalKind.BURNOUT: _burnout,
    SignalKind.BELOW_TARGET: _below_target,
    SignalKind.ACTIVITY_DROP: _activity_drop,
}
_TEAM: dict[SignalKind, Callable[[Signal, _Reader], str]] = {SignalKind.BURNOUT: _burnout_flag}
_REGISTER: dict[RiskKind, Callable[[Risk, _Reader], str]] = {
    RiskKind.STALLED_DEAL: _stalled_deal,
    RiskKind.STALLED_PIPELINE: _stalled_pipeline,
    RiskKind.CUSTOMER_CONCENTRATION: _customer_concentration,
    RiskKind.REP_CONCENTRATION: _rep_concentration,
    RiskKind.BELOW_TARGET: _risk_below_target,
    RiskKind.REP_DEPARTED: _rep_departed,
    RiskKind.ACTIVITY_DROP: _risk_activity_drop,
    RiskKind.BURNOUT: _risk_burnout,
}
