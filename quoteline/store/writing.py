"""The write side of a store (``StoreWriter``, a base of ``Store``): adding articles and statements,
swapping in re-extracted ones, appending corrections, and clustering new statements against stored ones.

Each runs inside the writers' lock (``quoteline.store.locking``) and ends in one commit
(``quoteline.store.commit``), compacting when due (``quoteline.store.maintenance``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from quoteline.schema import (
    EXTRACT_COLUMNS,
    A,
    S,
    validate_articles,
    validate_statements,
    with_evidence_columns,
)
from quoteline.store import cluster_reads, clusters, delta
from quoteline.store.commit import StoreCommit
from quoteline.store.errors import StoreError
from quoteline.store.manifest import Manifest
from quoteline.store.tables import CORRECTIONS_SCHEMA, STATEMENTS_SCHEMA, STORED_STATEMENT_COLUMNS, to_frame
from quoteline.store.validate import validate

if TYPE_CHECKING:
    from quoteline.store.staging import StagedAdd


@dataclass(frozen=True)
class AddResult:
    """What one ``Store.add`` committed."""

    articles_added: int
    articles_duplicate: int
    statements_added: int
    version: str


class StoreWriter(StoreCommit):
    """Adding to the store, one locked commit per call."""

    def add(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Commit new articles and their statements (``schema.Statements`` + ``outlet``); skips known ones.

        The store assigns ``cluster_id`` unless the statements already carry one (a bulk load that has
        clustered them itself); ``n_sources`` is always derived on read.

        The duplicates check, the clustering and the commit run inside the writers' file lock: Delta alone
        would let two writers append the same article at once (both appends succeed), so the lock is what
        makes "already stored" a safe answer.
        """
        articles = validate_articles(articles)
        statements = _check_new_statements(statements)
        with self.lock():
            manifest = self._begin_write()
            known = self._ids_of(manifest)
            stored = articles[A.article_id].map(lambda aid: any(aid in ids for ids in known)).astype(bool)
            fresh = articles[~stored].drop_duplicates(A.article_id)
            duplicate = len(articles) - len(fresh)
            new = statements[statements[S.article_id].isin(fresh[A.article_id])].drop_duplicates(
                S.statement_id
            )
            if fresh.empty:
                return AddResult(0, duplicate, 0, "empty" if manifest is None else manifest.version)
            if S.cluster_id in new.columns:
                # Clusters supplied by the caller (bulk loads, synthetic stores): nothing to compare with, so
                # nothing is read for the index; a later commit reads this batch's files if it needs them.
                new_manifest = self._commit(manifest, fresh, new, replace=False, checked=True)
                return AddResult(len(fresh), duplicate, len(new), self._compact_if_due(new_manifest).version)
            index = self._cluster_index(manifest, new)
            try:
                new = new.assign(**{S.cluster_id: index.assign_frame(new)})
                new_manifest = self._commit(manifest, fresh, new, replace=False, checked=True)
            except BaseException:
                self._index = self._index_files = None
                raise
            # The index now holds this batch too: every row of the files this commit wrote.
            written = {f.path for f in self._data_files("statements", new_manifest.statements)}
            written -= {
                f.path
                for f in self._data_files("statements", None if manifest is None else manifest.statements)
            }
            self._index_files = (self._index_files or cluster_reads.Holdings()).with_whole(written)
            new_manifest = self._compact_if_due(new_manifest)
        return AddResult(len(fresh), duplicate, len(new), new_manifest.version)

    def stage(self) -> StagedAdd:
        """A commit built batch by batch: ``add`` each batch (its data files are written outside the
        tables as it comes), then ``commit`` them all as one commit, or ``discard`` them."""
        from quoteline.store.staging import StagedAdd

        return StagedAdd(self._as_store())

    def replace_extraction(self, articles: pd.DataFrame, statements: pd.DataFrame) -> AddResult:
        """Swap in re-extracted statements for stored articles (and their updated rows); one commit.

        Costs what the re-extracted articles cost: in each table the rows of those articles are deleted by a
        merge on their ids (Delta rewrites only the data files holding them) and the new rows appended, all
        under one commit record; the new statements
        are clustered against the stored ones of the partitions their date windows reach (minus the
        statements being replaced), never the whole table.
        """
        articles = validate_articles(articles)
        statements = _check_new_statements(statements).drop(columns=[S.cluster_id], errors="ignore")
        with self.lock():
            manifest = self._begin_write()
            known = self._ids_of(manifest)
            ids = sorted({aid for aid in articles[A.article_id] if any(aid in k for k in known)})
            if not ids:
                return AddResult(0, 0, 0, "empty" if manifest is None else manifest.version)
            articles = articles[articles[A.article_id].isin(ids)].drop_duplicates(A.article_id)
            statements = statements[statements[S.article_id].isin(ids)].drop_duplicates(S.statement_id)
            index = clusters.ClusterIndex()
            index.extend_frame(self._statements_near(manifest, statements, index.window_days, leave_out=ids))
            statements = statements.assign(**{S.cluster_id: index.assign_frame(statements)})
            self._index = self._index_files = None  # it holds the statements being replaced
            new_manifest = self._commit(
                manifest,
                articles,
                statements[list(STORED_STATEMENT_COLUMNS)],
                replace=False,
                checked=True,
                replace_ids=ids,
            )
            new_manifest = self._compact_if_due(new_manifest)
        return AddResult(0, 0, len(statements), new_manifest.version)

    def _statements_near(
        self, manifest: Manifest | None, batch: pd.DataFrame, window_days: int, *, leave_out: Sequence[str]
    ) -> pd.DataFrame:
        """The stored statements ``batch`` may cluster with (its speakers' in the partitions its date windows
        reach), without those of the articles ``leave_out``: speaker, text, date and cluster_id."""
        needed = _partitions_needed(batch, window_days)
        files = [] if manifest is None else self._data_files("statements", manifest.statements)
        folder = delta.table_path(self.root, "statements")
        cols = [S.speaker, S.text, S.date, S.cluster_id, S.article_id]
        speakers = set(batch[S.speaker])
        parts = [
            cluster_reads.speaker_rows(folder / f.path, speakers, cols)[0]
            for f in files
            if needed is None or f.partition in needed
        ]
        table = pa.concat_tables(parts) if parts else STATEMENTS_SCHEMA.empty_table().select(cols)
        table = table.filter(pc.invert(pc.is_in(table[S.article_id], pa.array(list(leave_out), pa.string()))))
        return to_frame(table)

    def append_corrections(self, make: Callable[[Manifest | None], pd.DataFrame]) -> tuple[pd.DataFrame, str]:
        """Append entries to the corrections log in one locked, atomic commit; returns them and the version.

        ``make(manifest)`` builds the entries inside the lock, from the commit they apply to, so a correction
        always records the value it replaced even while an ingest commits beside it.
        """
        with self.lock():
            manifest = self._begin_write()
            if manifest is None:
                raise StoreError(f"{self.root}: the store is empty; there is nothing to correct")
            entries = make(manifest)
            if entries.empty:
                return entries, manifest.version
            entries = validate("corrections", entries[list(CORRECTIONS_SCHEMA.names)])
            new_manifest = self._commit(manifest, None, None, replace=False, corrections=entries)
            new_manifest = self._compact_if_due(new_manifest)
        return entries, new_manifest.version

    def _cluster_index(self, manifest: Manifest | None, batch: pd.DataFrame) -> clusters.ClusterIndex:
        """The stored statements to cluster ``batch`` against: those of the batch's speakers in the partitions
        its date windows reach (and the undated partition), never the whole table.

        The index is kept per Store and grows by data file and speaker (``cluster_reads.Holdings``): a commit
        reads, of the partitions it needs, only the row groups of its speakers that the index does not hold
        yet (a first commit: its speakers in its months; later: new speakers, and other writers' new files).
        A compaction that replaced a file the index holds rows of starts it afresh.
        """
        files = [] if manifest is None else self._data_files("statements", manifest.statements)
        names = {f.path for f in files}
        if self._index is None or self._index_files is None or not self._index_files.paths() <= names:
            self._index, self._index_files = clusters.ClusterIndex(), cluster_reads.Holdings()
        needed = _partitions_needed(batch, self._index.window_days)
        speakers = set(batch[S.speaker])
        folder = delta.table_path(self.root, "statements")
        cols = [S.speaker, S.text, S.date, S.cluster_id]
        held = self._index_files
        whole_files: list[str] = []
        some: dict[str, frozenset[str]] = {}

        def read() -> Iterator[pa.Table]:
            for f in files:
                wanting = held.wanting(f.path, speakers)
                if not wanting or (needed is not None and f.partition not in needed):
                    continue
                rows, whole = cluster_reads.speaker_rows(folder / f.path, wanting, cols)
                if whole:
                    whole_files.append(f.path)
                else:
                    some[f.path] = wanting
                yield rows

        # Each file's rows are keyed as they are read and their text dropped: the text is what is big.
        self._index.extend_tables(read())
        self._index_files = held.with_speakers(some).with_whole(whole_files)
        return self._index


