"""The KPI engine: additive measures per rep and period, rolled up, and the KPI catalog on top."""

from salesnb.kpis.catalog import CATALOG, GROSS_MARGIN, KPI, compute_kpis
from salesnb.kpis.engine import (
    ATTAINMENT_BANDS,
    LEVELS,
    attainment_distribution,
    band_keys,
    kpi_frame,
    kpi_table,
    kpi_wide,
    rollup,
    rollup_slice,
    unit_trend,
    units,
)
from salesnb.kpis.measures import compute_measures
from salesnb.kpis.stages import stage_durations

__all__ = [
    "ATTAINMENT_BANDS",
    "CATALOG",
    "GROSS_MARGIN",
    "KPI",
    "LEVELS",
    "attainment_distribution",
    "band_keys",
    "compute_kpis",
    "compute_measures",
    "kpi_frame",
    "kpi_table",
    "kpi_wide",
    "rollup",
    "rollup_slice",
    "stage_durations",
    "unit_trend",
    "units",
]
