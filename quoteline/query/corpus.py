"""An in-memory, query-ready view of the stored statements, built once per store version.

The dashboard filters a million statements on every click, so the corpus keeps columns in the forms that make
that cheap: categoricals for speaker/outlet/stance/kind, a day number for dates (undated rows are NaN, never
today), integer codes for clusters, and the list columns (topics, counterparts) exploded into two flat arrays.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from quoteline.query import id_numbers
from quoteline.query.id_numbers import RowsById, to_ids
from quoteline.schema import S

LOGGER = logging.getLogger(__name__)

# fmt: off
# Columns every filter, count and bin needs: read when the corpus is built (small, dictionary-like columns).
# The speaker type is among them: the speaker-type filter's counts need it on every first page, and a read
# of its own would open the statements table a second time.
EAGER_COLUMNS: tuple[str, ...] = (
    S.speaker, S.kind, S.date, S.topics, S.counterparts, S.stance, S.outlet, S.cluster_id, S.speaker_type,
)
# Columns needed only to show or search statements: read on first use (the bulk of the bytes at 1M rows).
LAZY_COLUMNS: tuple[str, ...] = (
    S.statement_id, S.text, S.article_id, S.cue, S.start, S.end, S.date_source,
)
# fmt: on
# `n_sources` is derived from clusters, outlets and article ids the first time it is asked for;
# `referenced_dates` stays in the store.
CORPUS_COLUMNS: tuple[str, ...] = (*EAGER_COLUMNS, *LAZY_COLUMNS, S.n_sources)
Fetch = Callable[[Sequence[str]], pd.DataFrame]
# Lazy columns a lean corpus (one with ``rows_from``) never holds whole: they come from the lake by id. It
# keeps the ids (they map the lake's answers to rows) and the date source (a categorical: a byte a row, and
# the table sorts by it).
FROM_LAKE: tuple[str, ...] = tuple(c for c in LAZY_COLUMNS if c not in (S.statement_id, S.date_source))


class RowSource(Protocol):
    """Where a lean corpus reads the rows it shows (``quoteline.query.lake_rows.LakeRows``)."""

    def rows(self, ids: Sequence[str], dates: Sequence[object], columns: Sequence[str]) -> pa.Table: ...

    def search(self, query: str) -> pa.Array: ...

    def search_rows(
        self, query: str, numbers: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None: ...

    def of_article(self, article_id: str) -> pa.Array: ...

    def warm(self, numbers: np.ndarray | None = None) -> None: ...


CATEGORICAL = (S.speaker, S.speaker_type, S.kind, S.stance, S.outlet, S.date_source)
# Days since 1970-01-01 as float32 (NaN when undated): exact, as every whole number below 2**24 (year 47,900)
# is, and half of float64's 80 MB at 10M rows. Read by comparisons, min/max and sorts, never summed.
DAY = "day"
CLUSTER = "cluster_code"  # integer code of cluster_id
CLUSTER_SIZE = "cluster_size"  # rows sharing the cluster, corpus-wide
WEEK = "week"  # Monday-based week number since 1970 (-1 when undated)
MONTH = "month"  # month number since 1970-01 (-1 when undated)
PRIMARY_TOPIC = "primary_topic"  # code of the first topic in Corpus.topics.labels (-1 when none)
NO_OUTLET = "(unknown outlet)"
# Row positions as the queries hold them (selections, lanes, cells): half the memory of int64, and 10M rows
# fit with room to spare. ``Corpus.from_columns`` refuses a corpus whose rows would not.
ROW = np.int32
_NONZERO_SLICE = 1 << 20  # mask entries per step of ``nonzero``
CLUSTER_FINGERPRINTS = "cluster_fingerprints"  # memo slot: each cluster code's fingerprint (uint64)
_ID_NUMBERS = "id_numbers"  # memo slot of the statement ids as 64-bit numbers (``hold_id_numbers``)


@dataclass(frozen=True)
class Tags:
    """A list column exploded to parallel arrays: ``rows[i]`` carries label ``labels[codes[i]]``."""

    rows: np.ndarray
    codes: np.ndarray
    labels: tuple[str, ...]

    def pointers(self, n_rows: int) -> np.ndarray:
        """CSR row pointers: row ``r``'s labels are ``codes[p[r]:p[r + 1]]`` (``rows`` is ascending)."""
        return np.searchsorted(self.rows, np.arange(n_rows + 1))

    def rows_with_any(self, wanted: Iterable[str], n_rows: int) -> np.ndarray:
        """A boolean mask over the corpus rows that carry at least one wanted label."""
        lookup = {label: i for i, label in enumerate(self.labels)}
        wanted_codes = [lookup[w] for w in wanted if w in lookup]
        mask = np.zeros(n_rows, dtype=bool)
        if wanted_codes:
            # np.compress and an intp scatter: numpy's boolean index and int32 scatter were several times
            # slower over the 14M tags of a 10M-row store.
            mask[np.compress(codes_in(self.codes, wanted_codes), self.rows).astype(np.intp)] = True
        return mask

    def counts(self) -> dict[str, int]:
        """How many rows carry each label."""
        tally = np.bincount(self.codes, minlength=len(self.labels))
        return {label: int(tally[i]) for i, label in enumerate(self.labels)}

    def first_code(self, n_rows: int) -> np.ndarray:
        """Each row's first label code (its primary one), or -1 when it has none."""
        out = np.full(n_rows, -1, dtype=np.result_type(self.codes.dtype, np.int16))
        if len(self.rows):
            # rows are ascending, so the first occurrence of each row is its first label.
            first = np.r_[True, self.rows[1:] != self.rows[:-1]]
            out[self.rows[first]] = self.codes[first]
        return out


