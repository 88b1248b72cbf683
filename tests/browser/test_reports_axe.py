"""Every report kind, in both languages, checked in a real browser with axe-core (issue #18, point 3).

The reports are rendered from the demo warehouse the way the batch renders them (one job per report kind
and language, :func:`salesnb.batch.runner.execute_job`), with the index of each run; each page is opened
in Debian's Chromium through Playwright, axe-core (npm, pinned in ``tests/browser/axe/package-lock.json``,
installed by ``make axe-deps``) is injected, and the WCAG 2.x A/AA rules run. A serious or critical
violation fails the test; every result is written to ``test-artifacts/browser/axe-*.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salesnb.batch.job import Job
from salesnb.batch.runner import execute_job
from salesnb.periods import Period
from salesnb.reports.index import write_index
from salesnb.reports.kinds import KINDS
from salesnb.reports.manifest import write_manifest
from salesnb.text.i18n import LANGUAGES
from salesnb.warehouse import connect
from salesnb.warehouse.slices import list_teams
from tests.browser.conftest import artifacts_dir

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PERIOD = "2026-10"
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules axe-core runs.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: make axe-deps (npm ci in tests/browser/axe)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports(demo_db, tmp_path_factory) -> dict[str, Path]:
    """One report of each kind in each language, and each language's index: ``{"<kind>.<lang>": html}``."""
    pages: dict[str, Path] = {}
    with connect(demo_db) as con:
        teams = list(list_teams(con)["team_id"])
        scopes = {name: kind.plan(con, Period.parse(PERIOD), teams[:1]) for name, kind in KINDS.items()}
    for language in LANGUAGES:
        root = tmp_path_factory.mktemp(f"reports-{language}")
        entries = []
        for name, kind in KINDS.items():
            scope = scopes[name][0]
            values = {"period": PERIOD, "language": language, "db_path": str(demo_db)}
            job = Job(kind, scope, kind.parameters_for(scope, values, "test"), str(root))
            entry = execute_job(job)
            assert entry.status == "ok", f"{name} {language}: {entry.error}"
            entries.append(entry)
            pages[f"{name}.{language}"] = root / PERIOD / entry.html
        write_manifest(root / PERIOD, PERIOD, entries)
        pages[f"index.{language}"] = write_index(root)
    return pages


@pytest.fixture(scope="module")
def browser(chromium: str):
    """Headless Chromium that may open local files and nothing else."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            yield instance
        finally:
            instance.close()


def _audit(browser, page_path: Path, axe_script: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    local = ("file:", "data:")
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort()
    )
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.add_script_tag(content=axe_script)
        return page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [*KINDS, "index"])
def test_no_serious_or_critical_accessibility_violation(browser, reports, axe_script, kind, language):
    page_path = reports[f"{kind}.{language}"]
    result = _audit(browser, page_path, axe_script)
    (artifacts_dir() / f"axe-{kind}-{language}.json").write_text(
        json.dumps(result["violations"], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert result["testEngine"]["name"] == "axe-core"
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} × {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]
    assert not bad, f"{page_path.name} ({language}):\n" + "\n".join(bad)


def test_axe_finds_a_violation_it_is_asked_about(browser, axe_script, tmp_path):
    """The check can fail: an image without alt text and grey text on white are violations it reports."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/png;base64,">'
        '<p style="color:#bbbbbb">faint</p></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in _audit(browser, page, axe_script)["violations"]}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found
