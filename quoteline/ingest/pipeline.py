"""The batch ingest: find files, read them, settle dates, extract statements, and commit in batches.

Workers (processes) read and extract; the parent alone writes to the store, one commit per batch, so a
killed ingest loses at most the batch in hand. Every failure is recorded with the file (and record) it
concerns, and the batch carries on.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from pandera.errors import SchemaError, SchemaErrors

import quoteline
from quoteline import ids, settings
from quoteline.ingest.errors import InputError
from quoteline.ingest.names import printable
from quoteline.ingest.published import check_published, today_utc
from quoteline.ingest.raw import FieldMap, RawArticle
from quoteline.ingest.readers import (
    SUFFIXES,
    Item,
    Outside,
    Skipped,
    iter_inputs,
    load_file,
    read_items,
)
from quoteline.ingest.workers import WorkerDied, imap_ordered
from quoteline.schema import EXTRACT_COLUMNS, A, S, validate_articles, validate_statements
from quoteline.store import Store, StoreError

if TYPE_CHECKING:
    from quoteline.extract.model import Statement
    from quoteline.store.staging import StagedAdd

LOGGER = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (files done, files in all, the file just done)
MAX_LISTED: Final = 50  # files listed by name in a summary before "... and N more"
# A task of the local engine: consecutive files whose articles are extracted together (``file_tasks``).
FILES_PER_TASK: Final = 16  # one-article files: one group of extract_many
TASK_BYTES: Final = 64 * 1024  # about 16 articles of text; a bigger file is a task of its own


@dataclass(frozen=True)
class Failure:
    """One item that could not be ingested, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        # Escaped: a file name may hold a newline (which would forge a summary line) or non-UTF-8 bytes.
        return printable(f"{self.where}: {self.reason}")


@dataclass
class IngestReport:
    """What an ingest did; ``exit_code`` is 0 (all ingested), 2 (some failed) or 1 (nothing could be done)."""

    files_read: int = 0
    files_skipped: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_failed: int = 0
    statements_added: int = 0
    articles_reextracted: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    links_not_followed: list[Outside] = field(default_factory=list)
    not_ingested: list[str] = field(default_factory=list)  # files never reached because the run stopped
    fatal: str | None = None

    @property
    def exit_code(self) -> int:
        """0 when everything was ingested, 2 when some items failed, 1 when nothing could be done."""
        done = self.articles_new + self.articles_duplicate + self.articles_reextracted
        if done == 0 and (self.fatal or self.failures or self.files_read == 0):
            return 1
        return 2 if self.failures or self.fatal or self.not_ingested else 0

    def fail(self, where: str, reason: str) -> None:
        """Record one failed item."""
        self.failures.append(Failure(where, reason))
        self.articles_failed += 1

    def summary(self) -> str:
        """The human summary printed at the end of an ingest."""
        lines = [
            f"files read: {self.files_read}"
            + (f" ({self.files_skipped} skipped: not a supported type)" if self.files_skipped else ""),
            f"articles: {self.articles_new} new, {self.articles_duplicate} duplicate, "
            f"{self.articles_failed} failed",
            f"statements added: {self.statements_added}",
        ]
        if self.articles_reextracted:
            lines.insert(2, f"articles re-extracted: {self.articles_reextracted}")
        if self.links_not_followed:
            lines.append(
                f"symlinks not followed: {len(self.links_not_followed)} point outside the folder given "
                "(--follow-symlinks to read them):"
            )
            lines += [printable(f"  {o.path} -> {o.target}") for o in self.links_not_followed]
        if self.warnings:
            lines.append("warnings:")
            lines += [f"  {w}" for w in self.warnings]
        if self.failures:
            lines.append("failed:")
            lines += [f"  {f}" for f in self.failures]
        if self.not_ingested:
            shown = self.not_ingested[:MAX_LISTED]
            lines.append(f"not ingested (the run stopped first): {len(self.not_ingested)} files")
            lines += [f"  {printable(path)}" for path in shown]
            if len(self.not_ingested) > len(shown):
                lines.append(f"  ... and {len(self.not_ingested) - len(shown)} more")
        if self.fatal:
            lines.append(f"error: {printable(self.fatal)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Options:
    """What every worker needs to prepare articles the same way."""

    published: str | None = None
    published_source: str = "cli"
    source: str | None = None
    fields: FieldMap = field(default_factory=FieldMap)
    today: date | None = None
    known: frozenset[str] = frozenset()


@dataclass
class Prepared:
    """One file's outcome: rows ready for the store, duplicates seen, and failures."""

    path: str
    read: bool = False
    articles: list[dict[str, Any]] = field(default_factory=list)
    statements: list[list[dict[str, Any]]] = field(default_factory=list)  # per article, as prepare_rows
    wheres: list[str] = field(default_factory=list)  # per article: its file (and record), for failures
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)


