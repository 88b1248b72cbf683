"""The KPI catalog: one definition per KPI, computed from summed measures at any level.

Everything salesnb knows about a KPI is declared once, where its function is defined: its labels in the
report languages, unit, direction, the definition and formula ``docs/kpis.md`` prints (its catalog table
is written from here by ``make docs``), the measures it reads, and whether it is a share or accumulates
over the period. The reports' KPI labels (``kpi.<name>``), the units of their columns and the goals',
coaching and commission rules' sense of "better" are all read from here.

* :mod:`~salesnb.kpis.catalog.registry`: what a KPI is, :data:`CATALOG`, lookups and :func:`compute_kpis`;
* :mod:`~salesnb.kpis.catalog.sales`, :mod:`~salesnb.kpis.catalog.pipeline`,
  :mod:`~salesnb.kpis.catalog.customers`, :mod:`~salesnb.kpis.catalog.activity`: the definitions by
  family, registered in that order (the catalog's reading order);
* :mod:`~salesnb.kpis.catalog.markdown`: the table of ``docs/kpis.md``.
"""

from salesnb.kpis.catalog.registry import (
    CATALOG,
    KPI,
    SHOWN_MEASURES,
    Column,
    Direction,
    Unit,
    column,
    column_labels,
    compute_kpis,
    kpi,
    ratio,
)

# isort: split
# the families register in the catalog's reading order: sales, pipeline, customers, activity
from salesnb.kpis.catalog.sales import (
    avg_deal_size,
    lead_conversion_rate,
    new_customers,
    quota_attainment,
    revenue,
    sales_cycle_days,
    win_rate,
)

# isort: split
from salesnb.kpis.catalog.pipeline import (
    pipeline_coverage,
    pipeline_coverage_unstalled,
    pipeline_value,
    sales_velocity,
    weighted_pipeline,
)

# isort: split
from salesnb.kpis.catalog.customers import (
    GROSS_MARGIN,
    cac,
    churn_rate,
    clv,
    clv_cac_ratio,
    csat,
    nps,
    repeat_purchase_rate,
    retention_rate,
)

# isort: split
from salesnb.kpis.catalog.activity import (
    after_hours_share,
    calls_per_working_day,
    contact_rate,
    headcount,
    talk_time_hours,
    weekend_share,
)

#: The measures KPIs leave out and count beside their value (won and open deals without an amount).
LEFT_OUT_MEASURES = tuple(dict.fromkeys(k.left_out for k in CATALOG.values() if k.left_out))

__all__ = [
    "CATALOG",
    "GROSS_MARGIN",
    "KPI",
    "LEFT_OUT_MEASURES",
    "SHOWN_MEASURES",
    "Column",
    "Direction",
    "Unit",
    "after_hours_share",
    "avg_deal_size",
    "cac",
    "calls_per_working_day",
    "churn_rate",
    "clv",
    "clv_cac_ratio",
    "column",
    "column_labels",
    "compute_kpis",
    "contact_rate",
    "csat",
    "headcount",
    "kpi",
    "lead_conversion_rate",
    "new_customers",
    "nps",
    "pipeline_coverage",
    "pipeline_coverage_unstalled",
    "pipeline_value",
    "quota_attainment",
    "ratio",
    "repeat_purchase_rate",
    "retention_rate",
    "revenue",
    "sales_cycle_days",
    "sales_velocity",
    "talk_time_hours",
    "weekend_share",
    "weighted_pipeline",
    "win_rate",
]
