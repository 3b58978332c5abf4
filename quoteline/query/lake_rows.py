"""The statements' display columns read from the lake by id, so the dashboard process need not hold them.

The text and the other wide display columns (cue, article id, span) are a quarter of the in-memory corpus'
load and peak memory at 1M statements and 2.6 GB of its 5.9 GB peak at 10M (docs/scale_history.md, "Taking the
text out of the process"). Above ``lake_rows_min_statements`` the corpus keeps the filter columns and the
statement ids; a page asks this module for the rows it shows (a table page, the selected statement, the
markers' hover text), and a search asks the lake (the store's tantivy index first,
``quoteline.query.lake_search``) which ids match.

Rows are found by id, and the scan is pruned to the ``year``/``month`` partitions of the rows asked for: the
corpus knows each row's date, and the lake partitions by that very date (``quoteline.store.tables.
date_columns``), so a page of 50 statements reads the files of a few months, not the whole table.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, TypeVar

import numpy as np
import pyarrow as pa

from quoteline.query.corpus import StaleCorpus
from quoteline.schema import S
from quoteline.store.errors import StoreError
from quoteline.store.tables import MONTH, YEAR

if TYPE_CHECKING:  # DuckDB is imported on the first question, not with the corpus
    from quoteline.query.lake import Lake
    from quoteline.store import Store
    from quoteline.store.manifest import Manifest

LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

# Past this many distinct months a prune condition costs more to bind than the files it would skip.
_MAX_PARTITIONS: Final = 64
_NAMES = itertools.count()


def partition(date: object) -> tuple[int, int | None] | None:
    """The ``(year, month)`` partition a statement dated ``date`` is stored in (month None for a year-only
    date; None for an undated one), as ``date_columns`` computes it."""
    if not isinstance(date, str) or len(date) < 4 or not date[:4].isdigit():
        return None
    if len(date) >= 7 and date[5:7].isdigit():
        return int(date[:4]), int(date[5:7])
    return int(date[:4]), None


def prune_condition(dates: Sequence[object]) -> str:
    """A condition on the partition columns true for every row dated in ``dates`` ("true" when too many)."""
    parts = {partition(d) for d in dates}
    if len(parts) > _MAX_PARTITIONS:
        return "true"
    clauses = []
    # A year-only partition (month None) sorts before the months of its year: None and int never compare.
    for part in sorted(
        parts, key=lambda p: (p is None, p[0] if p else 0, -1 if p is None or p[1] is None else p[1])
    ):
        if part is None:
            clauses.append(f"{YEAR} IS NULL")
        elif part[1] is None:
            clauses.append(f"({YEAR} = {part[0]} AND {MONTH} IS NULL)")
        else:
            clauses.append(f"({YEAR} = {part[0]} AND {MONTH} = {part[1]})")
    return "(" + " OR ".join(clauses) + ")" if clauses else "false"


class LakeRows:
    """One pinned lake answering the corpus' questions about rows it does not hold.

    Shared by the sessions of a store version, like ``LakeFacets``: a DuckDB connection takes one query at a
    time, so every question holds the lock.
    """

    def __init__(self, store: Store, manifest: Manifest) -> None:
        self.store, self.manifest = store, manifest
        self.lock = threading.RLock()
        self._lake: Lake | None = None

    @property
    def version(self) -> str:
        """The commit the answers come from."""
        return self.manifest.version

    @property
    def lake(self) -> Lake:
        """The lake pinned to the corpus' commit, opened on the first question: the first chart does not
        wait for DuckDB."""
        with self.lock:
            if self._lake is None:
                from quoteline.query.lake import open_lake

                self._lake = open_lake(self.store, self.manifest)
            return self._lake

    def _ask(self, question: Callable[[], T]) -> T:
        """``question()``; a failure because a compaction vacuumed the pinned commit's files becomes
        StaleCorpus (the app reloads the corpus of the new commit), as the full corpus' lazy read does."""
        try:
            return question()
        except StoreError as exc:
            current = self.store.version() if self.store.exists() else "empty"
            if current != self.version:
                LOGGER.info(
                    "commit %s is gone from under a lean corpus (now %s): %s", self.version, current, exc
                )
                raise StaleCorpus(f"the store changed since version {self.version} was loaded") from exc
            raise

    def warm(self, numbers: np.ndarray | None = None) -> None:
        """Open the lake now (the corpus' background read calls this after the first charts), and with
        ``numbers`` (the corpus' id numbers, row order) map the search postings and compare their ids with
        the rows' (``postings_search.prepare``), so the first search does not read them."""
        self._ask(lambda: self.lake)
        if numbers is not None:
            from quoteline.query import postings_search

            postings_search.prepare(self.store, self.manifest, numbers)

    def rows(self, ids: Sequence[str], dates: Sequence[object], columns: Sequence[str]) -> pa.Table:
        """``columns`` (and ``statement_id``) of the statements ``ids``, dated ``dates`` (the corpus' dates
        of the same rows, for partition pruning), in no particular order; an id the lake lacks is absent."""
        return self._ask(lambda: self._rows(ids, dates, columns))

    def _rows(self, ids: Sequence[str], dates: Sequence[object], columns: Sequence[str]) -> pa.Table:
        from quoteline.query.lake import quote

        picked = ", ".join(quote(c) for c in dict.fromkeys([S.statement_id, *columns]))
        name = f"wanted_ids_{next(_NAMES)}"
        with self.lock:
            if not len(ids):
                return self.lake.table(f"SELECT {picked} FROM statements WHERE false")
            self.lake.con.register(name, pa.table({S.statement_id: pa.array(list(ids), pa.string())}))
            try:
                return self.lake.table(
                    f"SELECT {picked} FROM statements WHERE {prune_condition(dates)} "
                    f"AND {S.statement_id} IN (SELECT {S.statement_id} FROM {name})"
                )
            finally:
                self.lake.con.unregister(name)

    def search(self, query: str) -> pa.Array:
        """Ids of the statements the search ``query`` finds (``quoteline.query.search``'s language): their
        numbers (uint64, ``id_numbers``) when the search index answers, else strings from the SQL condition.
        ValueError for a query too long to run."""
        return self._ask(lambda: self._search(query))

    def _search(self, query: str) -> pa.Array:
        from quoteline.query.lake_search import search_condition, search_ids

        with self.lock:
            # The index's hits straight to the corpus: millions of them (a common word) would cost a scan's
            # time to move into DuckDB for a semi-join.
            numbers = search_ids(query, self.lake)
            if numbers is not None:
                return numbers
            condition, params = search_condition(query, lake=self.lake)
            found = self.lake.table(f"SELECT {S.statement_id} FROM statements WHERE {condition}", params)
        return found.column(S.statement_id).combine_chunks()

    def search_rows(
        self, query: str, numbers: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The statements the search ``query`` finds as a mask over the rows whose ids are ``numbers``, with
        the id numbers to take out of it and to add (``lake_search.search_rows``); None when the index's
        postings cannot answer so: ``search`` then."""
        from quoteline.query.lake_search import search_rows

        def ask() -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
            with self.lock:
                return search_rows(query, self.lake, numbers)

        return self._ask(ask)

    def of_article(self, article_id: str) -> pa.Array:
        """Ids of the statements one article yielded."""
        return self._ask(lambda: self._of_article(article_id))

    def _of_article(self, article_id: str) -> pa.Array:
        with self.lock:
            found = self.lake.table(
                f"SELECT {S.statement_id} FROM statements WHERE {S.article_id} = ?", [article_id]
            )
        return found.column(S.statement_id).combine_chunks()


def in_order(found: pa.Table, ids: Sequence[str], columns: Sequence[str]) -> dict[str, np.ndarray]:
    """The ``columns`` of ``found`` rearranged to follow ``ids`` (KeyError naming an id the lake lacks)."""
    position = {sid: i for i, sid in enumerate(found.column(S.statement_id).to_pylist())}
    try:
        order = np.fromiter((position[sid] for sid in ids), dtype=np.int64, count=len(ids))
    except KeyError:
        missing = [sid for sid in ids if sid not in position]
        raise KeyError(f"the lake holds no statement {missing[0]!r} ({len(missing)} missing)") from None
    taken = found.take(pa.array(order, pa.int64()))
    return {c: taken.column(c).to_numpy(zero_copy_only=False) for c in columns}
