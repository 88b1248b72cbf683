"""Incremental batches: fingerprint each job, and skip the ones whose last success had the same print.

A job's fingerprint covers everything its report depends on: the notebook file, the notebook
parameters, the salesnb version, every file under ``params/`` (goals, plans, rules, notes, …) and the
data the report can read (:func:`salesnb.warehouse.slices.slice_fingerprint` of the teams its kind says it
reads, :attr:`salesnb.reports.kinds.ReportKind.reads`: its team; for a rep review every team of the same
type, whose reps are its peers; for an overview the teams of its scope), and for a rep review the plan
the previous period's review gave (:func:`salesnb.warehouse.plans.plan_digest`). The manifest stores the
fingerprint of each success.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from salesnb import __version__
from salesnb.batch.job import Job
from salesnb.config import notebooks_dir
from salesnb.files.paths import period_dir
from salesnb.periods import Period
from salesnb.reports.manifest import Entry, read_manifest
from salesnb.warehouse import connect
from salesnb.warehouse.plans import plan_digest
from salesnb.warehouse.slices import list_teams, slice_fingerprint


def params_digest(params_dir: Path) -> str:
    """One digest of every file under ``params_dir`` (paths and contents)."""
    h = hashlib.sha256()
    if params_dir.exists():
        for path in sorted(p for p in params_dir.rglob("*") if p.is_file()):
            h.update(path.relative_to(params_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint_jobs(jobs: list[Job], db_path: Path, params_dir: Path) -> list[Job]:
    """``jobs`` with their ``fingerprint`` set (see the module docstring)."""
    if not jobs:
        return jobs
    params = params_digest(params_dir)
    notebooks: dict[str, str] = {}
    data: dict[tuple[str, ...], str] = {}
    out = []
    with connect(db_path) as con:
        teams = list_teams(con)
        for job in jobs:
            if job.notebook not in notebooks:
                notebooks[job.notebook] = hashlib.sha256(
                    (notebooks_dir() / f"{job.notebook}.ipynb").read_bytes()
                ).hexdigest()
            scope = tuple(job.kind.reads(teams, job.scope))
            if scope not in data:
                data[scope] = slice_fingerprint(con, list(scope))
            doc = {
                "notebook": notebooks[job.notebook],
                "parameters": job.parameters,
                "formats": list(job.formats),
                "version": __version__,
                "params": params,
                "data": data[scope],
            }
            if job.rep:  # a rep review follows through the plan last period's review gave, once stored
                doc["plan"] = plan_digest(con, job.rep, Period.parse(job.period).previous().label)
            digest = hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()
            out.append(dataclasses.replace(job, fingerprint=digest))
    return out


def _done(entry: Entry, base: Path, formats: tuple[str, ...]) -> bool:
    files = [entry.html] + ([entry.pdf] if "pdf" in formats else [])
    return entry.status == "ok" and all(f and (base / f).exists() for f in files)


def select_jobs(
    jobs: list[Job], force: bool = False, retry_failed: bool = False
) -> tuple[list[Job], list[Job]]:
    """Split ``jobs`` into (to run, skipped).

    Without flags a job is skipped when its last entry succeeded with the same fingerprint and its files
    are there. ``force`` runs every job. ``retry_failed`` runs only the jobs whose last entry failed.
    """
    if force:
        return list(jobs), []
    manifests: dict[str, dict[tuple[str, str], Entry]] = {}
    run, skip = [], []
    for job in jobs:
        if job.period not in manifests:
            base = period_dir(Path(job.reports_root), Period.parse(job.period))
            manifests[job.period] = {e.key: e for e in read_manifest(base)}
        last = manifests[job.period].get(job.manifest_key)
        base = period_dir(Path(job.reports_root), Period.parse(job.period))
        if retry_failed:
            (run if last is not None and last.status != "ok" else skip).append(job)
        elif last is not None and last.fingerprint == job.fingerprint and _done(last, base, job.formats):
            skip.append(job)
        else:
            run.append(job)
    return run, skip
