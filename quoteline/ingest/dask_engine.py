"""``ingest --engine dask``: extraction on a Dask distributed cluster, one store commit at the end.

The driver (this process) finds the files; the cluster's workers read them and extract. Each file is first
counted by a worker (a small task that parses it and returns how many records it holds), then cut into
chunks of ``chunk_articles`` records, each its own task, so a 3,000-record JSON Lines file spreads over every
worker and moves the progress bar as it goes. A worker keeps the file it parsed last, so the chunks of one
file cost one parse per worker, not one per chunk.

Workers return their rows to the driver; nothing is written until every task has ended, and then the driver
alone commits everything in one ``Store.add``: a run that fails or is killed commits nothing partial, and the
store needs no shared file system (the inputs do: every worker must see them at the same path).

A worker that dies has its tasks run again elsewhere by the scheduler (up to its ``allowed-failures``,
default 3). The scheduler blames every task the worker held, and a worker holds a queued task besides the
running one, so an innocent chunk can be given up beside the one that kills its workers. Such chunks are
tried again in quarantine once the rest of the run is done: one article at a time, nothing else on the
cluster, so only an article that itself kills its workers fails, named in the summary. The summary and
exit codes are those of ``--engine local``.
"""

from __future__ import annotations

import contextlib
import heapq
import logging
import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Final

import pandas as pd

import quoteline
from quoteline import settings
from quoteline.ingest.names import printable
from quoteline.ingest.pipeline import (
    Failure,
    IngestReport,
    Options,
    Prepared,
    Progress,
    _Batch,
    _stopped,
    prepare_items,
    read_file,
    start_run,
    statements_frame,
)
from quoteline.ingest.raw import FieldMap
from quoteline.ingest.readers import Item
from quoteline.store import Store, StoreError
from quoteline.store.staging import StagedAdd

LOGGER = logging.getLogger(__name__)

CHUNK_ARTICLES: Final = 20  # records per task: small enough to balance the workers and move the bar
RESUBMITS: Final = 3  # times a task whose finished result was lost with its worker is submitted again
CONNECT_TIMEOUT: Final = 30.0  # seconds to reach a scheduler given with --scheduler
WORKERS_TIMEOUT: Final = 120.0  # seconds to wait for a scheduler's first worker
_KEPT_FILES: Final = 2  # parsed files a worker keeps for the next chunks of the same file
# Dask's statistical profiler, off on the clusters this engine starts. When on, every worker, nanny and
# scheduler samples its threads' stacks every 10 ms and keeps one profile tree a second for the last 1,000
# seconds (``distributed.admin.low-level-log-length``). On extraction's deep spaCy stacks that grew a worker's
# live objects from 260,000 to 630,000 and its RSS by 240 MB over a 5,000-article run (objects every full
# garbage collection then walks again), and the sampling cost the worker 7 ms of CPU per second of wall time
# (docs/scale_history.md, "The Dask engine slowing through a run: diagnosed"). Nothing reads these profiles:
# they are for Dask's dashboard.
LOCAL_CLUSTER_CONFIG: Final = {"distributed.worker.profile.enabled": False}

# One parsed file per (path, size, mtime), kept by each worker process; the lock also runs one extraction
# at a time in a worker started with several threads (the extractor was written for one thread).
_PARSED: OrderedDict[tuple[str, int, int], tuple[Prepared, list[Item]]] = OrderedDict()
_WORKER_LOCK = threading.Lock()


class ClusterError(RuntimeError):
    """The Dask cluster cannot be used: not reachable, no workers, or workers without this Quoteline."""


@dataclass(frozen=True)
class _Task:
    """One task's place in the run: file number, the records [start, stop) of a chunk (count: -1), how
    many times the driver has submitted it again after its result was lost, and whether it runs alone after
    its workers died (quarantined)."""

    file_no: int
    start: int = -1
    stop: int = -1
    resubmitted: int = 0
    quarantined: bool = False

    @property
    def order(self) -> tuple[int, int]:
        """Where its outcome goes in the run: file, then first record (a count before its file's chunks)."""
        return (self.file_no, self.start)

    def suspects(self) -> list[_Task]:
        """This task's retries in quarantine: a count as it is, a chunk one record at a time."""
        if self.start < 0:
            return [replace(self, quarantined=True)]
        return [_Task(self.file_no, i, i + 1, quarantined=True) for i in range(self.start, self.stop)]


