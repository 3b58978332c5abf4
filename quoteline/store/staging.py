"""A commit built up batch by batch over a long run (``ingest --engine dask``): the caller keeps no rows.

Each batch ``StagedAdd.add`` takes is checked, cleared of known articles, clustered and converted to the
tables' Arrow rows at once; every ``WRITE_ARTICLES`` articles the rows held so far are counted into the
summary tables' increments and written as Parquet data files, in a folder of the run's own
(``_staging/<run>/`` in the store folder, outside every table), and dropped: memory holds at most that many
articles' rows, the files' paths and the summary tables' small increments. ``commit`` then moves
the files into the tables' folders and adds them in one store commit (one Delta transaction per table, under
one commit record, as ``Store.add``). Until then nothing is visible, and:

- a run that fails or is abandoned calls ``discard``, which removes its folder;
- a run that is killed leaves its folder, and its lock file free: the next writer (inside the store lock)
  removes every staging folder whose lock no process holds;
- a commit that fails rolls back as ``Store.add``'s does and deletes the files it moved in; one killed between
  moving them and its commit record leaves files that no version names, which a compaction's full vacuum
  removes once they are older than the retention.

The duplicates check and the clustering of each batch are made against the store as it was when the run
started (its commit pinned) and the batches staged before, as ``Store.add`` makes them against the store at
each commit. If another writer commits during the run, that base is stale: ``commit`` then reads the staged
rows back and commits them through ``Store.add``, which checks and clusters them against the store as it is
(still one commit; only then does memory hold the run's rows).
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from quoteline.schema import EXTRACT_COLUMNS, A, S, validate_articles
from quoteline.store import cluster_reads, counts, delta
from quoteline.store.errors import StoreError
from quoteline.store.manifest import Manifest
from quoteline.store.tables import ARTICLES_SCHEMA, to_delta, to_frame
from quoteline.store.view_types import plain

if TYPE_CHECKING:
    from quoteline.store.store import AddResult, Store

LOGGER = logging.getLogger(__name__)

STAGING: Final = "_staging"
_STAGED_TABLES: Final = ("articles", "statements")
# Articles whose rows are held before they are written. Writing costs per file, one per partition (year and
# month) the rows reach: a batch of 200 real articles spans about 30 months, so writing each batch alone made
# about 60 small files (14,561 at 50,000 articles: the commit's add actions, then a compaction) and cost the
# driver ~0.14 CPU s a batch, and each batch's counts cost two DuckDB queries per summary table, the second
# over the run's growing increments: together half the driver's staging CPU (docs/scale_history.md, session
# 17). 2,000 articles' Arrow rows (the texts included) are about 22 MB.
WRITE_ARTICLES: Final = 2000


def remove_abandoned(root: Path) -> None:
    """Inside the store lock: remove the staging folders of runs that ended without committing or
    discarding (killed): those whose lock file no process holds. A live run holds its lock all along."""
    folder = root / STAGING
    if not folder.is_dir():
        return
    for lock_path in sorted(folder.glob("*.lock")):
        lock = FileLock(lock_path, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            continue  # a run still staging
        except OSError as exc:
            LOGGER.warning("%s: cannot check a staging run's lock: %s", lock_path, exc)
            continue
        try:
            run = lock_path.with_suffix("")
            if run.exists():
                LOGGER.warning("%s: removing the staged files of a run that ended without committing", run)
                shutil.rmtree(run, ignore_errors=True)
        finally:
            lock.release()
        lock_path.unlink(missing_ok=True)


def _stamp(manifest: Manifest | None) -> str:
    return "empty" if manifest is None else manifest.version


class StagedAdd:
    """One run's staged batches (``Store.stage``): ``add`` each, then ``commit`` or ``discard``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.base = store.manifest()
        self._known = store._ids_of(self.base)  # each articles file's ids, read once per Store
        self._staged_ids: set[str] = set()
        folder = store.root / STAGING
        try:
            folder.mkdir(parents=True, exist_ok=True)
            run = uuid.uuid4().hex[:12]
            # The lock first: a folder without a held lock is a dead run's, to any writer that looks.
            self._lock: FileLock | None = FileLock(folder / f"{run}.lock", timeout=0)
            self._lock.acquire()
        except (OSError, Timeout) as exc:
            raise StoreError(f"{folder}: cannot make a staging folder: {exc}") from exc
        self.folder = folder / run
        # Batches' rows not written yet (``WRITE_ARTICLES``), per table.
        self._held: dict[str, list[pa.Table]] = {t: [] for t in _STAGED_TABLES}
        self._held_articles = 0
        try:
            self.folder.mkdir()  # before its first files: a run's folder is there from its start
        except OSError as exc:
            self.discard()
            raise StoreError(f"{self.folder}: cannot make a staging folder: {exc}") from exc
        self.files: dict[str, list[delta.NewFile]] = {t: [] for t in _STAGED_TABLES}
        self.increments: dict[str, pa.Table] = {}
        self.articles = self.statements = 0
        self._index_stale = False

    def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Stage new articles and their statements, as ``Store.add`` would commit them; known ones skipped."""
        from quoteline.store.commit import _validate_for_disk
        from quoteline.store.writing import AddResult, _check_new_statements

        articles = validate_articles(articles)
        statements = _check_new_statements(statements)
        known, staged = self._known, self._staged_ids
        stored = articles[A.article_id].map(lambda aid: aid in staged or any(aid in k for k in known))
        fresh = articles[~stored.astype(bool)].drop_duplicates(A.article_id)
        duplicate = len(articles) - len(fresh)
        if fresh.empty:
            return AddResult(0, duplicate, 0, "staged")
        new = statements[statements[S.article_id].isin(fresh[A.article_id])].drop_duplicates(S.statement_id)
        if self._index_stale:
            self._rebuild_index()
        index = self.store._cluster_index(self.base, new)
        try:
            if S.cluster_id in new.columns:
                index.extend_frame(new)
            else:
                new = new.assign(**{S.cluster_id: index.assign_frame(new)})
            _validate_for_disk(fresh, new, checked=True)
            # Converted now, so that a row the tables' types refuse fails its own batch.
            rows = {"articles": to_delta("articles", fresh), "statements": to_delta("statements", new)}
        except BaseException:
            # The index holds this batch's statements, which were not staged: rebuild it before the next.
            self._index_stale = True
            raise
        for table, data in rows.items():
            self._held[table].append(data)
        self._held_articles += len(fresh)
        self._staged_ids.update(fresh[A.article_id])
        self.articles += len(fresh)
        self.statements += len(new)
        if self._held_articles >= WRITE_ARTICLES:
            self._write_held()
        return AddResult(len(fresh), duplicate, len(new), "staged")

    def _write_held(self) -> None:
        """Count the rows held into the summaries' increments, write them as data files, and drop them."""
        if not self._held_articles:
            return
        held = {table: pa.concat_tables(parts) for table, parts in self._held.items()}
        try:
            ov = self.store.overlay(self.base)
            increments = dict(self.increments)
            for summary in counts.ALL:
                tallied = counts.of_new_statements(held["statements"], ov, summary)
                before = increments.get(summary.table)
                both = tallied if before is None else pa.concat_tables([before, tallied])
                increments[summary.table] = counts.collapse(both, summary)
            written = {
                table: delta.write_files(self.folder / table, table, data) for table, data in held.items()
            }
        except OSError as exc:
            raise StoreError(f"{self.folder}: cannot write staged data files: {exc}") from exc
        except Exception as exc:
            # These rows passed their batch's checks: what fails now is no article's doing, and their batches
            # are gone, so no article can be failed alone. The run stops; nothing is committed.
            raise StoreError(
                f"{self.folder}: cannot stage the held rows: {type(exc).__name__}: {exc}"
            ) from exc
        self.increments = increments
        for table, files in written.items():
            self.files[table] += files
        self._held = {t: [] for t in _STAGED_TABLES}
        self._held_articles = 0

    def _rebuild_index(self) -> None:
        """The cluster index of the base commit and every statement staged so far."""
        self.store._index = self.store._index_files = None
        cols = [S.speaker, S.text, S.date, S.cluster_id]
        folder = self.folder / "statements"
        parts = [plain(pq.read_table(folder / f.path, columns=cols)) for f in self.files["statements"]]
        parts += [held.select(cols) for held in self._held["statements"]]
        if parts:
            frame = to_frame(pa.concat_tables(parts))
            self.store._cluster_index(self.base, frame).extend_frame(frame)
        self._index_stale = False

    def commit(self) -> AddResult:
        """Commit everything staged in one store commit (then the staging folder is gone either way)."""
        from quoteline.store.store import AddResult

        try:
            self._write_held()
            if not self.files["articles"]:
                return AddResult(0, 0, 0, _stamp(self.base))
            with self.store.lock():
                manifest = self.store._begin_write()
                if _stamp(manifest) == _stamp(self.base):
                    return self._commit_locked(manifest)
            return self._commit_afresh()
        finally:
            self.discard()

    def _commit_locked(self, manifest: Manifest | None) -> AddResult:
        from quoteline.store.store import AddResult

        store, moved = self.store, []
        version = None if manifest is None else manifest.statements
        before = {f.path for f in store._data_files("statements", version)}
        try:
            for table, files in self.files.items():
                for f in files:
                    target = delta.table_path(store.root, table) / f.path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / table / f.path, target)
                    moved.append(target)
            new_manifest = store._commit(
                manifest, None, None, replace=False, staged=self.files, increments=self.increments
            )
        except BaseException:
            store._index = store._index_files = None
            for path in moved:
                path.unlink(missing_ok=True)
            raise
        # The cluster index holds the base's files and every staged statement: the files this commit added.
        written = {f.path for f in store._data_files("statements", new_manifest.statements)} - before
        store._index_files = (store._index_files or cluster_reads.Holdings()).with_whole(written)
        new_manifest = store._compact_if_due(new_manifest)
        return AddResult(self.articles, 0, self.statements, new_manifest.version)

    def _commit_afresh(self) -> AddResult:
        """Another writer committed during the run: the staged rows, read back, through ``Store.add``."""
        LOGGER.info(
            "%s: the store changed during the run; checking the %d staged articles against it again",
            self.store.root,
            self.articles,
        )
        read = self.folder
        arts = [plain(pq.read_table(read / "articles" / f.path)) for f in self.files["articles"]]
        columns = [*EXTRACT_COLUMNS, S.outlet]
        sts = [
            plain(pq.read_table(read / "statements" / f.path, columns=columns))
            for f in self.files["statements"]
        ]
        articles = to_frame(pa.concat_tables(arts).select(list(ARTICLES_SCHEMA.names)))
        statements = to_frame(pa.concat_tables(sts))
        self.store._index = self.store._index_files = None  # it holds the staged statements' clusters
        return self.store.add(articles, statements)

    def discard(self) -> None:
        """Remove the staged files (nothing was committed from them, or the commit took them)."""
        self._held = {t: [] for t in _STAGED_TABLES}
        self._held_articles = 0
        if self._lock is None:
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.release()
        Path(self._lock.lock_file).unlink(missing_ok=True)
        self._lock = None
