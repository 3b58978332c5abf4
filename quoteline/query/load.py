"""Reading the store into a corpus quickly enough for a million statements.

``Store.statements()`` validates every row with pandera and turns list columns into Python lists: right for
the library, but tens of seconds at a million rows. The store validates everything it writes, so the
dashboard reads the Arrow table as stored and keeps list columns in Arrow, then derives ``n_sources`` the way
``quoteline.store.clusters.n_sources`` does, with integer codes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.query.corpus import CORPUS_COLUMNS, Corpus
from quoteline.schema import S
from quoteline.store import Store


def n_sources(frame: pd.DataFrame) -> np.ndarray:
    """Distinct outlets (or unattributed articles) that carried each row's cluster."""
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    outlet = frame[S.outlet].astype("object")
    source = outlet.where(outlet.notna(), "article:" + frame[S.article_id].astype("object"))
    source_code = pd.factorize(source.to_numpy())[0].astype(np.int64)
    cluster_code = pd.factorize(frame[S.cluster_id].to_numpy())[0].astype(np.int64)
    pairs = np.unique(cluster_code * (int(source_code.max()) + 1) + source_code)
    per_cluster = np.bincount(pairs // (int(source_code.max()) + 1), minlength=int(cluster_code.max()) + 1)
    return per_cluster[cluster_code].astype(np.int64)


def _arrow_table(store: Store, columns: Sequence[str]) -> pa.Table | None:
    """The stored statements as Arrow, or None when this store offers no Arrow read."""
    public = getattr(store, "statements_table", None)
    if callable(public):
        return public(columns)
    # Until the store exposes a public Arrow read, use its retrying reader (same files, same schema).
    private = getattr(store, "_read_current", None)
    if callable(private):
        table, _ = private("statements", columns)
        return table
    return None


def statements_frame(store: Store, columns: Sequence[str] = CORPUS_COLUMNS) -> pd.DataFrame:
    """The statements the dashboard needs, Arrow-backed, with ``n_sources`` derived."""
    stored = [c for c in columns if c != S.n_sources]
    for needed in (S.outlet, S.article_id, S.cluster_id):
        if needed not in stored:
            stored.append(needed)
    table = _arrow_table(store, stored)
    if table is None:
        return store.statements(columns=list(columns))
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    if S.n_sources in columns:
        frame[S.n_sources] = n_sources(frame)
    return frame


def load_corpus(store: Store) -> Corpus:
    """The corpus of the store's current version (an empty corpus when nothing was committed)."""
    version = store.version() if store.exists() else "empty"
    return Corpus.from_frame(statements_frame(store), version)
