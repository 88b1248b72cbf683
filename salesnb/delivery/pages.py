"""Each audience's own page: ``reports/<period>/audiences/<audience>/index.html``.

A page lists and links only the reports its audience may read (relative links into the period folder),
in the audience's language. Beside the pages, ``audiences/access.map`` lists, for a web server behind
the company login, which address may open which path (``"<e-mail> /<period>/<file>" 1;``, an nginx
``map`` include; see the README). A refused audience gets no page, and the page of an audience that no
longer receives anything (a rep who left) is removed, so a folder never outlives its permission.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, select_autoescape

from salesnb.delivery.audiences import Audience, Report
from salesnb.files.atomic import write_text_atomic
from salesnb.files.paths import AUDIENCES, contained, period_dir
from salesnb.ids import check_slug
from salesnb.periods import Period
from salesnb.reports.kinds import kind_named
from salesnb.text.i18n import tr, trf

TEMPLATE = Path(__file__).parent / "templates" / "audience.html.j2"
PAGE = "index.html"
ACCESS_MAP = "access.map"
#: From ``<period>/audiences/<audience>/`` back to the period folder.
UP = "../../"


@dataclass(frozen=True)
class Link:
    title: str
    href: str
    pdf: str | None


def title_of(report: Report, period: Period, language: str) -> str:
    """The report's title in ``language``, as its own page has it."""
    return kind_named(report.kind).title_of(report.scope, period.label, language)


def audience_dir(reports_root: Path, period: Period, audience: str) -> Path:
    """``<reports>/<period>/audiences/<audience>/`` (the id checked, the folder inside the reports root)."""
    folder = period_dir(reports_root, period) / AUDIENCES / check_slug(audience, "audience")
    return contained(reports_root, folder)


def render_page(audience: Audience, period: Period) -> str:
    """The HTML of ``audience``'s page: its readable reports linked, the others named as unavailable."""
    lang = audience.language
    readable = audience.sendable
    links = [
        Link(title_of(r, period, lang), UP + str(r.html), UP + r.pdf if r.pdf else None) for r in readable
    ]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        language=lang,
        period=period.label,
        title=tr("audience.title", lang),
        intro=trf("audience.intro", lang, period=period.label, name=audience.name),
        report_label=tr("audience.report", lang),
        pdf_label=tr("audience.pdf", lang),
        none=tr("audience.none", lang),
        unavailable_label=tr("audience.unavailable", lang),
        reports=links,
        unavailable=[title_of(r, period, lang) for r in audience.reports if r not in readable],
    )


def access_lines(audience: Audience, period: Period) -> list[str]:
    """The ``access.map`` lines of ``audience``: its page and every file it links, by its address."""
    paths = [f"{AUDIENCES}/{audience.id}/{PAGE}"]
    paths += [p for r in audience.sendable for p in (r.html, r.pdf) if p]
    return [f'"{audience.email} /{period.label}/{p}" 1;' for p in paths]


def write_pages(audiences: list[Audience], reports_root: Path, period: Period) -> list[Path]:
    """Write every audience's page and the period's ``access.map``; remove the pages of audiences that are
    refused or gone. Returns the pages written."""
    root = period_dir(reports_root, period) / AUDIENCES
    written, lines, keep = [], [], set()
    for audience in audiences:
        if audience.refused or not audience.email:  # a refused audience has no page
            continue
        folder = audience_dir(reports_root, period, audience.id)
        write_text_atomic(folder / PAGE, render_page(audience, period))
        written.append(folder / PAGE)
        lines += access_lines(audience, period)
        keep.add(audience.id)
    if root.is_dir():
        for old in root.iterdir():
            if old.is_dir() and old.name not in keep and (old / PAGE).is_file():
                shutil.rmtree(contained(root, old))
    header = (
        f"# salesnb: who may open which file of {period.label} (nginx map include; rewritten by every run)"
    )
    write_text_atomic(root / ACCESS_MAP, "\n".join([header, *lines]) + "\n")
    return written


__all__ = ["ACCESS_MAP", "PAGE", "audience_dir", "render_page", "title_of", "write_pages"]
