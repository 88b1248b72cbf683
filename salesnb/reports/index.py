"""``reports/index.html``: every period's reports with status, time and links; opens from disk."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, select_autoescape

from salesnb.batch.manifest import MANIFEST, read_manifest
from salesnb.periods import Period
from salesnb.reports.atomic import write_text_atomic

TEMPLATE = Path(__file__).parent / "templates" / "index.html.j2"


def _period_sort_key(label: str) -> tuple:
    p = Period.parse(label)
    return (p.end, p.days)


def write_index(reports_root: Path) -> Path:
    """Rebuild the index from every ``<period>/manifest.json`` under ``reports_root``."""
    periods = []
    for manifest in reports_root.glob(f"*/{MANIFEST}"):
        label = manifest.parent.name
        try:
            Period.parse(label)
        except Exception:  # a folder that is not a period is not ours to list
            continue
        periods.append({"label": label, "entries": read_manifest(manifest.parent)})
    periods.sort(key=lambda p: _period_sort_key(p["label"]), reverse=True)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    entries = [e for p in periods for e in p["entries"]]
    html = env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        periods=periods, total=len(entries), failed=sum(e.status != "ok" for e in entries)
    )
    path = reports_root / "index.html"
    write_text_atomic(path, html)
    return path
