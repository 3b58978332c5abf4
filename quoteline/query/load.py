"""Reading the store into a corpus quickly enough for a million statements.

``Store.statements()`` validates every row with pandera: right for the library, but seconds at a million rows.
The store validates everything it writes, so the dashboard reads the Arrow columns as committed
(``Store.read_arrow``), only those the filters and first charts need, keeps list columns in Arrow, and lets
the corpus derive ``n_sources`` (as ``quoteline.store.clusters.n_sources`` does, with integer codes). The
bulky display columns (text, ids) are read only when first needed, or in the background, from the very files
of the version it loaded (``Store.read_arrow_at``).

From ``encoded_min_statements`` statements the encoded corpus of a version is kept in files beside the store
(``quoteline.query.encoded``): a load maps them when they are of the version it pins, and a Parquet load of a
version that has none writes them, so the next process' load is a map. The dashboard has that write done
in a background thread (``EncodedWrite``), so a page after a correction made in the app waits for the Parquet
load only, not for the files too.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence

import pandas as pd
import pyarrow as pa

from quoteline import settings
from quoteline.query import encoded, encoded_update, id_numbers
from quoteline.query.corpus import CLUSTER_FINGERPRINTS, EAGER_COLUMNS, Corpus, Fetch, RowSource, StaleCorpus
from quoteline.schema import A, S
from quoteline.store import Store, StoreError, delta
from quoteline.store.manifest import Manifest

LOGGER = logging.getLogger(__name__)
# Logged once per lean corpus (a browser test reads it in the server's log).
LEAN_CORPUS = "statement text read from the store's lake, not held in memory, version"
_allocator_chosen = False
_WRITE = "encoded_write"  # the corpus memo slot of its background write (``EncodedWrite``)
WRITE_BEHIND_NICE = 19  # the background write's niceness: the page drawn meanwhile goes first
# Eager columns read dictionary-encoded, as Parquet stores them: a few thousand distinct values each (the
# speakers, outlets, dates, tags), so ten million rows are codes and a small dictionary, never ten million
# strings. Not the cluster ids: near-unique, Parquet stores them plain (``corpus._cluster_columns``).
ENCODED_COLUMNS: tuple[str, ...] = (
    S.speaker, S.kind, S.stance, S.outlet, S.speaker_type, S.date, S.topics, S.counterparts,
)  # fmt: skip


def use_quick_allocator() -> None:
    """Make Arrow allocate with jemalloc (or the system allocator) instead of mimalloc.

    Measured on a million-statement store: reading the filter columns took about 1 s of system time with
    mimalloc and about 0.2 s with jemalloc. Set once per process, before the first read;
    ``ARROW_DEFAULT_MEMORY_POOL`` in the environment still wins when it is set.
    """
    global _allocator_chosen
    if _allocator_chosen:
        return
    _allocator_chosen = True
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    if pa.default_memory_pool().backend_name != "mimalloc":
        return
    for make in (pa.jemalloc_memory_pool, pa.system_memory_pool):
        try:
            pa.set_memory_pool(make())
            if make is pa.jemalloc_memory_pool:
                # Return freed pages at once: the corpus build frees each column's read as it encodes
                # it, and jemalloc's default decay would keep them resident through the load's peak.
                pa.jemalloc_set_decay_ms(0)
            return
        except (NotImplementedError, pa.ArrowException):  # this pyarrow build lacks that allocator
            continue


def _to_frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _fetch(store: Store, manifest: Manifest | None) -> Fetch:
    """The lazy columns' reader, pinned to ``manifest``'s commit."""

    def fetch(columns: Sequence[str]) -> pd.DataFrame:
        try:
            return _to_frame(store.read_arrow_at(manifest, "statements", list(columns)))
        except FileNotFoundError as exc:  # a later commit merged the files this version named
            raise StaleCorpus(str(exc)) from exc

    return fetch


def _rows_from(
    store: Store, manifest: Manifest | None, n_rows: int, lean_from: int | None
) -> RowSource | None:
    if lean_from is None or manifest is None or n_rows < lean_from:
        return None
    from quoteline.query.lake_rows import LakeRows  # DuckDB costs a small store's dashboard nothing

    LOGGER.info("%s %s", LEAN_CORPUS, manifest.version)
    return LakeRows(store, manifest)


def load_corpus(store: Store, lean_from: int | None = None, *, write_behind: bool = False) -> Corpus:
    """The corpus of the store's current version (an empty corpus when nothing was committed).

    Only the filter columns are read here; ``Corpus.prefetch`` reads the display columns in the background.
    From ``lean_from`` statements the corpus is lean: it never reads the text and the other wide display
    columns, which come from the lake, pinned to the same commit, a few rows at a time
    (``quoteline.query.lake_rows``). The encoded corpus of the version is mapped from its files when they
    exist (``quoteline.query.encoded``), and written after the Parquet load when they should and do not:
    before this returns, and then mapped; or, with ``write_behind``, in a background thread
    (``encoded_write(corpus)``), while the corpus built from Parquet serves.
    """
    use_quick_allocator()
    pinned = store.manifest()
    if pinned is not None and (
        encoded.folder(store.root, pinned.version).is_dir() or encoded_update.update(store, pinned)
    ):
        # The version's folder, or one updated from the previous version's (a correction made in the app
        # costs its rows, not a Parquet load: ``encoded_update``).
        mapped = _map(store, pinned, lean_from)
        if mapped is not None:
            return mapped
    table, manifest = store.read_arrow("statements", list(EAGER_COLUMNS), encoded=ENCODED_COLUMNS)
    # The builder drops each column once it is encoded: no other reference to the table may outlive this.
    columns, n_rows = dict(zip(table.column_names, table.columns, strict=True)), table.num_rows
    del table
    version = "empty" if manifest is None else manifest.version
    corpus = Corpus.from_columns(
        columns,
        n_rows,
        version,
        fetch=_fetch(store, manifest),
        rows_from=_rows_from(store, manifest, n_rows, lean_from),
    )
    big = manifest is not None and n_rows >= settings.get_int("encoded_min_statements")
    if not big:  # the cluster fingerprints serve the folder's write only
        corpus._memo.pop(CLUSTER_FINGERPRINTS, None)
    if big and write_behind and manifest is not None:
        corpus.memo((_WRITE,), lambda: EncodedWrite(store, corpus, manifest), keep=1)
        return corpus
    if big and manifest is not None and _write_encoded(store, corpus, manifest):
        # One path: this process works on the files it wrote, as the next one will, and the arrays built
        # here are freed.
        mapped = _map(store, manifest, lean_from)
        if mapped is not None:
            return mapped
    return corpus


def _map(store: Store, manifest: Manifest, lean_from: int | None) -> Corpus | None:
    """The corpus of ``manifest``'s commit mapped from its folder, or None (logged) when it cannot be."""
    return encoded.read(
        store.root,
        manifest.version,
        fetch=_fetch(store, manifest),
        rows_from=lambda n_rows: _rows_from(store, manifest, n_rows, lean_from),
        min_rows=settings.get_int("encoded_min_statements"),
    )


