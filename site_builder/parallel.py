"""Parallel work: one seam for "map a function over tasks" and "run a job in the
background", and the garbage collector's policy for a build.

The stages say *what* runs in parallel at the call site; an `Executor` says *where*:

  executor.map(function, context, tasks)   results of function(context, task), in
                                           task order, as they come (a context manager:
                                           the workers start on entering, so the caller
                                           can do other work while they run)
  executor.background(job)                 job() started now, its result() asked later
                                           (a job that returns Then(value, after) gives
                                           its value at once and does after() then:
                                           the context's end waits for it)

`LocalExecutor(jobs)` runs them here (one job) or in forked worker processes: a fork
shares the parent's memory, so `context`, `tasks` and `job` are inherited, never
pickled (the render's context is the whole corpus); only each task's index goes out
and each result comes back, pickled. So results are plain typed values (dataclasses
of strings, numbers, tuples, `SiteError`s), never positional tuples to decode.

Another executor (issue 17: `--executor dask`, tasks on a `dask.distributed`
cluster, site_builder/dask_executor.py) implements the same two methods: `function` must then be a module-level
function, `context` picklable (it is sent once to each worker, and anything costly
it holds made on first use there, as `ingest.stage.PageIngester` does with jieba),
and results picklable, which they already are. Nothing else of the build changes:
the corpus-wide steps stay in the calling process.

The garbage collector: a build holds millions of small long-lived objects (articles,
postings, memos). `tune_collector()` makes full collections rare; `collector_paused()`
keeps the collector out of (un)pickling; `keep_for_build()` moves what exists out of
its way for the rest of the build (so forked workers do not copy the shared pages
either: a collection writes to every object it walks), and `build_heap()` scopes a
build: its end puts everything back (and, for a process that lives on, such as
`serve`, collects it).
"""
from __future__ import annotations

import collections
import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, ContextManager, Generic, Iterator, Protocol, Sequence, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
# Chunks of tasks a worker has been sent and not yet answered: one being worked on,
# one waiting, so that a worker never idles while the parent reads a result.
_IN_FLIGHT = 2


# ---------------------------------------------------------------- the seam

class Pending(Protocol[R]):
    def result(self) -> R: ...


@dataclass(frozen=True)
class Then(Generic[R]):
    """What a background job returns to give its result before it is done: `value` is
    its result() at once, and `after()` is done then, in the job's process (saving
    what only the next build reads, while the caller goes on); the end of the job's
    context (executor.background's) waits for it and raises its error."""

    value: R
    after: Callable[[], object]


def settled(made: "R | Then[R]") -> R:
    """A job's result, its `after()` done first when it is a Then (a job run here)."""
    if isinstance(made, Then):
        made.after()
        return made.value
    return made


class Executor(Protocol):
    jobs: int

    def map(self, function: Callable[[C, T], R], context: C, tasks: Sequence[T],
            chunk: int = 1, here: bool = False) -> ContextManager[Iterator[R]]: ...

    def background(self, job: Callable[[], R]) -> ContextManager[Pending[R]]: ...


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core."""
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class LocalExecutor:
    """`jobs` processes of this machine: this one alone, or forked workers."""

    jobs: int = 1

    @property
    def forks(self) -> bool:
        return self.jobs > 1 and can_fork()

    @contextlib.contextmanager
    def map(self, function: Callable[[C, T], R], context: C, tasks: Sequence[T],
            chunk: int = 1, here: bool = False) -> Iterator[Iterator[R]]:
        """function(context, task) of every task, in order: made here one by one as the
        iterator is read, or by min(jobs, tasks) forked workers started on entering,
        `chunk` tasks at a time. `here`: this process is one of the `jobs`, working
        from the end of the tasks while the workers take them from the start. For a
        large context that the tasks read all over (the render's corpus): a worker
        gets its own copy of every page of it that it reads (reading an object
        writes its reference count), this process reads its own."""
        if not self.forks or not tasks:
            yield (function(context, task) for task in tasks)
            return
        workers = min(self.jobs - 1 if here else self.jobs, len(tasks))
        with _WorkerPool(function, context, tasks, workers, max(1, chunk), here) as pool:
            yield pool.results()

    @contextlib.contextmanager
    def background(self, job: Callable[[], R]) -> Iterator[Pending[R]]:
        """job() in one forked process started now, or, with one job, run here when its
        result is first asked for."""
        if not self.forks:
            yield _Deferred(job)
            return
        with _Forked(job) as running:
            yield running


def executor_for(jobs: int) -> Executor:
    """The executor of a build with `jobs` processes (the only kind so far)."""
    return LocalExecutor(jobs)


# ---------------------------------------------------------------- in this process

class _Deferred(Generic[R]):
    def __init__(self, job: Callable[[], R]) -> None:
        self.job = job

    def result(self) -> R:
        return settled(self.job())


# ---------------------------------------------------------------- forked workers

def detach_worker() -> None:
    """What a forked worker does first: end with its parent, and not hold the parent's
    build lock. A worker inherits the descriptor of the build lock (an flock held while
    any copy is open): if the build is killed, a worker still alive would keep the next
    build out. On Linux the kernel kills the worker when the parent dies; and the worker
    closes its copy of the lock descriptor at once."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the lock descriptor is still closed
        pass
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}").endswith("build.lock"):
                os.close(int(fd))
        except OSError:
            continue


