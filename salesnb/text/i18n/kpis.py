"""KPI labels, ``kpi.<name>``: not written here but read from the KPI catalog, where each KPI (and the
quota shown beside them) declares its label in every report language."""

from salesnb.kpis.catalog import column_labels

STRINGS: dict[str, dict[str, str]] = {f"kpi.{name}": dict(labels) for name, labels in column_labels().items()}
