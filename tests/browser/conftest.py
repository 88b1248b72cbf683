"""JupyterLab on localhost and Debian's Chromium driven by Playwright, for the real-browser tests.

Everything runs offline: JupyterLab and the ipywidgets lab extension come with their pip packages, the
browser is the system's (``/usr/bin/chromium``, or ``$SALESNB_CHROMIUM``) and is never downloaded, and the
page may reach nothing but the local server (every other request is aborted). The tests skip, saying what
to install, when Playwright or Chromium is missing: ``make browser-deps`` installs both.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from salesnb.config import PROJECT_ROOT

#: Where screenshots go: ``$SALESNB_ARTIFACTS`` or ``test-artifacts/`` (ignored by git) in the checkout.
ARTIFACTS_ENV = "SALESNB_ARTIFACTS"
CHROMIUM_ENV = "SALESNB_CHROMIUM"
SERVER_START_SECONDS = 90


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium (skipped without it)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test item, so a fixture can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def artifacts_dir() -> Path:
    folder = Path(os.environ.get(ARTIFACTS_ENV) or PROJECT_ROOT / "test-artifacts") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the system Chromium; the test is skipped without it or without Playwright."""
    pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: pip install playwright (make browser-deps)",
    )
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not Path(path).exists():
        pytest.skip("Chromium is not installed: apt-get install chromium (make browser-deps)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Lab:
    url: str  # the server's base URL
    token: str
    root: Path  # the server's root folder (a copy of the notebook lives there)
    reports: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}lab/tree/{name}?token={self.token}"


@pytest.fixture(scope="module")
def jupyter_lab(demo_db, tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab serving a copy of ``notebooks/workbench.ipynb`` against the demo warehouse; stopped (with
    its kernels) at the end."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(PROJECT_ROOT / "notebooks" / "workbench.ipynb", root / "workbench.ipynb")
    state = root / ".jupyter-state"
    # no "get notified about Jupyter news?" toast over the page (and nothing fetched from outside)
    notification = (
        state / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    )
    notification.parent.mkdir(parents=True)
    notification.write_text('{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "SALESNB_DB": str(demo_db),
        "SALESNB_REPORTS": str(root / "reports"),
        # the user's own settings, workspaces and runtime files are neither read nor written
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
        "IPYTHONDIR": str(state / "ipython"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run cells by command, not by menu text
        "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI and containers run as root
        command.append("--allow-root")
    log = (root / "jupyter-lab.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"JupyterLab did not start:\n{(root / 'jupyter-lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield Lab(url, token, root, root / "reports")
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (it shuts its kernels down), then anything left in its process group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # a kernel the server failed to reap: our session


@pytest.fixture
def page(chromium: str, jupyter_lab: Lab):
    """A headless Chromium page that can reach the local JupyterLab and nothing else."""
    from playwright.sync_api import sync_playwright

    local = jupyter_lab.url.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        context = browser.new_context(viewport={"width": 1440, "height": 1100})
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith((local, "data:", "blob:"))
                else route.abort()
            ),
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
