"""Warm kernels: start a kernel once per worker, import the report stack once, run many notebooks on it.

Starting a kernel and importing pandas, seaborn, statsmodels and salesnb costs seconds per report; the
notebook itself often less. A :class:`WarmKernel` starts one kernel (retrying a start that fails),
imports the report modules into it, and hands it to papermill for every job through the ``salesnb-warm``
papermill engine. Before each notebook the engine clears the kernel's user namespace (``%reset -f``),
returns to the notebooks folder and sets the execution counter back to 1, silently, so the executed
notebook is the one a plain ``papermill`` run writes: the same cells, outputs and execution counts
(``tests/functional/test_batch.py`` compares them). Modules stay imported: that is the saving.

A kernel that dies is replaced before the next job; the failing job is reported by papermill as usual.

Every kernel a batch starts, warm or not, is started by :class:`BatchKernelManager`: IPython keeps its
history in memory (no ``history.sqlite`` written by every report), and the kernel removes its connection
file (in Jupyter's runtime folder) as soon as it is up, so no kill of anything leaves one behind. A kernel
ends with the process that started it (ipykernel polls its parent; a batch worker whose batch died kills
its warm kernel at once: :mod:`salesnb.batch.lifeline`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import papermill
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE = "salesnb-warm"
KERNEL = "python3"
#: Imported once per kernel: everything the report notebooks import, so the first cell is instant. Then
#: what is loaded is moved out of the garbage collector's sight (``gc.freeze``): the ``%reset`` before each
#: notebook runs two full collections, which would otherwise walk every object of pandas, matplotlib and
#: scipy again (0.3 s a report); the collector still frees what the notebooks create.
PRELOAD = """\
import matplotlib
matplotlib.use("agg")
import salesnb.reports.org_overview, salesnb.reports.team_review
import salesnb.reviews, salesnb.reviews.org
import statsmodels.tsa.holtwinters
try:
    import salesnb.reports.rep_review, salesnb.reviews.rep
except ImportError:
    pass
from salesnb.charts.base import available_fonts, FONT_FALLBACK
available_fonts(FONT_FALLBACK)
import gc
gc.freeze()
"""
START_ATTEMPTS = 3
#: Run by the kernel once it is up (``exec_lines``: not a cell, no execution count): it has read its
#: connection file and bound its ports, and the manager keeps them in memory, so the file can go.
_FORGET_CONNECTION_FILE = (
    "import os as _o, ipykernel.kernelapp as _k; _f = _k.IPKernelApp.instance().abs_connection_file; "
    "_o.path.exists(_f) and _o.remove(_f); del _o, _k, _f"
)
#: Command-line arguments of every kernel a batch starts (see the module docstring).
KERNEL_ARGUMENTS = (
    "--HistoryManager.hist_file=:memory:",
    f"--IPKernelApp.exec_lines={_FORGET_CONNECTION_FILE}",
)
log = logging.getLogger(__name__)


class BatchKernelManager(AsyncKernelManager):
    """The kernel manager of every kernel a batch starts: :data:`KERNEL_ARGUMENTS` on its command line,
    its connection file in Jupyter's runtime folder (``$JUPYTER_RUNTIME_DIR``) until the kernel removes
    it. papermill is given it as nbclient's ``kernel_manager_class`` for a cold run."""

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        given = list(kw.get("extra_arguments") or [])  # nbclient gives the same history argument
        options = {a.partition("=")[0] for a in given}
        kw["extra_arguments"] = [a for a in KERNEL_ARGUMENTS if a.partition("=")[0] not in options] + given
        if not self.connection_file:
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.connection_file = str(runtime / f"kernel-salesnb-{uuid.uuid4()}.json")
        return await super()._async_pre_start_kernel(**kw)


def _reset_code(cwd: str) -> str:
    return (
        "get_ipython().run_line_magic('reset', '-f')\n"
        f"import os as _os; _os.chdir({cwd!r}); del _os\n"
        "get_ipython().history_manager.reset(new_session=True)\n"  # line numbers restart: a new session
        "get_ipython().execution_count = 1\n"
    )


class WarmClient(PapermillNotebookClient):
    """papermill's client, with the kernel returned to a fresh state before the first cell."""

    reset_cwd: str = "."

    def papermill_execute_cells(self) -> None:
        reply = self.wait_for_reply(
            self.kc.execute(_reset_code(self.reset_cwd), silent=True, store_history=False)
        )
        if reply is None or reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the warm kernel: {reply and reply['content']}")
        super().papermill_execute_cells()


class SaveAtEnds(NotebookExecutionManager):
    """papermill's execution manager, writing the output notebook when the run starts and when it ends.

    papermill also writes the whole notebook before and after every cell, so that someone can follow a
    long run; a batch writes to a temporary file that only becomes the report once the job is done, so
    those writes (two per cell, of a notebook that grows with every chart) would only cost time. The
    final write happens whatever happens (papermill calls ``notebook_complete`` in a ``finally``), and
    papermill's autosave still writes during a cell that runs longer than 30 s. The warm engine turns
    papermill's own manager into this one (``__class__``) rather than copying papermill's code that
    makes it.
    """

    _hold = False

    def save(self, **kwargs: Any) -> None:
        if not self._hold:
            super().save(**kwargs)

    @contextlib.contextmanager
    def _held(self) -> Iterator[None]:
        self._hold = True
        try:
            yield
        finally:
            self._hold = False

    def cell_start(self, cell, cell_index=None, **kwargs: Any) -> None:
        with self._held():
            super().cell_start(cell, cell_index, **kwargs)

    def cell_complete(self, cell, cell_index=None, **kwargs: Any) -> None:
        with self._held():
            super().cell_complete(cell, cell_index, **kwargs)


