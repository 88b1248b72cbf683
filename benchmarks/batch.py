"""Batch throughput: team reviews (HTML) rendered three ways in one invocation.

    python benchmarks/batch.py [--reports 50] [--naive-sample 10] [--workers N]

1. **naive**: a shell-style loop, per report `papermill IN OUT -p ...` then
   `jupyter nbconvert --to html --no-input OUT` (two fresh processes and a fresh kernel per report);
2. **api**: one process calling ``papermill.execute_notebook`` and nbconvert's ``HTMLExporter`` per
   report (a fresh kernel per report, imports paid once in this process);
3. **salesnb run**: the batch runner (:func:`salesnb.batch.runner.run_jobs`) with its warm kernels on
   ``--workers`` processes (default: the cores), every report forced.

The reports are the demo organisation's team reviews for the latest months (6 teams × enough months).
The naive loop is slow; ``--naive-sample`` times it on that many reports and scales to ``--reports``
(printed as an estimate). Goal (issue #6): salesnb run ≥ 10× the naive loop and ≥ 4× the API loop on
2 cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from salesnb.batch.plan import plan_team_reviews
from salesnb.batch.runner import run_jobs
from salesnb.cli.progress import default_workers
from salesnb.config import PROJECT_ROOT, notebooks_dir
from salesnb.demo import generate
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.warehouse import replace_tables

AS_OF = date(2026, 11, 23)


def plan(db: Path, reports: Path, count: int):
    jobs, month = [], Period.latest_complete("month", AS_OF)
    settings = load_settings(PROJECT_ROOT / "params")
    while len(jobs) < count:
        jobs += plan_team_reviews(db, month, None, reports, settings)
        month = month.previous()
    return jobs[:count]


def naive(jobs, folder: Path) -> float:
    bindir = Path(sys.executable).parent
    start = time.perf_counter()
    for i, job in enumerate(jobs):
        out = folder / f"naive-{i}.ipynb"
        args = [
            str(bindir / "papermill"),
            str(notebooks_dir() / "team_review.ipynb"),
            str(out),
            "--cwd",
            str(notebooks_dir()),
        ]
        for key, value in job.parameters.items():
            args += ["-p", key, str(value)]
        subprocess.run(args, check=True, capture_output=True)
        subprocess.run(
            [str(bindir / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def api(jobs, folder: Path) -> float:
    start = time.perf_counter()
    exporter = HTMLExporter(exclude_input=True)
    for i, job in enumerate(jobs):
        out = folder / f"api-{i}.ipynb"
        papermill.execute_notebook(
            str(notebooks_dir() / "team_review.ipynb"),
            str(out),
            parameters=job.parameters,
            kernel_name="python3",
            cwd=str(notebooks_dir()),
            progress_bar=False,
        )
        body, _ = exporter.from_notebook_node(nbformat.read(out, as_version=4))
        (folder / f"api-{i}.html").write_text(body, encoding="utf-8")
    return time.perf_counter() - start


def batch(jobs, workers: int) -> float:
    start = time.perf_counter()
    entries = run_jobs(jobs, workers)
    elapsed = time.perf_counter() - start
    failed = [e for e in entries if e.status != "ok"]
    if failed:
        raise SystemExit(f"{len(failed)} report(s) failed: {failed[0].error}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--naive-sample", type=int, default=10)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesnb-batch-") as tmp:
        folder = Path(tmp)
        db = folder / "demo.duckdb"
        replace_tables(db, generate(AS_OF), source="benchmark", fresh=True)
        jobs = plan(db, folder / "reports", args.reports)
        sample = min(args.naive_sample, args.reports)
        naive_s = naive(jobs[:sample], folder) * args.reports / sample
        api_s = api(jobs, folder)
        run_s = batch(jobs, args.workers)
        n = args.reports
        label = "" if sample == n else f" (estimated from {sample} reports)"
        print(f"{n} team reviews, {args.workers} worker(s) for salesnb run")
        per = naive_s / n
        print(f"naive shell loop (papermill + nbconvert CLIs): {naive_s:7.1f} s  {per:5.2f} s/report{label}")
        print(f"papermill API loop, one process:               {api_s:7.1f} s  {api_s / n:5.2f} s/report")
        print(f"salesnb run (warm kernels):                    {run_s:7.1f} s  {run_s / n:5.2f} s/report")
        ratios = (
            f"{naive_s / run_s:.1f}x the naive loop (goal 10x), {api_s / run_s:.1f}x the API loop (goal 4x)"
        )
        print(f"speed-up: {ratios}")


if __name__ == "__main__":
    main()
