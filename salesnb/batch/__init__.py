"""Batch production of reports: plan jobs, run them with papermill, record a manifest."""

from salesnb.batch.manifest import Entry, read_manifest, write_manifest
from salesnb.batch.runner import Job, execute_job, run_jobs

__all__ = ["Entry", "Job", "execute_job", "read_manifest", "run_jobs", "write_manifest"]
