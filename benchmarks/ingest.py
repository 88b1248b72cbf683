"""Ingest throughput: a generated Zoho deals export against plain ``pandas.read_csv`` of the same file.

    python benchmarks/ingest.py [--rows 1000000]

Both runs happen in child processes of this one invocation, so wall time and peak memory (max RSS) are
measured the same way on the same machine. Goal (issue #3): ≥ 200k rows/s with validation, peak
memory ≤ 1.5 GB, for 1M rows.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

STAGES = [
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
    "Closed Lost to Competition",
]


def write_export(folder: Path, rows: int, reps: int = 50, seed: int = 1) -> tuple[Path, Path]:
    """A roster and a deals export in Zoho's UI format, with Zoho's zcrm_ ids and .id twin columns."""
    rng = np.random.default_rng(seed)
    names = [f"Rep {i:03d}" for i in range(reps)]
    users = pd.DataFrame(
        {
            "Full Name": names,
            "Email": [f"rep{i:03d}@example.com" for i in range(reps)],
            "Role": [f"Team {i % 5}" for i in range(reps)],
            "Profile": "Standard",
            "Reporting To": "",
            "Status": "Active",
            "Team Type": "telesales",
        }
    )
    users_path = folder / "Users.csv"
    users.to_csv(users_path, index=False)
    created = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 600 * 86400, rows), unit="s")
    closing = created + pd.to_timedelta(rng.integers(1, 120, rows), unit="D")
    owner = np.array(names)[rng.integers(0, reps, rows)]
    ids = np.arange(4150868000000000, 4150868000000000 + rows).astype(str)
    deals = pd.DataFrame(
        {
            "Record Id": np.char.add("zcrm_", ids),
            "Deal Owner.id": "zcrm_4150868000000225013",
            "Deal Owner": owner,
            "Deal Name": np.char.add("Deal ", ids),
            "Account Name.id": "",
            "Account Name": np.char.add("Account ", (rng.integers(0, 50_000, rows)).astype(str)),
            "Type": rng.choice(["New Business", "Existing Business"], rows),
            "Lead Source": rng.choice(["Web Site", "Partner", "Cold Call", ""], rows),
            "Amount": np.round(rng.lognormal(9, 1, rows), 2).astype(str),
            "Closing Date": closing.strftime("%Y-%m-%d"),
            "Stage": rng.choice(STAGES, rows),
            "Probability (%)": rng.integers(0, 101, rows),
            "Created Time": created.strftime("%Y-%m-%d %H:%M:%S"),
            "Modified Time": closing.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    deals_path = folder / "Deals.csv"
    deals.to_csv(deals_path, index=False)
    return users_path, deals_path


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesnb-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        # in a child: Linux counts the peak memory a process had before its exec into the peak of the
        # program it runs, so children forked from a parent that held the export would all report its peak
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            users, deals = pool.apply(write_export, (folder, opts.rows))
        print(
            f"generated {opts.rows:,} deals ({deals.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        db = folder / "w.duckdb"
        subprocess.run(
            [sys.executable, "-m", "salesnb.cli", "ingest", str(users), "--db", str(db)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        base_s, base_mb = measure(
            [sys.executable, "-c", f"import pandas as pd; pd.read_csv({str(deals)!r}, dtype=str)"]
        )
        ing_s, ing_mb = measure([sys.executable, "-m", "salesnb.cli", "ingest", str(deals), "--db", str(db)])
        rows = opts.rows
        print(f"{'run':<32}{'seconds':>10}{'rows/s':>12}{'peak MB':>10}")
        print(f"{'pandas.read_csv (baseline)':<32}{base_s:>10.2f}{rows / base_s:>12,.0f}{base_mb:>10.0f}")
        print(f"{'salesnb ingest (validated)':<32}{ing_s:>10.2f}{rows / ing_s:>12,.0f}{ing_mb:>10.0f}")
        print(
            f"ratio ingest/baseline: time {ing_s / base_s:.1f}x, memory {ing_mb / base_mb:.1f}x; "
            f"goal ≥200,000 rows/s: {'met' if rows / ing_s >= 200_000 else 'NOT met'}, "
            f"≤1,500 MB: {'met' if ing_mb <= 1500 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
