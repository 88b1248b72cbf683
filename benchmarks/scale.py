"""Per-report time against warehouse size: one team's review with 10k and with 10M activity rows.

    python benchmarks/scale.py [--small 10000] [--large 10000000] [--team tj-online] [--repeat 3]

Both warehouses hold the same demo organisation and the same activities of the reported team; the
large one adds other teams' activities (synthetic reps of a synthetic team, inserted by DuckDB) until it
holds ``--large`` rows. A report reads only its team's slice, so its time should not grow with the
warehouse (goal, issue #6: within 1.5×). Each report is timed two ways in this one invocation: the data
a review loads (``load_team_review`` in this process, warm) and a full papermill run of
``notebooks/team_review.ipynb`` (kernel start included).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import papermill

from salesnb.config import notebooks_dir
from salesnb.demo import generate
from salesnb.reviews import load_team_review
from salesnb.warehouse import replace_tables

AS_OF = date(2026, 11, 23)


def build(folder: Path, team: str, rows: int) -> Path:
    """The demo warehouse with exactly ``rows`` activities, the reported team's kept whole."""
    tables = generate(AS_OF)
    path = folder / f"scale-{rows}.duckdb"
    acts = tables["activities"]
    own = acts[acts["rep_id"].str.startswith(team + "-")]
    if len(own) > rows:
        own = own.sort_values("started_at").iloc[-rows:]
    tables["activities"] = own.reset_index(drop=True)
    replace_tables(path, tables, source="benchmark")
    extra = rows - len(own)
    if extra > 0:
        with duckdb.connect(str(path)) as con:
            con.execute("INSERT INTO teams VALUES ('bulk', 'Bulk load', 'north', 'telesales')")
            con.execute(
                """INSERT INTO reps
                   SELECT 'bulk-r' || lpad(i::VARCHAR, 3, '0'), 'Bulk ' || i, 'bulk', 'junior', NULL,
                          DATE '2024-01-01', 'active', NULL
                   FROM range(200) t(i)"""
            )
            con.execute(
                """INSERT INTO activities
                   SELECT 'X' || lpad(i::VARCHAR, 10, '0'), 'bulk-r' || lpad((i % 200)::VARCHAR, 3, '0'),
                          'call', TIMESTAMP '2025-02-01 08:00:00' + to_seconds((i * 37) % 56000000),
                          (i % 300)::INTEGER, i % 3 = 0, 'conversation', NULL, NULL
                   FROM range(?) t(i)""",
                [extra],
            )
    with duckdb.connect(str(path), read_only=True) as con:
        (count,) = con.execute("SELECT count(*) FROM activities").fetchone()
    assert count == rows, (count, rows)
    return path


def time_load(db: Path, team: str, repeat: int) -> float:
    load_team_review(team, "2026-10", db_path=str(db))  # warm: imports, statsmodels, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load_team_review(team, "2026-10", db_path=str(db))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_notebook(db: Path, team: str, out: Path) -> float:
    start = time.perf_counter()
    papermill.execute_notebook(
        str(notebooks_dir() / "team_review.ipynb"),
        str(out),
        parameters={"team": team, "period": "2026-10", "db_path": str(db)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(notebooks_dir()),
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=10_000_000)
    parser.add_argument("--team", default="tj-online")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesnb-scale-") as tmp:
        folder = Path(tmp)
        results = {}
        for rows in (args.small, args.large):
            start = time.perf_counter()
            db = build(folder, args.team, rows)
            built = time.perf_counter() - start
            size = db.stat().st_size / 1e6
            load = time_load(db, args.team, args.repeat)
            run = time_notebook(db, args.team, folder / f"run-{rows}.ipynb")
            results[rows] = (load, run)
            print(
                f"{rows:>12,} activity rows: warehouse {size:7.1f} MB (built in {built:5.1f} s) | "
                f"review data {load:5.2f} s | papermill report {run:5.2f} s"
            )
        (load_s, run_s), (load_l, run_l) = results[args.small], results[args.large]
        print(
            f"ratio {args.large:,} / {args.small:,} rows: review data {load_l / load_s:.2f}x, "
            f"papermill report {run_l / run_s:.2f}x (goal: within 1.5x)"
        )


if __name__ == "__main__":
    main()
