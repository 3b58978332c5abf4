"""Loading the store into a query-ready corpus, cached on the store's version (never by hashing frames)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from quoteline import export, settings
from quoteline.query import facets
from quoteline.query.corpus import Corpus
from quoteline.query.facets import Facets
from quoteline.query.filters import Filters, select
from quoteline.query.load import article_links, encoded_write, load_corpus
from quoteline.query.speakers import speaker_facts
from quoteline.query.state import Vocabulary
from quoteline.schema import EVIDENCE_COLUMNS, A, S, empty_statements
from quoteline.store import Store, StoreError

if TYPE_CHECKING:
    from quoteline.query.lake_facets import LakeFacets

LOGGER = logging.getLogger(__name__)
# Logged once per store version whose sidebar counts come from the facet tables (a browser test reads it).
FACET_TABLES_IN_USE = "sidebar counts from the store's facet tables, version"


def store() -> Store:
    """The store named by the ``store_dir`` setting (``QUOTELINE_STORE_DIR``)."""
    return Store(settings.get_path("store_dir"))


def store_version() -> str:
    """The store's version string, or "empty" when there is no store yet."""
    current = store()
    return current.version() if current.exists() else "empty"


# (store root, version) whose corpus built from Parquet was swapped for the one mapped from the files written
# behind it: once each, however many sessions see the write finished.
_swapped: set[tuple[str, str]] = set()
_swap_lock = threading.Lock()


@st.cache_resource(max_entries=2, show_spinner="Loading statements…")
def _load(root: str, version: str) -> Corpus:
    # cache_resource, not cache_data: the corpus is large and read-only, so it is shared, never copied.
    # The version is part of the key: a commit makes the next run load afresh. A big version without its
    # encoded files (the first page after a correction made here) is drawn from Parquet while a background
    # thread writes them (``load.EncodedWrite``): the page does not wait for the write.
    if version == "empty":
        return Corpus.from_frame(empty_statements(stored=True), version)
    return load_corpus(
        Store(Path(root)), lean_from=settings.get_int("lake_rows_min_statements"), write_behind=True
    )


def corpus() -> Corpus:
    """The corpus for the current store version."""
    root, version = str(settings.get_path("store_dir")), store_version()
    data = _load(root, version)
    writing = encoded_write(data)
    if writing is not None and writing.written():
        # The files written behind the Parquet load are there: a run from now on maps them, as every other
        # process does (one path), and the arrays built from Parquet are freed when the runs holding them end.
        with _swap_lock:
            if (root, version) not in _swapped:
                _swapped.add((root, version))
                _load.clear(root, version)
        data = _load(root, version)
    return data


@dataclass(frozen=True)
class _SharedFacets:
    """One lake's facet counter, shared by the sessions: its DuckDB connection takes one query at a time."""

    facets: LakeFacets
    lock: threading.Lock


@st.cache_resource(max_entries=2, show_spinner="Counting the filters…")
def _lake_facets(root: str, version: str) -> _SharedFacets | None:
    # Pinned to the corpus' version: a commit landed since the corpus was read counts from the corpus
    # (None) until the next run reloads both. Imported here: DuckDB costs a small store's dashboard nothing.
    from quoteline.query.lake import open_lake
    from quoteline.query.lake_facets import LakeFacets

    current = Store(Path(root))
    manifest = current.manifest()
    if manifest is None or manifest.version != version:
        return None
    LOGGER.info("%s %s", FACET_TABLES_IN_USE, version)
    return _SharedFacets(LakeFacets(open_lake(current, manifest)), threading.Lock())


def facet_counts(data: Corpus, filters: Filters) -> Facets:
    """The sidebar's facet counts under ``filters``: from the store's facet tables through DuckDB
    (``quoteline.query.lake_facets``, tested equal) once the store holds ``lake_facets_min_statements``,
    where they are faster than counting the in-memory statements (docs/SCALE.md); else from the corpus."""
    if data.version in ("", "empty") or len(data) < settings.get_int("lake_facets_min_statements"):
        return facets.facet_counts(data, filters)
    if filters.search.strip() and data.rows_from is not None:
        # A lean corpus found the search's rows through the index (and remembers them): counting them in
        # memory costs a fraction of the facet tables' SQL, which would run the search again as a scan or
        # a semi-join over every statement id (docs/scale_history.md, session 17).
        return facets.facet_counts(data, filters)
    shared = _lake_facets(str(settings.get_path("store_dir")), data.version)
    if shared is None:
        return facets.facet_counts(data, filters)
    try:
        with shared.lock:
            return shared.facets.answer(filters).facets
    except StoreError:
        LOGGER.exception("the facet tables could not answer; counting the statements in memory")
        return facets.facet_counts(data, filters)


def preload() -> Corpus:
    """Load the store's current version into the shared cache and work out what a first page asks of it (the
    speaker facts, the per-row arrays the filters and facet counts build, the display columns), before the
    server answers its health check (``components.serve``), so the first visitor after a start does not wait
    for it. Streamlit keeps ``cache_resource`` caches in its process, not in a session, so what is cached
    here is what the first page finds; a store committed later loads on the next run as before."""
    data = corpus()
    writing = encoded_write(data)
    if writing is not None and writing.join():
        # Nobody waits for a page yet: the server starts on the mapped corpus, as when the files were there.
        data = corpus()
    vocabulary(data)
    everything = Filters()
    facet_counts(data, everything)
    select(data, everything)
    undated_article_count()
    reading = data.prefetch()
    if reading is not None:
        reading.join()  # before the server answers: the read would otherwise compete with the first page
    return data


