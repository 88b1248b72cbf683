"""The workbench in a real browser: JupyterLab on localhost, the notebook opened in headless Chromium, every
cell run, the widgets drawn by the ipywidgets lab extension, one selector changed, and the KPI table checked
to follow it. Screenshots before and after go to ``test-artifacts/browser/`` (or ``$SALESNB_ARTIFACTS``).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import artifacts_dir

pytestmark = pytest.mark.browser

#: Seconds for the kernel to start and every cell to run (a few seconds on the demo warehouse).
RUN_SECONDS = 180
KPI_HEADING = "h3:has-text('KPIs ·')"


IDLE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return kernel && kernel.status === 'idle';
}"""


def _wait_idle(page, seconds: float) -> None:
    """Until the notebook's kernel is idle (started, or done with every message sent to it)."""
    page.wait_for_function(IDLE, timeout=seconds * 1000)


def _revenue(page) -> str:
    """The Revenue row's value in the workbench's KPI table."""
    row = page.locator(".widget-html-content table.report-table tr", has_text="Revenue").first
    return row.locator("td").nth(1).inner_text()


@pytest.fixture
def shoot_on_failure(page, request):
    """A screenshot of the page when the test fails, beside the others."""
    (artifacts_dir() / "workbench-failure.png").unlink(missing_ok=True)
    yield
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        page.screenshot(path=str(artifacts_dir() / "workbench-failure.png"))


def test_workbench_widgets_render_and_follow_the_team_selector(page, jupyter_lab, shoot_on_failure):
    page.goto(jupyter_lab.notebook_url("workbench.ipynb"))
    page.wait_for_selector(".jp-NotebookPanel", timeout=60_000)
    _wait_idle(page, RUN_SECONDS)
    page.evaluate("window.jupyterapp.commands.execute('application:toggle-left-area')")  # room to see
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    # the widgets, drawn by the lab extension: four selectors, the tabs and the KPI table
    team = page.locator(".widget-dropdown", has=page.locator("label", has_text=re.compile("^Team$"))).locator(
        "select"
    )
    team.wait_for(timeout=RUN_SECONDS * 1000)
    heading = page.locator(KPI_HEADING).first
    heading.wait_for(timeout=RUN_SECONDS * 1000)
    assert page.locator(".widget-dropdown select").count() >= 4
    assert page.locator(".widget-tab, .jupyter-widget-tab").count() >= 1
    assert "Hangzhou Key Accounts" in heading.inner_text()
    before = _revenue(page)
    assert before == "¥1,441,600"  # the team review's number for the first team in October 2026
    _wait_idle(page, RUN_SECONDS)  # every cell has run: the static snapshot is below the widgets
    widget = page.locator(".jp-OutputArea-output", has=page.locator(".widget-dropdown")).first
    widget.scroll_into_view_if_needed()
    folder = artifacts_dir()
    page.screenshot(path=str(folder / "workbench-before.png"))

    # one interaction: pick another team of the region; the KPI table is redrawn in place
    labels = team.locator("option").all_inner_texts()  # ipywidgets writes spaces as no-break spaces
    options = [o.replace("\xa0", " ") for o in labels]
    chosen = next(i for i, o in enumerate(options) if o not in ("All teams", "Hangzhou Key Accounts"))
    target = options[chosen]
    team.select_option(label=labels[chosen])
    page.wait_for_function(
        """([selector, name]) => {
            const h = document.querySelector('.widget-html-content h3');
            return h && h.textContent.includes(name);
        }""",
        arg=[KPI_HEADING, target],
        timeout=60_000,
    )
    after = _revenue(page)
    assert after != before and after.startswith("¥")
    assert target in page.locator(KPI_HEADING).first.inner_text()
    # the static snapshot below the widgets keeps the first run's team: it is not live
    assert page.locator(".jp-OutputArea-output h2", has_text="Sales workbench").count() >= 2
    _wait_idle(page, 60)  # the charts are redrawn too
    widget.scroll_into_view_if_needed()
    shot = folder / "workbench-after.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot} (team {target}: revenue {before} -> {after})")
