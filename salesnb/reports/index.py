"""``reports/index.html``: every period's reports with status, time and links; opens from disk."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, select_autoescape

from salesnb.files.atomic import write_text_atomic
from salesnb.periods import Period
from salesnb.reports.manifest import MANIFEST, Entry, read_manifest

TEMPLATE = Path(__file__).parent / "templates" / "index.html.j2"


def _period_sort_key(label: str) -> tuple:
    p = Period.parse(label)
    return (p.end, p.days)


#: The notebook whose entries are listed compactly under their team's row rather than one row each.
REP_REVIEW = "rep_review"


def group_entries(entries: list[Entry]) -> tuple[list[Entry], dict[str, list[Entry]]]:
    """The entries shown as rows, and the rep reviews per team id (manifest ``team``: ``<team>/<rep>``).

    A team with rep reviews but no row of its own (its team review was not rendered for the period) gets
    its rep reviews listed on a row of their own by the template.
    """
    rows = [e for e in entries if e.notebook != REP_REVIEW]
    reps: dict[str, list[Entry]] = {}
    for e in entries:
        if e.notebook == REP_REVIEW:
            reps.setdefault(e.team.split("/", 1)[0], []).append(e)
    for group in reps.values():
        group.sort(key=lambda e: e.team)
    return rows, reps


def write_index(reports_root: Path) -> Path:
    """Rebuild the index from every ``<period>/manifest.json`` under ``reports_root``."""
    periods = []
    for manifest in reports_root.glob(f"*/{MANIFEST}"):
        label = manifest.parent.name
        try:
            Period.parse(label)
        except Exception:  # a folder that is not a period is not ours to list
            continue
        entries = read_manifest(manifest.parent)
        rows, reps = group_entries(entries)
        with_row = {e.team for e in rows if e.notebook == "team_review"}
        periods.append(
            {
                "label": label,
                "entries": entries,
                "rows": rows,
                "reps": reps,
                "orphans": sorted(t for t in reps if t not in with_row),
            }
        )
    periods.sort(key=lambda p: _period_sort_key(p["label"]), reverse=True)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    entries = [e for p in periods for e in p["entries"]]
    html = env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        periods=periods, total=len(entries), failed=sum(e.status != "ok" for e in entries)
    )
    path = reports_root / "index.html"
    write_text_atomic(path, html)
    return path
