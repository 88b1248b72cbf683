"""Signals and risks in words: :func:`describe`, the one place a finding becomes a sentence.

Each kind's sentence is an entry of :mod:`salesnb.text.i18n.signals`; :func:`describe` picks the entry
of the wording asked for and fills it with the finding's numbers, formatted as the reader sees them. The
numbers come from one function per evidence class (:data:`_NUMBERS`), so a number reads the same in
every wording of its kind: the rep review's and the team review's sentences about the same signal differ
in their words only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from salesnb.analysis import evidence
from salesnb.analysis.findings import Risk, RiskKind, Signal, SignalKind
from salesnb.periods import Period
from salesnb.text.formatting import format_value
from salesnb.text.i18n import tr, trf

#: ``rep``: the sentence the rep review states about the rep; ``team``: the team review's, naming the rep.
Wording = Literal["rep", "team"]
#: The signals with a sentence of their own in the team review (the others reach it as risks).
TEAM_WORDINGS = {SignalKind.BURNOUT: "burnout.flag"}


def describe(
    finding: Signal | Risk,
    language: str,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
    wording: Wording = "rep",
) -> str:
    """The finding as a sentence in ``language``, with its numbers (amounts in ``currency``).

    A signal is worded as the rep review states it, or with ``wording="team"`` as the team review names
    the rep (only the kinds of :data:`TEAM_WORDINGS`); a risk as its evidence in the team review's
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
    numbers = _NUMBERS[type(finding.evidence)](finding, finding.evidence, reader)
    return trf(_key(finding, wording), language, **numbers)


def _key(finding: Signal | Risk, wording: Wording) -> str:
    """The string-table entry of the finding in the wording asked for."""
    # attainment read over a rolling window (a field team's quarter) says so
    rolling = "_rolling" if getattr(finding.evidence, "window", 1) > 1 else ""
    if isinstance(finding, Risk):
        if finding.kind == RiskKind.REP_DEPARTED and not finding.value:
            return "evidence.rep_departed_done"  # no open deal left in the rep's name
        return f"evidence.{finding.kind}{rolling}"
    if wording == "team":
        if finding.kind not in TEAM_WORDINGS:
            raise KeyError(f"the team review has no sentence of its own for the {finding.kind} signal")
        return TEAM_WORDINGS[finding.kind]
    return f"rep.signal.{finding.kind}{rolling}"


@dataclass(frozen=True)
class _Reader:
    """How the reader sees numbers: the report's language and currency, and the names it shows for ids."""

    language: str
    currency: str
    names: Mapping[str, str] = field(default_factory=dict)

    def ratio(self, value: object) -> str:
        return format_value(value, "ratio")

    def money(self, value: object) -> str:
        return format_value(value, "currency", self.currency)

    def per_day(self, value: object) -> str:
        return format_value(value, "per_day")

    def name(self, id_: str) -> str:
        return self.names.get(id_, id_)

    def stage(self, stage: str) -> str:
        return tr(f"stage.{stage}", self.language)

    def basis(self, basis: str) -> str:
        return tr(f"basis.{basis}", self.language)


def _change(value: float) -> str:
    """A relative change in whole per cent, signed (``–`` when missing)."""
    return "–" if value is None or not math.isfinite(value) else f"{value:+.0%}"


# -------------------------------------------------------------- the numbers of each kind of evidence
Finding = Signal | Risk


def _low_contact(f: Finding, ev: evidence.LowContactEvidence, r: _Reader) -> dict[str, object]:
    return {
        "value": r.ratio(f.value),
        "periods": ev.periods,
        "median": r.ratio(f.benchmark),
        "peers": ev.peers,
        "connects": f"{ev.connects:,}",
        "dials": f"{ev.dials:,}",
        "threshold": r.ratio(f.threshold),
    }


def _high_activity(f: Finding, ev: evidence.HighActivityEvidence, r: _Reader) -> dict[str, object]:
    return {
        "activity": f"{f.value:,.1f}",
        "periods": ev.periods,
        "median": f"{f.benchmark:,.1f}",
        "win": r.ratio(ev.win_rate),
        "win_median": r.ratio(ev.win_rate_median),
        "rpa": r.money(ev.revenue_per_activity),
        "rpa_median": r.money(ev.revenue_per_activity_median),
    }


def _ramping(f: Finding, ev: evidence.RampingEvidence, r: _Reader) -> dict[str, object]:
    months = int(f.value) if math.isfinite(f.value) else "–"
    return {"months": months, "hire_date": ev.hire_date, "ramp": int(f.threshold)}


def _departed(f: Finding, ev: evidence.DepartedEvidence, r: _Reader) -> dict[str, object]:
    return {"date": ev.left_date}


def _handover(f: Finding, ev: evidence.HandoverEvidence, r: _Reader) -> dict[str, object]:
    return {"date": ev.left_date, "n": int(f.value), "amount": r.money(ev.open_amount)}


