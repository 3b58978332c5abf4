"""Reading the store into a corpus quickly enough for a million statements.

``Store.statements()`` validates every row with pandera and turns list columns into Python lists: right for
the library, but tens of seconds at a million rows. The store validates everything it writes, so the
dashboard reads the Arrow table as stored, keeps list columns in Arrow, lets the corpus derive ``n_sources``
(as ``quoteline.store.clusters.n_sources`` does, with integer codes), and reads the bulky display columns
(text, ids) only when first needed, from the very files of the version it loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

from quoteline.query.corpus import CORPUS_COLUMNS, EAGER_COLUMNS, Corpus, Fetch, StaleCorpus
from quoteline.schema import S
from quoteline.store import Store


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
    return Corpus.from_frame(frame, version, fetch=fetch)  # n_sources is derived there, from codes