def sendable(exc: BaseException) -> BaseException:
    """`exc`, or a RuntimeError naming it when it does not survive pickling."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class _Answer:
    """A worker's reply: the results of tasks[start:start + len(values)], or the error
    the first failing one raised."""

    start: int
    values: list | None = None
    error: BaseException | None = None
    more: bool = False  # a background job's: a second answer follows (its Then's after())


def _serve(function: Callable, context: object, tasks: Sequence, conn: Connection) -> None:
    """A worker's loop: (start, stop) ranges of task indices in, answers out, until None."""
    detach_worker()
    while True:
        work = conn.recv()
        if work is None:
            return
        start, stop = work
        try:
            answer = _Answer(start, [function(context, tasks[i]) for i in range(start, stop)])
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, raised there
            answer = _Answer(start, error=sendable(exc))
        conn.send(answer)


class _WorkerPool:
    """Forked workers that inherit (function, context, tasks) and are sent ranges of task
    indices; the parent hands out the next range to whichever worker answers, and
    with `here` works through the last ranges itself meanwhile."""

    def __init__(self, function: Callable, context: object, tasks: Sequence,
                 workers: int, chunk: int, here: bool = False) -> None:
        self.count, self.chunk = len(tasks), chunk
        self.args = (function, context, tasks)
        self.workers = workers
        self.here = here
        self.conns: list[Connection] = []
        self.processes: list = []
        self.sent: dict[Connection, int] = {}  # ranges sent to each worker, not answered

    def __enter__(self) -> "_WorkerPool":
        fork = multiprocessing.get_context("fork")
        self.kept = keep_for_workers()
        for _ in range(self.workers):
            mine, theirs = fork.Pipe()
            process = fork.Process(target=_serve, args=(*self.args, theirs), daemon=True)
            process.start()
            theirs.close()
            self.conns.append(mine)
            self.processes.append(process)
        # the workers start at once, while the caller does other work before reading
        self.ranges = collections.deque((start, min(start + self.chunk, self.count))
                                        for start in range(0, self.count, self.chunk))
        try:
            for conn in self.conns:
                self.sent[conn] = sum(self._send(conn) for _ in range(_IN_FLIGHT))
        except BaseException as exc:
            self.__exit__(type(exc), exc, None)
            raise
        return self

    def results(self) -> Iterator:
        owner = self.sent
        done: dict[int, list] = {}
        position = 0
        while position < self.count:
            while position in done:
                values = done.pop(position)
                yield from values
                position += len(values)
            if position >= self.count:
                break
            mine = self.here and bool(self.ranges)
            for answer, conn in self._answers(owner, block=not mine):
                if answer.error is not None:
                    raise answer.error
                done[answer.start] = answer.values or []
                owner[conn] += self._send(conn) - 1
            if mine and self.ranges:  # (the workers have theirs: the last range, here)
                start, stop = self.ranges.pop()
                function, context, tasks = self.args
                done[start] = [function(context, tasks[i]) for i in range(start, stop)]

    def _send(self, conn: Connection) -> int:
        """Send `conn`'s worker the next range, if any: how many were sent."""
        if not self.ranges:
            return 0
        work = self.ranges.popleft()
        try:
            conn.send(work)
        except OSError:  # its worker is gone
            _died(self.processes[self.conns.index(conn)])
        return 1

    def _answers(self, owner: dict[Connection, int],
                 block: bool = True) -> list[tuple[_Answer, Connection]]:
        """The answers ready now (`block`: waiting for one); a worker that died is an
        error."""
        busy = [c for c, n in owner.items() if n]
        sentinels = {p.sentinel: p for c, p in zip(self.conns, self.processes) if owner[c]}
        ready = wait(busy + list(sentinels), timeout=None if block else 0)
        answers = []
        for conn in busy:
            if conn in ready:
                try:
                    answers.append((conn.recv(), conn))
                except (EOFError, OSError):  # its worker is gone
                    _died(self.processes[self.conns.index(conn)])
        for sentinel, process in sentinels.items():
            if not answers and sentinel in ready:
                _died(process)
        return answers

    def __exit__(self, kind, *_) -> bool:
        # (workers still busy, after an error or when not all results were read, are
        # stopped: an answer nobody reads could block them)
        finished = kind is None and not any(self.sent.values())
        for conn, process in zip(self.conns, self.processes):
            if finished:
                with contextlib.suppress(OSError):
                    conn.send(None)
            else:
                process.terminate()
        for conn, process in zip(self.conns, self.processes):
            process.join()
            conn.close()
        release_workers(self.kept)
        return False


