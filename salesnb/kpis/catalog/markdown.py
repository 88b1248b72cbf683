"""The catalog table of ``docs/kpis.md``, written from :data:`CATALOG` (``make docs`` rewrites it).

The rest of that file is prose kept by hand; the table sits between two marker comments and only the
text between them is replaced, so the prose stays wherever it is.
"""

from __future__ import annotations

from pathlib import Path

from salesnb.errors import ParameterError
from salesnb.kpis.catalog.registry import CATALOG

BEGIN = "<!-- catalog: written from salesnb/kpis/catalog by `make docs`; edit the catalog, not this table -->"
END = "<!-- end of catalog -->"

_UNIT_WORDS = {"per_day": "per day"}
_BETTER = {"higher": "higher", "lower": "lower", "neutral": "–"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalog_markdown() -> str:
    """The catalog as a Markdown table: one row per KPI in catalog order.

    Examples
    --------
    >>> catalog_markdown().splitlines()[2].startswith("| Revenue | `revenue` |")
    True
    """
    lines = [
        "| KPI | name | definition | formula | measures | unit | better |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in CATALOG.values():
        measures = ", ".join(f"`{m}`" for m in k.measures)
        if k.left_out:
            measures += f"; left out and counted beside it: `{k.left_out}`"
        cells = [k.label, f"`{k.name}`", k.definition, k.formula, measures]
        cells += [_UNIT_WORDS.get(k.unit, k.unit), _BETTER[k.direction]]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def with_catalog(document: str) -> str:
    """``document`` with the text between :data:`BEGIN` and :data:`END` replaced by the catalog table.

    Examples
    --------
    >>> doc = with_catalog(f"# KPIs\\n\\n{BEGIN}\\nold\\n{END}\\n\\nprose\\n")
    >>> doc.startswith(f"# KPIs\\n\\n{BEGIN}\\n\\n| KPI |"), doc.endswith(f"|\\n\\n{END}\\n\\nprose\\n")
    (True, True)
    """
    head, begin, rest = document.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ParameterError(f"the KPI document has no catalog section: mark it with {BEGIN} and {END}")
    return f"{head}{BEGIN}\n\n{catalog_markdown()}\n\n{END}{tail}"


def write_catalog(path: Path | str) -> bool:
    """Rewrite the catalog section of the Markdown file at ``path``; ``True`` when it changed."""
    path = Path(path)
    old = path.read_text(encoding="utf-8")
    new = with_catalog(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
