"""Packaging: environment.yml and pyproject.toml install the same packages; notebooks are sources."""

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
