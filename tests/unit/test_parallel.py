"""parallel: one executor for the build's parallel work (ordered results, errors and
dead workers raised in the caller, the context inherited by forked workers, never
pickled), and the collector's policy for a build."""
from __future__ import annotations

import gc
import os
import threading
import time

import pytest

from site_builder.errors import SiteError
from site_builder.parallel import LocalExecutor, Then, build_heap, keep_for_build


def square(context, task: int) -> tuple[int, int, int]:
    if task == context["fail"]:
        raise SiteError(f"page-{task}.txt", "cannot be read")
    return task, task * task, os.getpid()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_map_gives_every_result_in_order_whatever_the_chunks(jobs):
    context = {"fail": None, "lock": threading.Lock()}  # a lock cannot be pickled
    for chunk in (1, 4, 100):
        with LocalExecutor(jobs).map(square, context, list(range(37)), chunk) as results:
            got = list(results)
        assert [(t, s) for t, s, _ in got] == [(t, t * t) for t in range(37)]
        pids = {pid for _, _, pid in got}
        assert (os.getpid() in pids) == (jobs == 1)


def slow_square(context, task: int) -> tuple[int, int, int]:
    time.sleep(0.01)  # (so that the worker does not take every task before this process does)
    return square(context, task)


@pytest.mark.parametrize("jobs", [2, 3])
def test_map_here_works_in_this_process_too_from_the_end(jobs):
    """One forked worker fewer, this process taking the last tasks left: every result
    still in order, some made here (the last) and some by the workers (the first)."""
    context = {"fail": None}
    for chunk in (1, 4):
        with LocalExecutor(jobs).map(slow_square, context, list(range(40)), chunk,
                                     here=True) as results:
            got = list(results)
        assert [(t, s) for t, s, _ in got] == [(t, t * t) for t in range(40)]
        pids = [pid for _, _, pid in got]
        assert pids[-1] == os.getpid() and pids[0] != os.getpid()
        assert len(set(pids)) <= jobs


@pytest.mark.parametrize("fail", [0, 39])  # a worker's task, this process's
def test_map_here_raises_an_error_of_either_side(fail):
    with pytest.raises(SiteError) as raised:
        with LocalExecutor(2).map(slow_square, {"fail": fail}, list(range(40)),
                                  here=True) as results:
            list(results)
    assert raised.value.path == f"page-{fail}.txt"


def test_results_can_be_read_while_the_caller_works_and_left_unread():
    with LocalExecutor(2).map(square, {"fail": None}, list(range(10))) as results:
        first = next(results)
    assert first[:2] == (0, 0)  # the workers were stopped on leaving


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_task_is_raised_in_the_caller(jobs):
    with pytest.raises(SiteError) as raised:
        with LocalExecutor(jobs).map(square, {"fail": 5}, list(range(10))) as results:
            list(results)
    assert raised.value.path == "page-5.txt"


def die(context, task):
    os._exit(3)


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="exit code 3"):
        with LocalExecutor(2).map(die, None, [1, 2, 3]) as results:
            list(results)


@pytest.mark.parametrize("jobs", [1, 2])
def test_background_job_result_and_error(jobs):
    with LocalExecutor(jobs).background(lambda: ("made", os.getpid())) as job:
        made, pid = job.result()
    assert made == "made" and (pid == os.getpid()) == (jobs == 1)

    def fails():
        raise SiteError("search", "vanished")
    with pytest.raises(SiteError):
        with LocalExecutor(jobs).background(fails) as job:
            job.result()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_job_gives_its_value_before_its_after_work_and_its_end_waits_for_that(
        jobs, tmp_path):
    done = tmp_path / "after"

    def after() -> None:
        time.sleep(0.3)
        done.write_text("saved")

    with LocalExecutor(jobs).background(lambda: Then("made", after)) as job:
        assert job.result() == "made"
        assert done.exists() == (jobs == 1)  # (a job run here does it first)
    assert done.read_text() == "saved"

    def after_fails() -> None:
        raise SiteError("search memo", "disk full")
    with pytest.raises(SiteError, match="disk full"):
        with LocalExecutor(jobs).background(lambda: Then("made", after_fails)) as job:
            assert job.result() == "made"


def test_a_build_keeps_its_heap_out_of_the_collector_until_it_ends():
    assert gc.get_freeze_count() == 0
    with build_heap():
        kept = [object() for _ in range(1000)]
        keep_for_build()
        assert gc.get_freeze_count() >= 1000
        with LocalExecutor(2).map(square, {"fail": None}, [1, 2]) as results:
            list(results)
        assert gc.get_freeze_count() >= 1000  # the workers' end leaves the build's own
    assert gc.get_freeze_count() == 0 and kept
    # outside a build, forking workers keeps the heap only while they run
    with LocalExecutor(2).map(square, {"fail": None}, [1, 2]) as results:
        assert gc.get_freeze_count() > 0
        list(results)
    assert gc.get_freeze_count() == 0


def test_a_background_process_that_dies_is_an_error():
    with pytest.raises(RuntimeError, match="exit code 4"):
        with LocalExecutor(2).background(lambda: os._exit(4)) as job:
            job.result()
