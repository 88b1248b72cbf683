"""Partial exports, as real organisations' CRMs give them (``tests/data/partial/<case>/``): each case is
imported with the documented commands (the roster first, then each file with its mapping), balances (rows
read = stored + quarantined), gets a params folder from ``salesnb params init``, and renders every report
kind with ``salesnb run --reps``. What the reviews must say and must not say when an input is missing is
checked per case.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from salesnb.kpis.catalog import CATALOG, SHOWN_MEASURES
from salesnb.params import load_settings
from salesnb.periods import Period
from salesnb.text.i18n import tr
from salesnb.warehouse import connect
from salesnb.warehouse.extent import data_extent
from salesnb.warehouse.slices import list_teams
from salesnb.yamlfile import load_yaml
from tests.functional.commands import salesnb

CASES_DIR = Path(__file__).parents[1] / "data" / "partial"
pytestmark = pytest.mark.slow

#: The order modules are imported in: the roster first, so the records that name its people find them.
MODULE_ORDER = ("roster", "accounts", "leads", "deals", "calls", "activities", "targets", "orders")
#: What the reviews show for a quota or attainment that is not there (any currency sign).
NO_QUOTA_VALUES = re.compile(r"^(?:0\.0%|100\.0%|[^\d\s-]{0,3} ?0)$")


@dataclass(frozen=True)
class Case:
    name: str
    period: str


CASES = {
    c.name: c
    for c in (
        Case("usd", "2024-Q2"),
        Case("no-activities", "2025-Q1"),
        Case("no-quotas", "2025-Q3"),
        Case("no-stage-history", "2025-Q2"),
        Case("ended-2019", "2019-Q1"),
        Case("open-no-amount", "2025-11"),
        Case("with-quotas", "2025-Q2"),
    )
}


def case_files(folder: Path) -> list[tuple[Path, Path, str]]:
    """``(export, mapping, module)`` of a case, in import order (the mapping beside its export)."""
    found = []
    for mapping in sorted(folder.glob("*.yaml")):
        export = mapping.with_suffix(".csv")
        assert export.is_file(), f"{mapping} has no export {export.name} beside it"
        found.append((export, mapping, load_yaml(mapping)["module"]))
    return sorted(found, key=lambda f: MODULE_ORDER.index(f[2]))


def data_rows(export: Path) -> int:
    with export.open(encoding="utf-8", newline="") as fh:
        return sum(1 for row in list(csv.reader(fh))[1:] if any(cell.strip() for cell in row))


@dataclass
class Imported:
    case: Case
    db: Path
    params: Path
    reports: Path
    imports: list[tuple[str, str, int]]  # (file, command output, exit code)
    init: object
    run: object

    @property
    def period_dir(self) -> Path:
        return self.reports / Period.parse(self.case.period).label


@pytest.fixture(scope="module", params=list(CASES))
def imported(request, tmp_path_factory) -> Imported:
    """The case imported, its params folder written and every report kind rendered, once per case."""
    case = CASES[request.param]
    work = tmp_path_factory.mktemp(case.name)
    db, params, reports = work / "salesnb.duckdb", work / "params", work / "reports"
    imports = []
    for export, mapping, _ in case_files(CASES_DIR / case.name):
        done = salesnb("ingest", str(export), "--mapping", str(mapping), "--db", str(db))
        imports.append((export.name, done.stdout + done.stderr, done.returncode))
    init = salesnb("params", "init", str(params), "--db", str(db))
    run = salesnb(
        "run", "--period", case.period, "--reps", "--db", str(db), "--params", str(params),
        "--reports", str(reports), "--workers", "2",
    )  # fmt: skip
    return Imported(case, db, params, reports, imports, init, run)


# ------------------------------------------------------------------------------------------- helpers
def sections(path: Path) -> dict[str, BeautifulSoup]:
    """The report's sections by heading: each a fragment of the page from its ``h2`` up to the next (in
    document order: a section's heading and its tables may sit in different cells of the page)."""
    page = path.read_text(encoding="utf-8")
    out: dict[str, BeautifulSoup] = {}
    for chunk in re.split(r"(?=<h2[\s>])", page)[1:]:
        fragment = BeautifulSoup(chunk, "html.parser")
        out[fragment.find("h2").get_text(" ", strip=True)] = fragment
    return out


