"""Distinct statements per (lane, period) cell of a selection, counted a slice of the selection at a time.

The timeline's bins and the heatmaps count each cross-outlet cluster once per cell: of the markers of one
cluster that fall in one cell (a lane and a week, month or year), only the first, the one of the lowest
row, counts and gives the bin its colour. Four things make that cheap at ten million statements:

- **No marker array of the whole selection.** The selection is taken a slice of rows at a time: each
  slice's markers (one per statement on speaker lanes, one per (statement, topic) on topic lanes) are
  made, counted into the small cell grid and dropped. At 10M statements the exploded topic lanes of the
  no-filter page were 15.5M markers, held with their cells for the page run: hundreds of MB.
- **Repeats found by comparing neighbours, not by hashing.** Only rows of clusters of two or more rows
  (``CLUSTER_SIZE``) can repeat one another. The corpus keeps those rows in cluster order once
  (``cluster_order``); a selection's shared rows taken in that order have each cluster's markers side by
  side, so a marker repeats an earlier one when a neighbour a few places back has its cluster and cell.
  Clusters are small (a quote and the few outlets that carried it), so that is a few vector compares
  where pandas' hashed ``duplicated`` over every shared marker was a third of the no-filter page's CPU.
- **Repeats looked for only where they can be.** A repeat needs two rows of its cluster in one period, so
  only the clusters that meet so in the store (``meeting_order``, per grain) are looked up in a selection.
- **Written once.** The topics' row pointers, the cluster order and the meeting clusters of weeks and months
  are written with the encoded folder and mapped (``hold``), not counted by each process' first page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, Literal

import numpy as np

from quoteline.query.corpus import (
    CLUSTER,
    CLUSTER_SIZE,
    MONTH,
    PRIMARY_TOPIC,
    ROW,
    WEEK,
    Corpus,
    category_codes,
    nonzero,
)
from quoteline.query.palette import LEADER_COLOURS, OTHER_SPEAKERS
from quoteline.schema import S

Lane = Literal["leader", "topic"]
Colour = Literal["topic", "stance", "leader"]
Grain = Literal["week", "month", "year"]

NO_TOPIC = "(no topic)"
# Selected rows per slice: bounds each slice's marker arrays to a few MB (a row is up to a few markers).
SLICE = 1 << 18
# numpy 2.4 on this machine, 2M of 10M rows: a gather by int32 positions took 4 ms and by int64 2 ms, a
# scatter 14 ms against 2; a boolean index with a scattered mask 20 ms against 2 for ``np.compress``; a
# repeat by varying counts 30 ms. So positions are widened to ``np.intp`` a slice at a time, masks are
# applied with ``np.compress``, and markers are spread over their rows without ``np.repeat``.
# A selection holding more than this share of the store's shared rows picks them from the corpus' cluster
# order with a mask; a smaller one sorts its own (a mask is a byte a row of the whole store).
_MASK_SHARE = 8
# Fewer rows to look up than this share of the selection's: each is found by binary search in the selection,
# with no mask of the store.
_SEARCH_SHARE = 16
# The corpus' slots of the arrays its encoded folder holds (``hold``).
_HELD_POINTERS: Final = "held_topic_pointers"
_HELD_ORDER: Final = "held_cluster_order"
_HELD_MEETING: Final = "held_meeting_order"
# The grains whose meeting clusters the encoded folder holds (the timeline's and the heatmaps' usual ones).
MEETING_WRITTEN: Final[tuple[Grain, ...]] = ("week", "month")


def index_type(n_values: int) -> type[np.signedinteger[Any]]:
    """int32 for codes below ``n_values`` when they fit (half the memory of int64), else int64."""
    return np.int32 if n_values <= np.iinfo(np.int32).max else np.int64


def shared_rows(corpus: Corpus) -> np.ndarray:
    """A mask of the rows whose cluster has two or more rows (only they can repeat one another)."""
    shared: np.ndarray = corpus.memo(
        ("shared",), lambda: np.asarray(corpus.frame[CLUSTER_SIZE].to_numpy() > 1), keep=1
    )
    return shared


def cluster_order(corpus: Corpus) -> np.ndarray:
    """The shared rows ordered by cluster and, within one, by row (``ROW``; remembered per corpus).

    A quarter of a byte per row of the store at most (a third of the synthetic stores' rows are shared, 3%
    of the real corpus'), sorted once: each selection then takes its shared rows in this order. Mapped from
    the encoded folder when it holds them (``hold``), else sorted in the corpus' background read
    (``Corpus.prefetch``): sorting took 0.3 to 0.4 CPU s of a 10M process' first filtered page."""
    return _held_or_counted(corpus, _HELD_ORDER, ("cluster_order",), lambda: order_clusters(corpus), 1)


def _held_or_counted(
    corpus: Corpus, held: str, key: tuple[str, ...], count: Callable[[], np.ndarray], keep: int
) -> np.ndarray:
    """The array ``hold`` gave ``corpus`` under ``held`` (mapped from its encoded folder), else ``count()``
    remembered under ``key`` (``Corpus.memo``, ``keep`` of its kind)."""
    written = corpus._memo.get(held)
    if written is not None:
        return np.asarray(written)
    found: np.ndarray = corpus.memo(key, count, keep=keep)
    return found


def order_clusters(corpus: Corpus) -> np.ndarray:
    """``cluster_order`` counted afresh (the encoded folder's writer saves it)."""
    rows = nonzero(shared_rows(corpus))
    # Stable: equal clusters keep their rows ascending, so the first marker of a repeat is the lowest row.
    order = np.argsort(corpus.frame[CLUSTER].to_numpy()[rows], kind="stable")
    return rows[order]


def hold(
    corpus: Corpus,
    pointers: np.ndarray | None,
    order: np.ndarray | None,
    meeting: dict[Grain, np.ndarray] | None = None,
) -> None:
    """Give ``corpus`` its topic pointers, cluster order and clusters meeting per grain as written with its
    encoded folder (mapped), so that no process counts them again; None: counted on first use. The
    pointers' length is checked here (the others' by the folder's record)."""
    if pointers is not None:
        if len(pointers) != len(corpus) + 1 or (len(pointers) and pointers[-1] != len(corpus.topics.rows)):
            raise ValueError(f"{len(pointers)} topic pointers for {len(corpus)} rows")
        corpus._memo[_HELD_POINTERS] = pointers
    if order is not None:
        corpus._memo[_HELD_ORDER] = order
    for grain, rows in (meeting or {}).items():
        corpus._memo[f"{_HELD_MEETING}.{grain}"] = rows


def _slices(values: np.ndarray, step: int | None = None) -> Iterator[np.ndarray]:
    """``values`` a slice at a time, as ``np.intp`` (the positions numpy indexes with fastest)."""
    step = step or SLICE
    for start in range(0, len(values), step):
        yield values[start : start + step].astype(np.intp)


def _shared_in_cluster_order(corpus: Corpus, rows: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The shared rows among ``rows`` (ascending) that ``order`` (shared rows in cluster order: all of them,
    or those of the clusters that can repeat, ``meeting_order``) holds, in cluster order; a small selection
    gives all its shared rows (sorting them costs less than looking each up in ``order``)."""
    if len(rows) * _MASK_SHARE < len(order):
        shared = shared_rows(corpus)
        picked = np.concatenate(
            [np.zeros(0, ROW), *(np.compress(shared[part], part) for part in _slices(rows))]
        )
        by_cluster = np.argsort(corpus.frame[CLUSTER].to_numpy()[picked], kind="stable")
        return picked[by_cluster].astype(ROW)
    if len(order) * _SEARCH_SHARE < len(rows):  # a few to look up: a binary search each, no mask
        at = np.searchsorted(rows, order)
        np.minimum(at, len(rows) - 1, out=at)
        return np.compress(rows[at] == order, order).astype(ROW)
    chosen = np.zeros(len(corpus), dtype=bool)
    for part in _slices(rows):
        chosen[part] = True
    kept = [np.compress(chosen[part], part).astype(ROW) for part in _slices(order)]
    return np.concatenate([np.zeros(0, ROW), *kept])


def repeats(cluster: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """A mask of the markers whose (cluster, cell) an earlier marker already has, for markers whose
    clusters are contiguous (each cluster's markers side by side, in the order that decides which is first).

    Compares each marker with the one ``back`` places before while those are of its cluster: as many
    passes as the longest cluster has markers, each over the markers still within reach of a mate."""
    repeat = np.zeros(len(cell), dtype=bool)
    at = np.flatnonzero(cluster[1:] == cluster[:-1]) + 1
    back = 1
    while at.size:
        repeat[np.compress(cell[at] == cell[at - back], at)] = True
        back += 1
        at = np.compress(at >= back, at)
        at = np.compress(cluster[at - back] == cluster[at], at)
    return repeat


def _owners(width: np.ndarray) -> np.ndarray:
    """``np.repeat(np.arange(len(width)), width)`` for widths of one or more, by a scatter and a cumsum
    (the repeat by varying counts is several times slower)."""
    ends = np.cumsum(width, dtype=np.intp)
    owner = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.intp)
    owner[ends[:-1]] = 1
    return np.cumsum(owner, out=owner)


class _Lanes:
    """How rows become markers on one kind of lane, and the lanes' labels."""

    labels: tuple[str, ...]
    # Speaker lanes only: the rows per speaker code, and the codes they hold (``whole_cells.of_speakers``).
    tally: np.ndarray | None = None
    present: np.ndarray | None = None

    def markers(self, rows: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """Each marker's row, as a position in ``rows`` (None: one marker a row), and its lane code; the
        markers of a row side by side, in the rows' order."""
        raise NotImplementedError

    def slots(self, rows: np.ndarray) -> Iterator[tuple[np.ndarray | None, np.ndarray]]:
        """The same markers in any order, as groups: which of ``rows`` (positions; None: every one, in
        order) and their lane codes. Cheaper than ``markers`` when the order does not matter: no row is
        repeated per marker."""
        raise NotImplementedError


class _SpeakerLanes(_Lanes):
    """One marker per statement, on its speaker's lane; only the speakers the selection holds get one."""

    def __init__(self, corpus: Corpus, rows: np.ndarray) -> None:
        speaker = corpus.frame[S.speaker]
        self.codes = category_codes(speaker)
        n_speakers = len(speaker.cat.categories)
        tally = np.zeros(n_speakers, dtype=np.int64)
        for part in _slices(rows):
            tally += np.bincount(self.codes[part], minlength=n_speakers)
        present = np.flatnonzero(tally)
        # Kept: a part made of whole speakers is served from the whole store's grid (``whole_cells``).
        self.tally, self.present = tally, present
        self.compact = np.zeros(n_speakers, dtype=np.int32)
        self.compact[present] = np.arange(len(present))
        self.labels = tuple(str(name) for name in speaker.cat.categories[present])

    def markers(self, rows: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        return None, self.compact[self.codes[rows]]

    def slots(self, rows: np.ndarray) -> Iterator[tuple[np.ndarray | None, np.ndarray]]:
        yield None, self.compact[self.codes[rows]]


class _TopicLanes(_Lanes):
    """One marker per (statement, topic), and one on the NO_TOPIC lane for a statement without a topic."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.tags = corpus.topics
        self.labels = (*self.tags.labels, NO_TOPIC)
        # The corpus' code width whenever the no-topic lane's code fits it (int16: ``corpus.narrow``).
        self.code_type = np.result_type(
            self.tags.codes.dtype, np.min_scalar_type(len(self.tags.labels)), np.int16
        )

    @cached_property
    def pointers(self) -> np.ndarray:
        """The topics' row pointers, found on first use: the lanes' labels alone (a grain's choice over a
        whole store's grids) need no pass over 10M rows."""
        return topic_pointers(self.corpus)

    def markers(self, rows: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        first = self.pointers[rows].astype(np.intp)
        count = self.pointers[rows + 1] - first
        width = np.maximum(count, 1)  # an untagged row still has its one marker
        owner = _owners(width)
        # Each marker's place in the exploded tags: its row's first tag, plus its place among the row's.
        starts = np.cumsum(width, dtype=np.intp)
        starts -= width
        at = np.arange(len(owner), dtype=np.intp)
        at -= starts[owner]
        at += first[owner]
        codes, no_topic = self.tags.codes, len(self.tags.labels)
        if not len(codes):
            return owner, np.full(len(owner), no_topic, dtype=self.code_type)
        if len(at) and int(at.max()) >= len(codes):  # an untagged last row points past the end
            np.minimum(at, len(codes) - 1, out=at)
        lane = codes[at].astype(self.code_type, copy=False)
        np.putmask(lane, (count == 0)[owner], no_topic)
        return owner, lane

    def slots(self, rows: np.ndarray) -> Iterator[tuple[np.ndarray | None, np.ndarray]]:
        # Every row's first topic (or the no-topic lane), then the second topic of the rows that have one,
        # and so on: each group a gather of the codes, with no per-marker repeat of the rows.
        first = self.pointers[rows].astype(np.intp)
        count = self.pointers[rows + 1] - first
        codes, no_topic = self.tags.codes, len(self.tags.labels)
        if not len(codes):
            yield None, np.full(len(rows), no_topic, dtype=self.code_type)
            return
        at = first if not len(first) or int(first.max()) < len(codes) else np.minimum(first, len(codes) - 1)
        lane = codes[at].astype(self.code_type, copy=False)
        np.putmask(lane, count == 0, no_topic)  # an untagged row (its pointer is the next row's first topic)
        yield None, lane
        more, place = np.flatnonzero(count > 1), 1
        while more.size:
            yield more, codes[first[more] + place].astype(self.code_type, copy=False)
            place += 1
            more = np.compress(count[more] > place, more)


def topic_pointers(corpus: Corpus) -> np.ndarray:
    """The topics' CSR row pointers (``Tags.pointers``), as narrow as they fit; remembered per corpus, or
    mapped from the encoded folder when it holds them (``hold``: 0.3 to 0.4 CPU s of a 10M process' first
    filtered topic page)."""
    return _held_or_counted(corpus, _HELD_POINTERS, ("topic_pointers",), lambda: point_topics(corpus), 1)


def point_topics(corpus: Corpus) -> np.ndarray:
    """``topic_pointers`` counted afresh (the encoded folder's writer saves them)."""
    tags = corpus.topics
    # A slice of rows at a time, each searched at the tag rows' own width: whole, the int64 positions and
    # their int32 copy were a 120 MB peak at 10M rows (and an int64 query a copy of the tag rows).
    out = np.empty(len(corpus) + 1, dtype=index_type(len(tags.rows) + 1))
    for start in range(0, len(out), 1 << 20):
        wanted = np.arange(start, min(start + (1 << 20), len(out)), dtype=tags.rows.dtype)
        out[start : start + len(wanted)] = np.searchsorted(tags.rows, wanted)
    return out


def lanes_of(corpus: Corpus, rows: np.ndarray, lane: Lane) -> _Lanes:
    """The lanes a selection's markers fall in (the speaker lanes depend on the speakers it holds, so
    they are found once per selection: ``Corpus.while_alive``)."""
    if lane == "leader":
        found: _Lanes = corpus.while_alive(rows, ("speaker_lanes",), lambda: _SpeakerLanes(corpus, rows))
        return found
    return _TopicLanes(corpus)


def period_of(corpus: Corpus, rows: np.ndarray, grain: Grain) -> np.ndarray:
    """Each row's week or month number, or its year, as int32 (the corpus holds them narrower)."""
    source = corpus.frame[WEEK if grain == "week" else MONTH].to_numpy()
    values = source[rows].astype(np.int32)
    if grain == "year":  # months since 1970-01, floored to their year (rows here are dated: no -1)
        values //= 12
    return values


def period_range(corpus: Corpus, rows: np.ndarray, grain: Grain) -> tuple[int, int]:
    """The first period and how many periods the (dated, non-empty) rows span (found once per selection:
    the grain's choice, the bins and the heatmaps all ask)."""

    def make() -> tuple[int, int]:
        low, high = np.iinfo(np.int32).max, np.iinfo(np.int32).min
        for part in _slices(rows):
            period = period_of(corpus, part, grain)
            low, high = min(low, int(period.min())), max(high, int(period.max()))
        return low, high - low + 1

    found: tuple[int, int] = corpus.while_alive(rows, ("period_range", grain), make)
    return found


@dataclass(frozen=True)
class Markers:
    """Markers of one slice of rows, in groups: ``sel`` picks a group's rows from ``rows`` (None: all of
    them, in order), ``lanes`` and ``cells`` (lane x period) are its markers'. ``sign`` is 1 for markers
    that count and -1 for repeats taken back out of the counts."""

    rows: np.ndarray
    groups: list[tuple[np.ndarray | None, np.ndarray, np.ndarray]]
    sign: int


def _meet(corpus: Corpus, ordered: np.ndarray, grain: Grain) -> np.ndarray:
    """The rows of ``ordered`` (in cluster order) of the clusters two of whose rows there fall in one period.

    A repeat is a marker whose cluster and cell (lane and period) an earlier marker has: a cluster whose
    rows each fall in a period of their own repeats nothing, and its markers need not be made twice. A row
    a period is one gather and compare, where making its markers (a row per topic, with their cells) was
    most of the repeats' pass."""
    if not len(ordered):
        return ordered
    of_row = corpus.frame[CLUSTER].to_numpy()[ordered]
    meet = repeats(of_row, period_of(corpus, ordered, grain))
    if not meet.any():
        return ordered[:0]
    group = np.zeros(len(ordered), dtype=np.intp)  # each row's cluster, numbered from 0 in this order
    np.not_equal(of_row[1:], of_row[:-1], out=group[1:], casting="unsafe")
    np.cumsum(group, out=group)
    flagged = np.zeros(int(group[-1]) + 1, dtype=bool)
    flagged[group[meet]] = True
    return np.compress(flagged[group], ordered)


def meeting_order(corpus: Corpus, grain: Grain) -> np.ndarray:
    """The store's rows of the clusters two of whose rows fall in one period, in cluster order (remembered
    per corpus and grain): only they can repeat one another, in any selection. The 10M synthetic store's
    echoes rarely share a week: 13,597 of its 3.1M shared rows do (59,130 a month, 687,832 a year)."""
    return _held_or_counted(
        corpus,
        f"{_HELD_MEETING}.{grain}",
        ("meeting_order", grain),
        lambda: _meet(corpus, cluster_order(corpus), grain),
        3,
    )


def _meeting(corpus: Corpus, rows: np.ndarray, grain: Grain) -> np.ndarray:
    """The shared rows of ``rows`` in cluster order, only those of clusters two of whose selected rows fall in
    one period (``_meet``); once per selection and grain (the timeline and the heatmaps of a page ask), and
    only these are held with the selection (4 bytes a row at most)."""

    def make() -> np.ndarray:
        return _meet(corpus, _shared_in_cluster_order(corpus, rows, meeting_order(corpus, grain)), grain)

    found: np.ndarray = corpus.while_alive(rows, ("meeting", grain), make)
    return found


def counted_markers(
    corpus: Corpus, rows: np.ndarray, lanes: _Lanes, grain: Grain, p0: int, n_periods: int
) -> Iterator[Markers]:
    """The selection's markers, a slice at a time, then the repeats among them taken back out: of the
    markers of one cluster in one cell, all but the first (the lowest row's). Counting every marker and
    subtracting the few repeats spares the unshared rows (most of them) a pass that sets them apart."""
    cell_type = index_type(len(lanes.labels) * n_periods)

    def periods(part: np.ndarray) -> np.ndarray:
        period = period_of(corpus, part, grain)
        period -= p0
        return period

    def cells(lane: np.ndarray, period: np.ndarray) -> np.ndarray:
        cell = lane.astype(cell_type)
        cell *= n_periods
        cell += period
        return cell

    for part in _slices(rows):
        period = periods(part)  # a row's markers share its period: gathered once a row
        groups = [
            (at, lane, cells(lane, period if at is None else period[at])) for at, lane in lanes.slots(part)
        ]
        yield Markers(part, groups, 1)
    ordered = _meeting(corpus, rows, grain)
    cluster = corpus.frame[CLUSTER].to_numpy()
    start = 0
    while start < len(ordered):
        end = min(start + SLICE, len(ordered))
        while end < len(ordered) and cluster[ordered[end]] == cluster[ordered[end - 1]]:
            end += 1  # a cluster is never cut: its repeats are found within one slice
        part = ordered[start:end].astype(np.intp)
        start = end
        owner, lane = lanes.markers(part)
        period, of_row = periods(part), cluster[part]
        cell = cells(lane, period if owner is None else period[owner])
        repeat = repeats(of_row if owner is None else of_row[owner], cell)
        if repeat.any():
            at = np.flatnonzero(repeat) if owner is None else np.compress(repeat, owner)
            yield Markers(part, [(at, np.compress(repeat, lane), np.compress(repeat, cell))], -1)


def _add(grid: np.ndarray, key: np.ndarray, sign: int = 1) -> None:
    """Count each key into ``grid`` (``sign`` -1: take it back out): with ``np.bincount`` (the fastest)
    unless the grid is much longer than the keys, when a bincount per slice would allocate and add the
    whole grid each time (a real store's speaker lanes x months x colours reach millions of cells)."""
    if len(grid) > 4 * len(key):
        np.add.at(grid, key, sign)
    elif sign > 0:
        grid += np.bincount(key, minlength=len(grid))
    else:
        grid -= np.bincount(key, minlength=len(grid))


@dataclass(frozen=True)
class CellCounts:
    """Distinct statements per cell (``counts``, lane-major) and per (cell, colour) when a colour is asked."""

    counts: np.ndarray
    by_colour: np.ndarray | None
    labels: tuple[str, ...]
    colour_labels: tuple[str, ...]
    p0: int
    n_periods: int

    @property
    def n_lanes(self) -> int:
        """Lanes holding at least one marker."""
        return int(np.count_nonzero(self.counts.reshape(-1, self.n_periods).sum(axis=1)))


# A colour code for each of some rows; None: the marker's lane is its colour (topic lanes, by topic).
ColourOf = Callable[[np.ndarray], np.ndarray] | None


def _colour_coder(
    corpus: Corpus, rows: np.ndarray, lanes: _Lanes, grain: Grain, p0: int, n_periods: int, colour: Colour
) -> tuple[ColourOf, tuple[str, ...]]:
    """How a marker is coloured, and the colours' labels: its row's primary topic (its lane's topic on
    topic lanes), stance, or speaker among the busiest few (by the markers that count, so a first pass
    over them)."""
    frame = corpus.frame
    if colour == "stance":
        stance = frame[S.stance]
        codes = category_codes(stance)
        return (lambda at: codes[at].astype(np.int32)), tuple(str(c) for c in stance.cat.categories)
    if colour == "leader":
        speaker = frame[S.speaker]
        speakers = category_codes(speaker)
        n_speakers = len(speaker.cat.categories)
        tally = np.zeros(n_speakers, dtype=np.int64)
        for markers in counted_markers(corpus, rows, lanes, grain, p0, n_periods):
            of_row = speakers[markers.rows]
            for at, _, _ in markers.groups:
                codes = of_row if at is None else of_row[at]
                tally += markers.sign * np.bincount(codes[codes >= 0], minlength=n_speakers)
        present = np.flatnonzero(tally)
        top = present[np.argsort(-tally[present], kind="stable")][: len(LEADER_COLOURS)]
        remap = np.full(n_speakers + 1, len(top), dtype=np.int32)  # the spare slot is -1
        remap[top] = np.arange(len(top))
        labels = (*(str(speaker.cat.categories[i]) for i in top), OTHER_SPEAKERS)
        return (lambda at: remap[speakers[at]]), labels
    topic_labels = (*corpus.topics.labels, NO_TOPIC)
    if lanes.labels == topic_labels:  # topic lanes: the lane is the colour
        return None, topic_labels
    primary = frame[PRIMARY_TOPIC].to_numpy()

    def first_topic(at: np.ndarray) -> np.ndarray:
        codes = primary[at].astype(np.int32)
        codes[codes < 0] = len(topic_labels) - 1
        return codes

    return first_topic, topic_labels


def count_cells(
    corpus: Corpus, rows: np.ndarray, lane: Lane, grain: Grain, colour: Colour | None = None
) -> CellCounts:
    """Distinct statements per (lane, period) cell of the dated, non-empty ``rows`` (ascending), and per
    colour too when ``colour`` is given (``timeline_bins``)."""
    lanes = lanes_of(corpus, rows, lane)
    p0, n_periods = period_range(corpus, rows, grain)
    n_cells = len(lanes.labels) * n_periods
    colour_of: ColourOf = None
    colour_labels: tuple[str, ...] = ()
    n_colours = 1
    if colour is not None:
        colour_of, colour_labels = _colour_coder(corpus, rows, lanes, grain, p0, n_periods, colour)
        n_colours = len(colour_labels)
    size = n_cells * n_colours
    key_type = index_type(size)
    grid = np.zeros(size, dtype=np.int64)
    for markers in counted_markers(corpus, rows, lanes, grain, p0, n_periods):
        of_row = colour_of(markers.rows) if colour_of is not None else None
        for at, lane_codes, cell in markers.groups:
            key = cell.astype(key_type)
            if colour is not None:
                key *= n_colours
                key += lane_codes if of_row is None else (of_row if at is None else of_row[at])
            _add(grid, key, markers.sign)
    if colour is None:
        return CellCounts(grid, None, lanes.labels, colour_labels, p0, n_periods)
    by_colour = grid.reshape(n_cells, n_colours)
    return CellCounts(by_colour.sum(axis=1), by_colour, lanes.labels, colour_labels, p0, n_periods)
