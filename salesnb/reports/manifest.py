"""The per-period manifest: one entry per report with its status, paths, time and error."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from salesnb import __version__
from salesnb.files.atomic import write_text_atomic

MANIFEST = "manifest.json"


@dataclass
class Entry:
    notebook: str
    team: str
    team_name: str
    period: str
    language: str
    status: str  # "ok" or "failed"
    html: str | None  # relative to the period folder
    ipynb: str | None
    seconds: float
    finished_at: str
    error: str | None = None
    failed_cell: int | None = None
    pdf: str | None = None  # relative to the period folder, when PDF was asked for
    fingerprint: str | None = None  # notebook, parameters, params files, version and data (incremental runs)

    @property
    def key(self) -> tuple[str, str]:
        return (self.notebook, self.team)


def read_manifest(period_dir: Path) -> list[Entry]:
    path = period_dir / MANIFEST
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    known = set(Entry.__dataclass_fields__)
    return [Entry(**{k: v for k, v in e.items() if k in known}) for e in data.get("reports", [])]


def write_manifest(period_dir: Path, period: str, entries: list[Entry]) -> Path:
    """Merge ``entries`` over the manifest already there (other teams' entries are kept)."""
    merged = {e.key: e for e in read_manifest(period_dir)}
    merged.update({e.key: e for e in entries})
    ordered = sorted(merged.values(), key=lambda e: (e.notebook, e.team))
    doc = {
        "period": period,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "salesnb_version": __version__,
        "reports": [asdict(e) for e in ordered],
    }
    path = period_dir / MANIFEST
    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return path


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