def in_both(key: str) -> set[str]:
    """A string of the reports in both languages (a team named in Chinese reads its reports in Chinese)."""
    return {tr(key, language) for language in ("en", "zh")}


def section(path: Path, key: str) -> BeautifulSoup | None:
    """The section headed by string ``key`` in the report's language, or ``None``."""
    parts = sections(path)
    return next((parts[h] for h in in_both(key) if h in parts), None)


def kpi_labels(*names: str) -> set[str]:
    return {label for name in names for label in CATALOG[name].labels.values()}


def text(fragment: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", fragment.get_text(" ", strip=True))


def table_cells(fragment: BeautifulSoup, row_labels: set[str], columns: set[str]) -> list[str]:
    """The cells of the rows headed by one of ``row_labels`` under the columns named one of ``columns``,
    in every table of ``fragment``."""
    found = []
    for table in fragment.find_all("table"):
        header = [th.get_text(" ", strip=True) for th in table.find("tr").find_all(["th", "td"])]
        wanted = [i for i, name in enumerate(header) if name in columns]
        for row in table.find_all("tr")[1:]:
            cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
            if cells and cells[0] in row_labels:
                found += [cells[i] for i in wanted if i < len(cells)]
    return found


def team_reviews(imported: Imported) -> list[Path]:
    return sorted(imported.period_dir.glob("*/team_review.html"))


def rep_reviews(imported: Imported) -> list[Path]:
    return sorted(imported.period_dir.glob("*/reps/*.html"))


# ------------------------------------------------------------------------------ every case, on main
def test_every_file_imports_and_balances(imported):
    """Rows in = stored + quarantined, per file, counted from the export itself and from ``imports``."""
    for name, output, code in imported.imports:
        assert code == 0, f"{name}: {output}"
    with connect(imported.db) as con:
        rows = con.execute(
            "SELECT file, rows_read, rows_new + rows_updated + rows_unchanged, rows_quarantined FROM imports"
        ).fetchall()
        held_rows = "SELECT import_id, count(DISTINCT file_row) FROM quarantine GROUP BY 1"
        quarantined = dict(con.execute(held_rows).fetchall())
        ids = dict(con.execute("SELECT file, import_id FROM imports").fetchall())
    assert len(rows) == len(imported.imports)
    for file, read, stored, held in rows:
        export = Path(file)
        assert read == data_rows(CASES_DIR / imported.case.name / export.name), file
        assert read == stored + held, file
        assert quarantined.get(ids[file], 0) == held, file  # a row may be held for several reasons


def test_params_init_writes_a_folder_for_this_organisation(imported):
    assert imported.init.returncode == 0, imported.init.stderr
    settings = load_settings(imported.params)
    with connect(imported.db) as con:
        teams = set(list_teams(con)["team_id"])
        extent = data_extent(con)
    assert set(settings.teams) == teams
    assert settings.plans is None  # the template pays nothing until it is renamed
    for goal in settings.goals.goals:
        assert goal.scope.kind == "team" and goal.scope.id in teams
        assert goal.target > 0
    goals_text = (imported.params / "goals.yaml").read_text(encoding="utf-8")
    last_complete = Period.containing(extent.last, "month")
    if extent.last != last_complete.last_day:
        last_complete = last_complete.previous()
    assert f"to {last_complete.label} (the data ends {extent.last.isoformat()})" in goals_text
    check = salesnb("params", "check", "--params", str(imported.params))
    assert check.returncode == 0, check.stderr


def test_every_report_kind_renders(imported):
    assert imported.run.returncode == 0, imported.run.stderr[-3000:]
    with connect(imported.db) as con:
        teams = list_teams(con)
    period = imported.period_dir
    assert {p.parent.name for p in team_reviews(imported)} == set(teams["team_id"])
    assert (period / "org" / "overview.html").is_file()
    for region in set(teams["region_id"]):
        assert (period / "org" / f"region-{region}.html").is_file()
    assert rep_reviews(imported), "no rep review rendered"


# ------------------------------------------------------------------- what the reviews must (not) say
def test_no_attainment_or_quota_is_shown_without_targets(imported):
    """No case but ``with-quotas`` imports targets: no 0 % or 100 % attainment, no quota of 0, anywhere."""
    if imported.case.name == "with-quotas":
        pytest.skip("imports targets (its reps without one are checked by its own test)")
    rows = kpi_labels("quota_attainment", "revenue")
    columns = (
        in_both("target") | kpi_labels("quota_attainment") | set(SHOWN_MEASURES["quota"].labels.values())
    )
    for path in team_reviews(imported) + rep_reviews(imported):
        for name, fragment in sections(path).items():
            for cell in table_cells(fragment, rows, columns):
                assert not NO_QUOTA_VALUES.match(cell), f"{path.name} {name}: {cell}"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not in_both("chart.reps_title") & {img.get("alt", "") for img in soup("img")}, path


def test_the_team_ranking_falls_back_to_revenue(imported):
    ranking = text(section(imported.period_dir / "org" / "overview.html", "ranking"))
    assert "No data for this period" not in ranking
    with connect(imported.db) as con:
        names = list_teams(con)["name"]
    assert all(name in ranking for name in names)


def test_trends_start_with_the_data(imported):
    with connect(imported.db) as con:
        first = data_extent(con).first
    grain = Period.parse(imported.case.period).grain
    before = Period.containing(first, grain).previous().label
    for path in rep_reviews(imported):
        trend = section(path, "trend")
        labels = [row.find(["td", "th"]).get_text(strip=True) for row in trend.find_all("tr")[1:]]
        assert labels and all(label > before for label in labels), f"{path}: {labels[:3]}"


def test_a_previous_period_before_the_data_is_unknown_not_zero(imported):
    with connect(imported.db) as con:
        first = data_extent(con).first
    previous = Period.parse(imported.case.period).previous()
    if previous.end > first:
        pytest.skip(f"{previous.label} holds data of this case")
    for path in team_reviews(imported) + rep_reviews(imported):
        scorecard = section(path, "scorecard") or section(path, "rep.scorecard")
        shown = table_cells(scorecard, kpi_labels(*CATALOG), in_both("previous") | in_both("change"))
        assert shown and set(shown) == {"–"}, f"{path}: {sorted(set(shown))[:5]}"


def test_the_risk_register_names_the_team_not_its_id(imported):
    for path in team_reviews(imported):
        register = section(path, "risks")
        subjects = table_cells(register, {*table_labels(register)}, in_both("subject")) if register else []
        assert path.parent.name not in subjects, f"{path}: {subjects}"


def table_labels(fragment: BeautifulSoup) -> list[str]:
    """The first cell of each row of the tables of ``fragment``."""
    return [row.find(["td", "th"]).get_text(" ", strip=True) for row in fragment.select("tr")[1:]]


def only(imported: Imported, name: str) -> Imported:
    """``imported`` when it is case ``name``; the other cases skip the test."""
    if imported.case.name != name:
        pytest.skip(f"about case {name}")
    return imported


def test_usd_is_stored_and_shown_in_dollars(imported):
    case = only(imported, "usd")
    assert all("quarantined 0" in output for _, output, _ in case.imports)
    for path in team_reviews(case) + rep_reviews(case):
        shown = text(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        assert "Currency: USD" in shown and "$" in shown
        assert "¥" not in shown and "CNY" not in shown


def test_without_activities_the_review_says_so(imported):
    case = only(imported, "no-activities")
    for path in team_reviews(case):
        scorecard = section(path, "scorecard")
        for kpi in ("calls_per_working_day", "contact_rate", "talk_time_hours"):
            assert set(table_cells(scorecard, kpi_labels(kpi), in_both("value"))) <= {"–"}, kpi
        activity = section(path, "activity")
        if activity is not None:
            assert not activity.find("img"), "an activity chart drawn from no activity"
            assert "activities" in text(activity)


def test_without_stage_history_the_funnel_says_so(imported):
    case = only(imported, "no-stage-history")
    for path in team_reviews(case):
        parts = sections(path)
        funnel = " ".join(text(parts[name]) for name in parts if "Funnel" in name or "Stage" in name)
        assert "stage history" in funnel.lower()
        assert "counted at every stage they reached" not in funnel
    # no open deal's stage is dated (no "Modified" column): nothing says how long one has been in it
    stalls = in_both("risk.stalled_deal") | in_both("risk.stalled_pipeline")
    for path in team_reviews(case) + rep_reviews(case):
        shown = text(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        assert not any(claim in shown for claim in stalls), path
    with connect(case.db) as con:
        dated = con.execute(
            "SELECT count(*) FROM stage_history JOIN opportunities USING (opportunity_id) "
            "WHERE status = 'open'"
        ).fetchone()[0]
    assert dated == 0


def test_data_ending_years_ago_is_judged_as_of_its_end(imported):
    case = only(imported, "ended-2019")
    with connect(case.db) as con:
        last = data_extent(con).last
    audit = salesnb("goals", "check", str(case.params / "goals.yaml"), "--db", str(case.db))
    shown = re.sub(r"\s+", " ", audit.stdout)
    assert f"data to {last.isoformat()}" in shown  # not the clock's today
    assert "only 0 period(s) of history" not in shown  # its goals are judged against the months before


def test_open_deals_without_amounts_are_stored_and_counted(imported):
    case = only(imported, "open-no-amount")
    assert all("quarantined 0" in output for _, output, _ in case.imports)
    with connect(case.db) as con:
        unknown = dict(
            con.execute(
                """SELECT r.team_id, count(*) FROM opportunities o JOIN reps r USING (rep_id)
                   WHERE o.status = 'open' AND o.amount IS NULL GROUP BY 1"""
            ).fetchall()
        )
    assert sum(unknown.values()) > 0
    for path in team_reviews(case):  # every deal is created before the period's end: all open at its end
        row = " ".join(
            table_cells(section(path, "scorecard"), kpi_labels("pipeline_value"), in_both("value"))
        )
        count = unknown.get(path.parent.name, 0)
        assert re.search(rf"(?<![\d,.]){count}(?![\d,.%])", row), f"{path}: {row}"


#: with-quotas, 2025-Q2 (its README): each rep's name and revenue won, the quota of each rep with one of
#: their own, and of each team (Inside Sales: its reps' quotas summed; Field Sales: its own team quota).
NAMES = {"ana": "Ana Souza", "bruno": "Bruno Lima", "carla": "Carla Dias"} | {
    "diego": "Diego Alves", "elisa": "Elisa Rocha", "fabio": "Fabio Nunes"
}  # fmt: skip
WON = {"ana": 45_000, "bruno": 54_000, "carla": 27_000, "diego": 40_000, "elisa": 63_000, "fabio": 57_000}
REP_QUOTA = {"ana": 60_000, "bruno": 45_000, "carla": 3 * 15_000}
TEAMS = {"inside-sales": ("ana", "bruno", "carla"), "field-sales": ("diego", "elisa", "fabio")}
TEAM_QUOTA = {"inside-sales": 150_000, "field-sales": 200_000}


def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def test_attainment_is_revenue_over_the_imported_quotas(imported):
    """Team and rep attainment from the quota sheet, hand-computed; a team quota is no quota of its reps
    (they show none and say so, never 0 or 100 %); teams ranked by attainment; the organisation's sum."""
    case = only(imported, "with-quotas")
    assert all("quarantined 0" in output for _, output, _ in case.imports)
    attainment, quota = kpi_labels("quota_attainment"), set(SHOWN_MEASURES["quota"].labels.values())
    for team, reps in TEAMS.items():
        review = case.period_dir / team / "team_review.html"
        won = sum(WON[r] for r in reps)
        cells = table_cells(section(review, "scorecard"), attainment, in_both("value"))
        assert cells == [percent(won / TEAM_QUOTA[team])], f"{team}: {cells}"
        for rep in reps:
            own = REP_QUOTA.get(rep)
            expected = [f"¥{own:,}", percent(WON[rep] / own)] if own else ["–", "–"]
            shown = table_cells(section(review, "reps"), {NAMES[rep]}, quota | attainment)
            assert shown == expected, f"{team}/{rep}: {shown}"
            page = case.period_dir / team / "reps" / f"{rep}.html"
            scorecard = section(page, "rep.scorecard")
            assert table_cells(scorecard, attainment, in_both("value")) == expected[1:], rep
            assert own or "No quotas are loaded for this rep" in text(scorecard), rep
    overview = case.period_dir / "org" / "overview.html"
    ranking = text(section(overview, "ranking"))
    assert ranking.index("Inside Sales") < ranking.index("Field Sales")  # 84.0 % before 80.0 %
    org = percent(sum(WON.values()) / sum(TEAM_QUOTA.values()))  # 286,000 of 350,000
    assert org in text(BeautifulSoup(overview.read_text(encoding="utf-8"), "html.parser"))
