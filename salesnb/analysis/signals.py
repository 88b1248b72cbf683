"""Per-rep signals: what a manager should look at for each rep, with the numbers behind it.

Every signal is a :class:`~salesnb.analysis.findings.Signal`: the rep, the kind, a severity, the
``metric`` it rests on, the rep's ``value``, the ``benchmark`` it is compared with, the ``threshold``
it crossed, and the kind's evidence with the rest (:func:`~salesnb.analysis.findings.signal_frame`
tabulates them). Rates are read over the last :data:`SIGNAL_PERIODS` periods so one month's luck does
not flag anyone. **Peers** are the reps employed in the window who are past the ramp and, for activity,
not managers (they sell part-time by design).

=============================  ==========================================================================
signal                         rule
=============================  ==========================================================================
``low_contact_rate``           contact rate (connected ÷ dials) below (1 − :data:`LOW_CONTACT_MARGIN`) ×
                               the peers' median, or below the rules' ``min_contact_rate`` when one is
                               set, with at least :data:`MIN_DIALS` dials
``high_activity_low_conv``     activities per working day at or above the peers' upper quartile and
                               (1 + :data:`HIGH_ACTIVITY_MARGIN`) × median, while *both* win rate and
                               revenue per activity are at or below the lower quartile and
                               (1 − :data:`LOW_CONVERSION_MARGIN`) × median (either alone flags one rep
                               of most teams by chance); left out when burnout explains it
``ramping``                    fewer than :data:`~salesnb.analysis.common.RAMP_MONTHS` months employed at
                               the period end: not a performance problem, and never ``below_target``
``departed``                   left within the last :data:`ATTRITION_PERIODS` periods
``burnout``                    :func:`salesnb.analysis.workload.burnout_signals` flagged the rep
``below_target``               :func:`salesnb.analysis.attainment.below_target`: quota attainment below
                               the line in each of the last periods, none in the rep's ramp; a field
                               team's attainment over a rolling quarter (:mod:`~.risk_rules`)
``activity_drop``              activities per working day in the period below :data:`ACTIVITY_DROP` ×
                               the rep's mean of the :data:`SIGNAL_PERIODS` periods before
=============================  ==========================================================================

Severity: high for ``burnout``, and for ``below_target`` from twice the periods in a row or under half
the target; low for ``ramping``; medium otherwise (the risk register weighs a departure by the open
deals left in the rep's name).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesnb.analysis.attainment import BELOW_TARGET, BELOW_TARGET_PERIODS, below_target
from salesnb.analysis.common import RAMP_MONTHS, core_measures, quantile, tenure_months, ts
from salesnb.analysis.findings import Severity, Signal, SignalKind
from salesnb.analysis.risk_rules import RiskRules
from salesnb.analysis.workload import BURNOUT_PERIODS, burnout_signals
from salesnb.errors import ParameterError
from salesnb.kpis.catalog import calls_per_working_day, contact_rate, ratio, win_rate
from salesnb.periods import Period

#: Periods the rate signals read (a quarter): a month of a field rep holds a handful of closed deals.
SIGNAL_PERIODS = 3
#: Contact rate this far below the peers' median (relative) is low: a healthy team's reps sit within
#: about 15 % of it (lists and calling hours differ); a third below is a skill or list problem.
LOW_CONTACT_MARGIN = 0.35
#: Fewest dials in the window for a contact rate to be judged.
MIN_DIALS = 100
#: Activity this far above the peers' median (relative), on top of the upper quartile, is high.
HIGH_ACTIVITY_MARGIN = 0.25
#: Win rate and revenue per activity this far below the peers' median, on top of the lower quartile.
LOW_CONVERSION_MARGIN = 0.30
#: Activities per working day under this share of the rep's own recent mean is a sharp drop.
ACTIVITY_DROP = 0.50
#: Periods back a departure is still reported (its open deals may still need an owner).
ATTRITION_PERIODS = 6

#: The signal codes, in the order :func:`rep_signals` lists them (the coaching rules name them).
SIGNALS = tuple(kind.value for kind in SignalKind)


def _select(measures: pd.DataFrame, periods: list[Period]) -> pd.DataFrame:
    return measures[measures.index.get_level_values("period").isin([p.label for p in periods])]


def window_rates(
    measures: pd.DataFrame, reps: pd.DataFrame, period: Period, periods: int = SIGNAL_PERIODS
) -> pd.DataFrame:
    """Per rep the summed measures of the ``periods`` ending with ``period`` and the rates on them.

    ``measures`` are per ``(period, rep_id)`` (:func:`~salesnb.analysis.common.core_measures`) and
    cover at least those periods.

    Columns: the measures plus ``contact_rate``, ``activities_per_day``, ``dials_per_day``,
    ``win_rate``, ``revenue_per_activity``, ``level``, ``tenure_months`` (at the period end) and
    ``peer`` (employed in the window and past the ramp).
    """
    m = _select(measures, period.history(periods)).groupby(level="rep_id").sum()
    out = m.copy()
    out["contact_rate"] = contact_rate(m)
    out["activities_per_day"] = ratio(m["activities"], m["working_days"])
    out["dials_per_day"] = calls_per_working_day(m)
    out["win_rate"] = win_rate(m)
    out["revenue_per_activity"] = ratio(m["revenue"], m["activities"])
    out["level"] = reps.set_index("rep_id")["level"].reindex(out.index)
    out["tenure_months"] = tenure_months(reps, period.last_day).reindex(out.index)
    out["peer"] = (m["working_days"] > 0) & (out["tenure_months"].fillna(RAMP_MONTHS) >= RAMP_MONTHS)
    return out


def low_contact(
    rates: pd.DataFrame,
    margin: float = LOW_CONTACT_MARGIN,
    min_dials: int = MIN_DIALS,
    periods: int = SIGNAL_PERIODS,
    floor: float | None = None,
) -> list[Signal]:
    """``low_contact_rate`` signals from :func:`window_rates` over ``periods`` (see the module docstring):
    below the peers' median less ``margin``, or below ``floor`` (a rule's own level) when one is given;
    the threshold is the higher of the two.

    Examples
    --------
    Peers at 0.30, 0.32, 0.28 and 0.12: median 0.29; threshold 0.65 × 0.29 = 0.1885; 0.12 is low.
    """
    judged = rates[rates["peer"] & (rates["dials"] >= min_dials)]
    median = quantile(judged["contact_rate"], 0.5)
    threshold = median * (1 - margin)
    if floor is not None:
        threshold = max(threshold, floor) if np.isfinite(threshold) else floor
    return [
        Signal.of(
            SignalKind.LOW_CONTACT_RATE,
            rep_id,
            Severity.MEDIUM,
            "contact_rate",
            r["contact_rate"],
            median,
            threshold,
            periods=periods,
            dials=int(r["dials"]),
            connects=int(r["connects"]),
            peers=len(judged),
            margin=margin,
            ratio_to_median=r["contact_rate"] / median,
            floor=floor,
        )
        for rep_id, r in judged[judged["contact_rate"] < threshold].iterrows()
    ]


def high_activity_low_conversion(
    rates: pd.DataFrame,
    activity_margin: float = HIGH_ACTIVITY_MARGIN,
    conversion_margin: float = LOW_CONVERSION_MARGIN,
    excluded_levels: tuple[str, ...] = ("manager",),
    periods: int = SIGNAL_PERIODS,
) -> list[Signal]:
    """``high_activity_low_conv`` signals from :func:`window_rates` over ``periods`` (see the module
    docstring)."""
    peers = rates[rates["peer"] & ~rates["level"].isin(excluded_levels)]
    act_med = quantile(peers["activities_per_day"], 0.5)
    act_line = max(quantile(peers["activities_per_day"], 0.75), act_med * (1 + activity_margin))
    wr_med = quantile(peers["win_rate"], 0.5)
    wr_line = min(quantile(peers["win_rate"], 0.25), wr_med * (1 - conversion_margin))
    rpa_med = quantile(peers["revenue_per_activity"], 0.5)
    rpa_line = min(quantile(peers["revenue_per_activity"], 0.25), rpa_med * (1 - conversion_margin))
    hit = (
        (peers["activities_per_day"] >= act_line)
        & (peers["win_rate"] <= wr_line)
        & (peers["revenue_per_activity"] <= rpa_line)
    )
    return [
        Signal.of(
            SignalKind.HIGH_ACTIVITY_LOW_CONV,
            rep_id,
            Severity.MEDIUM,
            "activities_per_day",
            r["activities_per_day"],
            act_med,
            act_line,
            periods=periods,
            dials_per_day=r["dials_per_day"],
            win_rate=r["win_rate"],
            win_rate_median=wr_med,
            win_rate_threshold=wr_line,
            revenue_per_activity=r["revenue_per_activity"],
            revenue_per_activity_median=rpa_med,
            revenue_per_activity_threshold=rpa_line,
            deals_closed=int(r["deals_won"] + r["deals_lost"]),
            peers=len(peers),
        )
        for rep_id, r in peers[hit].iterrows()
    ]


def ramping(reps: pd.DataFrame, period: Period, ramp_months: int = RAMP_MONTHS) -> list[Signal]:
    """``ramping`` signals: reps employed at the period end with fewer than ``ramp_months`` months."""
    tenure = tenure_months(reps, period.last_day)
    left = pd.to_datetime(reps.set_index("rep_id")["left_date"])
    rows = []
    for rep_id, months in tenure.items():
        if pd.isna(months) or months >= ramp_months or months < 0:
            continue
        if pd.notna(left.get(rep_id)) and left[rep_id] <= ts(period.end):
            continue
        hire = pd.Timestamp(reps.set_index("rep_id").loc[rep_id, "hire_date"])
        rows.append(
            Signal.of(
                SignalKind.RAMPING,
                rep_id,
                Severity.LOW,
                "tenure_months",
                months,
                None,
                ramp_months,
                hire_date=hire.date().isoformat(),
            )
        )
    return rows


def departed(reps: pd.DataFrame, period: Period, periods: int = ATTRITION_PERIODS) -> list[Signal]:
    """``departed`` signals: reps whose leaving day falls in the ``periods`` ending with ``period``."""
    since = ts(period.history(periods)[0].start)
    left = pd.to_datetime(reps["left_date"])
    gone = reps[left.notna() & (left >= since) & (left < ts(period.end))]
    rows = []
    for _, r in gone.iterrows():
        day = pd.Timestamp(r["left_date"])
        days_ago = (ts(period.end) - day).days
        rows.append(
            Signal.of(
                SignalKind.DEPARTED,
                r["rep_id"],
                Severity.MEDIUM,
                "days_since_left",
                days_ago,
                None,
                None,
                left_date=day.date().isoformat(),
                status=r.get("status"),
            )
        )
    return rows


def activity_drop(
    measures: pd.DataFrame,
    reps: pd.DataFrame,
    period: Period,
    share: float = ACTIVITY_DROP,
    periods: int = SIGNAL_PERIODS,
) -> list[Signal]:
    """``activity_drop`` signals: the period's activities per working day under ``share`` × the rep's mean
    of the ``periods`` before (reps employed through the period end; a departure is ``departed``)."""
    before = period.previous().history(periods)
    m = _select(measures, [*before, period])
    per_day = ratio(m["activities"], m["working_days"]).unstack("period")
    if period.label not in per_day:
        return []
    base = per_day.reindex(columns=[p.label for p in before]).mean(axis=1)
    now = per_day[period.label]
    left = pd.to_datetime(reps.set_index("rep_id")["left_date"]).reindex(per_day.index)
    staying = left.isna() | (left >= ts(period.end))
    hit = staying & (now < share * base) & (base > 0)
    return [
        Signal.of(
            SignalKind.ACTIVITY_DROP,
            rep_id,
            Severity.MEDIUM,
            "activities_per_day",
            now[rep_id],
            base[rep_id],
            share * base[rep_id],
            share=share,
            baseline_periods=periods,
        )
        for rep_id in per_day.index[hit.fillna(False).to_numpy()]
    ]


def rep_signals(data: dict[str, pd.DataFrame], period: Period, **thresholds: float) -> list[Signal]:
    """Every signal of every rep in the slice for ``period`` (see the module docstring), by kind in the
    order of :data:`SIGNALS`, then by rep.

    ``thresholds`` override the module constants by their lower-case names (``low_contact_margin``,
    ``min_dials``, ``high_activity_margin``, ``low_conversion_margin``, ``ramp_months``,
    ``attrition_periods``, ``below_target``, ``below_target_periods``, ``below_target_window`` (default:
    a rolling quarter for the team types :class:`~salesnb.analysis.risk_rules.RiskRules` names),
    ``min_contact_rate``, ``activity_drop``,
    ``signal_periods``; burnout's own are passed on to
    :func:`~salesnb.analysis.workload.burnout_signals`: ``activity_up``, ``out_of_hours_up``,
    ``results_down``, ``burnout_periods``). :func:`~salesnb.analysis.findings.signal_frame` makes a
    table of them.
    """
    t = {k.lower(): v for k, v in thresholds.items()}
    known = {
        "low_contact_margin", "min_dials", "high_activity_margin", "low_conversion_margin", "ramp_months",
        "attrition_periods", "below_target", "below_target_periods", "activity_drop", "signal_periods",
        "below_target_window", "min_contact_rate",
        "activity_up", "out_of_hours_up", "results_down", "burnout_periods",
    }  # fmt: skip
    unknown = set(t) - known
    if unknown:
        raise ParameterError(
            f"unknown threshold {', '.join(sorted(unknown))}: use {', '.join(sorted(known))}"
        )
    window = t.get("signal_periods", SIGNAL_PERIODS)
    ramp = t.get("ramp_months", RAMP_MONTHS)
    below_n = t.get("below_target_periods", BELOW_TARGET_PERIODS)
    team_types = data["teams"]["team_type"].tolist() if "teams" in data else []
    below_window = int(t.get("below_target_window", RiskRules().window(team_types)))
    burnout_n = t.get("burnout_periods", BURNOUT_PERIODS)
    reps = data["reps"]
    # one pass over the data for every signal: the longest look-back any of them needs
    measures = core_measures(
        data, period.history(max(window + 1, 2 * below_n + below_window - 1, 2 * burnout_n)), full=False
    )
    rates = window_rates(measures, reps, period, window)
    rates["peer"] = (rates["working_days"] > 0) & (rates["tenure_months"].fillna(ramp) >= ramp)
    burnout = burnout_signals(
        data,
        period,
        burnout_n,
        **{k: t[k] for k in ("activity_up", "out_of_hours_up", "results_down") if k in t},
        ramp_months=ramp,
        measures=measures,
    )
    burned = burnout[burnout["flagged"]]
    found = low_contact(
        rates,
        t.get("low_contact_margin", LOW_CONTACT_MARGIN),
        t.get("min_dials", MIN_DIALS),
        window,
        t.get("min_contact_rate"),
    )
    found += [
        s
        for s in high_activity_low_conversion(
            rates,
            t.get("high_activity_margin", HIGH_ACTIVITY_MARGIN),
            t.get("low_conversion_margin", LOW_CONVERSION_MARGIN),
            periods=window,
        )
        if s.rep_id not in set(burned["rep_id"])
    ]
    found += ramping(reps, period, ramp)
    found += departed(reps, period, t.get("attrition_periods", ATTRITION_PERIODS))
    found += [
        Signal.of(
            SignalKind.BURNOUT,
            b["rep_id"],
            Severity.HIGH,
            "activity_change",
            b["activity_change"],
            None,
            b["activity_up"],
            periods=burnout_n,
            **{k: b[k] for k in burnout.columns if k not in ("rep_id", "flagged")},
        )
        for _, b in burned.iterrows()
    ]
    line = t.get("below_target", BELOW_TARGET)
    found += below_target(measures, reps, period, line, below_n, ramp, below_window)
    found += activity_drop(measures, reps, period, t.get("activity_drop", ACTIVITY_DROP), window)
    order = {kind: i for i, kind in enumerate(SignalKind)}
    return sorted(found, key=lambda s: (order[s.kind], s.rep_id))
