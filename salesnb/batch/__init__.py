"""Batch production of reports: plan jobs, run them with papermill, record a manifest."""

import sys

# papermill validates notebooks with nbformat, which imports jsonschema, whose format checkers import
# rfc3987_syntax when it is installed (it comes with Jupyter's jsonschema[format-nongpl]) and build its
# Lark grammar: about 1 s in every process that starts, for the "iri" format, which notebook validation
# never checks (nbformat uses no format checker). Kept out of every process that imports salesnb.batch
# (the CLI, pool and Dask workers, a kernel rendering from the workbench) unless something imported it
# already; jsonschema in such a process has no "iri" format checker.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from salesnb.batch.runner import Job, execute_job, run_jobs  # noqa: E402
from salesnb.reports.manifest import Entry, read_manifest, write_manifest  # noqa: E402 (after the guard)

__all__ = ["Entry", "Job", "execute_job", "read_manifest", "run_jobs", "write_manifest"]
