"""The report-kind registry: one declaration per kind, the only place that names one; each kind's
parameters class matches its notebook's parameters cell and its review's signature; what a job derives
from its kind (paths, keys, logs, titles, data scope); a failed job as a NotebookRunError."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import pickle
import re
from pathlib import Path

import pandas as pd
import pytest
from papermill.exceptions import PapermillExecutionError

from salesnb.batch import runner
from salesnb.batch.job import Job
from salesnb.batch.runner import execute_job
from salesnb.config import PROJECT_ROOT
from salesnb.errors import NotebookRunError, ParameterError
from salesnb.periods import Period
from salesnb.report_params import (
    OrgOverviewParams,
    ReportParams,
    RepReviewParams,
    TeamReviewParams,
    validate_report_params,
)
from salesnb.reports.kinds import (
    KINDS,
    ORG_OVERVIEW,
    REGION_OVERVIEW,
    REP_REVIEW,
    TEAM_REVIEW,
    ReportKind,
    Scope,
    kind_of,
)
from salesnb.reviews.org import load_org_overview
from salesnb.reviews.rep import load_rep_review
from salesnb.reviews.team import load_team_review

SALESNB = PROJECT_ROOT / "salesnb"
REGISTRY = SALESNB / "reports" / "kinds.py"
OCT = Period.parse("2026-10")
#: The kinds and notebooks of today, named here too so the scan does not rest on the registry alone.
NAMES = {"team_review", "rep_review", "org_overview", "region_overview"}
#: The review behind each parameters class: its keyword arguments are the notebook's parameters.
LOADERS = {
    TeamReviewParams: load_team_review,
    RepReviewParams: load_rep_review,
    OrgOverviewParams: load_org_overview,
}


# ------------------------------------------------------------------------ no kind name outside the registry
def _kind_names() -> set[str]:
    return NAMES | set(KINDS) | {k.notebook for k in KINDS.values()}


def _literals(path: Path, names: set[str], root: Path = PROJECT_ROOT) -> list[str]:
    """``file:line`` of each string literal in ``path`` that is exactly a kind's (or notebook's) name.

    Two uses of such a literal are not a kind's name and are skipped: a translation key (the first
    argument of ``tr``/``trf``, and the keys of the tables in ``salesnb/text/i18n``), because the
    titles of the team review and the overviews are keyed by the words that also name those kinds
    (the registry looks them up through ``ReportKind.title``); and a docstring, which is prose.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "tr",
            "trf",
        }:
            skipped.update(id(a) for a in node.args[:1])
        if isinstance(node, ast.Dict) and "i18n" in path.parts:
            skipped.update(id(k) for k in node.keys if k is not None)
        scoped = isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        if scoped and node.body and isinstance(node.body[0], ast.Expr):
            skipped.add(id(node.body[0].value))
    where = path.relative_to(root)
    return [
        f"{where}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in names and id(node) not in skipped
    ]


def test_no_module_outside_the_registry_names_a_report_kind():
    names = _kind_names()
    found = [
        hit for path in sorted(SALESNB.rglob("*.py")) if path != REGISTRY for hit in _literals(path, names)
    ]
    templates = sorted(SALESNB.rglob("*.j2"))
    quoted = re.compile(r"""(["'>])(""" + "|".join(sorted(names)) + r""")(["'<])""")
    for path in templates:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(PROJECT_ROOT)}:{n} {m.group(2)!r}" for m in quoted.finditer(line)]
    assert not found, "a kind named outside salesnb/reports/kinds.py:\n" + "\n".join(found)
    assert templates and len(_literals(REGISTRY, names)) >= 6  # the scan does find them where they belong


