"""The filters shared by every dashboard page, and how they select statements from a corpus."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.query import search
from quoteline.query.corpus import DAY, Corpus
from quoteline.schema import S

_EPOCH = date(1970, 1, 1)


def day_number(value: date) -> int:
    """Days since 1970-01-01, the corpus' date unit."""
    return (value - _EPOCH).days


def day_to_date(day: float) -> date:
    """The inverse of ``day_number``."""
    return date.fromordinal(_EPOCH.toordinal() + int(day))


@dataclass(frozen=True)
class Filters:
    """What the analyst asked for. An empty tuple means no restriction on that field."""

    leaders: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    counterparts: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""

    @property
    def has_date_range(self) -> bool:
        """Whether either end of the date range is set."""
        return self.date_from is not None or self.date_to is not None


@dataclass(frozen=True)
class Selection:
    """The rows a filter picked, split into dated (plottable) and undated ones."""

    dated: np.ndarray
    undated: np.ndarray

    @property
    def total(self) -> int:
        """Dated plus undated rows."""
        return len(self.dated) + len(self.undated)


def mask(corpus: Corpus, filters: Filters) -> np.ndarray:
    """A boolean mask of the statements that pass every filter.

    Undated statements pass only while no date range is set: a range can't say anything about them.
    """
    frame = corpus.frame
    n = len(frame)
    keep = np.ones(n, dtype=bool)
    for column, wanted in (
        (S.speaker, filters.leaders),
        (S.stance, filters.stances),
        (S.kind, filters.kinds),
        (S.outlet, filters.outlets),
    ):
        if wanted:
            keep &= frame[column].isin(wanted).to_numpy()
    if filters.topics:
        keep &= corpus.topics.rows_with_any(filters.topics, n)
    if filters.counterparts:
        keep &= corpus.counterparts.rows_with_any(filters.counterparts, n)
    if filters.has_date_range:
        days = frame[DAY].to_numpy()
        lo = -np.inf if filters.date_from is None else day_number(filters.date_from)
        hi = np.inf if filters.date_to is None else day_number(filters.date_to)
        # NaN compares False, so undated rows drop out here, as they must.
        keep &= (days >= lo) & (days <= hi)
    if filters.search.strip():
        keep &= _search(corpus, filters.search.strip(), keep)
    return keep


def _search(corpus: Corpus, query: str, keep: np.ndarray) -> np.ndarray:
    """Rows (among those still kept) that match the search ``query`` (see ``quoteline.query.search``)."""
    candidates = np.flatnonzero(keep)
    out = np.zeros(len(keep), dtype=bool)
    if not candidates.size:
        return out
    text = corpus.col(S.text)
    whole = isinstance(text.dtype, pd.ArrowDtype) and candidates.size * 4 > len(keep)
    # Most rows still in play: scan the whole Arrow column rather than copy most of the text first.
    # Otherwise search only the rows still in play: the scan is the costliest step.
    rows = np.arange(len(keep)) if whole else candidates
    texts = _arrow_text(text, None if whole else candidates)
    speakers = corpus.frame[S.speaker]
    codes = np.asarray(speakers.cat.codes.to_numpy()[rows], dtype=np.int64)
    hits = search.matches(query, texts, codes, [str(c) for c in speakers.cat.categories])
    out[rows[hits]] = True
    return out & keep


def _arrow_text(text: pd.Series, rows: np.ndarray | None) -> pa.Array | pa.ChunkedArray:
    """The text column (or its ``rows``) as Arrow strings, without a copy when it is Arrow already."""
    if isinstance(text.dtype, pd.ArrowDtype):
        values = text.array._pa_array
        return values if rows is None else values.take(pa.array(rows))
    picked = text.to_numpy(dtype=object) if rows is None else text.to_numpy(dtype=object)[rows]
    return pa.array(picked, type=pa.large_string(), from_pandas=True)


def select(corpus: Corpus, filters: Filters) -> Selection:
    """Apply the filters and split the matching rows into dated and undated."""
    rows = np.flatnonzero(mask(corpus, filters))
    undated = np.isnan(corpus.frame[DAY].to_numpy()[rows])
    return Selection(dated=rows[~undated], undated=rows[undated])


def apply(corpus: Corpus, filters: Filters) -> Selection:
    """Alias of ``select``: the name the architecture notes use."""
    return select(corpus, filters)
