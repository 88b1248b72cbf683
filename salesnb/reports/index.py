"""``reports/index.html``: every period's reports with status, time and links (the HTML, the notebook and
the PDF when one exists on disk); opens from disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, select_autoescape

from salesnb.files.atomic import write_text_atomic
from salesnb.periods import Period
from salesnb.reports.kinds import kind_of
from salesnb.reports.manifest import MANIFEST, Entry, read_manifest

TEMPLATE = Path(__file__).parent / "templates" / "index.html.j2"


def _period_sort_key(label: str) -> tuple:
    p = Period.parse(label)
    return (p.end, p.days)


@dataclass
class Listed:
    """Reports listed compactly on another report's row (a team's rep reviews on its team review's):
    the host's manifest key, the label of the list and its entries in key order."""

    host: tuple[str, str]
    label: str
    entries: list[Entry] = field(default_factory=list)


def group_entries(entries: list[Entry]) -> tuple[list[Entry], dict[tuple[str, str], Listed]]:
    """The entries shown as rows, and the ones listed under a row, by that row's manifest key.

    Whether a report has a row or is listed under another is its kind's
    (:attr:`salesnb.reports.kinds.ReportKind.index_under`). A list whose host has no row (the team
    review was not rendered for the period) gets a row of its own from the template.
    """
    rows: list[Entry] = []
    listed: dict[tuple[str, str], Listed] = {}
    for e in entries:
        kind = kind_of(e.notebook, e.team)
        scope = kind.scope_of(e.team, e.team_name) if kind is not None else None
        if kind is None or kind.index_under is None or scope is None:
            rows.append(e)
            continue
        host = kind.index_under.manifest_key(scope)
        listed.setdefault(host, Listed(host, kind.index_label)).entries.append(e)
    for group in listed.values():
        group.entries.sort(key=lambda e: e.team)
    return rows, listed


def existing_pdfs(folder: Path, entries: list[Entry]) -> set[str]:
    """The PDFs the entries name that exist in the period ``folder`` (one asked for and never written, or
    deleted since, is not linked)."""
    return {e.pdf for e in entries if e.pdf and (folder / e.pdf).is_file()}


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
        rows, listed = group_entries(entries)
        with_row = {e.key for e in rows}
        periods.append(
            {
                "label": label,
                "entries": entries,
                "rows": rows,
                "listed": listed,
                "orphans": [listed[k] for k in sorted(listed) if k not in with_row],
                "pdfs": existing_pdfs(manifest.parent, entries),
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
