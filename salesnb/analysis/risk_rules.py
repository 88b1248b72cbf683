"""The thresholds of the risk register and of the people signals behind it: ``params/risk_rules.yaml``.

:class:`RiskRules` holds every threshold with its default (the documented constants of
:mod:`salesnb.analysis.risks`, :mod:`salesnb.analysis.signals`, :mod:`salesnb.analysis.attainment` and
:mod:`salesnb.analysis.satisfaction`); :func:`parse_risk_rules` validates the YAML mapping of a params
folder into one (the params layer reads the file). A key left out keeps its default.

============================== ===================================================================
key                            meaning (default)
============================== ===================================================================
``stalled_days``               days without a stage change that make an open deal stalled (30)
``stalled_share``              share of the open pipeline in stalled deals that is a risk (0.20)
``low_contact_margin``         contact rate this far below the peers' median is low (0.35)
``min_contact_rate``           and below this level it is low whatever the peers do (none)
``min_dials``                  fewest dials in the window for a contact rate to be judged (100)
``below_target``               quota attainment under which a period is below target (0.80)
``below_target_periods``       periods in a row below target that make a risk (3)
``team_below_quota``           the team's attainment under which a period counts (0.90)
``team_below_quota_periods``   the team's periods in a row below it that make a risk (3)
``rolling_team_types``         team types judged on a rolling window, not one period: deals
                               there are few and large, so one month is luck ([field])
``rolling_periods``            the window of those teams, in periods (3: a quarter of months)
``csat_drop``                  fall in CSAT (points of satisfied responses) that is a risk (0.10)
``nps_drop``                   fall in NPS (points on the −100…100 scale) that is a risk (20)
``min_responses``              survey responses each window needs to be judged (by default the
                               ``min_sample`` of csat and nps in ``coaching_rules.yaml``, 10)
``satisfaction_periods``       the periods before the review period it is compared with (3)
``satisfaction_confidence``    how sure the fall must be, one-sided, from 0.5 to below 1 (0.95)
============================== ===================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from salesnb.analysis.samples import DEFAULT_MIN_SAMPLE, SURVEYS
from salesnb.errors import ParameterError
from salesnb.kpis.measures.pipeline import STALLED_DAYS
from salesnb.values import parse_number, parse_whole_number

#: The file of the risk rules in a params folder.
FILE = "risk_rules.yaml"
#: Team types the warehouse knows (a rolling team type must be one of them).
KNOWN_TEAM_TYPES = ("online", "telesales", "field")
#: Longest window in periods any rule may ask for (three years of months).
MAX_PERIODS = 36


@dataclass(frozen=True)
class RiskRules:
    """Every threshold of the risk register (see the module docstring for each)."""

    stalled_days: int = STALLED_DAYS
    stalled_share: float = 0.20
    low_contact_margin: float = 0.35
    min_contact_rate: float | None = None
    min_dials: int = 100
    below_target: float = 0.80
    below_target_periods: int = 3
    team_below_quota: float = 0.90
    team_below_quota_periods: int = 3
    rolling_team_types: tuple[str, ...] = ("field",)
    rolling_periods: int = 3
    csat_drop: float = 0.10
    nps_drop: float = 20.0
    min_responses: int | None = None  # None: survey_min_sample, the coaching rules' min_sample
    satisfaction_periods: int = 3
    satisfaction_confidence: float = 0.95
    #: (survey, fewest responses): the coaching rules' ``min_sample`` of each survey (not a key of this
    #: file: the params layer sets it from ``coaching_rules.yaml``); pairs, so the rules stay hashable
    survey_min_sample: tuple[tuple[str, int], ...] = tuple((s, DEFAULT_MIN_SAMPLE[s]) for s in SURVEYS)

    def survey_minimum(self, survey: str) -> int:
        """Responses each window of ``survey`` needs: ``min_responses`` when the file sets it, else the
        survey's ``min_sample`` of the coaching rules (one minimum for the coaching and the risks).

        Examples
        --------
        >>> RiskRules().survey_minimum("nps"), RiskRules(min_responses=25).survey_minimum("nps")
        (10, 25)
        >>> RiskRules(survey_min_sample=(("csat", 30), ("nps", 12))).survey_minimum("csat")
        30
        """
        if self.min_responses is not None:
            return self.min_responses
        return int(dict(self.survey_min_sample).get(survey, DEFAULT_MIN_SAMPLE[survey]))

    def window(self, team_types: list[str]) -> int:
        """Periods one attainment is read over for teams of ``team_types``: :attr:`rolling_periods` when
        every one of them is a rolling type, else 1 (a slice mixing kinds is read period by period).

        Examples
        --------
        >>> RiskRules().window(["field"]), RiskRules().window(["online"]), RiskRules().window([])
        (3, 1, 1)
        """
        rolling = bool(team_types) and all(t in self.rolling_team_types for t in team_types)
        return self.rolling_periods if rolling else 1

    def signal_thresholds(self, team_types: list[str]) -> dict[str, float]:
        """The thresholds :func:`~salesnb.analysis.signals.rep_signals` takes from these rules."""
        out: dict[str, float] = {
            "low_contact_margin": self.low_contact_margin,
            "min_dials": self.min_dials,
            "below_target": self.below_target,
            "below_target_periods": self.below_target_periods,
            "below_target_window": self.window(team_types),
        }
        if self.min_contact_rate is not None:
            out["min_contact_rate"] = self.min_contact_rate
        return out


#: Keys whose value is a share from 0 to 1 (a percentage such as '10%' is accepted).
_SHARES = {"stalled_share", "low_contact_margin", "min_contact_rate", "below_target", "team_below_quota",
           "csat_drop", "satisfaction_confidence"}  # fmt: skip
#: Whole-number keys and their bounds.
_WHOLE = {
    "stalled_days": (1, 3650),
    "min_dials": (1, 1_000_000),
    "below_target_periods": (1, MAX_PERIODS),
    "team_below_quota_periods": (1, MAX_PERIODS),
    "rolling_periods": (1, 12),
    "min_responses": (1, 1_000_000),
    "satisfaction_periods": (1, 12),
}


def _value(key: str, raw: Any, where: str) -> Any:
    if key in _WHOLE:
        return parse_whole_number(raw, key, *_WHOLE[key], where=where)
    if key == "rolling_team_types":
        if not isinstance(raw, list) or any(t not in KNOWN_TEAM_TYPES for t in raw):
            raise ParameterError(
                f"{where}: rolling_team_types must be a list of {', '.join(KNOWN_TEAM_TYPES)}, not {raw!r}"
            )
        return tuple(raw)
    if key == "min_contact_rate" and raw is None:
        return None
    value = parse_number(raw, key, percent=key in _SHARES, where=where)
    if key == "satisfaction_confidence" and not 0.5 <= value < 1:
        # a one-sided test's line: 1 has no finite z (every review with surveys would fail), and under
        # a half the line falls below zero, so a rise would count as a fall
        raise ParameterError(f"{where}: {key} must be at least 0.5 and below 1, not {raw!r}")
    top = 1.0 if key in _SHARES else 200.0  # an NPS fall cannot exceed the scale's 200 points
    if not 0 < value <= top:
        raise ParameterError(f"{where}: {key} must be above 0 and at most {top:g}, not {raw!r}")
    return value


def parse_risk_rules(data: Mapping[str, Any] | None, where: str = FILE) -> RiskRules:
    """The rules of a ``risk_rules.yaml`` mapping (``None``: the defaults), every key validated.

    Raises
    ------
    ParameterError
        One line naming the file, the key and the reason: an unknown key, a value out of range.

    Examples
    --------
    >>> parse_risk_rules({"csat_drop": "15%", "rolling_team_types": ["field", "online"]}).csat_drop
    0.15
    >>> parse_risk_rules({"min_dials": 0}, "x.yaml")
    Traceback (most recent call last):
    ...
    salesnb.errors.ParameterError: x.yaml: min_dials must be a whole number from 1 to 1000000, not 0
    """
    if data is None:
        return RiskRules()
    if not isinstance(data, Mapping):
        raise ParameterError(f"{where}: must be a mapping of rule: value")
    known = {f.name for f in fields(RiskRules)} - {"survey_min_sample"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise ParameterError(
            f"{where}: unknown key {', '.join(unknown)}; allowed: {', '.join(sorted(known))}"
        )
    return replace(RiskRules(), **{k: _value(k, v, where) for k, v in data.items()})