def _partitions_needed(batch: pd.DataFrame, window_days: int) -> set[tuple[int | None, ...]] | None:
    """The (year, month) partitions holding every stored statement a batch's statements may cluster with:
    the months within the window of each date, the year-only partitions of those years (a year-only date
    counts as 1 January) and the undated partition; None (every partition) when a statement is undated,
    since an undated statement is compared with all of its speaker's."""
    needed: set[tuple[int | None, ...]] = {(None, None)}
    for value in batch[S.date]:
        day = clusters.day_number(value)
        if day == clusters.UNDATED:
            return None
        first, last = date.fromordinal(max(1, day - window_days)), date.fromordinal(day + window_days)
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            needed.update({(year, month), (year, None)})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return needed


def _check_new_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """New statements must be valid extractor output plus the outlet column."""
    if S.outlet not in statements.columns:
        raise ValueError("statements to add need an 'outlet' column (None when unknown)")
    statements = with_evidence_columns(statements)
    checked = validate_statements(statements[list(EXTRACT_COLUMNS)])
    if S.cluster_id in statements.columns:
        given = statements[S.cluster_id]
        if given.isna().any() or not given.map(lambda v: isinstance(v, str) and v != "").all():
            raise ValueError("a supplied 'cluster_id' column must hold a non-empty string on every row")
        checked = checked.assign(**{S.cluster_id: given.astype("object")})
    return checked.assign(
        **{S.outlet: statements[S.outlet].astype("object").where(statements[S.outlet].notna(), None)}
    )