def narrow(values: np.ndarray) -> np.ndarray:
    """Integer codes as int16 when every value fits (half of int32's memory and mapped bytes), else as
    int32 (they are below the row count or a week number: ``ROW`` bounds both). For the per-row codes held
    for the corpus' life (weeks, months, tag codes, cluster sizes): their readers widen them before any
    arithmetic that could outgrow 16 bits."""
    small = np.iinfo(np.int16)
    if len(values) and (values.min() < small.min or values.max() > small.max):
        return values.astype(np.int32, copy=False)
    return values.astype(np.int16, copy=False)


def nonzero(mask: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(mask)`` as ``ROW`` integers, without its int64 result: 80 MB at 10M rows."""
    out = np.empty(int(np.count_nonzero(mask)), dtype=ROW)
    at = 0
    for start in range(0, len(mask), _NONZERO_SLICE):
        found = np.flatnonzero(mask[start : start + _NONZERO_SLICE])
        out[at : at + len(found)] = found + start
        at += len(found)
    return out


_FEW_CODES = 4  # up to this many wanted codes, one compare each beats a lookup table


def codes_in(codes: np.ndarray, wanted: Sequence[int]) -> np.ndarray:
    """A mask of the ``codes`` (small non-negative integers, -1 for missing) that are among ``wanted``.

    Not ``np.isin`` (100 to 250 ms over 10M codes here), nor one lookup over all of them: numpy widens a
    small-integer index to intp, an 8-byte temporary per row. A compare per wanted code when they are few,
    else a flag per code looked up a slice at a time."""
    codes = np.asarray(codes)
    distinct = sorted({int(c) for c in wanted if c >= 0})
    out = np.zeros(len(codes), dtype=bool)
    if len(distinct) <= _FEW_CODES:
        for code in distinct:
            out |= codes == code
        return out
    flags = np.zeros(max(distinct) + 2, dtype=bool)  # the last slot answers a missing value's -1
    flags[distinct] = True
    top = len(flags) - 1
    for start in range(0, len(codes), _NONZERO_SLICE):
        part = codes[start : start + _NONZERO_SLICE].astype(np.intp)
        np.minimum(part, top, out=part)  # codes past the wanted ones are never wanted
        part[part < 0] = top
        out[start : start + _NONZERO_SLICE] = flags[part]
    return out


def category_codes(column: pd.Series) -> np.ndarray:
    """A categorical column's codes as the corpus holds them, not copied (read-only): pandas'
    ``.cat.codes`` builds a new Series, a copy of every code (10 MB a call at 10M rows, and the mapped
    corpus' codes copied out of their file)."""
    values = column.array
    if not isinstance(values, pd.Categorical):
        raise TypeError(f"{column.name}: not a categorical column")
    return values.codes


def _first_listing(rows: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Mask keeping each (row, label) once: a label listed twice on one row still tags it once, and the
    first listing (the primary) keeps its place. Lists are short, so compare each entry with its few
    predecessors in the same row instead of hashing every pair."""
    keep = np.ones(len(rows), dtype=bool)
    longest = int(np.bincount(rows).max()) if len(rows) else 0
    for back in range(1, longest):
        same = (rows[back:] == rows[:-back]) & (codes[back:] == codes[:-back])
        keep[back:] &= ~same
    return keep


# A column as the corpus builder takes it: Arrow as read from the store (strings possibly dictionary-encoded),
# or a pandas Series (Arrow-backed as ``_to_frame`` gives it, or plain objects as tests build them).
Column: TypeAlias = pd.Series | pa.Array | pa.ChunkedArray
# Rows hashed at a time when fingerprinting strings: bounds the per-byte temporaries to a few tens of MB.
_HASH_ROWS = 1 << 16
_HASH_WIDTH = 64  # positions in the tabulation table (ids are 16 characters; longer strings reuse its rows)
# Tabulation hashing: one random 64-bit word per (position, byte), XORed over the string's bytes.
_HASH_TABLE = np.frombuffer(
    np.random.default_rng(0x5CA1AB1E).bytes(_HASH_WIDTH * 256 * 8), dtype=np.uint64
).reshape(_HASH_WIDTH, 256)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _arrow(values: pd.Series) -> pa.Array:
    """The Arrow array behind an Arrow-backed column, in one chunk (not copied when it already is)."""
    chunked = pa.chunked_array(values.array._pa_array)
    return chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()


def _arrow_of(values: Column) -> pa.ChunkedArray | None:
    """A column's Arrow data (not copied), or None for a plain pandas column."""
    if isinstance(values, pa.ChunkedArray):
        return values
    if isinstance(values, pa.Array):
        return pa.chunked_array([values])
    if isinstance(values.dtype, pd.ArrowDtype):
        return pa.chunked_array(values.array._pa_array)  # type: ignore[union-attr]
    return None


def _indices(encoded: pa.DictionaryArray) -> np.ndarray:
    """Dictionary indices as numpy, missing values as -1."""
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return np.asarray(indices)


def _dictionary(values: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's index (-1 when missing) into the distinct strings, and those strings.

    A column read dictionary-encoded (``Store.read_arrow(encoded=...)``) has a dictionary per chunk: each is
    mapped onto one list of names (a few thousand), and only the indices are spread to the rows; the strings
    are never decoded to one per row. (Arrow's ``unify_dictionaries`` refuses dictionaries holding a null.)
    """
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(values)
    lookup: dict[str, int] = {}
    parts = []
    for chunk in values.chunks:
        names = chunk.dictionary.to_pylist()
        # The last slot maps a missing row (index -1) to -1.
        remap = [-1 if n is None else lookup.setdefault(n, len(lookup)) for n in names]
        parts.append(np.asarray([*remap, -1], dtype=np.int32)[_indices(chunk)])
    labels = np.empty(len(lookup), dtype=object)
    labels[:] = list(lookup)
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)), labels


def _in_appearance_order(indices: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same coding with the labels in order of first appearance and the unused ones dropped.

    Unified per-chunk dictionaries may list a name no row keeps (a deleted statement's); and the pages
    order lanes and ties by category order, which must not depend on how the store's files are cut.
    """
    seen = pd.unique(indices)
    seen = seen[seen >= 0]
    if len(seen) == len(labels) and bool((seen == np.arange(len(seen))).all()):
        return indices, labels
    remap = np.full(len(labels) + 1, -1, dtype=np.int32)  # the last slot maps a missing value (-1) to -1
    remap[seen] = np.arange(len(seen), dtype=np.int32)
    return remap[indices], labels[seen]


def _category(values: Column) -> pd.Categorical:
    """A string column as a categorical, codes in order of first appearance (missing values get -1)."""
    arrow = _arrow_of(values)
    if arrow is None:
        assert isinstance(values, pd.Series)
        return pd.Categorical(values.astype("object").where(values.notna(), None))
    codes, labels = _in_appearance_order(*_dictionary(arrow))
    # The labels are distinct and the codes in range: skip pandas' million-row check.
    return pd.Categorical.from_codes(  # type: ignore[return-value]
        codes, dtype=pd.CategoricalDtype(pd.Index(labels, dtype=object)), validate=False
    )


def _explode(values: Column) -> Tags:
    """Explode a list column, using Arrow's flat buffers when the column is Arrow."""
    arrow = _arrow_of(values)
    if arrow is not None and pa.types.is_list(arrow.type):
        rows = np.asarray(pc.list_parent_indices(arrow), dtype=np.int64)
        indices, names = _dictionary(pc.list_flatten(arrow))
        if len(indices) and indices.min() < 0:  # a missing tag tags nothing
            rows, indices = rows[indices >= 0], indices[indices >= 0]
        used = np.bincount(indices, minlength=len(names)) > 0
        if not used.all():  # per-chunk dictionaries may list a tag no row keeps
            names, indices = names[used], (np.cumsum(used) - 1)[indices]
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes = rank[indices.astype(np.int64)]
        uniques = names[order]
    else:
        assert isinstance(values, pd.Series)
        exploded = pd.Series(values.to_numpy(), dtype="object").explode()
        present = exploded.notna().to_numpy()
        rows = np.asarray(exploded.index, dtype=np.int64)[present]
        codes, uniques = pd.factorize(exploded[present].astype(str).to_numpy(), sort=True)
    first = _first_listing(rows, np.asarray(codes, dtype=np.int64))
    return Tags(
        rows=rows[first].astype(ROW),
        codes=narrow(np.asarray(codes[first])),
        labels=tuple(str(u) for u in uniques),
    )


def _parse_days(text: pa.Array) -> np.ndarray:
    length = pc.utf8_length(text)
    padded = pc.if_else(pc.equal(length, 7), pc.binary_join_element_wise(text, "-01", ""), text)
    padded = pc.if_else(pc.equal(length, 4), pc.binary_join_element_wise(text, "-01-01", ""), padded)
    parsed = pc.strptime(padded, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls impossible days over (Feb 30 -> Mar 1): keep only dates that print back unchanged.
    exact = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), padded)
    days = pc.if_else(exact, pc.cast(pc.cast(parsed, pa.date32()), pa.int32()), None)
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype="float64")


def _date_codes(dates: Column) -> tuple[np.ndarray, pa.Array]:
    """Each row's index into the distinct dates (-1 when undated), and those dates.

    A million statements fall on a few thousand days: everything below works on each distinct date once.
    """
    arrow = _arrow_of(dates)
    if arrow is None:
        assert isinstance(dates, pd.Series)
        arrow = pa.chunked_array([pa.array(dates.astype("object").where(dates.notna(), None), pa.string())])
    indices, labels = _dictionary(arrow)
    return indices, pa.array(labels, pa.string())


def date_to_day(dates: pd.Series) -> np.ndarray:
    """ISO dates (day, month or year precision) to days since epoch; missing or bad dates become NaN."""
    indices, labels = _date_codes(dates)
    return np.append(_parse_days(labels), np.nan)[indices]  # index -1 (undated): the NaN appended


def _period_columns(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Week and month numbers of each day, -1 where the day is NaN."""
    dated = ~np.isnan(days)
    d = np.where(dated, days, 0).astype("int64")
    week = (d + 3) // 7  # 1970-01-01 was a Thursday; +3 makes weeks start on Monday.
    months = d.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return narrow(np.where(dated, week, -1)), narrow(np.where(dated, months, -1))


def _date_columns(dates: Column) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Categorical]:
    """Day, week and month of each row, computed per distinct date and then spread to the rows; and the
    date column as the corpus keeps it: the stored ISO text as a categorical (a few thousand distinct
    dates, so 2 bytes a row; as one string a row it held 140 MB at 10M statements). ``Corpus.date_text``
    gives some rows' text back as Arrow strings. The dates in order of first appearance, as the other
    categoricals: the coding must not depend on how the store's files are cut."""
    indices, found = _date_codes(dates)
    indices, kept = _in_appearance_order(indices, found.to_numpy(zero_copy_only=False))
    return date_arrays(indices, pa.array(kept, pa.string()))


def date_arrays(
    indices: np.ndarray, labels: pa.Array
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Categorical]:
    """``_date_columns`` from the rows' indices (-1 when undated) into the distinct dates ``labels`` (in
    order of first appearance): the encoded folder's update (``encoded_update``) derives them so too."""
    days = np.append(_parse_days(labels), np.nan)  # index -1 (undated): the NaN appended
    weeks, months = _period_columns(days)
    days = days.astype(np.float32)
    text = pd.Categorical.from_codes(  # the labels are distinct and the codes in range: no row check
        indices, dtype=pd.CategoricalDtype(pd.Index(labels.to_pylist(), dtype=object)), validate=False
    )
    return days[indices], weeks[indices], months[indices], text  # type: ignore[return-value]


def _n_sources(outlet: np.ndarray, article_ids: pd.Series, cluster: np.ndarray) -> np.ndarray:
    """Distinct outlets (or, when the outlet is unknown, articles) that carried each row's cluster.

    The same count as ``quoteline.store.clusters.n_sources``, from integer codes (outlet code -1 = unknown).
    """
    if not len(cluster):
        return np.zeros(0, dtype=np.int64)
    source = outlet.copy()
    unknown = np.flatnonzero(outlet < 0)
    if unknown.size:  # an unknown outlet counts once per article
        source[unknown] = outlet.max() + 1 + np.asarray(pd.factorize(article_ids.iloc[unknown])[0])
    width = int(source.max()) + 1
    # The cluster codes are int32: widen them before the product, which outgrows 32 bits.
    pairs = np.sort(cluster.astype(np.int64) * width + source)  # sort-based unique: hashed is slow here
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    return np.bincount(pairs // width, minlength=int(cluster.max()) + 1)[cluster].astype(np.int64)


def _chunk_fingerprints(chunk: pa.Array) -> np.ndarray:
    """The 64-bit fingerprint of each string of one (short) chunk, from its Arrow buffers."""
    n = len(chunk)
    wide = pa.types.is_large_string(chunk.type)
    offsets_buffer, data_buffer = chunk.buffers()[1:3]
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if wide else np.int32)
    offsets = offsets[chunk.offset : chunk.offset + n + 1].astype(np.int64)
    lengths = np.diff(offsets)
    fingerprints = lengths.astype(np.uint64) * _GOLDEN
    total = int(offsets[-1] - offsets[0])
    if total:
        data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
        starts = offsets[:-1] - offsets[0]
        at = np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)
        mixed = _HASH_TABLE[at % _HASH_WIDTH, data]
        filled = lengths > 0
        fingerprints[filled] ^= np.bitwise_xor.reduceat(mixed, starts[filled])
    if chunk.null_count:  # a missing id: one value of its own (no string hashes to all ones and length 0)
        fingerprints[np.asarray(chunk.is_null())] = np.uint64(2**64 - 1)
    return fingerprints


def _fingerprints(values: pa.ChunkedArray) -> np.ndarray:
    """A 64-bit tabulation hash of each string, computed a slice at a time from Arrow's buffers.

    Equal strings hash alike; two of ten million distinct ones collide with probability about 3e-6.
    """
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    parts = [
        _chunk_fingerprints(chunk.slice(at, _HASH_ROWS))
        for chunk in values.chunks
        for at in range(0, len(chunk), _HASH_ROWS)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _cluster_columns(cluster_ids: Column) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Cluster codes (order of first appearance), how many rows share each row's cluster, and the
    fingerprint of each code (None for a plain pandas column: those are factorized as strings).

    Cluster ids are near-unique strings: dictionary-encoding ten million of them held a hash table and a
    copy of every string (about 0.7 GB at 10M); their 64-bit fingerprints are factorized instead. The
    encoded folder keeps the fingerprints, so its update finds a new statement's cluster among the stored
    ones without reading every cluster id (``encoded_update``).
    """
    arrow = _arrow_of(cluster_ids)
    uniques = None
    if arrow is None:
        codes = np.asarray(pd.factorize(cluster_ids)[0], dtype=np.int64)
    else:
        found, uniques = pd.factorize(_fingerprints(arrow))
        codes = np.asarray(found, dtype=np.int64)
        uniques = np.asarray(uniques, dtype=np.uint64)
    # Held per row for the corpus' life: as int32 (the codes are below the row count), half of int64's size;
    # the sizes as int16 when the largest cluster fits (it does in every store measured).
    return codes.astype(ROW), narrow(np.bincount(codes)[codes] if len(codes) else codes), uniques


class StaleCorpus(RuntimeError):
    """The store changed under a corpus before its lazy columns were read: rebuild the corpus."""


def _prepare(name: str, values: pd.Series) -> pd.Series:
    """A lazy column as the corpus keeps it (categoricals for the few-valued ones)."""
    values = values.reset_index(drop=True)
    return pd.Series(_category(values)) if name in CATEGORICAL else values


@dataclass(frozen=True)
class Corpus:
    """Statements ready for fast filtering, plus their exploded topics and counterparts.

    ``frame`` holds the eager columns and derived ones; ``col``/``take`` also reach the lazy columns, which
    ``fetch`` reads from the same store version on first use (or ``prefetch`` reads in the background).
    A lean corpus (``rows_from`` set, above ``lake_rows_min_statements``) holds no text: ``take`` reads the
    ``FROM_LAKE`` columns of just the rows asked for from the lake, and searches ask the lake.
    """

    frame: pd.DataFrame
    topics: Tags
    counterparts: Tags
    version: str = ""
    fetch: Fetch | None = None
    rows_from: RowSource | None = None
    _lazy: dict[str, pd.Series] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _column_locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _alive: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.frame)

    @classmethod
    def from_frame(
        cls,
        statements: pd.DataFrame,
        version: str = "",
        fetch: Fetch | None = None,
        rows_from: RowSource | None = None,
    ) -> Corpus:
        """Build a corpus from a statements frame; lazy columns come from ``statements`` or from ``fetch``
        (``rows_from``: a lean corpus, see the class docstring)."""
        df = statements.reset_index(drop=True)
        eager = {col: df[col] for col in EAGER_COLUMNS if col in df.columns}
        corpus = cls.from_columns(eager, len(df), version, fetch=fetch, rows_from=rows_from)
        for col in (*LAZY_COLUMNS, S.n_sources):
            if col in df.columns:
                corpus._lazy[col] = _prepare(col, df[col])
        return corpus

    @classmethod
    def from_columns(
        cls,
        given: dict[str, Column],
        n_rows: int,
        version: str = "",
        fetch: Fetch | None = None,
        rows_from: RowSource | None = None,
    ) -> Corpus:
        """Build a corpus from the eager columns (``load_corpus``: Arrow as read, the few-valued strings
        dictionary-encoded). Each column is taken out of ``given`` and dropped once encoded, so the strings
        of one column at most are held beside the codes (the read's peak, not the sum of every column's)."""
        if n_rows > np.iinfo(ROW).max:
            raise ValueError(f"a corpus holds at most {np.iinfo(ROW).max:,} statements, not {n_rows:,}")
        columns: dict[str, Any] = {}
        for col in (S.speaker, S.kind, S.stance, S.outlet, S.speaker_type):
            if col in given:  # the speaker type is eager when given; otherwise read on first use
                columns[col] = _category(given.pop(col))
        unknown_outlet = None
        outlet = columns[S.outlet]
        if (outlet.codes < 0).any():
            unknown_outlet = len(outlet.categories)
            columns[S.outlet] = outlet.add_categories([NO_OUTLET]).fillna(NO_OUTLET)
        days, weeks, months, columns[S.date] = _date_columns(given.pop(S.date))
        columns[DAY], columns[WEEK], columns[MONTH] = days, weeks, months
        columns[CLUSTER], columns[CLUSTER_SIZE], fingerprints = _cluster_columns(given.pop(S.cluster_id))
        topics = _explode(given.pop(S.topics))
        columns[PRIMARY_TOPIC] = topics.first_code(n_rows)
        counterparts = _explode(given.pop(S.counterparts))
        corpus = cls(
            frame=pd.DataFrame(columns, index=pd.RangeIndex(n_rows), copy=False),  # no copy into 2-D blocks
            topics=topics,
            counterparts=counterparts,
            version=version,
            fetch=fetch,
            rows_from=rows_from,
        )
        corpus._memo["unknown_outlet"] = unknown_outlet
        if fingerprints is not None:  # for the encoded folder (``encoded.write`` takes them out)
            corpus._memo[CLUSTER_FINGERPRINTS] = fingerprints
        return corpus

    def _column_lock(self, name: str) -> threading.Lock:
        with self._lock:
            return self._column_locks.setdefault(name, threading.Lock())

    def col(self, name: str) -> pd.Series:
        """One column, eager or lazy (a lazy one is read from the store the first time it is asked for)."""
        if name in self.frame.columns:
            return self.frame[name]
        found = self._lazy.get(name)
        if found is not None:
            return found
        # One lock per column: a background read of the text does not hold up a read of the ids.
        if self.rows_from is not None and name in FROM_LAKE:
            # A path that still wants the whole column: right, at the memory the lean corpus saves.
            LOGGER.warning("a lean corpus (version %s) reads its whole %s column", self.version, name)
        with self._column_lock(name):
            if name not in self._lazy:
                self._lazy[name] = self._derive_n_sources() if name == S.n_sources else self._read(name)
            return self._lazy[name]

    def _read(self, name: str) -> pd.Series:
        if self.fetch is None or name not in CORPUS_COLUMNS or name == S.n_sources:
            raise KeyError(name)
        fetched = self.fetch([name])
        if len(fetched) != len(self.frame):
            raise StaleCorpus(f"the store changed since version {self.version} was loaded")
        return _prepare(name, fetched[name])

    def _read_together(self, names: Sequence[str]) -> None:
        """Read the lazy columns ``names`` not yet read, in one pass over the store's files.

        Each read of the store opens every data file of the version (163 on the real corpus), about 0.09 s
        of CPU whatever the columns; reading the seven lazy columns one at a time cost 0.7 s, together about
        0.15 s. The columns' locks are held meanwhile, so a page asking for one of them waits for this read
        rather than starting its own.
        """
        locks = [self._column_lock(name) for name in names]
        for lock in locks:
            lock.acquire()
        try:
            missing = [n for n in names if n not in self._lazy and not self._numbered(n)]
            if not missing or self.fetch is None:
                return
            fetched = self.fetch(missing)
            if len(fetched) != len(self.frame):
                raise StaleCorpus(f"the store changed since version {self.version} was loaded")
            for name in missing:
                if name == S.statement_id and self.rows_from is not None:
                    # A lean corpus keeps the ids as 64-bit numbers (a third of the strings' memory).
                    numbers = id_numbers.to_numbers(_arrow(fetched[name]))
                    if numbers is not None:
                        self.hold_id_numbers(numbers)
                        continue
                self._lazy[name] = _prepare(name, fetched[name])
        finally:
            for lock in locks:
                lock.release()

    def hold_id_numbers(self, numbers: np.ndarray, lookup: RowsById | None = None) -> None:
        """Hold the statement ids as 64-bit numbers (``id_numbers``), one per row, instead of strings:
        ``take``, ``row_of`` and ``rows_of_ids`` answer from them; ``col`` still reads the strings whole.
        ``lookup``: their index (``RowsById``), built before (the encoded corpus maps it), which a search's
        ids are matched with; else the first search builds it (about 1.3 CPU s at 10M rows)."""
        if len(numbers) != len(self.frame):
            raise ValueError(f"{len(numbers)} statement id numbers for {len(self.frame)} rows")
        if lookup is not None and len(lookup.numbers) != len(numbers):
            raise ValueError(f"an id lookup of {len(lookup.numbers)} numbers for {len(numbers)} rows")
        self._memo[_ID_NUMBERS] = numbers
        if lookup is not None:
            self.memo(("rows_by_id",), lambda: lookup, keep=1)

    def keep(self, name: str, values: pd.Series) -> None:
        """Hold lazy column ``name`` as read elsewhere (all rows, in order), as if ``col`` had read it."""
        if name not in LAZY_COLUMNS or len(values) != len(self.frame):
            raise ValueError(f"{name}: not a lazy column of {len(self.frame)} rows")
        with self._column_lock(name):
            self._lazy[name] = _prepare(name, values) if name not in self._lazy else self._lazy[name]

    def id_sort_keys(self) -> np.ndarray:
        """One unsigned number per row that sorts as its statement id does: the 64-bit id numbers when the
        ids are 16 hex digits (every id Quoteline writes), else a dense rank of the id strings (code point
        order, which is SQL's byte order of UTF-8). The statements table's last tie-break, the one ``ORDER BY
        statement_id`` makes."""
        numbers = self._id_numbers()
        if numbers is not None:
            return numbers

        def encode() -> np.ndarray:
            ids = self.col(S.statement_id)
            encoded = id_numbers.to_numbers(_arrow(ids)) if isinstance(ids.dtype, pd.ArrowDtype) else None
            if encoded is not None:
                return encoded
            return ids.astype(str).rank(method="dense").to_numpy(dtype=np.uint64)

        found: np.ndarray = self.memo(("id_sort_keys",), encode, keep=1)
        return found

    def _numbered(self, name: str) -> bool:
        return name == S.statement_id and _ID_NUMBERS in self._memo

    def id_numbers(self) -> np.ndarray | None:
        """The statement ids as numbers, one per row (``hold_id_numbers``), or None: held as strings."""
        return self._id_numbers() if S.statement_id not in self._lazy else None

    def _id_numbers(self) -> np.ndarray | None:
        """The statement id numbers, read first (or waited for, when the background read has them) when
        this corpus would hold its ids as numbers; None when it holds them as strings."""
        if _ID_NUMBERS not in self._memo and S.statement_id not in self._lazy and self.rows_from is not None:
            self._read_together([S.statement_id])
        numbers: np.ndarray | None = self._memo.get(_ID_NUMBERS)
        return numbers

    def _ids_at(self, at: np.ndarray) -> np.ndarray:
        """The statement ids of rows ``at``, as Python strings."""
        numbers = self._id_numbers()
        if numbers is not None:
            return np.asarray(to_ids(numbers[at]).to_numpy(zero_copy_only=False), dtype=object)
        return self.col(S.statement_id).iloc[at].to_numpy().astype(object)

    def id_array(self, rows: np.ndarray) -> pa.Array:
        """The statement ids of ``rows``, in order, as one Arrow string array: a download's million ids
        without a Python string each (``_ids_at`` makes one per id, for a page's few)."""
        at = np.asarray(rows, dtype=np.int64)
        numbers = self._id_numbers() if S.statement_id not in self._lazy else None
        if numbers is not None:
            return to_ids(numbers[at])
        ids = self.col(S.statement_id)
        if isinstance(ids.dtype, pd.ArrowDtype):
            return _arrow(ids).take(pa.array(at))
        return pa.array(ids.to_numpy(dtype=object)[at], pa.string())

    def _derive_n_sources(self) -> pd.Series:
        outlet = self.frame[S.outlet].cat.codes.to_numpy().astype(np.int64)
        unknown = self._memo.get("unknown_outlet")
        if unknown is not None:
            outlet[outlet == unknown] = -1
        cluster = self.frame[CLUSTER].to_numpy()
        article_ids = self.col(S.article_id) if unknown is not None else pd.Series([], dtype=object)
        return pd.Series(_n_sources(outlet, article_ids, cluster))

    def prefetch(self, columns: Sequence[str] = LAZY_COLUMNS) -> threading.Thread | None:
        """Read lazy columns in a background thread, so the first search or marker does not wait for them.

        Starts the thread once per corpus (later calls return it again); None when there is nothing to read.
        """
        with self._lock:
            started = self._memo.get("prefetch")
            if started is not None or self.fetch is None or not len(self):
                return started
            if self.rows_from is not None:  # lean: only what it keeps (the ids map the lake's answers)
                columns = [c for c in columns if c not in FROM_LAKE]
            columns = [c for c in columns if not self._numbered(c)]  # ids mapped as numbers: nothing to read

            def run() -> None:
                try:
                    self._read_together([c for c in columns if c != S.n_sources])
                    if self.rows_from is not None:
                        self.rows_from.warm(self.id_numbers())
                    if S.n_sources in columns:
                        self.col(S.n_sources)
                    # The shared rows in cluster order, which every page's markers are counted in: a sort
                    # of the whole store's shared rows, made here rather than by the first change to need it.
                    from quoteline.query.cell_counts import cluster_order

                    cluster_order(self)
                except Exception as exc:  # the page's own read of the column reports it
                    LOGGER.info("reading ahead the columns of store version %s failed: %s", self.version, exc)

            thread = threading.Thread(target=run, name=f"quoteline-prefetch-{self.version}", daemon=True)
            self._memo["prefetch"] = thread
        thread.start()
        return thread

    def memo(self, key: tuple[Any, ...], make: Callable[[], Any], keep: int = 8) -> Any:
        """``make()``, remembered under ``key`` for this corpus (the last ``keep`` keys of this kind).

        The corpus is immutable and cached per store version, so what is derived from it can be too.
        """
        with self._lock:  # sessions share the corpus: guard the dict, not the (long) make()
            cache: dict[tuple[Any, ...], Any] = self._memo.setdefault(f"memo:{key[0]}", {})
            if key in cache:
                return cache[key]
        value = make()
        with self._lock:
            cache[key] = value
            while len(cache) > keep:  # dicts keep insertion order: drop the oldest
                del cache[next(iter(cache))]
        return value

    def remembered(self, key: tuple[Any, ...]) -> Any:
        """What ``memo`` holds under ``key``, or None: not made yet (or dropped); nothing is made."""
        with self._lock:
            return self._memo.get(f"memo:{key[0]}", {}).get(key)

    def while_alive(self, array: np.ndarray, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """``make()``, remembered under ``key`` for as long as ``array`` (a page run's selection) lives.

        What a page derives from its selection (exploded lanes, cells) is shared by that run's charts and
        dropped with the selection, instead of sitting in a memo of the last few selections: at 10M
        statements each remembered selection held hundreds of MB.
        """
        slot = (id(array), *key)
        with self._lock:
            if slot in self._alive:
                return self._alive[slot]
        value = make()
        with self._lock:
            fresh = slot not in self._alive
            if fresh:
                self._alive[slot] = value
        if fresh:  # outside the lock: nothing that may collect garbage runs while it is held
            # Runs when the array is freed, before its id can be another array's (``array`` is alive here).
            weakref.finalize(array, self._alive.pop, slot, None)
        return value

    def take(self, rows: np.ndarray | Sequence[int], columns: Sequence[str]) -> pd.DataFrame:
        """Some rows of some columns, eager or lazy, as a small frame (index = corpus row)."""
        at = np.asarray(rows, dtype=np.int64)
        remote = [c for c in columns if c in FROM_LAKE] if self.rows_from is not None else []
        fetched: dict[str, np.ndarray] = {}
        if remote and self.rows_from is not None:
            source = self.rows_from
            from quoteline.query.lake_rows import in_order

            def read() -> dict[str, np.ndarray]:
                ids = list(self._ids_at(at))
                found = source.rows(ids, list(self.date_text(at).to_numpy()), remote)
                return in_order(found, ids, remote)

            # A rerun of the same page (a click, a widget) asks for the same rows: remembered, not re-read.
            fetched = self.memo(("lake_rows", at.tobytes(), tuple(remote)), read)
        if S.statement_id in columns and S.statement_id not in self._lazy and self._id_numbers() is not None:
            fetched = {**fetched, S.statement_id: self._ids_at(at)}  # the remembered dict stays as it was
        if S.date in columns:
            fetched = {**fetched, S.date: self.date_text(at).to_numpy()}
        return pd.DataFrame(
            {c: fetched[c] if c in fetched else self.col(c).iloc[at].to_numpy() for c in columns}, index=at
        )

    def date_text(self, rows: np.ndarray | Sequence[int]) -> pd.Series:
        """The stored ISO date text of some rows as Arrow strings (null when undated), in the given order:
        the frame keeps the dates as a categorical, and pages show a few thousand rows of them at most."""
        dates = self.frame[S.date].array
        assert isinstance(dates, pd.Categorical)
        codes = np.asarray(dates.codes)[np.asarray(rows, dtype=np.int64)]
        labels = self.memo(("date_labels",), lambda: pa.array(list(dates.categories), pa.string()), keep=1)
        missing = codes < 0
        at = pa.array(codes, mask=missing) if missing.any() else pa.array(codes)
        return pd.Series(pd.arrays.ArrowExtensionArray(labels.take(at)))

    def rows_of_ids(self, ids: pa.Array) -> np.ndarray:
        """A boolean mask of the rows whose statement id is among ``ids``: strings, or their numbers
        (``id_numbers``, uint64: what the search index returns), matched as numbers without a string each."""
        numbers = self._id_numbers() if S.statement_id not in self._lazy else None
        if numbers is not None:  # the corpus holds its ids as numbers already (``hold_id_numbers``)
            if pa.types.is_uint64(ids.type):
                by_number: RowsById = self.memo(("rows_by_id",), lambda: RowsById(numbers), keep=1)
                return by_number.mask(ids.to_numpy())
            return id_numbers.rows_with(numbers, ids)
        held = self.col(S.statement_id)
        arrow = isinstance(held.dtype, pd.ArrowDtype)
        values = held.array._pa_array if arrow else pa.array(held.to_numpy(dtype=object), pa.string())
        if pa.types.is_uint64(ids.type):
            index = self.memo(("rows_by_id",), lambda: RowsById.of(values), keep=1)
            if index is not None:
                return index.mask(ids.to_numpy())
            ids = to_ids(ids.to_numpy())  # the corpus holds an id of another form (none is written so)
        found = pc.fill_null(pc.is_in(values, value_set=ids.cast(pa.string())), False)
        if isinstance(found, pa.ChunkedArray):
            return np.asarray(found.to_numpy(), dtype=bool)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)

    def _counts(self, column: str) -> pd.Series:
        """Rows per value of a categorical column, most frequent first (computed once per corpus)."""
        key = f"counts:{column}"
        if key not in self._memo:
            self._memo[key] = self.frame[column].value_counts(sort=True)
        counts: pd.Series = self._memo[key]
        return counts

    def speaker_counts(self) -> dict[str, int]:
        """Statements per speaker, most frequent first."""
        return {str(k): int(v) for k, v in self._counts(S.speaker).items() if v > 0}

    def category_values(self, column: str) -> list[str]:
        """Distinct values present in a categorical column, sorted."""
        return sorted(str(k) for k, v in self._counts(column).items() if v > 0)

    def row_of(self, statement_id: str) -> int | None:
        """Position of a statement, or None when the corpus does not hold it."""
        numbers = self._id_numbers() if S.statement_id not in self._lazy else None
        if numbers is not None:
            number = id_numbers.number_of(statement_id)
            if number is None:  # not of the form every held id has: not held
                return None
            found = np.flatnonzero(numbers == np.uint64(number))
            return int(found[0]) if len(found) else None
        hits = np.flatnonzero(self.col(S.statement_id).eq(statement_id).to_numpy(dtype=bool, na_value=False))
        return int(hits[0]) if len(hits) else None

    def tags_of(self, tags: Tags, row: int) -> list[str]:
        """The labels one row carries, in stored order."""
        lo, hi = np.searchsorted(tags.rows, [row, row + 1])
        return [tags.labels[c] for c in tags.codes[lo:hi]]
