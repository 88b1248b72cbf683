"""The render tab's panels: what the render button will render, and a link to what it rendered."""

from __future__ import annotations

import html
import os
from pathlib import Path

from salesnb.workbench.labels import label
from salesnb.workbench.render import RenderResult
from salesnb.workbench.state import Workbench
from salesnb.workbench.views.page import block, note


def render_intro_html(wb: Workbench) -> str:
    """What the render button will render (planning the job reads the warehouse, not papermill)."""
    s = wb.selection
    parts = [note(label("render.intro", root=str(wb.reports_dir)))]
    if not s.team:
        parts.append(note(label("render.need_team")))
        return block("".join(parts))
    job = wb.render_jobs()[0]
    team = str(wb.teams.set_index("team_id").loc[s.team, "name"])
    if job.rep:
        what = label("render.rep_review", rep=wb.rep_name(job.rep))
    else:
        what = label("render.team_review", team=team)
        if s.rep:
            parts.append(note(label("render.rep_note", rep=wb.rep_name(s.rep), team=team)))
    parts.append(note(label("render.will", what=what)))
    return block("".join(parts))


def render_result_html(result: RenderResult, base: Path | None = None) -> str:
    """A link to the rendered report (relative to ``base``, the notebook's folder, so JupyterLab opens it
    when the reports folder is under its root) and its absolute path."""
    entry = result.entry
    if entry.status != "ok" or result.html is None:
        return block(note(label("render.failed", error=entry.error or "?", log=str(result.log)), "wb-error"))
    base = base or Path.cwd()
    href = Path(os.path.relpath(result.html, base)).as_posix()
    link = f'<a href="{html.escape(href)}" target="_blank">{html.escape(str(result.html))}</a>'
    text = html.escape(label("render.ok", seconds=entry.seconds, link="\0")).replace("\0", link)
    return block(f'<p class="wb-note">{text}</p>')
