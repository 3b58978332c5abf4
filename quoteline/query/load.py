"""Reading the store into a corpus quickly enough for a million statements.

``Store.statements()`` validates every row with pandera and turns list columns into Python lists: right for
the library, but tens of seconds at a million rows. The store validates everything it writes, so the
dashboard reads the Arrow table as stored, keeps list columns in Arrow, derives ``n_sources`` the way
``quoteline.store.clusters.n_sources`` does (with integer codes), and reads the bulky display columns
(text, ids) only when first needed, from the very files of the version it loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.query.corpus import CORPUS_COLUMNS, EAGER_COLUMNS, Corpus, Fetch, StaleCorpus
from quoteline.schema import S
from quoteline.store import Store


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes of a column (-1 for missing), hashed in Arrow/C rather than over Python objects."""
    return np.asarray(pd.factorize(values)[0])


def n_sources(frame: pd.DataFrame) -> np.ndarray:
    """Distinct outlets (or unattributed articles) that carried each row's cluster."""
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    outlet = np.asarray(_codes(frame[S.outlet]), dtype=np.int64)
    article = np.asarray(_codes(frame[S.article_id]), dtype=np.int64)
    # An unknown outlet counts as its own source per article, as in the store.
    source = np.where(outlet >= 0, outlet, outlet.max() + 1 + article)
    cluster = np.asarray(_codes(frame[S.cluster_id]), dtype=np.int64)
    width = int(source.max()) + 1
    pairs = np.sort(cluster * width + source)  # sort-based unique: numpy's hashed unique is slow here
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    per_cluster = np.bincount(pairs // width, minlength=int(cluster.max()) + 1)
    return per_cluster[cluster].astype(np.int64)


def _to_frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _pinned_reader(store: Store) -> tuple[pd.DataFrame, Fetch] | None:
    """The eager columns and a reader of further columns from the same commit, if the store allows it."""
    read_current = getattr(store, "_read_current", None)
    read_pinned = getattr(store, "_read", None)
    if not (callable(read_current) and callable(read_pinned)):
        return None
    eager = [c for c in EAGER_COLUMNS if c != S.n_sources]
    table, manifest = read_current("statements", eager)

    def fetch(columns: Sequence[str]) -> pd.DataFrame:
        try:
            return _to_frame(read_pinned(manifest, "statements", list(columns)))
        except FileNotFoundError as exc:  # a later commit merged the files this version named
            raise StaleCorpus(str(exc)) from exc

    return _to_frame(table), fetch


def load_corpus(store: Store) -> Corpus:
    """The corpus of the store's current version (an empty corpus when nothing was committed)."""
    version = store.version() if store.exists() else "empty"
    pinned = _pinned_reader(store)
    if pinned is None:  # a store without the Arrow reader: the validated, slower path
        return Corpus.from_frame(store.statements(columns=list(CORPUS_COLUMNS)), version)
    frame, fetch = pinned
    frame[S.n_sources] = n_sources(frame)
    return Corpus.from_frame(frame, version, fetch=fetch)