class EncodedWrite:
    """The encoded corpus of a version loaded from Parquet, being written in a background thread.

    At 10M statements a Parquet load took 50 s wall (12.5 CPU s) on a loaded machine, and writing the folder
    after it 26 s more (7 CPU s: the ids, the date source, 614 MB of files; docs/scale_history.md, session
    17). The dashboard's first page after a correction made in the app paid both before it drew; with this
    it pays the load, and the page is drawn from the corpus built from Parquet while the files are written
    (docs/STORE.md, "The encoded corpus", has the figures before and after). Errors
    are logged here (a thread's exception reaches no caller); the folder is atomic, so a write cut short by
    the process' exit leaves only a temporary folder that the next write sweeps.
    """

    def __init__(self, store: Store, corpus: Corpus, manifest: Manifest) -> None:
        self.version = corpus.version
        self._written: bool | None = None  # None while the thread runs
        self._thread = threading.Thread(
            target=self._run,
            args=(store, corpus, manifest),
            name=f"quoteline-encode-{corpus.version}",
            daemon=True,
        )
        self._thread.start()

    def _run(self, store: Store, corpus: Corpus, manifest: Manifest) -> None:
        started = time.perf_counter()
        written = False
        try:
            written = _write_encoded(store, corpus, manifest, after_read=_yield_to_the_page)
        except Exception:  # nobody joins this thread to see it: logged with its traceback, never dropped
            LOGGER.exception("%s: writing the encoded corpus of version %s failed", store.root, self.version)
        finally:
            self._written = written
        if written:
            LOGGER.info(
                "%s: encoded corpus of version %s written in the background in %.1f s",
                store.root,
                self.version,
                time.perf_counter() - started,
            )

    def running(self) -> bool:
        """Whether the write is still going on."""
        return self._thread.is_alive()

    def written(self) -> bool:
        """Whether the write finished and left the folder (False while it runs, or when it failed)."""
        return self._written is True

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the write (at most ``timeout`` s); whether the folder was written."""
        self._thread.join(timeout)
        return self.written()


def _yield_to_the_page() -> None:
    """Lower this thread's CPU priority (Linux schedules threads apart: ``setpriority`` on the thread's id),
    so the page drawn meanwhile gets the CPU first; where that is not possible the write runs as it is."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WRITE_BEHIND_NICE)
    except (AttributeError, OSError) as exc:
        LOGGER.debug("the background write keeps its priority: %s", exc)


