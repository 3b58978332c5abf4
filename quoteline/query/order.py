"""The statements table's sort order, applied to every matching statement before the table is cut.

The browser's own column-click sort would order only the rows sent to it (the first ``SHOW_LIMIT``), and
Streamlit never reports it, so a link could not carry it. Sorting here, on the key the link names, orders
the whole selection. Within equal keys the newest statement comes first, then the highest statement id (so
the order is total, and the same as SQL's ``ORDER BY day DESC, statement_id DESC``), and missing values
(undated, unnamed, no cue) always come last, whatever the direction.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from quoteline.query.corpus import DAY, ROW, Corpus
from quoteline.query.filters import Filters, Selection, select
from quoteline.query.state import SORT_KEYS
from quoteline.schema import S

# Each sort key of the link and the column it orders by.
SORT_COLUMNS: Final = {
    "date": DAY,
    "speaker": S.speaker,
    "text": S.text,
    "stance": S.stance,
    "kind": S.kind,
    "outlet": S.outlet,
    "sources": S.n_sources,
    "datefrom": S.date_source,
    "cue": S.cue,
}

NEWEST_FIRST: Final = ("date", "sources")
# A selection holding fewer than one row in this many of the corpus is sorted on its own; a larger one is the
# corpus' remembered order filtered (a pass over every row, cheaper than sorting a large selection).
_FILTER_SHARE: Final = 16  # keys a first header click sorts largest first; text sorts A to Z


def after_header_click(key: str, current: str, order: str) -> tuple[str, str]:
    """The (sort key, order) after a click on the header of ``key``, from the ``current`` sort: the sorted
    column flips its direction; another column starts largest first for dates and counts, A to Z for text."""
    if key == current:
        return key, "asc" if order == "desc" else "desc"
    return key, "desc" if key in NEWEST_FIRST else "asc"


def _newest_order(corpus: Corpus) -> np.ndarray:
    """Every row of the corpus latest date first, undated last, ties by statement id descending."""
    days = corpus.frame[DAY].to_numpy()
    # lexsort sorts by its last key first; ~ on the unsigned id keys turns their order around.
    order = np.lexsort((~corpus.id_sort_keys(), np.nan_to_num(-days, nan=np.inf)))
    return order.astype(ROW)


def newest_first(corpus: Corpus, rows: np.ndarray) -> np.ndarray:
    """``rows`` latest date first, undated last, and statements of one day by statement id, highest first.

    A total order: the table's pages do not depend on where the store's files put each row (a compaction
    or a re-ingest moves them), and they are the pages ``quoteline.query.lake_pages`` reads from SQL. The
    whole corpus is ordered once (remembered per corpus); a large selection is that order filtered, a pass
    over the corpus, and a small one is sorted on its own."""
    given = np.asarray(rows)
    if given.size * _FILTER_SHARE < len(corpus):
        days = corpus.frame[DAY].to_numpy()[given]
        return given[np.lexsort((~corpus.id_sort_keys()[given], np.nan_to_num(-days, nan=np.inf)))]
    order: np.ndarray = corpus.memo(("newest_order",), lambda: _newest_order(corpus), keep=1)
    chosen = np.zeros(len(corpus), dtype=bool)
    chosen[given] = True
    return order[chosen[order]].astype(given.dtype if given.dtype.kind in "iu" else np.int64, copy=False)


def _ranks(values: pd.Series) -> np.ndarray:
    """A float rank per value (text compared without case), NaN where the value is missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = pd.Series(values.cat.categories.astype(str)).str.casefold()
        by_label = labels.rank(method="dense").to_numpy(dtype=float)
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, by_label[np.maximum(codes, 0)], np.nan)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    return values.astype("string").str.casefold().rank(method="dense").to_numpy(dtype=float)


def sort_rows(corpus: Corpus, rows: np.ndarray, key: str, descending: bool) -> np.ndarray:
    """``rows`` ordered by the link's sort ``key``; ties newest first, missing values last."""
    if key not in SORT_COLUMNS:
        raise ValueError(f"unknown sort key {key!r}; expected one of {', '.join(SORT_KEYS)}")
    given = np.asarray(rows)
    # int32 selections stay int32 (the filters' rows): an int64 copy is 80 MB at 10M rows.
    base = newest_first(corpus, given if given.dtype.kind in "iu" else given.astype(np.int64))
    if key == "date" and descending:
        return base
    # Ranked once per corpus (which is immutable, per store version): later sorts by this key only index.
    column = SORT_COLUMNS[key]
    every = corpus.memo(("sort_ranks", key), lambda: _ranks(corpus.col(column)), keep=len(SORT_KEYS))
    ranks = every[base]
    missing = np.isnan(ranks)
    signed = np.where(missing, 0.0, -ranks if descending else ranks)
    # lexsort is stable and sorts by its last key first: missing values last, then the key.
    return base[np.lexsort((signed, missing))]


def table_order(
    corpus: Corpus, filters: Filters, key: str, descending: bool, selection: Selection | None = None
) -> np.ndarray:
    """Every statement ``filters`` select (``selection``, when the page run made it already) in the
    Statements table's order (the link's sort): what the table pages through and what its downloads hold,
    so both come from this one function. Remembered per corpus for the last two views: a click on "Next"
    or a download of the rows shown sorts nothing again (at 10M statements a sort of them all is seconds)."""

    def order() -> np.ndarray:
        chosen = select(corpus, filters) if selection is None else selection
        return sort_rows(corpus, np.concatenate([chosen.dated, chosen.undated]), key, descending)

    ordered: np.ndarray = corpus.memo(("table_order", filters, key, descending), order, keep=2)
    return ordered