def test_the_scan_sees_a_kind_name_and_skips_translation_keys(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""team_review"""\nx = tr("team_review", "en")\nif n == "rep_review":\n    pass\n')
    assert _literals(module, _kind_names(), tmp_path) == ["m.py:3 'rep_review'"]


# ------------------------------------------------------------------------------------ the declarations
def _parameters_cell(notebook: str) -> list[tuple[str, str, object]]:
    doc = json.loads((PROJECT_ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in doc["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    body = ast.parse("".join(cell["source"])).body
    return [(s.target.id, ast.unparse(s.annotation), ast.literal_eval(s.value)) for s in body]


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_parameters_class_is_the_notebooks_parameters_cell(kind: ReportKind):
    fields = {f.name: f for f in dataclasses.fields(kind.parameters)}
    declared = [(n, fields[n].type, fields[n].default) for n in kind.parameters.names()]
    assert _parameters_cell(kind.notebook) == declared
    assert kind.parameters.names()[0] == kind.parameters.scope_parameter  # the scope first, as in the cell


@pytest.mark.parametrize("params", list(LOADERS), ids=[c.__name__ for c in LOADERS])
def test_review_takes_its_notebooks_parameters(params: type[ReportParams]):
    signature = inspect.signature(inspect.unwrap(LOADERS[params])).parameters
    fields = {f.name: f.default for f in dataclasses.fields(params)}
    assert [(n, p.default) for n, p in signature.items()] == [(n, fields[n]) for n in params.names()]


def test_every_kind_is_declared_once_with_its_title():
    from salesnb.text.i18n import STRINGS

    assert list(KINDS) == ["team_review", "org_overview", "region_overview", "rep_review"]
    for name, kind in KINDS.items():
        assert kind.name == name and kind.title in STRINGS
        assert (PROJECT_ROOT / "notebooks" / f"{kind.notebook}.ipynb").exists()
        assert kind.parameters.scope_parameter in {f.name for f in dataclasses.fields(Scope)}
        assert set(kind.coordinates) <= {f.name for f in dataclasses.fields(Scope)} - {"name"}
        assert kind.option in {"", "org", "reps"}  # every run, or the run's --org or --reps


SCOPES = {
    "team_review": Scope("Beijing Field", team="bj-field"),
    "rep_review": Scope("Olivia Lee", team="bj-telesales", rep="bj-telesales-r03"),
    "org_overview": Scope("Organisation"),
    "region_overview": Scope("East", region="east"),
}


@pytest.mark.parametrize(
    ("name", "folder", "stem", "key", "log"),
    [
        ("team_review", "bj-field", "team_review", "bj-field", "bj-field.team_review.log"),
        (
            "rep_review",
            "bj-telesales/reps",
            "bj-telesales-r03",
            "bj-telesales/bj-telesales-r03",
            "bj-telesales.bj-telesales-r03.rep_review.log",
        ),
        ("org_overview", "org", "overview", "org", "org.org_overview.log"),
        ("region_overview", "org", "region-east", "east", "east.org_overview.log"),
    ],
)
def test_job_paths_keys_and_logs_come_from_the_kind(tmp_path, name, folder, stem, key, log):
    """The layout of reports/ and of the manifest as before the registry: old folders stay readable."""
    kind, scope = KINDS[name], SCOPES[name]
    values = {"period": "2026-10", "language": "zh"}
    job = Job(kind, scope, kind.parameters_for(scope, values, "test"), str(tmp_path))
    assert job.output() == (tmp_path / "2026-10" / folder, stem)
    assert job.key == key and job.manifest_key == (kind.notebook, key)
    assert job.log_path() == tmp_path / "2026-10" / "logs" / log
    assert job.title().endswith(f" · {scope.name} · 2026-10")
    assert kind_of(kind.notebook, key) is kind and kind.scope_of(key, scope.name) == scope
    assert pickle.loads(pickle.dumps(job)) == job and pickle.loads(pickle.dumps(job)).kind is kind
    assert job.parameters == {kind.parameters.scope_parameter: job.params.scope, **values} | {
        "trend_periods": 12,
        "db_path": "",
        "params_dir": "",
    } | ({"rep_reviews": False} if name == "team_review" else {}) | (  # whether the run renders rep reviews
        {"team_reviews": ""} if kind.notebook == "org_overview" else {}  # the team reviews it may link
    )


def test_manifest_entries_of_unknown_kinds_are_no_kind():
    assert (
        kind_of("org_overview", "org") is ORG_OVERVIEW and kind_of("org_overview", "west") is REGION_OVERVIEW
    )
    assert kind_of("team_review", "a/b") is None and kind_of("rep_review", "a") is None
    assert kind_of("forecast", "bj-field") is None


def test_each_kind_reads_its_teams():
    teams = pd.DataFrame(
        {
            "team_id": ["a1", "a2", "b1"],
            "region_id": ["east", "east", "west"],
            "team_type": ["field", "telesales", "field"],
        }
    )
    assert TEAM_REVIEW.reads(teams, Scope("", team="a2")) == ["a2"]
    assert REP_REVIEW.reads(teams, Scope("", team="b1", rep="b1-r1")) == ["a1", "b1"]  # peers: same type
    assert ORG_OVERVIEW.reads(teams, Scope("")) == ["a1", "a2", "b1"]
    assert REGION_OVERVIEW.reads(teams, Scope("", region="east")) == ["a1", "a2"]


def test_a_job_refuses_parameters_of_another_scope_or_kind(tmp_path):
    with pytest.raises(ValueError, match="do not fit"):
        Job(TEAM_REVIEW, Scope("A", team="a"), TeamReviewParams(team="b"), str(tmp_path))
    with pytest.raises(ValueError, match="do not fit"):
        Job(TEAM_REVIEW, Scope("A", team="a"), RepReviewParams(rep="a"), str(tmp_path))


# ------------------------------------------------------------------------------- parameters, once
@pytest.mark.parametrize(
    ("cls", "scope", "message"),
    [
        (TeamReviewParams, "team", "invalid team id"),
        (RepReviewParams, "rep", "invalid rep id"),
        (OrgOverviewParams, "region", "invalid region id"),
    ],
)
def test_each_class_checks_its_scope(cls, scope, message):
    with pytest.raises(ParameterError, match=message):
        cls(**{scope: "../x"})
    with pytest.raises(ParameterError, match=message):
        validate_report_params({scope: "A B"})
    assert cls(**{scope: ""}).scope == ""  # empty: the notebook's default scope


def test_one_scope_parameter_at_most():
    with pytest.raises(ParameterError, match="unknown parameter rep"):
        validate_report_params({"team": "a", "rep": "b"})
    with pytest.raises(ParameterError, match=r"teams/x\.yaml: unknown parameter team"):
        ReportParams.from_values({"team": "a"}, source="teams/x.yaml")  # a params file names no scope
    assert type(validate_report_params({"region": "east"})) is OrgOverviewParams
    assert type(validate_report_params({"language": "zh"})) is ReportParams


def test_the_reviews_validate_through_the_class(tmp_path):
    """Bad parameters are refused before the warehouse is opened (none exists at ``db_path``)."""
    db = str(tmp_path / "none.duckdb")
    with pytest.raises(ParameterError, match="invalid rep id"):
        load_rep_review(rep="../x", db_path=db)
    with pytest.raises(ParameterError, match="invalid region id"):
        load_org_overview(region="A B", db_path=db)
    with pytest.raises(ParameterError, match=r"params folder .*gone does not exist"):
        load_org_overview(params_dir=str(tmp_path / "gone"), db_path=db)
    with pytest.raises(ParameterError, match="language 'fr'"):
        load_team_review(language="fr", db_path=db)


# --------------------------------------------------------------------------------- a failed report
def _failing(tmp_path: Path, monkeypatch, exc: BaseException) -> Job:
    def fail(source, output, **kwargs):
        Path(output).write_text('{"cells": [], "metadata": {}}', encoding="utf-8")
        raise exc

    monkeypatch.setattr(runner.papermill, "execute_notebook", fail)
    scope = SCOPES["region_overview"]
    params = REGION_OVERVIEW.parameters_for(scope, {"period": "2026-10"}, "test")
    return Job(REGION_OVERVIEW, scope, params, str(tmp_path))


def test_a_failed_cell_is_a_notebook_run_error_with_kind_scope_period_and_cell(tmp_path, monkeypatch):
    exc = PapermillExecutionError(4, 5, "boom()", "RuntimeError", "boom", [])
    job = _failing(tmp_path, monkeypatch, exc)
    with pytest.raises(NotebookRunError) as caught:
        runner._produce(job, None, runner._Written())
    error = caught.value
    assert (error.kind, error.scope, error.period, error.cell) == ("region_overview", "east", "2026-10", 5)
    assert str(error) == "region_overview of east for 2026-10 failed at cell 5: RuntimeError: boom"
    assert pickle.loads(pickle.dumps(error)).reason == "RuntimeError: boom"
    entry = execute_job(job)  # the failed entry: the error's reason and cell, the notebook kept
    assert (entry.status, entry.error, entry.failed_cell) == ("failed", "RuntimeError: boom", 5)
    assert entry.ipynb == "org/region-east.ipynb" and entry.html is None and entry.fingerprint is None
    assert (entry.notebook, entry.team, entry.team_name) == ("org_overview", "east", "East")


def test_a_kernel_that_did_not_start_fails_the_job_in_one_line(tmp_path, monkeypatch):
    entry = execute_job(_failing(tmp_path, monkeypatch, RuntimeError("no kernel")))
    assert (entry.status, entry.error, entry.failed_cell) == ("failed", "RuntimeError: no kernel", None)
    died = runner._died(_failing(tmp_path, monkeypatch, RuntimeError()), OSError("gone"))
    assert (died.status, died.error, died.seconds) == ("failed", "worker died: OSError: gone", 0.0)