def warm(data: Corpus) -> None:
    """Read the display columns (text, ids) in the background, once per corpus.

    Pages call this after drawing their charts, so the first view is not slowed by it, and the first search,
    marker or table does not wait for a read of the text.
    """
    data.prefetch()


@st.cache_data(max_entries=256, show_spinner=False)
def article(root: str, version: str, article_id: str) -> dict[str, Any] | None:
    """One article (title, outlet, url, published, text), cached per store version."""
    return Store(Path(root)).article(article_id)


def current_article(article_id: str) -> dict[str, Any] | None:
    """The article a statement came from, or None when the store no longer holds it."""
    return article(str(settings.get_path("store_dir")), store_version(), article_id)


def vocabulary(data: Corpus) -> Vocabulary:
    """What a link may name, drawn from the corpus."""
    return Vocabulary(
        leaders=frozenset(data.speaker_counts()),
        topics=frozenset(data.topics.labels),
        counterparts=frozenset(data.counterparts.labels),
        outlets=frozenset(data.category_values(S.outlet)),
        countries=frozenset(speaker_facts(data).country_labels),
        has_statement=lambda sid: data.row_of(sid) is not None,
    )


@st.cache_resource(max_entries=2, show_spinner=False)
def _urls(root: str, version: str) -> dict[str, str]:
    current = Store(Path(root))
    if version == "empty" or not current.exists():
        return {}
    return article_links(current)


def article_urls() -> dict[str, str]:
    """Article id -> stored link (unchecked: callers pass each through ``safe_url``)."""
    return _urls(str(settings.get_path("store_dir")), store_version())


@st.cache_resource(max_entries=2, show_spinner=False)
def _article_index(root: str, version: str) -> pd.DataFrame:
    current = Store(Path(root))
    columns = [A.article_id, *export.ARTICLE_FIELDS.values()]
    if version == "empty" or not current.exists():
        return export.article_index(pd.DataFrame(columns=columns))
    return export.article_index(current.articles(columns=columns))


def article_index() -> pd.DataFrame:
    """Each article's title, URL and publication date (what an exported row needs to be cited), indexed by
    article id: a download looks up its chunks' articles in it (``quoteline.export.joined``)."""
    return _article_index(str(settings.get_path("store_dir")), store_version())


@st.cache_data(max_entries=64, show_spinner=False)
def _marks(root: str, version: str, statement_id: str) -> frozenset[str]:
    from quoteline.corrections.view import statement_marks

    return frozenset(statement_marks(Store(Path(root)), statement_id))


def marks(statement_id: str) -> frozenset[str]:
    """The fields of a statement that corrections set (empty when none), for the marks beside them."""
    if store_version() == "empty":
        return frozenset()
    return _marks(str(settings.get_path("store_dir")), store_version(), statement_id)


@st.cache_resource(max_entries=2, show_spinner=False)
def _corrected_ids(root: str, version: str) -> frozenset[str]:
    from quoteline.corrections.view import corrected_statement_ids

    return frozenset(corrected_statement_ids(Store(Path(root))))


def corrected_ids() -> frozenset[str]:
    """Ids of every statement a correction changed or added."""
    if store_version() == "empty":
        return frozenset()
    return _corrected_ids(str(settings.get_path("store_dir")), store_version())


@st.cache_resource(max_entries=2, show_spinner=False)
def _undated_count(root: str, version: str) -> int:
    from quoteline.corrections.log import undated_article_count

    return undated_article_count(Store(Path(root)))


def undated_article_count() -> int:
    """How many articles have no publication date (what every page's link to the Corrections page says)."""
    if store_version() == "empty":
        return 0
    return _undated_count(str(settings.get_path("store_dir")), store_version())


@st.cache_data(max_entries=2, show_spinner=False)
def _undated(root: str, version: str) -> pd.DataFrame:
    from quoteline.corrections.log import undated_articles

    return undated_articles(Store(Path(root)))


def undated_articles() -> pd.DataFrame:
    """Articles without a publication date (id, title, outlet, source file)."""
    if store_version() == "empty":
        return pd.DataFrame()
    return _undated(str(settings.get_path("store_dir")), store_version())


@st.cache_data(max_entries=64, show_spinner=False)
def _statement_row(root: str, version: str, statement_id: str) -> dict[str, Any] | None:
    return Store(Path(root)).statement(statement_id)


def statement_row(statement_id: str) -> dict[str, Any] | None:
    """Every stored column of one statement (its evidence too), corrections applied; None when gone."""
    if store_version() == "empty":
        return None
    return _statement_row(str(settings.get_path("store_dir")), store_version(), statement_id)


@st.cache_resource(max_entries=2, show_spinner=False)
def _evidence_index(root: str, version: str) -> pd.DataFrame:
    current = Store(Path(root))
    columns = [S.statement_id, S.cue_start, S.cue_end, *EVIDENCE_COLUMNS]
    if version == "empty" or not current.exists():
        return export.evidence_index(pd.DataFrame(columns=columns))
    return export.evidence_index(current.statements(columns))


def evidence_index() -> pd.DataFrame:
    """Each statement's cue offsets and evidence columns, indexed by statement id (read only when a download
    asks for them): a download looks up its chunks' rows in it (``quoteline.export.joined``)."""
    return _evidence_index(str(settings.get_path("store_dir")), store_version())
