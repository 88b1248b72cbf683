"""Seconds per PDF: rendered report HTML → PDF with salesnb.reports.pdf (WeasyPrint).

    python benchmarks/pdf.py [--db /tmp/demo.duckdb] [--period 2026-10] [--repeat 3] [--keep DIR]

Executes the team review for sh-telesales (zh) and bj-field (en) and the organisation overview (en, zh)
with papermill against the warehouse (``--db``; without it a demo warehouse is built in a temporary
folder), renders their HTML, then times the HTML → PDF step alone ``--repeat`` times and prints the
best and median seconds, the page count and the sizes. Goal (issue #6): a team review in a few seconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import papermill

from salesnb.config import notebooks_dir
from salesnb.reports.html import render_html_file
from salesnb.reports.pdf import html_to_pdf_bytes, write_bytes_atomic

REPORTS = [
    ("team_review", {"team": "sh-telesales", "language": "zh"}, "团队复盘 · 上海电销团队"),
    ("team_review", {"team": "bj-field", "language": "en"}, "Team review · Beijing Field Sales"),
    ("org_overview", {"language": "en"}, "Organisation overview"),
    ("org_overview", {"language": "zh"}, "组织概览"),
]


def demo_db(folder: Path) -> Path:
    from salesnb.demo import generate
    from salesnb.warehouse import replace_tables

    db = folder / "demo.duckdb"
    replace_tables(db, generate(date(2026, 11, 23)), source="benchmark demo")
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="warehouse to read (default: build a demo one)")
    ap.add_argument("--period", default="2026-10")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the HTML and PDF files here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="salesnb-pdf-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = args.db or demo_db(Path(tmp))
        print(f"{'report':<34} {'HTML MB':>8} {'best s':>7} {'median s':>9} {'pages':>6} {'PDF MB':>7}")
        for notebook, params, title in REPORTS:
            stem = f"{notebook}-{params.get('team', 'org')}-{params['language']}"
            ipynb = work / f"{stem}.ipynb"
            papermill.execute_notebook(
                str(notebooks_dir() / f"{notebook}.ipynb"),
                str(ipynb),
                parameters={**params, "period": args.period, "db_path": str(db)},
                kernel_name="python3",
                cwd=str(notebooks_dir()),
                progress_bar=False,
            )
            full_title = f"{title} · {args.period}"
            html = render_html_file(ipynb, full_title, params["language"])
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                data, pages = html_to_pdf_bytes(
                    html, title=full_title, language=params["language"], base_dir=work
                )
                times.append(time.perf_counter() - start)
            if args.keep:
                (work / f"{stem}.html").write_text(html, encoding="utf-8")
                write_bytes_atomic(work / f"{stem}.pdf", data)
            print(
                f"{stem:<34} {len(html.encode()) / 1e6:>8.2f} {min(times):>7.2f} "
                f"{statistics.median(times):>9.2f} {pages:>6} {len(data) / 1e6:>7.2f}"
            )


if __name__ == "__main__":
    main()