def settle_published(raw: RawArticle, opts: Options) -> tuple[str | None, str]:
    """Publication day and how it was found: CLI flag > the file's own metadata > dateline > unknown."""
    if opts.published:
        return opts.published, opts.published_source
    if raw.published:
        return check_published(raw.published, raw.where, opts.today), raw.published_source
    from quoteline.dates import find_dateline

    day = find_dateline(raw.body)
    if day:
        return check_published(day, f"{raw.where} (dateline)", opts.today), "dateline"
    return None, "unknown"


def prepare_rows(
    raw: RawArticle, opts: Options, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Settle the date and extract the statements: the article's row and its statements as plain dicts.

    Plain dicts, not frames: a batch is validated once when it is committed, not article by article, which
    was most of an ingest's time (and dicts cost less to send back from a worker process). One article on
    its own; ``prepare_items`` extracts the articles of a file (or of several) in groups.
    """
    from quoteline.extract import extract_statements

    row = article_row(raw, opts, now)
    found = extract_statements(row[A.text], published=row[A.published], article_id=row[A.article_id])
    return row, statement_rows(found, row)


def article_row(raw: RawArticle, opts: Options, now: datetime) -> dict[str, Any]:
    """The article's row for the store, its publication day settled; its statements are not extracted yet."""
    published, how = settle_published(raw, opts)
    return {
        A.article_id: ids.article_id(raw.title, raw.body),
        A.title: raw.title,
        A.outlet: opts.source or raw.outlet,
        A.url: raw.url,
        A.published: published,
        A.published_source: how if published else "unknown",
        A.ingested_at: now,
        A.word_count: len(raw.body.split()),
        A.extractor_version: quoteline.EXTRACTOR_VERSION,
        A.source_path: raw.source_path,
        A.text: raw.text,
    }


def statement_rows(found: list[Statement], row: dict[str, Any]) -> list[dict[str, Any]]:
    """The statements extracted from the article of ``row``, as the dicts a batch commits."""
    return [{**st.to_dict(), S.outlet: row[A.outlet]} for st in found]


def statements_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Statement dicts (``schema.EXTRACT_COLUMNS`` + ``outlet``) as the frame ``Store.add`` validates."""
    if not rows:
        return _empty_statements()
    df = pd.DataFrame(rows, columns=[*EXTRACT_COLUMNS, S.outlet])
    for col in (S.cue_start, S.cue_end):
        df[col] = df[col].astype("Int64")
    return df


def prepare_article(raw: RawArticle, opts: Options, now: datetime) -> tuple[dict[str, Any], pd.DataFrame]:
    """Settle the date, extract the statements (as a validated frame), and build the article's row."""
    row, rows = prepare_rows(raw, opts, now)
    frame = statements_frame(rows)
    checked = validate_statements(frame[list(EXTRACT_COLUMNS)])
    return row, checked.assign(**{S.outlet: frame[S.outlet]})


def read_file(path: str, opts: Options) -> tuple[Prepared, list[Item]]:
    """Read one file into its items (articles or per-record failures); never raises for bad input.

    The ``Prepared`` returned holds only the file-level outcome: whether it was read, and why not.
    """
    out = Prepared(path)
    try:
        data = load_file(Path(path))
        out.read = True  # counted as read even when its content then turns out to be unusable
        # The stored path is the printable one: a name with non-UTF-8 bytes cannot be written to Parquet.
        return out, read_items(path, data, opts.fields, source_path=printable(path))
    except InputError as err:
        out.failures.append(Failure(err.where, err.problem))
    except Exception as exc:  # a reader's bug or a parser limit must fail this file, not the batch
        LOGGER.debug("reading %s failed", printable(path), exc_info=True)
        out.failures.append(Failure(path, f"could not be read: {type(exc).__name__}: {exc}"))
    return out, []


def prepare_items(out: Prepared, items: Sequence[Item], opts: Options) -> Prepared:
    """Prepare each item (of one file) into ``out``; never raises for bad input (a missing parser model is
    no bad input: it raises ``ParserMissingError``)."""
    return prepare_many([(out, items)], opts)[0]


def prepare_many(files: Sequence[tuple[Prepared, Sequence[Item]]], opts: Options) -> list[Prepared]:
    """Prepare the items of several files, each into its own ``Prepared``; never raises for bad input.

    The articles of all the files are extracted together (``extract_many``: the parse windows of a group
    of articles in one spaCy batch); an article whose extraction raises fails alone, named, in its place
    among its file's failures, and the others carry on.
    """
    from quoteline.extract.batch import ArticleInput, extract_many

    now = datetime.now(UTC)
    waiting: list[tuple[dict[str, Any], str]] = []  # each article to extract: its row, where it came from
    slots: list[list[Failure | int]] = []  # per file, its items in order: a failure, or a number in waiting
    for out, items in files:
        mine: list[Failure | int] = []
        for item in items:
            begun = _begin_item(out, item, opts, now)
            if isinstance(begun, tuple):
                mine.append(len(waiting))
                waiting.append(begun)
            elif begun is not None:
                mine.append(begun)
        slots.append(mine)
    inputs = (ArticleInput(row[A.text], row[A.published], row[A.article_id]) for row, _ in waiting)
    results = list(extract_many(inputs))
    for (out, _), mine in zip(files, slots, strict=True):
        for slot in mine:
            if isinstance(slot, Failure):
                out.failures.append(slot)
                continue
            (row, where), result = waiting[slot], results[slot]
            if isinstance(result, Exception):
                LOGGER.debug("extracting %s failed", printable(where), exc_info=result)
                out.failures.append(Failure(where, f"extraction failed: {type(result).__name__}: {result}"))
                continue
            out.articles.append(row)
            out.statements.append(statement_rows(result, row))
            out.wheres.append(where)
    return [out for out, _ in files]


def _begin_item(
    out: Prepared, item: Item, opts: Options, now: datetime
) -> Failure | tuple[dict[str, Any], str] | None:
    """An item up to its extraction: its failure, its row and where it came from, or None when it was
    already stored (counted in ``out``)."""
    if isinstance(item, InputError):
        return Failure(item.where, item.problem)
    if item.note:
        out.warnings.append(Failure(item.where, item.note))
    try:
        if ids.article_id(item.title, item.body) in opts.known:
            out.duplicates += 1
            return None
        return article_row(item, opts, now), item.where
    except InputError as err:
        return Failure(err.where, err.problem)
    except Exception as exc:
        LOGGER.debug("preparing %s failed", printable(item.where), exc_info=True)
        return Failure(item.where, f"extraction failed: {type(exc).__name__}: {exc}")


def prepare_file(path: str, opts: Options) -> Prepared:
    """Read one file and prepare each of its articles; never raises for bad input."""
    return prepare_files([path], opts)[0]


def prepare_files(paths: Sequence[str], opts: Options) -> list[Prepared]:
    """Read files and prepare each of their articles, extracted together; never raises for bad input."""
    return prepare_many([read_file(path, opts) for path in paths], opts)


_WORKER_OPTS: Options | None = None
_PR_SET_PDEATHSIG: Final = 1  # linux/prctl.h
_PRCTL: Any = None  # libc's prctl once looked up, or False where there is none


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask: what a container or taskset allows)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _prctl() -> Any:
    """libc's ``prctl``, looked up in the parent: a forked child must not take the dynamic loader's lock,
    which another thread of the parent may have held at the moment of the fork."""
    global _PRCTL
    if _PRCTL is None:
        try:
            _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError) as exc:  # not Linux: workers cannot ask to die with the parent
            LOGGER.info("no prctl here (%s); workers will not be killed with their parent", exc)
            _PRCTL = False
    return _PRCTL


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this worker when its parent dies, ``kill -9`` included (Linux only)."""
    if _PRCTL and _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        LOGGER.warning("worker %d: prctl(PR_SET_PDEATHSIG) failed: %d", os.getpid(), ctypes.get_errno())
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request above took effect


def _init_worker(opts: Options, parent: int) -> None:
    global _WORKER_OPTS
    _die_with_parent(parent)
    _WORKER_OPTS = opts


def _prepare_in_worker(paths: list[str]) -> list[Prepared]:
    assert _WORKER_OPTS is not None
    return prepare_files(paths, _WORKER_OPTS)


class _Batch:
    """Prepared articles waiting to be committed together."""

    def __init__(self, store: Store | StagedAdd, report: IngestReport, size: int) -> None:
        self.store, self.report, self.size = store, report, size
        self.articles: list[dict[str, Any]] = []
        self.statements: list[list[dict[str, Any]]] = []
        self.wheres: list[str] = []
        self.seen: set[str] = set()

    def take(self, prepared: Prepared) -> None:
        self.report.articles_duplicate += prepared.duplicates
        prepared_rows = zip(prepared.articles, prepared.statements, prepared.wheres, strict=True)
        for row, statements, where in prepared_rows:
            if row[A.article_id] in self.seen:
                self.report.articles_duplicate += 1  # the same article twice in this run
                continue
            self.seen.add(row[A.article_id])
            self.articles.append(row)
            self.statements.append(statements)
            self.wheres.append(where)
        if len(self.articles) >= self.size:
            self.commit()

    def commit(self) -> None:
        if not self.articles:
            return
        try:
            self._add()
        except (SchemaError, SchemaErrors):
            # The store validates the whole batch in one pass; only when that fails is each article checked,
            # so one bad extraction fails that article alone, as it would have on its own.
            self._drop_invalid()
            if self.articles:
                self._add_one_by_one()
        except (StoreError, OSError):
            raise  # the store itself (lock, disk, damage): no article is to blame
        except Exception:
            # Anything else at commit time (clustering, Arrow conversion) is some article's doing: commit
            # them one at a time so that only the culprits fail, each named.
            LOGGER.debug("a batch of %d articles failed to commit", len(self.articles), exc_info=True)
            self._add_one_by_one()
        self.articles, self.statements, self.wheres = [], [], []

    def _add_one_by_one(self) -> None:
        batch = list(zip(self.articles, self.statements, self.wheres, strict=True))
        for row, statements, where in batch:
            self.articles, self.statements, self.wheres = [row], [statements], [where]
            try:
                self._add()
            except (StoreError, OSError):
                raise
            except Exception as exc:
                LOGGER.debug("committing %s failed", printable(where), exc_info=True)
                self.report.fail(where, f"could not be stored: {type(exc).__name__}: {exc}")

    def _add(self) -> None:
        rows = [r for per_article in self.statements for r in per_article]
        result = self.store.add(pd.DataFrame(self.articles), statements_frame(rows))
        self.report.articles_new += result.articles_added
        self.report.articles_duplicate += result.articles_duplicate
        self.report.statements_added += result.statements_added

    def _drop_invalid(self) -> None:
        keep = []
        for i, (row, statements) in enumerate(zip(self.articles, self.statements, strict=True)):
            try:
                validate_statements(statements_frame(statements)[list(EXTRACT_COLUMNS)])
                validate_articles(pd.DataFrame([row]))
            except (SchemaError, SchemaErrors) as exc:
                self.report.fail(self.wheres[i], f"extraction failed: {type(exc).__name__}: {exc}")
                continue
            keep.append(i)
        self.articles = [self.articles[i] for i in keep]
        self.statements = [self.statements[i] for i in keep]
        self.wheres = [self.wheres[i] for i in keep]


def _empty_statements() -> pd.DataFrame:
    from quoteline.schema import empty_statements

    return empty_statements().assign(**{S.outlet: pd.Series(dtype="object")})


def collect_files(paths: Sequence[Path], report: IngestReport, follow_symlinks: bool = False) -> list[str]:
    """Files to read; walking problems and symlinks not followed go straight into the report."""
    files: list[str] = []
    for path in paths:
        before, skipped, failed = len(files), report.files_skipped, len(report.failures)
        for found in iter_inputs([path], follow_outside=follow_symlinks):
            if isinstance(found, InputError):
                report.fail(found.where, found.problem)
            elif isinstance(found, Skipped):
                report.files_skipped += 1
            elif isinstance(found, Outside):
                report.links_not_followed.append(found)
            else:
                files.append(str(found))
        if len(files) == before and len(report.failures) == failed and path.is_dir():
            others = report.files_skipped - skipped
            report.fail(
                str(path),
                "is a folder with no file Quoteline reads"
                + (f" ({others} of other types skipped)" if others else " (it is empty)")
                + f"; supported: {' '.join(SUFFIXES)}",
            )
    return files


_WARM_UP_TEXT: Final = (
    "Ostrel harbour stays open\n\n"
    "“The harbour will stay open to every ship,” Premier Tomas Kellin of Ostrelia said on Tuesday."
)


def _warm_up_for_fork() -> None:
    """Load the extractor's data (gazetteers, taxonomies) once here, before the pool forks.

    Forked workers inherit it instead of each spending about two seconds of CPU building its own copy.
    Nothing is gained where workers are spawned rather than forked, so nothing is done there.
    """
    if multiprocessing.get_start_method() != "fork":
        return
    from quoteline.extract import extract_statements

    try:
        extract_statements(_WARM_UP_TEXT, published="2023-04-04")
    except Exception:
        # A warm-up only: the workers report any real extraction failure, each named.
        LOGGER.debug("extractor warm-up failed", exc_info=True)


def file_tasks(files: Sequence[str], workers: int) -> list[list[str]]:
    """The files cut into runs of consecutive files, each prepared as one task (``prepare_files``).

    The articles of one task are extracted together, so a folder of one-article files fills
    ``extract_many``'s groups as a file of many records does: a task takes up to ``FILES_PER_TASK`` files,
    fewer once they hold ``TASK_BYTES`` (a file of many records is a task of its own), and no more than an
    even share of the files for each worker, so that a few files still keep every worker busy.
    """
    most = max(1, min(FILES_PER_TASK, -(-len(files) // max(1, workers))))
    tasks: list[list[str]] = []
    task: list[str] = []
    size = 0
    for path in files:
        task.append(path)
        size += _file_size(path)
        if len(task) >= most or size >= TASK_BYTES:
            tasks.append(task)
            task, size = [], 0
    if task:
        tasks.append(task)
    return tasks


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reading it will fail and name the problem; for the cut it weighs nothing


def _prepared(files: list[str], opts: Options, workers: int) -> Iterator[Prepared]:
    """Each file prepared, in file order (so commits are repeatable whatever the number of workers)."""
    tasks = file_tasks(files, workers)
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield from prepare_files(task, opts)
        return
    _warm_up_for_fork()
    workers = min(workers, len(tasks))  # a pool never needs more processes than there are tasks
    _prctl()
    for prepared in imap_ordered(_prepare_in_worker, tasks, workers, _init_worker, (opts, os.getpid())):
        yield from prepared


def start_run(
    store: Store,
    paths: Sequence[Path],
    published: str | None,
    source: str | None,
    fields: FieldMap | None,
    today: date | None,
    follow_symlinks: bool,
) -> tuple[IngestReport, list[str], Options | None]:
    """What every ingest engine does first: check ``--published``, read the stored ids, find the files.

    The options are None when the store cannot be read (the report says why): nothing can be ingested.
    """
    report = IngestReport()
    if published:
        published = check_published(published, "--published", today)
    try:
        known = frozenset(store.article_ids())
    except StoreError as err:
        report.fatal = str(err)
        return report, [], None
    files = collect_files(paths, report, follow_symlinks)
    opts = Options(
        published=published,
        source=source,
        fields=fields or FieldMap(),
        today=today or today_utc(),
        known=known,
    )
    return report, files, opts


def ingest_paths(
    paths: Sequence[Path],
    store: Store | None = None,
    *,
    published: str | None = None,
    source: str | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    fields: FieldMap | None = None,
    batch_size: int | None = None,
    today: date | None = None,
    follow_symlinks: bool = False,
) -> IngestReport:
    """Ingest files and folders into the store; bad items are reported, never raised.

    Symlinks inside a folder that point outside it are not followed unless ``follow_symlinks``.
    """
    store = store or Store()
    report, files, opts = start_run(store, paths, published, source, fields, today, follow_symlinks)
    if opts is None:
        return report
    batch = _Batch(store, report, batch_size or settings.get_int("ingest_batch_size"))
    taken = 0
    try:
        for done, prepared in enumerate(_prepared(files, opts, workers), 1):
            report.files_read += prepared.read
            for failure in prepared.failures:
                report.fail(failure.where, failure.reason)
            report.warnings += prepared.warnings
            taken = done
            batch.take(prepared)
            if progress:
                progress(done, len(files), prepared.path)
    except WorkerDied as exc:
        # A worker was killed (out of memory, say): keep what was prepared, and say the run is incomplete.
        LOGGER.warning("a worker process died: %s", exc)
        report.fatal = (
            f"{exc}, perhaps for lack of memory; what was committed is kept, and the files listed "
            "above were not ingested: run the same command again to add them"
        )
    except StoreError as err:
        _stopped(report, batch, str(err))
    report.not_ingested = files[taken:]
    try:
        batch.commit()
    except StoreError as err:
        _stopped(report, batch, str(err))
    return report


def _stopped(report: IngestReport, batch: _Batch, error: str) -> None:
    """The store refused a commit: the batch in hand is lost (each article named) and the run ends."""
    LOGGER.warning("ingest stopped: %s", error)
    report.fatal = error
    for where in batch.wheres:
        report.fail(where, "not stored: the store refused the commit (see the error below)")
    batch.articles, batch.statements, batch.wheres = [], [], []


def reextract(
    store: Store | None = None, *, progress: Progress | None = None, workers: int = 1
) -> IngestReport:
    """Re-run the current extractor over stored articles extracted by an older one, in ``workers``
    processes, committing in one commit (``quoteline.ingest.reextract``)."""
    from quoteline.ingest.reextract import reextract_store

    return reextract_store(store or Store(), progress=progress, workers=workers)