def encoded_write(corpus: Corpus) -> EncodedWrite | None:
    """The background write ``load_corpus(..., write_behind=True)`` started for ``corpus``; None when it
    started none (the corpus was mapped, is small, or was loaded without ``write_behind``)."""
    found: EncodedWrite | None = corpus.memo((_WRITE,), lambda: None, keep=1)
    return found


def _write_encoded(
    store: Store, corpus: Corpus, manifest: Manifest, after_read: Callable[[], None] = lambda: None
) -> bool:
    """Write the encoded corpus of a version loaded from Parquet; whether it was written. Never fails the
    load: a store this process cannot write is logged, and the corpus built from Parquet serves.
    ``after_read`` runs once the Parquet read is done (the background write lowers its priority there: Arrow
    starts its pool's threads lazily, and one started from a lowered thread would stay lowered for every
    later read of the process)."""
    LOGGER.info("%s: no encoded corpus of version %s: loaded from Parquet", store.root, corpus.version)
    if settings.get_bool("read_only"):
        LOGGER.info("%s: read-only deployment: the encoded corpus is not written", store.root)
        return False
    try:
        assert corpus.fetch is not None
        # What a lean corpus still reads in the background, read now and written too.
        read = corpus.fetch([S.statement_id, S.date_source])
        after_read()
        numbers = id_numbers.to_numbers(pa.chunked_array(read[S.statement_id].array._pa_array))
        corpus.keep(S.date_source, read[S.date_source])
        del read
        if numbers is not None and corpus.rows_from is not None:
            corpus.hold_id_numbers(numbers)
        encoded.write(corpus, store.root, numbers, tables=encoded_update.tables_of(manifest))
    except (OSError, StaleCorpus) as exc:
        LOGGER.warning("%s: no encoded corpus of version %s written: %s", store.root, corpus.version, exc)
        return False
    return True


def refresh_encoded(store: Store) -> None:
    """After a command committed to ``store`` (an ingest run, corrections, a compaction): write the encoded
    corpus of the new version when the store is big enough to use one, so the dashboard's next cold load
    maps it. Costs a Parquet load once per command, not per batch; nothing when the folder is there. Never
    fails the command: its result stands without the files (logged)."""
    try:
        manifest = store.manifest() if store.exists() else None
        if manifest is None:
            return
        rows = sum(f.rows for f in delta.data_files(store.root, "statements", manifest.statements))
        if rows < settings.get_int("encoded_min_statements"):
            return
        if encoded.usable(store.root, manifest.version):
            encoded.prune(store.root, manifest.version)
            return
        load_corpus(store)
    except (OSError, StaleCorpus, StoreError) as exc:
        LOGGER.warning("%s: the encoded corpus was not written: %s", store.root, exc)


def article_links(store: Store) -> dict[str, str]:
    """Article id -> stored URL (corrections applied), for the articles that have one.

    Read as Arrow, without ``Store.articles``' pandera pass: on a freshly started server, building the
    articles schema for pandera costs about 0.4 s of CPU, more than the read, and the Statements page needs
    the links for its first paint.
    """
    table, _ = store.read_arrow("articles", [A.article_id, A.url])
    ids, urls = table.column(A.article_id).to_pylist(), table.column(A.url).to_pylist()
    return {str(a): u for a, u in zip(ids, urls, strict=True) if isinstance(u, str)}