# ----- on the workers ------------------------------------------------------------------------------------


def _parsed(path: str, opts: Options) -> tuple[Prepared, list[Item]]:
    """The file's outcome and items, parsed once per worker while the file is unchanged (call under lock)."""
    try:
        info = Path(path).stat()
        key = (path, info.st_size, info.st_mtime_ns)
    except OSError:
        return read_file(path, opts)  # read_file names the problem
    if key not in _PARSED:
        _PARSED[key] = read_file(path, opts)
        while len(_PARSED) > _KEPT_FILES:
            _PARSED.popitem(last=False)
    _PARSED.move_to_end(key)
    return _PARSED[key]


def count_task(path: str, opts: Options) -> tuple[Prepared, int]:
    """On a worker: read the file; its file-level outcome and how many records it holds."""
    with _WORKER_LOCK:
        head, items = _parsed(path, opts)
        return head, len(items)


def chunk_task(path: str, start: int, stop: int, opts: Options) -> Prepared:
    """On a worker: prepare records [start, stop) of the file."""
    with _WORKER_LOCK:
        _, items = _parsed(path, opts)
        return prepare_items(Prepared(path), items[start:stop], opts)


def options_task(opts: Options) -> Options:
    """On a worker: the run's options, as a task result the other tasks depend on."""
    return opts


def worker_version() -> str:
    """On a worker: the extractor version it runs (the driver refuses workers that differ)."""
    return quoteline.EXTRACTOR_VERSION


# ----- on the driver -------------------------------------------------------------------------------------


@contextlib.contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Dask client: to the scheduler at ``scheduler``, or to a LocalCluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # a pinned dependency: its absence is a broken install, said loudly
        raise ClusterError(f"--engine dask needs the 'distributed' package ({exc})") from exc
    if scheduler:
        LOGGER.info("connecting to the Dask scheduler at %s", scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        try:
            try:
                client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
            except TimeoutError as exc:
                raise ClusterError(
                    f"the Dask scheduler at {scheduler} has had no worker for {WORKERS_TIMEOUT:g} s"
                ) from exc
            yield client
        finally:
            client.close()
        return
    LOGGER.info("starting a local Dask cluster of %d worker processes", workers)
    # The scheduler and nannies run in this process: their start and stop chatter is not the user's news.
    logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger().level))
    # One thread per worker: extraction is CPU-bound Python, so parallelism comes from processes. The
    # configuration is read when the scheduler and nannies are made, and a nanny hands it to its worker.
    import dask

    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: two runs at once must not fight over 8787
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def check_workers(client: Any) -> None:
    """Every worker must import this Quoteline, at this extractor version."""
    try:
        versions = client.run(worker_version)
    except Exception as exc:
        raise ClusterError(
            f"the Dask workers cannot run Quoteline ({type(exc).__name__}: {exc}); install the same "
            "Quoteline on every worker (see docs/SCALE.md)"
        ) from exc
    wrong = {addr: v for addr, v in versions.items() if v != quoteline.EXTRACTOR_VERSION}
    if wrong:
        raise ClusterError(
            f"Dask workers run another extractor version than this one ({quoteline.EXTRACTOR_VERSION}): "
            + ", ".join(f"{addr} has {v}" for addr, v in sorted(wrong.items()))
        )


def _killed(exc: BaseException) -> bool:
    from distributed import KilledWorker

    return isinstance(exc, KilledWorker)


