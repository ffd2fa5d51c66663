"""`--executor dask`: the per-page ingest and the page rendering as tasks of a
`dask.distributed` cluster (issue 17), behind the same seam as parallel.LocalExecutor.

  map(function, context, tasks)   the context scattered once to every worker
                                  (client.scatter(broadcast=True)), the tasks sent in
                                  chunks, a few chunks per worker in flight; results
                                  handed back in task order, a task's error raised here
                                  as it was raised there (a SiteError is the same line
                                  a local build prints)
  background(job)                 here, as a LocalExecutor of `--jobs` does it: the
                                  background jobs (search index, hard links of the old
                                  site) work on this machine's output folder

What a worker on another machine cannot reach it is given: a seed is sent with its
bytes (ingest.stage.SeedFile), the render's templates as their sources and its page
sink returns each page's bytes to be written here (render.writer.RemoteFiles). The
corpus-wide steps (IDs, duplicates, the corpus, the plan, the search index, feeds,
the atomic swap) never leave the calling process.

Without a scheduler address a LocalCluster of `jobs` worker processes (one thread
each, no dashboard, on 127.0.0.1 only) is started when the first tasks come, so a
build with nothing to do starts none. dask is an optional dependency: this module
imports it only when used.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import warnings
from typing import Callable, Iterator, Sequence, TypeVar

from .errors import SiteError
from .parallel import LocalExecutor, Pending, sendable
from .state.fingerprints import code_fingerprint

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

# Chunks each worker has been sent and not yet answered (as parallel._IN_FLIGHT).
IN_FLIGHT = 2
# Seconds to wait at most for a scheduler given by address before saying it cannot be
# reached (less when Dask's own distributed.comm.timeouts.connect is set lower).
CONNECT_SECONDS = 10.0
# A worker's tasks of one build run one at a time, whatever its threads: the context's
# page sink, Markdown instance and jieba are one per worker process.
TASK_LOCK = threading.Lock()


class DaskMissing(SiteError):
    """dask.distributed is not installed: one line naming the extra to install."""

    def __init__(self) -> None:
        super().__init__("--executor dask", "needs dask.distributed",
                         hint="pip install 'site-builder[dask]'")

    def first_line(self) -> str:
        return f"{self.path} {self.message} (hint: {self.hint})"


def require():
    """The `distributed` module, or DaskMissing."""
    try:
        import distributed
    except ImportError:
        raise DaskMissing() from None
    return distributed


def _unreachable(address: str, exc: BaseException) -> SiteError:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return SiteError(address, f"cannot reach the Dask scheduler: {text}",
                     hint="start one with `dask scheduler` and pass the address it prints, "
                          "e.g. --scheduler tcp://10.0.0.5:8786")


def _connect_timeout() -> float:
    import dask.config
    from dask.utils import parse_timedelta

    configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")
    return min(CONNECT_SECONDS, configured or CONNECT_SECONDS)


def run_chunk(function: Callable[[C, T], R], context: C, tasks: Sequence[T]) -> list[R]:
    """What a Dask task runs on a worker: function(context, task) for a chunk of tasks."""
    with TASK_LOCK:
        try:
            return [function(context, task) for task in tasks]
        except Exception as exc:  # noqa: BLE001 - raised again in the calling process
            raise sendable(exc) from None


class DaskExecutor:
    """Executor (parallel.Executor) of a dask.distributed cluster: the scheduler at
    `address`, or a LocalCluster of `jobs` workers started on first use."""

    def __init__(self, jobs: int, address: str | None = None) -> None:
        self.distributed = require()
        self.address = address
        self.local = LocalExecutor(jobs)
        self.jobs = jobs
        self._client = None
        self._cluster = None
        if address is not None:
            self._connect()

    def _connect(self):
        distributed = self.distributed
        if self.address is not None:
            try:
                self._client = distributed.Client(self.address, timeout=_connect_timeout(),
                                                  set_as_default=False)
            except Exception as exc:  # noqa: BLE001 - a bad or unreachable address
                raise _unreachable(self.address, exc) from None
            self._check_workers()
        else:
            with warnings.catch_warnings():
                # (with no dashboard the scheduler still serves /health on 127.0.0.1,
                # and warns when 8787 is taken: another port does as well)
                warnings.simplefilter("ignore", UserWarning)
                # (its workers' logs are silenced: every problem is one line here)
                self._cluster = distributed.LocalCluster(
                    n_workers=self.jobs, threads_per_worker=1, processes=True,
                    host="127.0.0.1", scheduler_port=0, dashboard_address=None,
                    silence_logs=logging.CRITICAL)
            self._client = distributed.Client(self._cluster, set_as_default=False)
        return self._client

    def _check_workers(self) -> None:
        """The scheduler has workers, and they all run this site_builder code (the same
        code_fingerprint: other code could make other bytes)."""
        client = self._client
        try:
            client.wait_for_workers(1, timeout=_connect_timeout())
        except Exception:  # noqa: BLE001 - (a TimeoutError of its own kind)
            self.close()
            raise SiteError(str(self.address), "the Dask scheduler has no workers",
                            hint=f"start some with `dask worker {self.address}` on machines "
                                 f"that have this site-builder installed") from None
        try:
            theirs = client.run(code_fingerprint)
        except Exception as exc:  # noqa: BLE001 - e.g. site_builder not installed there
            self.close()
            raise SiteError(str(self.address), f"a Dask worker cannot run site_builder: "
                                               f"{type(exc).__name__}: {exc}",
                            hint="install the same site-builder on every worker") from None
        other = sorted(worker for worker, mark in theirs.items() if mark != code_fingerprint())
        if other:
            self.close()
            raise SiteError(str(self.address), f"{len(other)} Dask worker(s) run other "
                                               f"site_builder code (e.g. {other[0]})",
                            hint="install the same site-builder version on every worker")
        self.jobs = max(1, sum(client.nthreads().values()))

    @property
    def client(self):
        return self._client if self._client is not None else self._connect()

    def close(self) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()
        self._client = self._cluster = None

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *_) -> bool:
        self.close()
        return False

    @contextlib.contextmanager
    def map(self, function: Callable[[C, T], R], context: C, tasks: Sequence[T],
            chunk: int = 1, here: bool = False) -> Iterator[Iterator[R]]:
        """function(context, task) of every task, in order, computed by the cluster's
        workers `chunk` tasks at a time; the first chunks are sent on entering. (`here`
        is a local pool's: the workers of a cluster copy no memory of this process.)"""
        if not tasks:
            yield iter(())
            return
        client = self.client
        if self.address is not None:  # (workers may have joined since)
            self._check_workers()
        [shared] = client.scatter([context], broadcast=True, hash=False)
        chunk = max(1, chunk)
        ranges = iter([(start, min(start + chunk, len(tasks)))
                       for start in range(0, len(tasks), chunk)])
        sent: list = []

        def send(count: int) -> None:
            for start, stop in itertools.islice(ranges, count):
                sent.append(client.submit(run_chunk, function, shared, tasks[start:stop],
                                          pure=False))

        send(IN_FLIGHT * self.jobs)
        try:
            yield self._results(sent, send)
        finally:
            client.cancel([future for future in sent if future is not None] + [shared])

    def _results(self, sent: list, send: Callable[[int], None]) -> Iterator:
        killed = self.distributed.KilledWorker
        position = 0
        while position < len(sent):
            future = sent[position]
            try:
                values = future.result()
            except killed as exc:
                raise SiteError("dask", f"a worker died while working on tasks ({exc})",
                                hint="a worker that runs out of memory is killed by its "
                                     "nanny; see the workers' logs (of a cluster of your own) "
                                     "or run the build with fewer --jobs") from None
            sent[position] = None  # (its results are handed on: not kept here)
            position += 1
            send(1)
            yield from values

    @contextlib.contextmanager
    def background(self, job: Callable[[], R]) -> Iterator[Pending[R]]:
        with self.local.background(job) as pending:
            yield pending


@contextlib.contextmanager
def dask_executor(jobs: int, address: str | None = None) -> Iterator[DaskExecutor]:
    """A DaskExecutor for one build, closed (its LocalCluster stopped) at the end."""
    with DaskExecutor(jobs, address) as executor:
        yield executor
