"""The filters shared by every dashboard page, and how they select statements from a corpus."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from quoteline.query import search, speakers
from quoteline.query.corpus import DAY, Corpus, RowSource, category_codes, codes_in, nonzero
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
    speaker_types: tuple[str, ...] = ()  # quoteline.query.speakers.SPEAKER_TYPES
    countries: tuple[str, ...] = ()  # the speaker's country
    in_office: bool = False  # only speakers holding an office on the statement's date ("leaders only")

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


def parts(corpus: Corpus, filters: Filters) -> dict[str, np.ndarray]:
    """One boolean mask per active filter, by the name of its ``Filters`` field (the date range is "dates").

    The search is not among them: it is the costly one, so ``mask`` runs it on the rows the others keep.
    """
    frame = corpus.frame
    n = len(frame)
    out: dict[str, np.ndarray] = {}
    for name, column, wanted in (
        ("leaders", S.speaker, filters.leaders),
        ("stances", S.stance, filters.stances),
        ("kinds", S.kind, filters.kinds),
        ("outlets", S.outlet, filters.outlets),
    ):
        if wanted:
            out[name] = in_categories(frame[column], wanted)
    if filters.topics:
        out["topics"] = corpus.topics.rows_with_any(filters.topics, n)
    if filters.counterparts:
        out["counterparts"] = corpus.counterparts.rows_with_any(filters.counterparts, n)
    if filters.speaker_types or filters.countries or filters.in_office:
        out.update(_speaker_parts(corpus, filters))
    if filters.has_date_range:
        days = frame[DAY].to_numpy()
        lo = -np.inf if filters.date_from is None else day_number(filters.date_from)
        hi = np.inf if filters.date_to is None else day_number(filters.date_to)
        # NaN compares False, so undated rows drop out here, as they must.
        out["dates"] = (days >= lo) & (days <= hi)
    return out


def in_categories(column: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """A mask of the rows of a categorical column whose value is among ``wanted``, from the codes
    (``codes_in``): pandas' ``isin`` took 100 to 350 ms over 10M rows, this a tenth of it."""
    found = column.cat.categories.get_indexer(pd.Index(list(wanted), dtype=object))
    return codes_in(category_codes(column), found.tolist())


def _speaker_parts(corpus: Corpus, filters: Filters) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    facts = speakers.speaker_facts(corpus)
    if filters.speaker_types:
        kinds = speakers.SPEAKER_TYPES
        chosen = [kinds.index(t) for t in filters.speaker_types if t in kinds]
        out["speaker_types"] = np.isin(speakers.row_types(corpus), chosen)
    if filters.countries:
        lookup = {label: i for i, label in enumerate(facts.country_labels)}
        wanted = [lookup[c] for c in filters.countries if c in lookup]
        out["countries"] = np.isin(speakers.row_countries(corpus), wanted)
    if filters.in_office:
        out["in_office"] = speakers.in_office_rows(corpus)
    return out


def mask(corpus: Corpus, filters: Filters) -> np.ndarray:
    """A boolean mask of the statements that pass every filter.

    Undated statements pass only while no date range is set: a range can't say anything about them.
    """
    keep = np.ones(len(corpus.frame), dtype=bool)
    for part in parts(corpus, filters).values():
        keep &= part
    if filters.search.strip():
        keep &= _search(corpus, filters.search.strip(), keep)
    return keep


def _search(corpus: Corpus, query: str, keep: np.ndarray) -> np.ndarray:
    """Rows (among those still kept) that match the search ``query`` (see ``quoteline.query.search``)."""
    candidates = np.flatnonzero(keep)
    out = np.zeros(len(keep), dtype=bool)
    if not candidates.size:
        return out
    if corpus.rows_from is not None:  # a lean corpus holds no text: the lake (its search index) answers
        source = corpus.rows_from
        # Remembered per query: each chart of a page run selects again, and a search of the whole store is
        # the costliest step of a change (a mask is a byte a row: 10 MB at 10M statements).
        found = corpus.memo(("lake_search", query), lambda: _lake_search(corpus, source, query), keep=4)
        return found & keep
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


def _lake_search(corpus: Corpus, source: RowSource, query: str) -> np.ndarray:
    """The rows of a lean corpus the lake finds for ``query``: the index's postings as a mask over the rows
    when its rows are the index's files in order (no hit's id mapped), else its hits' ids mapped to rows."""
    numbers = corpus.id_numbers()
    if numbers is not None:
        found = source.search_rows(query, numbers)
        if found is not None:
            rows, reached, extra = found
            if len(reached):  # the rows a correction reaches are answered for by ``extra``
                rows &= ~corpus.rows_of_ids(pa.array(reached, pa.uint64()))
            if len(extra):
                rows |= corpus.rows_of_ids(pa.array(extra, pa.uint64()))
            return rows
    return corpus.rows_of_ids(source.search(query))


def _arrow_text(text: pd.Series, rows: np.ndarray | None) -> pa.Array | pa.ChunkedArray:
    """The text column (or its ``rows``) as Arrow strings, without a copy when it is Arrow already."""
    if isinstance(text.dtype, pd.ArrowDtype):
        values = text.array._pa_array
        return values if rows is None else values.take(pa.array(rows))
    picked = text.to_numpy(dtype=object) if rows is None else text.to_numpy(dtype=object)[rows]
    return pa.array(picked, type=pa.large_string(), from_pandas=True)


def search_mask(corpus: Corpus, needle: str) -> np.ndarray:
    """The rows of the whole corpus whose text contains ``needle``, remembered for the last few searches."""
    n = len(corpus)
    found: np.ndarray = corpus.memo(
        ("search", needle), lambda: _search(corpus, needle, np.ones(n, bool)), keep=4
    )
    return found


def undated_mask(corpus: Corpus) -> np.ndarray:
    """A mask of the undated statements (a byte a row; once per corpus)."""
    found: np.ndarray = corpus.memo(("undated",), lambda: np.isnan(corpus.frame[DAY].to_numpy()), keep=1)
    return found


def select(corpus: Corpus, filters: Filters) -> Selection:
    """Apply the filters and split the matching rows into dated and undated."""
    keep = mask(corpus, filters)
    # A corpus-wide mask (a byte a row), rather than the rows' float days gathered (four bytes); each part
    # taken from the masks, not by splitting the rows (a boolean index over millions of rows is slower).
    undated = undated_mask(corpus)
    undated_kept = keep & undated
    keep &= ~undated
    return Selection(dated=nonzero(keep), undated=nonzero(undated_kept))


def apply(corpus: Corpus, filters: Filters) -> Selection:
    """Alias of ``select``: the name the architecture notes use."""
    return select(corpus, filters)