def run_tasks(
    client: Any,
    files: Sequence[str],
    opts: Options,
    report: IngestReport,
    progress: Progress | None = None,
    chunk_articles: int = CHUNK_ARTICLES,
    emit: Callable[[Prepared], None] | None = None,
) -> list[Prepared]:
    """Count, then extract, every file on the cluster, handing each outcome to ``emit`` in file and record
    order as soon as every outcome before it is in (the driver then holds only the outcomes that arrived
    ahead of a slower one); without ``emit``, the outcomes are returned in that order.

    Tasks that failed (a worker died under them too often) are recorded in ``report`` as failures.
    """
    from distributed import as_completed

    kept: list[Prepared] = []
    ordered = _InOrder(emit or kept.append)
    run = uuid.uuid4().hex[:8]
    # The options (with every stored article id) go to the cluster once, as a task rather than scattered
    # data: if every worker holding its result dies, the scheduler computes it again, where scattered data
    # would be lost and every task needing it cancelled.
    shared = client.submit(options_task, opts, key=f"options-{run}", pure=False, priority=20)
    tasks: dict[Any, _Task] = {}
    pending = as_completed()
    suspects: list[_Task] = []  # tasks given up with a dead worker, to run again alone at the end

    def submit(task: _Task, *, expect: bool = True) -> None:
        path = files[task.file_no]
        key = f"{run}-{task.file_no}-{task.start}-{task.stop}-{task.resubmitted}-{int(task.quarantined)}"
        if task.start < 0:
            # Counts first (higher priority): the total is known early; chunks follow as files are counted.
            future = client.submit(count_task, path, shared, key=f"count-{key}", priority=10)
        else:
            future = client.submit(chunk_task, path, task.start, task.stop, shared, key=f"chunk-{key}")
        tasks[future] = task
        if expect:
            ordered.expect(task.order)
        pending.add(future)

    for i in range(len(files)):
        submit(_Task(i))
    total = done = 0
    while True:
        for future in pending:
            task = tasks.pop(future)
            path = files[task.file_no]
            try:
                value = future.result()
            except CancelledError:
                # A task that had finished on a worker that then died before its result was fetched: the
                # scheduler may cancel it rather than run it again. Run it again here.
                if task.resubmitted < RESUBMITS:
                    LOGGER.info("a Dask task on %s lost its result with its worker; running it again", path)
                    submit(replace(task, resubmitted=task.resubmitted + 1))
                    ordered.done(task.order, None)
                    continue
                _task_failed(report, path, task, RuntimeError("its result was lost with its worker, 4 times"))
                value = None
            except Exception as exc:
                if _killed(exc) and not task.quarantined:
                    LOGGER.info("a Dask worker died under a task on %s; it runs again alone at the end", path)
                    suspects += task.suspects()
                    for suspect in task.suspects():
                        ordered.expect(suspect.order)  # held in order until the quarantine runs it
                    ordered.done(task.order, None)
                    continue
                _task_failed(report, path, task, exc)
                value = None
            finally:
                future.release()
            if task.start < 0:
                head, count = value if value is not None else (Prepared(path), 0)
                total += count
                for start in range(0, count, chunk_articles):
                    submit(_Task(task.file_no, start, min(start + chunk_articles, count)))
                ordered.done(task.order, head)
            else:
                ordered.done(task.order, value)
                done += task.stop - task.start
            if progress:
                progress(done, total, path)
        if not suspects:
            break
        # Quarantine: one suspect at a time on an idle cluster, so a death is that task's own doing.
        pending = as_completed()
        submit(suspects.pop(0), expect=False)  # expected since it was given up
    return kept


class _InOrder:
    """Outcomes handed on in task order (file, then first record; a file's count first): each waits until
    no task before it is still expected."""

    def __init__(self, emit: Callable[[Prepared], None]) -> None:
        self._emit = emit
        self._expected: Counter[tuple[int, int]] = Counter()
        self._waiting: list[tuple[int, int]] = []  # heap of expected orders (stale entries skipped)
        self._ready: list[tuple[tuple[int, int], int, Prepared]] = []  # heap of arrived outcomes
        self._arrivals = 0

    def expect(self, order: tuple[int, int]) -> None:
        self._expected[order] += 1
        heapq.heappush(self._waiting, order)

    def done(self, order: tuple[int, int], value: Prepared | None) -> None:
        self._expected[order] -= 1
        if self._expected[order] <= 0:
            del self._expected[order]
        if value is not None:
            self._arrivals += 1
            heapq.heappush(self._ready, (order, self._arrivals, value))
        while self._waiting and self._waiting[0] not in self._expected:
            heapq.heappop(self._waiting)
        while self._ready and (not self._waiting or self._ready[0][0] < self._waiting[0]):
            self._emit(heapq.heappop(self._ready)[2])