def _burnout(f: Finding, ev: evidence.BurnoutEvidence, r: _Reader) -> dict[str, object]:
    before_end = Period.parse(ev.recent_start).previous().label
    return {
        "who": r.name(f.rep_id) if f.rep_id else "",
        "periods": ev.periods,
        "act_before": r.per_day(ev.activities_per_day_before),
        "act_recent": r.per_day(ev.activities_per_day_recent),
        "act_change": _change(ev.activity_change),
        "ah_before": r.ratio(ev.after_hours_share_before),
        "ah_recent": r.ratio(ev.after_hours_share_recent),
        "we_before": r.ratio(ev.weekend_share_before),
        "we_recent": r.ratio(ev.weekend_share_recent),
        "wr_before": r.ratio(ev.win_rate_before),
        "wr_recent": r.ratio(ev.win_rate_recent),
        "wr_change": _change(ev.win_rate_change),
        "rpa_before": r.per_day(ev.revenue_per_activity_before),
        "rpa_recent": r.per_day(ev.revenue_per_activity_recent),
        "recent": f"{ev.recent_start}–{ev.recent_end}",
        "before": f"{ev.before_start}–{before_end}",
    }


def _below_target(f: Finding, ev: evidence.BelowTargetEvidence, r: _Reader) -> dict[str, object]:
    history = ", ".join(f"{p} {r.ratio(v)}" for p, v in ev.attainment.items())
    numbers: dict[str, object] = {"threshold": r.ratio(f.threshold), "n": ev.periods_below}
    numbers["history"] = history
    if ev.window > 1:  # the rule's own window, in the periods of the history: never a fixed "quarter"
        grain = Period.parse(next(iter(ev.attainment))).grain if ev.attainment else "period"
        numbers["window"] = trf(f"window.{grain}", r.language, n=ev.window)
    return numbers


def _satisfaction(f: Finding, ev: evidence.SatisfactionDropEvidence, r: _Reader) -> dict[str, object]:
    unit = "ratio" if ev.survey == "csat" else "score"
    shown = (lambda v: r.ratio(v / 100)) if unit == "ratio" else (lambda v: f"{v:.1f}")
    return {
        "survey": tr(f"survey.{ev.survey}", r.language),
        "before": shown(ev.before),
        "recent": shown(ev.recent),
        "n_before": ev.responses_before,
        "n_recent": ev.responses_recent,
        "periods": ev.periods,
        "drop": f"{f.value:.1f}",
        "threshold": f"{f.threshold:g}",
        "min_n": ev.min_responses,
    }


def _activity_drop(f: Finding, ev: evidence.ActivityDropEvidence, r: _Reader) -> dict[str, object]:
    return {
        "value": r.per_day(f.value),
        "benchmark": r.per_day(f.benchmark),
        "share": f"{f.value / f.benchmark:.0%}" if f.benchmark else "–",
        "periods": ev.baseline_periods,
        # the drop's line in activities per day, which the register's sentence states as a share
        "threshold": r.ratio(f.threshold),
    }


def _stalled_deal(f: Finding, ev: evidence.StalledDealEvidence, r: _Reader) -> dict[str, object]:
    days, threshold = int(f.value), int(f.threshold)
    return {"amount": r.money(ev.amount), "stage": r.stage(ev.stage), "days": days, "threshold": threshold}


def _stalled_pipeline(f: Finding, ev: evidence.StalledPipelineEvidence, r: _Reader) -> dict[str, object]:
    return {
        "n": ev.stalled_deals,
        "open": ev.open_deals,
        "amount": r.money(ev.stalled_amount),
        "total": r.money(ev.open_amount),
        "share": r.ratio(f.value),
        "days": ev.days,
        "stage": r.stage(ev.main_stage),
    }


def _customers(f: Finding, ev: evidence.CustomerConcentrationEvidence, r: _Reader) -> dict[str, object]:
    return {
        "top": ev.top,
        "share": r.ratio(f.value),
        "basis": r.basis(ev.basis),
        "total": r.money(ev.total),
        "threshold": r.ratio(f.threshold),
        "names": ", ".join(r.name(c) for c in ev.customers),
    }


def _rep_share(f: Finding, ev: evidence.RepConcentrationEvidence, r: _Reader) -> dict[str, object]:
    return {
        "share": r.ratio(f.value),
        "basis": r.basis(ev.basis),
        "total": r.money(ev.total),
        "reps": ev.reps,
        "threshold": r.ratio(f.threshold),
    }


#: Per evidence class, the placeholders of every sentence of its kinds (the kind fixes the class).
_NUMBERS: dict[type[evidence.Evidence], Callable[..., dict[str, object]]] = {
    evidence.LowContactEvidence: _low_contact,
    evidence.HighActivityEvidence: _high_activity,
    evidence.RampingEvidence: _ramping,
    evidence.DepartedEvidence: _departed,
    evidence.HandoverEvidence: _handover,
    evidence.BurnoutEvidence: _burnout,
    evidence.BelowTargetEvidence: _below_target,
    evidence.ActivityDropEvidence: _activity_drop,
    evidence.SatisfactionDropEvidence: _satisfaction,
    evidence.StalledDealEvidence: _stalled_deal,
    evidence.StalledPipelineEvidence: _stalled_pipeline,
    evidence.CustomerConcentrationEvidence: _customers,
    evidence.RepConcentrationEvidence: _rep_share,
}
