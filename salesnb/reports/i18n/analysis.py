"""The team review's analysis sections: trends, stages, forecast, customers, workload, risks."""

STRINGS: dict[str, dict[str, str]] = {}