def _task_failed(report: IngestReport, path: str, task: _Task, exc: BaseException) -> None:
    """A task that did not finish fails its file (a count) or its chunk of records, each named."""
    from quoteline.extract.parse import ParserMissingError

    if isinstance(exc, ParserMissingError):
        raise exc  # a set-up problem on the workers, not this article's: stop and say what to install
    if _killed(exc):
        why = (
            "a Dask worker died while extracting it, every time it was tried "
            f"({exc}); perhaps for lack of memory"
        )
    else:
        LOGGER.warning("a Dask task on %s failed: %s: %s", printable(path), type(exc).__name__, exc)
        why = f"the Dask task failed: {type(exc).__name__}: {exc}"
    if task.start < 0:
        report.fail(path, f"could not be read: {why}")
        return
    n = task.stop - task.start
    where = f"{path} (records {task.start + 1}-{task.stop})" if n > 1 else f"{path} (record {task.stop})"
    report.failures.append(Failure(where, f"{n} article(s) not extracted: {why}"))
    report.articles_failed += n


def ingest_paths_dask(
    paths: Sequence[Path],
    store: Store | None = None,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    published: str | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    fields: FieldMap | None = None,
    today: date | None = None,
    follow_symlinks: bool = False,
    chunk_articles: int = CHUNK_ARTICLES,
) -> IngestReport:
    """Ingest files and folders on a Dask cluster and commit the result in one store commit.

    ``scheduler``: a scheduler's address (``tcp://host:8786``); None starts a LocalCluster of ``workers``
    processes for this run. Bad items are reported, never raised; ``progress`` counts articles.
    """
    store = store or Store()
    report, files, opts = start_run(store, paths, published, source, fields, today, follow_symlinks)
    if opts is None or not files:
        return report
    try:
        staged = store.stage()
    except StoreError as err:
        report.fatal = str(err)
        report.not_ingested = list(files)
        return report
    # Each outcome is staged as it arrives (in file order): every batch's rows are written as data files
    # outside the tables and dropped, so the driver's memory does not grow with the run; the one commit at
    # the end adds them all (``quoteline.store.staging``).
    batch = _StagedBatch(staged, report, settings.get_int("ingest_batch_size"))

    def take(outcome: Prepared) -> None:
        report.files_read += outcome.read
        for failure in outcome.failures:
            report.fail(failure.where, failure.reason)
        report.warnings += outcome.warnings
        batch.take(outcome)

    try:
        try:
            with cluster_client(scheduler, workers) as client:
                check_workers(client)
                run_tasks(client, files, opts, report, progress, chunk_articles, emit=take)
        except ClusterError as exc:
            LOGGER.error("ingest on Dask stopped: %s", exc)
            report.fatal = f"{exc}; nothing was committed"
            report.not_ingested = list(files)
            return report
        batch.commit()  # the last batch, staged
        result = staged.commit()
    except StoreError as err:
        _stopped(report, batch, str(err))
        for where in batch.staged:
            report.fail(where, "not stored: the store refused the commit (see the error below)")
        return report
    finally:
        staged.discard()  # whatever the outcome, no staged file outlives the run
    report.articles_new += result.articles_added
    report.articles_duplicate += result.articles_duplicate
    report.statements_added += result.statements_added
    return report


class _StagedBatch(_Batch):
    """The local engine's batches (bad articles failed alone, each named), staged rather than committed:
    the report's counts of new articles and statements wait for the commit."""

    def __init__(self, staged: StagedAdd, report: IngestReport, size: int) -> None:
        super().__init__(staged, report, size)
        self.staged: list[str] = []  # where each staged article came from, to name them if the commit fails

    def _add(self) -> None:
        rows = [r for per_article in self.statements for r in per_article]
        result = self.store.add(pd.DataFrame(self.articles), statements_frame(rows))
        self.report.articles_duplicate += result.articles_duplicate
        if result.articles_added:
            self.staged += self.wheres
