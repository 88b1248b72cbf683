"""The batch runner's worker pool: processes from the fork server still work in the caller's world."""

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from salesnb.batch import runner


def test_pool_workers_see_the_callers_environment_and_folder(tmp_path, monkeypatch):
    # the fork server outlives the first pool and keeps the environment it started with: the second
    # pool's workers must still see the caller's new variable (and folder: multiprocessing's part)
    for value in ("first", "second"):
        folder = tmp_path / value
        folder.mkdir()
        monkeypatch.setenv("SALESNB_TEST_VALUE", value)
        monkeypatch.chdir(folder)
        with ProcessPoolExecutor(
            1,
            mp_context=runner._pool_context(),
            initializer=runner._start_worker,
            initargs=(dict(os.environ), os.path.realpath(runner.__file__), None, False),
        ) as pool:
            assert pool.submit(os.getenv, "SALESNB_TEST_VALUE").result() == value
            assert pool.submit(os.getcwd).result() == str(folder)


def test_a_worker_that_imported_another_salesnb_refuses_to_start():
    with (
        ProcessPoolExecutor(
            1,
            mp_context=runner._pool_context(),
            initializer=runner._start_worker,
            initargs=(dict(os.environ), "/elsewhere/salesnb/batch/runner.py", None, False),
        ) as pool,
        pytest.raises(BrokenProcessPool),
    ):
        pool.submit(os.getcwd).result()