class WarmEngine(NBClientEngine):
    """The papermill engine that runs a notebook on an already started kernel manager (``km``)."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        kwargs.pop("input_path", None)
        kc = kwargs.pop("kc", None)
        # papermill made the manager and saved the notebook's start; from here on, save at the end only
        nb_man.__class__ = SaveAtEnds
        client = WarmClient(
            nb_man,
            kernel_name=kernel_name,
            log=logging.getLogger("papermill"),
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            startup_timeout=start_timeout,
            timeout=execution_timeout,
            **kwargs,
        )
        client.reset_cwd = os.getcwd()  # papermill has moved into the job's cwd
        # The warm kernel's own client, connected and checked once: a new client per notebook spends
        # 0.2 s or more in wait_for_ready (it drains IOPub until 0.2 s pass without a message).
        # nbclient matches every reply and output to its request, so an earlier notebook's stray
        # messages on these channels are skipped.
        client.kc = kc
        return client.execute()


papermill_engines.register(ENGINE, WarmEngine)


@contextlib.contextmanager
def _log_or_null(path: Path) -> Iterator[Any]:
    """``path`` opened for appending, or the null device when its folder cannot be written (full,
    read-only): a kernel is not refused for want of a log."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log = open(path, "ab")  # noqa: SIM115 (closed below)
    except OSError:
        log = open(os.devnull, "wb")  # noqa: SIM115
    try:
        yield log
    finally:
        with contextlib.suppress(OSError):
            log.close()


class WarmKernel:
    """One started, pre-imported kernel, reused for notebook after notebook."""

    def __init__(
        self, cwd: Path, preload: str = PRELOAD, attempts: int = START_ATTEMPTS, log_path: Path | None = None
    ) -> None:
        self.cwd = str(cwd)
        self.log_path = log_path
        self.preload = preload
        self.attempts = attempts
        self.km: AsyncKernelManager | None = None
        self.kc: AsyncKernelClient | None = None
        self.starts = 0

    def alive(self) -> bool:
        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def ensure(self) -> AsyncKernelManager:
        """The kernel manager, (re)starting the kernel when it is not running."""
        if self.alive():
            return self.km  # type: ignore[return-value]
        self.close()
        last: Exception | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                self.km = self._start()
                self.starts += 1
                return self.km
            except Exception as exc:  # a port clash, a slow machine: try again
                last = exc
                log.warning("kernel start %d of %d failed: %s", attempt, self.attempts, exc)
                self.close()
                time.sleep(0.5 * attempt)
        raise RuntimeError(f"the kernel did not start after {self.attempts} attempts: {last}")

    def _start(self) -> AsyncKernelManager:
        # the asynchronous manager, as papermill's own: nbclient then watches the kernel while a cell runs
        # and raises DeadKernelError when it dies (a blocking client would wait for it forever)
        km = BatchKernelManager(kernel_name=KERNEL)
        if self.log_path is not None:  # the kernel's own messages (start-up notices, a crash) go to a log
            with _log_or_null(self.log_path) as log:
                run_sync(km.start_kernel)(cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=log)
        else:
            run_sync(km.start_kernel)(cwd=self.cwd)
        kc = km.client()
        try:
            run_sync(self._preload)(kc)
        except Exception:
            kc.stop_channels()
            run_sync(km.shutdown_kernel)(now=True)
            raise
        self.kc = kc
        return km

    async def _preload(self, kc: AsyncKernelClient) -> None:
        kc.start_channels()
        # no stdin, as nbclient sets on the clients it makes: input() or pdb in a notebook then fails its
        # cell (StdinNotImplementedError) instead of waiting for ever for an answer nobody gives
        kc.allow_stdin = False
        await kc.wait_for_ready(timeout=60)
        reply = await kc.execute_interactive(self.preload, silent=True, store_history=False, timeout=300)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"preloading the report modules failed: {reply['content'].get('evalue')}")

    def execute(self, source: Path, output: Path, parameters: dict[str, Any], **kwargs: Any) -> None:
        """Run ``source`` with ``parameters`` into ``output`` through papermill on this kernel."""
        km = self.ensure()
        try:
            papermill.execute_notebook(
                str(source),
                str(output),
                parameters=parameters,
                kernel_name=KERNEL,
                engine_name=ENGINE,
                km=km,
                kc=self.kc,
                cwd=self.cwd,
                **kwargs,
            )
        finally:
            if not self.alive():  # it died in this notebook: the next job gets a new one
                self.close()

    def kill(self) -> None:
        """Kill the kernel (its whole process group) at once, from any thread, without talking to it: for a
        worker that ends because its batch died (:mod:`salesnb.batch.lifeline`)."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)  # the kernel leads its own session
        if self.km is not None:
            with contextlib.suppress(OSError):
                Path(self.km.connection_file).unlink(missing_ok=True)

    def close(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            try:
                if self.km.has_kernel:
                    run_sync(self.km.shutdown_kernel)(now=True)
            except Exception as exc:  # already gone
                log.debug("kernel shutdown: %s", exc)
            self.km = None
