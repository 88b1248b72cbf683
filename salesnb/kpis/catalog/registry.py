"""What a KPI is, the :data:`CATALOG` every definition registers in, and the lookups the rest of salesnb
reads labels, units and directions through.

A KPI is a function of a measures frame (see :mod:`salesnb.kpis.measures`) registered with
:func:`kpi`: its labels in every report language, unit, direction, the definition and formula
``docs/kpis.md`` prints, and the measures it reads. The definitions live by family beside this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from salesnb.errors import ParameterError

Unit = Literal["currency", "ratio", "count", "days", "hours", "per_day", "multiple", "score"]
#: Which way is better: ``neutral`` KPIs (headcount) are judged as ``higher`` where a rule needs a side.
Direction = Literal["higher", "lower", "neutral"]


@dataclass(frozen=True)
class Column:
    """A number the reports show under a label: a KPI, or a measure shown beside the KPIs (the quota)."""

    name: str
    #: language code → label, for every report language (``en`` and ``zh``)
    labels: Mapping[str, str]
    unit: Unit

    @property
    def label(self) -> str:
        """The English label (the ``label`` column of :func:`~salesnb.kpis.kpi_table` and the CLI)."""
        return self.labels["en"]


@dataclass(frozen=True)
class KPI(Column):
    """One catalog entry: a :class:`Column` with its meaning and the function that computes it."""

    direction: Direction
    #: the definition in words (``docs/kpis.md``)
    definition: str
    formula: str
    #: the measure columns :attr:`compute` reads
    measures: tuple[str, ...]
    compute: Callable[[pd.DataFrame], pd.Series]
    #: grows with the days of the period (revenue, counts, hours), so a run rate projects it
    accumulates: bool = False
    #: a share of a whole (at most 100 %); attainment and flow ratios such as lead conversion are not
    share: bool = False
    #: the measure counting the records this KPI has to leave out (a deal without an amount in a sum of
    #: amounts): unknown is not 0, so the count is shown beside the figure
    left_out: str | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.direction != "lower"


CATALOG: dict[str, KPI] = {}

#: Measures the review tables show beside the KPIs: a label and a unit, no formula.
SHOWN_MEASURES: dict[str, Column] = {
    "quota": Column("quota", {"en": "Quota", "zh": "销售目标"}, "currency"),
}


def kpi(
    *,
    en: str,
    zh: str,
    unit: Unit,
    definition: str,
    formula: str,
    measures: tuple[str, ...],
    direction: Direction = "higher",
    accumulates: bool = False,
    share: bool | None = None,
    left_out: str | None = None,
) -> Callable[[Callable[[pd.DataFrame], pd.Series]], Callable[[pd.DataFrame], pd.Series]]:
    """Register a KPI function in :data:`CATALOG` under its function name, labelled ``en`` and ``zh``; a
    ratio is a share (at most 100 %) unless ``share=False`` says it can exceed 100 %; ``left_out`` names
    the measure counting the records it cannot include (``measures`` lists it only when the KPI reads it)."""

    def wrap(fn: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
        if fn.__name__ in CATALOG or fn.__name__ in SHOWN_MEASURES:
            raise RuntimeError(f"KPI {fn.__name__} defined twice")
        CATALOG[fn.__name__] = KPI(
            name=fn.__name__,
            labels={"en": en, "zh": zh},
            unit=unit,
            direction=direction,
            definition=definition,
            formula=formula,
            measures=measures,
            compute=fn,
            accumulates=accumulates,
            share=unit == "ratio" if share is None else share,
            left_out=left_out,
        )
        return fn

    return wrap


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, missing (not zero, not infinite) where the denominator is 0.

    Examples
    --------
    >>> ratio(pd.Series([3, 1]), pd.Series([4, 0])).tolist()
    [0.75, nan]
    """
    num = numerator.astype(float)
    den = denominator.astype(float)
    return (num / den.where(den != 0)).astype(float)


def column(name: str) -> Column:
    """The KPI or shown measure called ``name``.

    Examples
    --------
    >>> column("quota").unit, column("win_rate").labels["zh"]
    ('currency', '赢单率')
    """
    found = CATALOG.get(name) or SHOWN_MEASURES.get(name)
    if found is None:
        raise ParameterError(f"unknown KPI {name}: choose from {', '.join([*CATALOG, *SHOWN_MEASURES])}")
    return found


def column_labels() -> dict[str, Mapping[str, str]]:
    """Name → labels by language of every KPI and shown measure (the report text tables read these)."""
    return {name: c.labels for name, c in {**CATALOG, **SHOWN_MEASURES}.items()}


#: The count each left-out measure is part of (won deals, open deals): when all of them were left out, a
#: KPI summing their amounts knows nothing, and shows as unknown beside the count rather than as 0.
LEFT_OUT_OF = {"won_deals_unknown_amount": "deals_won", "open_deals_unknown_amount": "pipeline_deals"}


def compute_kpis(measures: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """Apply the catalog to a measures frame (any index): one column per KPI.

    Examples
    --------
    >>> m = pd.DataFrame({"deals_won": [3.0], "deals_lost": [1.0], "revenue": [600.0],
    ...                   "won_deals_unknown_amount": [0.0]})
    >>> compute_kpis(m, ["win_rate", "avg_deal_size"]).iloc[0].tolist()
    [0.75, 200.0]

    Revenue of won deals none of which has an amount is unknown, not 0:

    >>> unknown = m.assign(revenue=0.0, won_deals_unknown_amount=3.0)
    >>> compute_kpis(unknown, ["win_rate", "revenue"]).iloc[0].tolist()
    [0.75, nan]
    """
    chosen = names or list(CATALOG)
    unknown = [n for n in chosen if n not in CATALOG]
    if unknown:
        raise ParameterError(f"unknown KPI {', '.join(unknown)}: choose from {', '.join(CATALOG)}")
    out = pd.DataFrame({n: CATALOG[n].compute(measures) for n in chosen}, index=measures.index)
    for n in chosen:  # every record the KPI sums was left out: its value is unknown, not 0
        left_out, total = CATALOG[n].left_out, LEFT_OUT_OF.get(CATALOG[n].left_out or "")
        if left_out in measures and total in measures:
            nothing_known = (measures[left_out] > 0) & (measures[total] <= measures[left_out])
            out.loc[nothing_known, n] = np.nan
    return out.replace([np.inf, -np.inf], np.nan)
