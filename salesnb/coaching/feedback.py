"""What individual feedback may rest on, and how its gaps are ranked (``docs/coaching.md``).

* **Sample sizes.** A rate over a handful of records says little: NPS −100 from two responses is two
  unhappy customers, not a trend. Every rate KPI names the records behind it (:data:`SAMPLE_MEASURES`) and
  a minimum (:data:`DEFAULT_MIN_SAMPLE`, overridden by ``min_sample`` in ``params/coaching_rules.yaml``).
  Below it the rep's rate is first pooled over more periods (:func:`pool_thin_rates`: up to the signals'
  window), and when even that is too few it is shown with its *n* and left out of strengths, gaps,
  benchmarks and coaching rules.
* **What the rep controls.** KPIs computed from team costs shared out per rep (:data:`TEAM_ALLOCATED`:
  any KPI that reads ``sales_cost`` or ``marketing_cost``) are no one's individual feedback.
* **Symptoms.** With a burnout or over-activity signal (:data:`SYMPTOM_SIGNALS`) more effort
  (:data:`SYMPTOM_KPIS`) is the problem, never a strength.
* **Impact.** A gap's score is its shortfall against the benchmark in a common unit (relative, at most
  1), times how directly the KPI drives revenue, times how much of it the rep controls
  (:data:`WEIGHTS`, :func:`impact_score`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from salesnb.analysis.findings import SignalKind
from salesnb.analysis.samples import DEFAULT_MIN_SAMPLE as DEFAULT_MIN_SAMPLE  # defined once, there
from salesnb.kpis import CATALOG, compute_kpis

#: The measures whose sum is the sample behind a rate KPI (the records the rate is a share of).
SAMPLE_MEASURES: dict[str, tuple[str, ...]] = {
    "csat": ("csat_responses",),
    "nps": ("nps_responses",),
    "win_rate": ("deals_won", "deals_lost"),  # closed deals
    "contact_rate": ("dials",),  # calls
    "lead_conversion_rate": ("leads_created",),  # leads
    "retention_rate": ("customers_at_start",),
    "churn_rate": ("customers_at_start",),
    "repeat_purchase_rate": ("customers_ordering",),
    "after_hours_share": ("activities",),
    "weekend_share": ("activities",),
}
#: Measures holding team costs shared out to reps (by working days): not the rep's own doing.
TEAM_COST_MEASURES = frozenset({"sales_cost", "marketing_cost"})
#: KPIs computed from team costs shared out per rep: out of individual feedback.
TEAM_ALLOCATED = frozenset(k for k, spec in CATALOG.items() if TEAM_COST_MEASURES & set(spec.measures))
#: Effort KPIs that are the symptom, not a strength, of a rep with one of :data:`SYMPTOM_SIGNALS`.
SYMPTOM_KPIS = frozenset({"calls_per_working_day", "talk_time_hours", "after_hours_share", "weekend_share"})
SYMPTOM_SIGNALS = frozenset({SignalKind.BURNOUT, SignalKind.HIGH_ACTIVITY_LOW_CONV})

#: Per KPI: (how directly it drives revenue, how much of it the rep controls), each from 0 to 1.
#: Revenue: 1 is revenue itself; 0.8 a factor of it (deals won, their size, conversion); 0.6 the
#: pipeline that becomes it; 0.4 the activity that feeds the pipeline; 0.3 what customers say and do
#: after the sale. Control: 1 the rep's own selling; 0.7 an outcome the territory and the leads given
#: also set; 0 a team cost shared out (never ranked).
WEIGHTS: dict[str, tuple[float, float]] = {
    "revenue": (1.0, 0.7),
    "quota_attainment": (1.0, 0.7),
    "new_customers": (0.8, 0.7),
    "win_rate": (0.8, 1.0),
    "lead_conversion_rate": (0.8, 1.0),
    "avg_deal_size": (0.8, 1.0),
    "sales_velocity": (0.8, 0.7),
    "sales_cycle_days": (0.6, 1.0),
    "pipeline_value": (0.6, 1.0),
    "pipeline_coverage": (0.6, 1.0),
    "pipeline_coverage_unstalled": (0.6, 1.0),
    "weighted_pipeline": (0.6, 1.0),
    "calls_per_working_day": (0.4, 1.0),
    "contact_rate": (0.4, 1.0),
    "talk_time_hours": (0.4, 1.0),
    "after_hours_share": (0.4, 1.0),
    "weekend_share": (0.4, 1.0),
    "csat": (0.3, 1.0),
    "nps": (0.3, 1.0),
    "retention_rate": (0.3, 0.7),
    "churn_rate": (0.3, 0.7),
    "repeat_purchase_rate": (0.3, 0.7),
    "clv": (0.3, 0.7),
    "cac": (0.0, 0.0),
    "clv_cac_ratio": (0.0, 0.0),
    "headcount": (0.0, 0.0),
}


def sample_sizes(measures: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """The records behind each rate KPI (:data:`SAMPLE_MEASURES`) from measures rows (or one row).

    Examples
    --------
    >>> m = pd.Series({"deals_won": 2.0, "deals_lost": 1.0, "nps_responses": 2.0})
    >>> n = sample_sizes(m)
    >>> int(n["win_rate"]), int(n["nps"]), math.isnan(n["csat"])
    (3, 2, True)
    """
    if isinstance(measures, pd.Series):
        return pd.Series({k: _total(measures, cols) for k, cols in SAMPLE_MEASURES.items()}, dtype=float)
    return pd.DataFrame(
        {
            k: measures[list(cols)].sum(axis=1) if set(cols) <= set(measures) else math.nan
            for k, cols in SAMPLE_MEASURES.items()
        },
        index=measures.index,
    )


def _total(row: pd.Series, cols: tuple[str, ...]) -> float:
    return float(sum(float(row[c]) for c in cols)) if all(c in row for c in cols) else math.nan


def too_small(kpi: str, n: float, minimums: Mapping[str, int]) -> bool:
    """Whether ``n`` records are too few to rank ``kpi`` (a KPI without a minimum never is; an unknown
    ``n`` of a KPI that has one is).

    Examples
    --------
    >>> too_small("nps", 2, DEFAULT_MIN_SAMPLE), too_small("nps", 12, DEFAULT_MIN_SAMPLE)
    (True, False)
    >>> too_small("revenue", 0, DEFAULT_MIN_SAMPLE)
    False
    """
    least = minimums.get(kpi)
    return least is not None and not (n >= least)


def without_small_samples(
    kpis: pd.DataFrame, measures: pd.DataFrame, minimums: Mapping[str, int]
) -> pd.DataFrame:
    """``kpis`` (rows: reps) with each rate blanked where its sample is below the minimum, so medians,
    ranks and rules rest on rates with enough records behind them.

    Examples
    --------
    >>> k = pd.DataFrame({"nps": [-100.0, 40.0]}, index=["a", "b"])
    >>> m = pd.DataFrame({"nps_responses": [2.0, 30.0]}, index=["a", "b"])
    >>> without_small_samples(k, m, {"nps": 10})["nps"].tolist()
    [nan, 40.0]
    """
    out = kpis.copy()
    n = sample_sizes(measures.reindex(out.index))
    for kpi, least in minimums.items():
        if kpi in out and kpi in n:
            out.loc[~(n[kpi] >= least), kpi] = math.nan
    return out


def pool_thin_rates(
    kpis: pd.Series, history: pd.DataFrame, minimums: Mapping[str, int], window: int
) -> tuple[pd.Series, pd.Series, dict[str, int]]:
    """The rep's KPIs with each rate whose sample this period is below its minimum pooled over the fewest
    of the last ``window`` periods that reach it (a field rep's win rate over a quarter instead of a month
    of one or two closed deals); a rate that even ``window`` periods leave short is kept as it is.

    ``history`` holds the rep's measures, one row per period they worked, oldest first, this period last.
    Returns (KPIs, the measures row behind them, periods pooled per KPI that was pooled).

    Examples
    --------
    >>> h = pd.DataFrame({"deals_won": [1.0, 2.0, 1.0], "deals_lost": [1.0, 0.0, 1.0]})
    >>> kpis, row, pooled = pool_thin_rates(pd.Series({"win_rate": 0.5}), h, {"win_rate": 5}, 3)
    >>> round(float(kpis["win_rate"]), 3), int(sample_sizes(row)["win_rate"]), pooled
    (0.667, 6, {'win_rate': 3})
    >>> pool_thin_rates(pd.Series({"win_rate": 0.5}), h, {"win_rate": 5}, 2)[2]  # 4 deals: still too few
    {}
    """
    kpis, row = kpis.copy(), history.iloc[-1].copy()
    pooled: dict[str, int] = {}
    n_now = sample_sizes(row)
    for kpi in minimums:
        if kpi not in kpis.index or not too_small(kpi, float(n_now.get(kpi, math.nan)), minimums):
            continue
        for w in range(2, min(window, len(history)) + 1):
            total = history.iloc[-w:].sum(numeric_only=True)
            if not too_small(kpi, _total(total, SAMPLE_MEASURES[kpi]), minimums):
                kpis[kpi] = float(compute_kpis(total.to_frame().T, [kpi]).iloc[0][kpi])
                for col in CATALOG[kpi].measures:  # the row the sample (n) is read from
                    row[col] = total[col]
                pooled[kpi] = w
                break
    return kpis, row, pooled


def symptoms(signals: object) -> frozenset[str]:
    """The effort KPIs that are symptoms for a rep with these signal kinds (an iterable of kinds).

    >>> sorted(symptoms([SignalKind.BURNOUT]))[:2], symptoms([SignalKind.RAMPING])
    (['after_hours_share', 'calls_per_working_day'], frozenset())
    """
    kinds = {str(s) for s in signals}  # type: ignore[attr-defined]
    return SYMPTOM_KPIS if kinds & {str(k) for k in SYMPTOM_SIGNALS} else frozenset()


#: The KPI a signal is about where its metric is the symptom: an over-dialer's problem is conversion.
SIGNAL_KPIS = {SignalKind.HIGH_ACTIVITY_LOW_CONV: "win_rate"}


def confirmed_kpis(signals: object) -> frozenset[str]:
    """The KPIs the rep's signals (each with ``kind`` and ``metric``) found a pattern in, over several
    periods: their gaps come first.

    >>> from types import SimpleNamespace as S
    >>> sorted(confirmed_kpis([S(kind=SignalKind.HIGH_ACTIVITY_LOW_CONV, metric="dials_per_day")]))
    ['dials_per_day', 'win_rate']
    """
    found = set()
    for s in signals:  # type: ignore[attr-defined]
        found.add(str(s.metric))
        if s.kind in SIGNAL_KPIS:
            found.add(SIGNAL_KPIS[s.kind])
    return frozenset(found)


def impact_score(kpi: str, shortfall: float) -> float:
    """A gap's impact: ``min(shortfall, 1) × revenue weight × control`` (:data:`WEIGHTS`); 0 to 1.

    ``shortfall`` is how far the rep trails the benchmark relative to it (0.4 = 40 % worse); a KPI not in
    :data:`WEIGHTS` counts half on both.

    Examples
    --------
    >>> impact_score("win_rate", 0.5), impact_score("quota_attainment", 0.7), impact_score("nps", 2.0)
    (0.4, 0.49, 0.3)
    >>> impact_score("cac", 2.0)
    0.0
    """
    if not math.isfinite(shortfall) or shortfall <= 0:
        return 0.0
    revenue, control = WEIGHTS.get(kpi, (0.5, 0.5))
    return round(min(shortfall, 1.0) * revenue * control, 4)
