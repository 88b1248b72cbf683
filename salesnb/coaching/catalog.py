"""The training catalog, ``params/training_catalog.yaml``: the modules coaching plans draw on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesnb.errors import ParameterError, ParameterProblems
from salesnb.text.i18n import LANGUAGES
from salesnb.values import parse_number
from salesnb.yamlfile import read_yaml_keys

FILE = "training_catalog.yaml"
SKILL_AREAS = (
    "product_knowledge",
    "sales_skills",
    "objection_handling",
    "negotiation",
    "customer_management",
    "self_management",
    "tools",
)
FORMATS = ("workshop", "e_learning", "role_play", "shadowing", "coaching")
MODULE_KEYS = {"id", "title", "skill_area", "format", "hours"}


@dataclass(frozen=True)
class Module:
    id: str
    title: dict[str, str]  # language -> title
    skill_area: str
    format: str
    hours: float

    def title_in(self, language: str) -> str:
        return self.title[language]


def load_catalog(path: Path) -> dict[str, Module]:
    """Module id → :class:`Module` from one catalog file; every problem names the file and the module (every
    module's, all at once). Which file is :func:`salesnb.params.load_settings`'s choice."""
    data = read_yaml_keys(path, {"modules"}, "modules: [...]")
    items = data.get("modules")
    if not isinstance(items, list) or not items:
        raise ParameterError(f"{path}: 'modules' must be a non-empty list")
    modules: dict[str, Module] = {}
    found = ParameterProblems()
    for i, item in enumerate(items, start=1):
        with found.check():
            module = _module(item, f"{path}: module {i}", str(path))
            if module.id in modules:
                raise ParameterError(f"{path}: module {module.id}: id used twice")
            modules[module.id] = module
    found.raise_any(str(path))
    return modules


def _module(item: object, where: str, path: str) -> Module:
    if not isinstance(item, dict):
        raise ParameterError(f"{where}: must be a mapping with {', '.join(sorted(MODULE_KEYS))}")
    unknown = sorted(set(map(str, item)) - MODULE_KEYS)
    missing = sorted(MODULE_KEYS - set(map(str, item)))
    if unknown or missing:
        problem = f"unknown key {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
        raise ParameterError(f"{where} ({item.get('id', '?')}): {problem}")
    mid = str(item["id"])
    where = f"{path}: module {mid}"
    title = item["title"]
    if not isinstance(title, dict) or set(title) != set(LANGUAGES) or not all(title.values()):
        raise ParameterError(f"{where}: title needs text in each of {', '.join(LANGUAGES)}")
    if item["skill_area"] not in SKILL_AREAS:
        raise ParameterError(
            f"{where}: skill_area {item['skill_area']!r}: use one of {', '.join(SKILL_AREAS)}"
        )
    if item["format"] not in FORMATS:
        raise ParameterError(f"{where}: format {item['format']!r}: use one of {', '.join(FORMATS)}")
    hours = parse_number(item["hours"], "hours", where=where)
    if not 0 < hours <= 200:
        raise ParameterError(
            f"{where}: hours must be a number above 0 and at most 200, not {item['hours']!r}"
        )
    return Module(mid, {k: str(v) for k, v in title.items()}, item["skill_area"], item["format"], hours)
