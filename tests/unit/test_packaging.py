"""Packaging: environment.yml and pyproject.toml install the same packages; notebooks are sources; modules
keep within a line budget."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-duckdb": "duckdb"}


def _name(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower(), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_specs = dict(_name(s) for s in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_specs = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, version = _name(dep)
            if name in {"python", "pip"}:
                continue
            conda_specs[CONDA_TO_PYPI.get(name, name)] = version
    assert conda_specs == pip_specs


def test_requires_python_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert project["requires-python"] == ">=3.11" and "python>=3.11" in env


def test_committed_notebooks_carry_no_outputs():
    """Notebooks in git are sources: outputs and execution counts belong in reports/, not in notebooks/."""
    import nbformat

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, path.name
        dirty = [i for i, c in enumerate(code) if c.get("outputs") or c.get("execution_count") is not None]
        assert not dirty, f"{path.name}: code cells {dirty} carry outputs or execution counts"


#: Lines a module under salesnb/ may have: modules are cohesive pieces of about this size (issue #15).
LINE_BUDGET = 400
#: Modules over the budget that other parts of issue #15 are still splitting, each with its length when it
#: was listed as its own budget: an entry may shrink or go, never grow, and goes once its module fits.
OVER_BUDGET_WHILE_SPLITTING = {
    "salesnb/analysis/signals.py": 401,  # typed signals and risks, worded from one string table
    "salesnb/incentives/plans.py": 428,  # commission plans: one settings object, one number parser
    "salesnb/kpis/catalog.py": 448,  # the catalog as the only source of KPI knowledge
    "salesnb/reports/rep_review.py": 808,  # the report-kind registry and the rep review
    "salesnb/reports/team_analysis.py": 562,  # the team review assembled in one place
    "salesnb/reviews/rep.py": 684,  # the rep review
    "salesnb/text/i18n/rep.py": 441,  # the rep review's strings, with the signals' string table
    "salesnb/workbench/state.py": 1205,  # the workbench as a thin consumer of the reviews
    "salesnb/workbench/views.py": 477,  # … split into cohesive modules
    "salesnb/workbench/widgets.py": 425,  # …
}


def _module_lines() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted((ROOT / "salesnb").rglob("*.py"))
    }


def test_modules_keep_within_the_line_budget():
    lines = _module_lines()
    over = {
        name: f"{n} lines (budget {OVER_BUDGET_WHILE_SPLITTING.get(name, LINE_BUDGET)})"
        for name, n in lines.items()
        if n > OVER_BUDGET_WHILE_SPLITTING.get(name, LINE_BUDGET)
    }
    assert not over, f"split these modules into cohesive pieces of ≲ {LINE_BUDGET} lines: {over}"


def test_the_modules_over_budget_are_still_there_and_still_over():
    """An entry whose module was split or shrank within the budget must leave the list (it only shrinks)."""
    lines = _module_lines()
    stale = [name for name in OVER_BUDGET_WHILE_SPLITTING if lines.get(name, 0) <= LINE_BUDGET]
    assert not stale, (
        f"within {LINE_BUDGET} lines or gone now: remove {stale} from OVER_BUDGET_WHILE_SPLITTING"
    )