def _died(process) -> None:
    process.join(timeout=1)
    raise RuntimeError(f"a worker process ended (exit code {process.exitcode}) before "
                       f"finishing its tasks")


class _Forked(Generic[R]):
    """job() in one forked process; result() waits for it (and raises its error)."""

    def __init__(self, job: Callable[[], R]) -> None:
        self.job = job

    def __enter__(self) -> "_Forked[R]":
        fork = multiprocessing.get_context("fork")
        self.conn, theirs = fork.Pipe(duplex=False)
        self.process = fork.Process(target=self._run, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.answer: _Answer | None = None
        return self

    def _run(self, conn: Connection) -> None:
        detach_worker()
        try:
            made = self.job()
            if isinstance(made, Then):  # the value now, the rest after
                conn.send(_Answer(0, [made.value], more=True))
                made.after()
                made = None
            answer = _Answer(0, [made])
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, raised there
            answer = _Answer(0, error=sendable(exc))
        conn.send(answer)

    def result(self) -> R:
        if self.answer is None:
            wait([self.conn, self.process.sentinel])
            try:
                self.answer = self.conn.recv()
            except (EOFError, OSError):
                self.process.join(timeout=1)
                raise RuntimeError(f"the background process ended (exit code "
                                   f"{self.process.exitcode}) without a result") from None
        if self.answer.error is not None:
            raise self.answer.error
        return self.answer.values[0]  # type: ignore[index]

    def __exit__(self, kind, *_) -> bool:
        finished = self._finished() if kind is None and self.answer is not None else None
        if self.process.is_alive() and (kind is not None or self.answer is None):
            self.process.terminate()
        self.process.join()
        self.conn.close()
        if finished is not None and finished.error is not None:
            raise finished.error
        return False

    def _finished(self) -> _Answer | None:
        """The second answer of a job that gave its value before it was done (Then):
        waited for; None for any other."""
        if self.answer is None or not self.answer.more:
            return None
        wait([self.conn, self.process.sentinel])
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(timeout=1)
            return _Answer(0, error=RuntimeError(
                f"the background process ended (exit code {self.process.exitcode}) "
                f"before finishing"))


# ---------------------------------------------------------------- the collector

def tune_collector() -> None:
    """Full collections far less often: with the default thresholds the collector walks
    a build's long-lived objects over and over (a fifth of a small rebuild's time), and
    cycles are rare here."""
    gc.set_threshold(100_000, 50, 100)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off: (un)pickling a state of a million small objects otherwise
    triggers collections that walk them all, again and again (half the time). Pickles
    make no reference cycles to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep_for_build() -> None:
    """What exists now lives as long as the build: out of the collector's way (a full
    collection would walk every article of the archive, again and again) until the
    build's end (build_heap)."""
    gc.freeze()


def keep_for_workers() -> int | None:
    """Before forking workers that share this process's memory: what exists now is not
    collected (copy-on-write would give each worker its own copy of what a collection
    walks). Not collected first: a full collection walks millions of objects (0.2 s) to
    free little; but what was freed already is given back (return_freed_memory: it
    counted as this process's memory while they run). Returns a mark for
    release_workers() when nothing was kept before."""
    owner = gc.get_freeze_count() == 0
    gc.freeze()
    return_freed_memory()
    return gc.get_freeze_count() if owner else None


def release_workers(mark: int | None) -> None:
    """The workers are gone: what keep_for_workers() kept goes back to the collector,
    unless it kept it on top of the build's own, or keep_for_build() kept more
    meanwhile (the kept objects then outnumber the mark, less those freed since):
    the build's end (build_heap) gives them back."""
    if mark is not None and gc.get_freeze_count() <= mark:
        gc.unfreeze()


@contextlib.contextmanager
def build_heap(long_lived: bool = False) -> Iterator[None]:
    """One build: what it kept out of the collector's way goes back at its end; a
    process that lives on (`serve`) then collects what the build left."""
    try:
        yield
    finally:
        gc.unfreeze()
        if long_lived:
            gc.collect()


def collect() -> None:
    """A collection now, after this process dropped something large it loaded for a
    while (jieba's dictionaries), so that the rest of the build does not carry it (nor
    the workers it forks)."""
    gc.collect()
    return_freed_memory()


def return_freed_memory() -> None:
    """What this process freed given back to the system (glibc's malloc_trim), where
    it can be: glibc keeps freed memory for later allocations, and what large arrays
    and strings left (the search index made in this process: ~5 KiB an article) went
    on counting as this process's memory, and its forked workers'. Not freed by the
    collector first: see keep_for_workers."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
