"""A fall in what the team's customers say: the ``satisfaction_drop`` risk.

The review period's CSAT (share of scores 4–5) and NPS (promoters − detractors, −100…100) are compared
with the :attr:`~salesnb.analysis.risk_rules.RiskRules.satisfaction_periods` periods before it, pooled.
A fall is a risk when it is at least ``csat_drop`` (``nps_drop``) points, both windows hold at least
``min_responses`` responses, and it is larger than sampling noise at ``satisfaction_confidence``
(one-sided normal test on the difference, each window's variance from its own responses): fourteen
answers move a CSAT by ten points by chance alone. Severity is high from twice the threshold.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from salesnb.analysis.findings import Risk, RiskKind, Severity, Subject
from salesnb.analysis.risk_rules import RiskRules
from salesnb.kpis.measures.sales import measure_surveys
from salesnb.periods import Period


def _score(m: pd.Series, survey: str) -> tuple[float, float, int]:
    """(score, variance of the score, responses) of summed survey measures; score in points."""
    if survey == "csat":
        n = int(m["csat_responses"])
        p = m["csat_satisfied"] / n if n else math.nan
        return 100 * p, 100**2 * p * (1 - p) / n if n else math.nan, n
    n = int(m["nps_responses"])
    if not n:
        return math.nan, math.nan, 0
    pro, det = m["nps_promoters"] / n, m["nps_detractors"] / n
    return 100 * (pro - det), 100**2 * (pro + det - (pro - det) ** 2) / n, n


def satisfaction_drops(
    surveys: pd.DataFrame, team: Subject, period: Period, rules: RiskRules | None = None
) -> list[Risk]:
    """The team's ``satisfaction_drop`` risks (CSAT, NPS) in ``period`` (see the module docstring).

    Examples
    --------
    CSAT 54 of 59 satisfied before (91.5 %), 11 of 14 in the period (78.6 %): 12.9 points down, past the
    10-point threshold, but z = 12.9 ÷ 11.5 = 1.1, within the noise of 14 answers at 95 % (z 1.64): no
    risk. NPS 1.7 → −35.7 on the same answers: 37.4 points down, z = 1.7: a risk.
    """
    rules = rules or RiskRules()
    before = period.history(rules.satisfaction_periods + 1)[:-1]
    m = measure_surveys(surveys, [*before, period]).groupby(level="period").sum()
    if m.empty:
        return []
    labels = [p.label for p in before]
    old = m[m.index.isin(labels)].sum()
    new = m.loc[period.label] if period.label in m.index else m.iloc[0:0].sum()
    z_line = NormalDist().inv_cdf(rules.satisfaction_confidence)
    rows = []
    for survey, threshold in (("csat", 100 * rules.csat_drop), ("nps", rules.nps_drop)):
        was, var_was, n_was = _score(old, survey)
        now, var_now, n_now = _score(new, survey)
        if min(n_was, n_now) < rules.survey_minimum(survey):
            continue
        drop = was - now
        noise = math.sqrt(var_was + var_now)
        if drop < threshold or (noise > 0 and drop / noise < z_line):
            continue
        rows.append(
            Risk.of(
                RiskKind.SATISFACTION_DROP,
                team,
                None,
                Severity.HIGH if drop >= 2 * threshold else Severity.MEDIUM,
                f"{survey}_drop",
                drop,
                None,
                threshold,
                "customer_calls",
                survey=survey,
                before=was,
                recent=now,
                responses_before=n_was,
                responses_recent=n_now,
                periods=rules.satisfaction_periods,
                min_responses=rules.survey_minimum(survey),
            )
        )
    return rows
