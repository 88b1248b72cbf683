"""The params folder of a run reaches every report (#14 defect 6): ``salesnb run --params DIR`` renders
with DIR's goals, commission plans, KPI sets, coaching rules, training catalog, manager notes, team
parameters and benchmark settings, even when ``$SALESNB_PARAMS`` names another folder; and a bad params
folder stops the run before anything renders (#14 defect 15)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from salesnb.periods import Period
from salesnb.text.formatting import kpi_label
from salesnb.text.i18n import tr
from tests.functional.commands import salesnb

ROOT = Path(__file__).parents[2]
TEAM = "tj-online"
PERIOD = "2026-10"
pytestmark = pytest.mark.slow

ALT_FILES = {
    "defaults.yaml": "language: en\ntrend_periods: 6\n",
    f"teams/{TEAM}.yaml": "language: zh\n",
    "goals.yaml": """\
goals:
  - {id: alt-team-revenue, metric: revenue, scope: {team: tj-online}, target: 123456, period: monthly}
  - {id: alt-level-win-rate, metric: win_rate, scope: {level: junior}, target: 0.77, period: monthly}
  - {id: alt-level-win-rate-senior, metric: win_rate, scope: {level: senior}, target: 0.66, period: monthly}
""",
    "commission_plans.yaml": """\
plans:
  - id: alt-flat-plan
    applies_to: default
    method: flat
    tiers:
      - {from: 0.0, rate: 1%}
""",
    "kpi_sets.yaml": """\
telesales: [revenue, quota_attainment]
field: [revenue, quota_attainment]
online: [revenue, quota_attainment, retention_rate, churn_rate]
""",
    "training_catalog.yaml": """\
modules:
  - id: alt-module
    title: {en: "Alt module: read every account twice", zh: "替代模块：每个客户读两遍"}
    skill_area: customer_management
    format: coaching
    hours: 2
""",
    "coaching_rules.yaml": """\
rules:
  - id: alt-everyone
    when: {metric: revenue, below: 1000000000, by: 0.0}
    module: alt-module
    support: check_in
    impact: 3
