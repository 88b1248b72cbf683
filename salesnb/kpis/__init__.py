"""The KPI engine: additive measures per rep and period, rolled up, and the KPI catalog on top."""

from salesnb.kpis.catalog import CATALOG, KPI, compute_kpis
from salesnb.kpis.engine import LEVELS, kpi_frame, kpi_table, kpi_wide, rollup, units
from salesnb.kpis.measures import compute_measures

__all__ = [
    "CATALOG",
    "KPI",
    "LEVELS",
    "compute_kpis",
    "compute_measures",
    "kpi_frame",
    "kpi_table",
    "kpi_wide",
    "rollup",
    "units",
]