""",
    "benchmarks.yaml": "min_group_size: 1000\n",
}
#: The manager's note of each rep, in the alternative folder only.
NOTE = "Alt-folder note for {rep}: the 1:1 moved to Friday."


def _alt_params(folder: Path, reps: list[str]) -> Path:
    for name, text in ALT_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rep in reps:
        note = folder / "notes" / PERIOD / f"{rep}.md"
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(NOTE.format(rep=rep), encoding="utf-8")
    return folder


def _text(path: Path) -> str:
    """A rendered report without its embedded images (base64 could hold any short string)."""
    return re.sub(r"data:image/[^\"']+", "", path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def alt_run(demo_db, tmp_path_factory):
    """One run of the team's review and rep reviews with the alternative folder, ``$SALESNB_PARAMS``
    pointing at the project's params/ (what a kernel would otherwise have read)."""
    from salesnb.reviews.rep import active_reps
    from salesnb.warehouse import connect

    with connect(demo_db) as con:
        reps = active_reps(con, [TEAM], Period.parse(PERIOD))
    tmp = tmp_path_factory.mktemp("alt")
    db = tmp / "w.duckdb"
    shutil.copy(demo_db, db)
    params = _alt_params(tmp / "alt-params", reps["rep_id"].tolist())
    reports = tmp / "reports"
    done = salesnb(
        "run", "--period", PERIOD, "--team", TEAM, "--reps", "--no-org", "--db", str(db),
        "--reports", str(reports), "--params", str(params),
        env={"SALESNB_PARAMS": str(ROOT / "params")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    folder = reports / PERIOD / TEAM
    return SimpleNamespace(
        db=db,
        params=params,
        reps=reps,
        folder=folder,
        team=_text(folder / "team_review.html"),
        rep_html={r: _text(folder / "reps" / f"{r}.html") for r in reps["rep_id"]},
    )


def test_every_report_was_given_the_folder_of_the_run(alt_run):
    for path in [alt_run.folder / "team_review.ipynb", *(alt_run.folder / "reps").glob("*.ipynb")]:
        injected = next(
            c.source
            for c in nbformat.read(path, as_version=4).cells
            if "injected-parameters" in c.metadata.get("tags", [])
        )
        assert f'params_dir = "{alt_run.params.resolve()}"' in injected, path.name
        assert "trend_periods = 6" in injected  # defaults.yaml


def test_team_file_sets_the_language(alt_run):
    assert '<html lang="zh">' in alt_run.team
    assert all('<html lang="zh">' in html for html in alt_run.rep_html.values())


def test_goals_come_from_the_folder(alt_run):
    assert "alt-team-revenue" in alt_run.team and "alt-level-win-rate" in alt_run.team
    assert "bj-telesales-revenue" not in alt_run.team  # nor any goal of the project's goals.yaml
    for rep in alt_run.reps.itertuples(index=False):
        if rep.level == "junior":
            assert "alt-level-win-rate" in alt_run.rep_html[rep.rep_id]


def test_commission_plans_come_from_the_folder(alt_run):
    from salesnb.reports.team_review import payouts_frame
    from salesnb.reviews import load_team_review

    def team_total(params_dir: Path) -> str:
        review = load_team_review(TEAM, PERIOD, db_path=str(alt_run.db), params_dir=str(params_dir))
        frame = payouts_frame(review)
        return str(frame.iloc[-1][tr("total_pay", review.language)])

    assert "alt-flat-plan" in alt_run.team
    assert team_total(alt_run.params) in alt_run.team
    assert team_total(ROOT / "params") not in alt_run.team
    assert all("alt-flat-plan" in html for html in alt_run.rep_html.values())


def test_kpi_sets_come_from_the_folder(alt_run):
    """The online set of the folder: revenue, attainment, retention and churn; the project's online set
    (repeat purchases, CAC, CLV:CAC, …) shows nowhere. The team review renders with a set that leaves out
    KPIs its tables read (they are computed anyway)."""
    for html in [alt_run.team, *alt_run.rep_html.values()]:
        assert kpi_label("retention_rate", "zh") in html and kpi_label("churn_rate", "zh") in html
        for kpi in ("repeat_purchase_rate", "cac", "clv_cac_ratio"):
            assert kpi_label(kpi, "zh") not in html


def test_coaching_rules_and_catalog_come_from_the_folder(alt_run):
    for html in alt_run.rep_html.values():
        assert "替代模块：每个客户读两遍" in html


def test_manager_notes_come_from_the_folder(alt_run):
    for rep, html in alt_run.rep_html.items():
        assert NOTE.format(rep=rep) in html


def test_a_bad_params_folder_stops_the_run_before_anything_renders(demo_db, tmp_path):
    """#14 defect 15: a bad goals.yaml failed every report inside its notebook (exit 1); now the run
    validates the folder first, exits 2 with one line naming the file and the item, and writes nothing."""
    params = tmp_path / "params"
    shutil.copytree(ROOT / "params", params)
    goals = params / "goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8") + "  - {id: org-revenue-monthly, metric: revenue}\n")
    reports = tmp_path / "reports"
    done = salesnb(
        "run", "--period", PERIOD, "--team", TEAM, "--reps", "--db", str(demo_db),
        "--reports", str(reports), "--params", str(params),
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip().splitlines() == [
        f"salesnb: error: {goals}: goal id 'org-revenue-monthly' is used twice"
    ]
    assert not reports.exists() and done.stdout == ""


def test_benchmark_settings_come_from_the_folder(alt_run):
    """min_group_size 1000: no team or peer median in any rep review, and each says why."""
    for html in alt_run.rep_html.values():
        assert "少于对他人做对比基准所需的 1000 人" in html
        assert "未显示同级中位数和排名" in html and "未显示团队中位数" in html


def test_a_review_reads_only_the_folder_it_is_given(demo_db, tmp_path, monkeypatch):
    """#15: ``$SALESNB_PARAMS`` names a broken folder; a review given another folder never reads it (one
    left without a folder falls back to it, and fails naming the broken file), nor does the run."""
    from salesnb.errors import ParameterError
    from salesnb.reviews import load_team_review
    from salesnb.reviews.rep import active_reps, load_rep_review
    from salesnb.warehouse import connect

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "goals.yaml").write_text("goals: {id: x}\n", encoding="utf-8")
    monkeypatch.setenv("SALESNB_PARAMS", str(broken))
    with connect(demo_db) as con:
        rep = str(active_reps(con, [TEAM], Period.parse(PERIOD))["rep_id"].iloc[0])
    given = {"db_path": str(demo_db), "params_dir": str(ROOT / "params")}
    assert load_team_review(TEAM, PERIOD, **given).kpi_order[:2] == ["revenue", "quota_attainment"]
    assert load_rep_review(rep, PERIOD, **given).rep_id == rep
    for load, scope in ((load_team_review, TEAM), (load_rep_review, rep)):
        with pytest.raises(ParameterError, match=re.escape(f"{broken / 'goals.yaml'}: goals must be a list")):
            load(scope, PERIOD, db_path=str(demo_db))

    db = tmp_path / "w.duckdb"
    shutil.copy(demo_db, db)
    done = salesnb(
        "run", "--period", PERIOD, "--team", TEAM, "--no-org", "--db", str(db),
        "--reports", str(tmp_path / "reports"), "--params", str(ROOT / "params"),
        env={"SALESNB_PARAMS": str(broken)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "reports" / PERIOD / TEAM / "team_review.html").is_file()
