"""Turning a filtered selection into what the charts draw: timeline markers, bins and heatmap cells.

Everything works on integer codes (lane, period, colour, cluster) so that a million statements bin in
a few tens of milliseconds; labels are attached only to the small result. Statements that several outlets
carried (one cross-outlet cluster) are counted once in every count here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from quoteline.query import whole_cells
from quoteline.query.cell_counts import (
    NO_TOPIC,
    CellCounts,
    Colour,
    Grain,
    Lane,
    count_cells,
    lanes_of,
    period_range,
    topic_pointers,
)
from quoteline.query.corpus import CLUSTER, DAY, MONTH, PRIMARY_TOPIC, ROW, WEEK, Corpus, category_codes
from quoteline.query.palette import LEADER_COLOURS, OTHER_SPEAKERS
from quoteline.schema import S

T = TypeVar("T")
# Above this many markers the chart shows bins instead of one marker per statement.
MAX_POINTS = 5_000
# Bins per chart that keep a browser responsive; weekly bins give way to monthly ones past it.
MAX_BINS = 6_000
# Heatmap columns past which a coarser grain is used: a decade of weeks, or fifty years of months.
MAX_HEATMAP_COLUMNS = 600
COARSER: dict[str, Grain] = {"week": "month", "month": "year"}
# Markers counted per ``np.bincount`` call (``_bincount``).
BINCOUNT_SLICE = 1 << 20
_GATHER_SLICE = 1 << 20  # rows per step of ``_gather``: bounds its temporaries to a few MB


@dataclass(frozen=True)
class Lanes:
    """Markers for a set of rows: ``rows[i]`` sits in lane ``labels[codes[i]]`` (a row may be in several)."""

    rows: np.ndarray
    codes: np.ndarray
    labels: tuple[str, ...]


def _same_rows(corpus: Corpus, key: tuple[object, ...], rows: np.ndarray, make: Callable[[], T]) -> T:
    """``make()``, shared by the calls of one page run that pass the very same ``rows`` array.

    The timeline and heatmaps of a page are drawn from one selection: they count its cells once. The value
    lives as long as ``rows`` does (the page run's selection), not in a memo of the last few selections: at
    10M statements each of them held hundreds of MB of per-row arrays.
    """
    return corpus.while_alive(rows, key, make)


def _rows(rows: np.ndarray | Sequence[int]) -> np.ndarray:
    """``rows`` as an integer array: the very array when it is one (the per-run sharing keys on it)."""
    found = np.asarray(rows)
    return found if found.dtype.kind in "iu" else found.astype(ROW)


def _bincount(values: np.ndarray, minlength: int = 0) -> np.ndarray:
    """``np.bincount``, a slice at a time: it widens its int32 input to int64 first, which over 16M
    markers was a 130 MB copy; the slices bound that copy to a few MB."""
    size = max(minlength, int(values.max()) + 1 if values.size else 0)
    # A slice is never shorter than the counts: each slice's call allocates and adds ``size`` counts, so
    # a wide grid (lanes x periods x colours) is counted in one call, as np.bincount would.
    step = max(BINCOUNT_SLICE, size)
    if step >= len(values):
        return np.bincount(values, minlength=size)
    out = np.zeros(size, dtype=np.int64)
    for start in range(0, len(values), step):
        out += np.bincount(values[start : start + step], minlength=size)
    return out


def _gather(values: np.ndarray, rows: np.ndarray, dtype: type[np.signedinteger[Any]]) -> np.ndarray:
    """``values[rows].astype(dtype)`` a slice of rows at a time: the corpus holds weeks and months as int16
    (``corpus.narrow``), and the whole gather at their width beside its widened copy was a 30 MB temporary
    over the no-filter page's 15M topic markers."""
    out = np.empty(len(rows), dtype=dtype)
    for start in range(0, len(rows), _GATHER_SLICE):
        out[start : start + _GATHER_SLICE] = values[rows[start : start + _GATHER_SLICE]]
    return out


def _topic_lanes(corpus: Corpus, rows: np.ndarray) -> Lanes:
    tags = corpus.topics
    pointers = topic_pointers(corpus)
    # Each chosen row's slice of the exploded topics, gathered without touching the unchosen rows; in place
    # where it can be, since at 10M rows every temporary is tens of MB.
    first = pointers[rows]
    count = pointers[rows + 1]
    count -= first
    total = int(count.sum())
    untagged = rows[count == 0]
    first -= np.cumsum(count, dtype=count.dtype) - count
    at = np.repeat(first, count)
    del first, count
    at += np.arange(total, dtype=at.dtype)
    # tags.rows[at] is each marker's row (the chosen row repeated once per topic) and needs no repeat.
    lane_rows = np.concatenate([tags.rows[at], untagged]).astype(ROW, copy=False)
    # The codes at the width the corpus holds them (int16 when the topics fit, ``corpus.narrow``) whenever
    # the no-topic lane's code fits too: 30 MB less over the no-filter page's 15M markers.
    width = np.result_type(tags.codes.dtype, np.min_scalar_type(len(tags.labels)), np.int16)
    untagged_codes = np.full(len(untagged), len(tags.labels), width)
    codes = np.concatenate([tags.codes[at].astype(width, copy=False), untagged_codes])
    return Lanes(lane_rows, codes, (*tags.labels, NO_TOPIC))


def lanes(corpus: Corpus, rows: np.ndarray, lane: Lane) -> Lanes:
    """One marker per leader statement, or one per (statement, topic) with untagged ones in NO_TOPIC."""
    rows = _rows(rows)
    if lane == "leader":
        # Only the speakers these rows hold get a lane code: a real store has thousands of speakers, and the
        # bins are counted on a (lane x period x colour) grid that must not grow with the whole store.
        speaker = corpus.frame[S.speaker]
        codes = category_codes(speaker)[rows]
        present = np.flatnonzero(_bincount(codes, minlength=len(speaker.cat.categories)))
        compact = np.zeros(len(speaker.cat.categories), dtype=np.int32)
        compact[present] = np.arange(len(present))
        return Lanes(
            rows.astype(ROW, copy=False),
            compact[codes],
            tuple(str(name) for name in speaker.cat.categories[present]),
        )
    # The topic timeline and the topic heatmap of one page ask for the same rows: explode them once.
    return _same_rows(corpus, ("topic_lanes",), rows, lambda: _topic_lanes(corpus, rows))


def effective_colour(lane: Lane, colour: str) -> Colour:
    """What markers are coloured by on a lane kind: never by what the lanes already are.

    On topic lanes "topic" means stance; on leader lanes "leader" means topic.
    """
    if colour == "stance":
        return "stance"
    if lane == "topic":
        return "leader" if colour == "leader" else "stance"
    return "topic"


def _leader_colours(corpus: Corpus, markers: Lanes) -> tuple[np.ndarray, tuple[str, ...]]:
    """The busiest few speakers of the markers by name, every other one as OTHER_SPEAKERS."""
    speaker = corpus.frame[S.speaker]
    codes = category_codes(speaker)[markers.rows]
    tally = _bincount(codes[codes >= 0], minlength=len(speaker.cat.categories))
    present = np.flatnonzero(tally)
    top = present[np.argsort(-tally[present], kind="stable")][: len(LEADER_COLOURS)]
    remap = np.full(len(speaker.cat.categories) + 1, len(top), dtype=np.int32)  # the spare slot is -1
    remap[top] = np.arange(len(top))
    return remap[codes], (*(str(speaker.cat.categories[i]) for i in top), OTHER_SPEAKERS)


def colours(corpus: Corpus, markers: Lanes, colour: Colour) -> tuple[np.ndarray, tuple[str, ...]]:
    """Colour code per marker and the labels: primary topic (or the lane's topic), stance or speaker."""
    if colour == "leader":
        return _leader_colours(corpus, markers)
    if colour == "stance":
        stance = corpus.frame[S.stance]
        return (
            category_codes(stance)[markers.rows].astype(np.int32),
            tuple(str(c) for c in stance.cat.categories),
        )
    labels = (*corpus.topics.labels, NO_TOPIC)
    if markers.labels == labels:  # topic lanes: the lane is the colour
        return markers.codes, labels
    primary = _gather(corpus.frame[PRIMARY_TOPIC].to_numpy(), markers.rows, np.int32)
    primary[primary < 0] = len(labels) - 1  # in place: the gather is this call's own array
    return primary, labels


def timeline_points(corpus: Corpus, rows: np.ndarray, lane: Lane, colour: Colour) -> pd.DataFrame:
    """One marker per (statement, lane) for dated rows: row position, lane, colour and day."""
    markers = lanes(corpus, rows, lane)
    codes, labels = colours(corpus, markers, colour)
    return pd.DataFrame(
        {
            "row": markers.rows,
            "lane": np.asarray(markers.labels, dtype=object)[markers.codes],
            "colour": np.asarray(labels, dtype=object)[codes],
            "day": corpus.frame[DAY].to_numpy()[markers.rows],
        }
    )


def _period(corpus: Corpus, rows: np.ndarray, grain: Grain) -> np.ndarray:
    """Each row's week or month number (int32, as the corpus holds them), or its year."""
    if grain == "year":  # months since 1970-01, floored to their year (rows here are dated: no -1)
        years = _gather(corpus.frame[MONTH].to_numpy(), rows, np.int32)
        years //= 12
        return years
    return _gather(corpus.frame[WEEK if grain == "week" else MONTH].to_numpy(), rows, np.int32)


def period_start(codes: np.ndarray, grain: Grain) -> pd.DatetimeIndex:
    """The first day of each week, month or year code."""
    if grain == "week":
        return pd.DatetimeIndex((codes * 7 - 3).astype("datetime64[D]"))
    if grain == "year":
        return pd.DatetimeIndex(codes.astype("datetime64[Y]").astype("datetime64[D]"))
    return pd.DatetimeIndex(codes.astype("datetime64[M]").astype("datetime64[D]"))


def heatmap_grain(corpus: Corpus, rows: np.ndarray, grain: Grain) -> Grain:
    """``grain``, or a coarser one when the rows span more than ``MAX_HEATMAP_COLUMNS`` of its periods.

    A real store may hold a few statements dated decades back; weekly columns back to them would be
    thousands of empty slivers, slow to draw and impossible to read.
    """
    rows = _rows(rows)
    while rows.size and grain in COARSER:
        if _period_range(corpus, rows, grain)[1] <= MAX_HEATMAP_COLUMNS:
            break
        grain = COARSER[grain]
    return grain


def _counted(corpus: Corpus, rows: np.ndarray, lane: Lane, grain: Grain, colour: Colour | None) -> CellCounts:
    """``count_cells``, shared by the calls of one page run that pass the very same ``rows`` array: the
    timeline's bins per colour also give the heatmap its counts per cell. Only these small grids live as
    long as the selection, never a per-marker array."""
    held: dict[tuple[str, str, str | None], CellCounts] = _same_rows(corpus, ("cell_counts",), rows, dict)
    found = held.get((lane, grain, colour))
    if found is None and colour is None:  # any colour's grid has the counts
        found = next((v for (kind, g, _), v in held.items() if (kind, g) == (lane, grain)), None)
    if found is None:
        found = held[(lane, grain, colour)] = _count(corpus, rows, lane, grain, colour)
    return found


def _count(corpus: Corpus, rows: np.ndarray, lane: Lane, grain: Grain, colour: Colour | None) -> CellCounts:
    """``count_cells``, or the whole store's grid (``whole_cells``) when ``rows`` are every dated statement,
    or on speaker lanes every dated statement of the speakers they hold."""
    if whole_cells.is_whole(corpus, rows):
        return whole_cells.whole(corpus, rows, lane, grain, colour)
    if lane == "leader":
        part = whole_cells.of_speakers(corpus, rows, grain, colour)
        if part is not None:
            return part
    return count_cells(corpus, rows, lane, grain, colour)


def _period_range(corpus: Corpus, rows: np.ndarray, grain: Grain) -> tuple[int, int]:
    """``period_range``, from a whole-store grid at hand when ``rows`` are every dated statement (a pass
    over them spared: 40 ms at 10M)."""
    if whole_cells.is_whole(corpus, rows):
        for lane in ("topic", "leader"):
            grid = whole_cells.known(corpus, lane, grain, None)
            if grid is not None:
                return grid.p0, grid.n_periods
    return period_range(corpus, rows, grain)


def _n_lanes(corpus: Corpus, rows: np.ndarray, lane: Lane) -> int:
    """How many lanes hold a marker of ``rows`` at most (every speaker lane does; topic lanes may not)."""
    if lane == "leader" and whole_cells.is_whole(corpus, rows):
        for grain in ("week", "month"):
            grid = whole_cells.known(corpus, lane, grain, None)
            if grid is not None:
                return len(grid.labels)
    return len(lanes_of(corpus, rows, lane).labels)


def choose_grain(corpus: Corpus, rows: np.ndarray, lane: Lane, colour: Colour | None = None) -> Grain:
    """Weekly bins unless that would draw more than ``MAX_BINS`` markers (lanes holding a marker x weeks)."""
    rows = _rows(rows)
    if not rows.size:
        return "week"
    _, n_weeks = _period_range(corpus, rows, "week")
    n_lanes = _n_lanes(corpus, rows, lane)
    if lane == "topic" and n_lanes * n_weeks > MAX_BINS:
        # Which topic lanes hold one is known once they are counted: count the weeks (what the chart draws
        # when they fit) and look.
        n_lanes = _counted(corpus, rows, lane, "week", colour).n_lanes
    return "week" if n_lanes * n_weeks <= MAX_BINS else "month"


def timeline_bins(
    corpus: Corpus, rows: np.ndarray, lane: Lane, colour: Colour, grain: Grain | None = None
) -> pd.DataFrame:
    """Markers binned per (lane, period): distinct-statement count and the most common colour."""
    rows = _rows(rows)
    if not rows.size:
        return pd.DataFrame(columns=["lane", "start", "end", "count", "colour"])
    grain = grain or choose_grain(corpus, rows, lane, colour)
    cells = _counted(corpus, rows, lane, grain, colour)
    assert cells.by_colour is not None  # asked with a colour
    grid, counts, n_periods, p0 = cells.by_colour, cells.counts, cells.n_periods, cells.p0
    if colour == "leader":
        # The speakers outside the few named ones together outnumber any one of them: a bin takes the colour
        # of its busiest named speaker, and is grey only when none of them spoke in it.
        named = grid[:, :-1]
        dominant = np.where(named.sum(axis=1) > 0, named.argmax(axis=1), len(cells.colour_labels) - 1)
    else:
        dominant = grid.argmax(axis=1)
    used = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "lane": np.asarray(cells.labels, dtype=object)[used // n_periods],
            "start": period_start(used % n_periods + p0, grain),
            "end": period_start(used % n_periods + p0 + 1, grain) - pd.Timedelta(days=1),
            "count": counts[used],
            "colour": np.asarray(cells.colour_labels, dtype=object)[dominant[used]],
        }
    )


def heatmap(corpus: Corpus, rows: np.ndarray, dim: Lane, grain: Grain) -> pd.DataFrame:
    """Volume per (leader or topic) x (week or month), each cross-outlet cluster counted once.

    Returns a frame indexed by label, busiest first, with one column per period start (gaps included).
    """
    rows = _rows(rows)
    if not rows.size:
        return pd.DataFrame()
    cells = _counted(corpus, rows, dim, grain, None)
    p0, n_periods = cells.p0, cells.n_periods
    grid = cells.counts.reshape(-1, n_periods)
    present = np.flatnonzero(grid.sum(axis=1))
    table = pd.DataFrame(
        grid[present],
        index=np.asarray(cells.labels, dtype=object)[present],
        columns=period_start(np.arange(p0, p0 + n_periods), grain),
    )
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return table.loc[order]


OTHER_OUTLETS = "(other outlets)"
NO_OUTLET = "(no outlet)"


def volume(corpus: Corpus, rows: np.ndarray, grain: Grain, top: int = 7) -> pd.DataFrame:
    """Statements per week or month and outlet, for the ``top`` busiest outlets and the rest together.

    Every outlet's statements count, repeats of one quote by several outlets included: the line shows how
    much each outlet carried. Periods without statements are zeros, so that the lines drop to the axis.
    Columns: start (period start), outlet, count; the outlets busiest first.
    """
    if not rows.size:
        return pd.DataFrame(columns=["start", "outlet", "count"])
    period = _period(corpus, rows, grain)
    p0, n_periods = int(period.min()), int(period.max() - period.min()) + 1
    outlets = corpus.frame[S.outlet]
    codes = np.asarray(category_codes(outlets)[rows], dtype=np.int32)
    labels = [*(str(c) for c in outlets.cat.categories), NO_OUTLET]
    codes[codes < 0] = len(labels) - 1
    busiest = np.argsort(-_bincount(codes, minlength=len(labels)), kind="stable")
    counts = _bincount(codes, minlength=len(labels))
    shown = [int(c) for c in busiest[:top] if counts[c]]
    lane = np.full(len(labels), len(shown), dtype=np.int32)  # everything else: the "other outlets" line
    lane[shown] = np.arange(len(shown))
    names = [labels[c] for c in shown] + ([OTHER_OUTLETS] if counts.sum() > counts[shown].sum() else [])
    grid = _bincount(lane[codes] * n_periods + (period - p0), minlength=(len(shown) + 1) * n_periods)
    grid = grid.reshape(len(shown) + 1, n_periods)[: len(names)]
    starts = period_start(np.arange(p0, p0 + n_periods), grain)
    return pd.DataFrame(
        {
            "start": np.tile(starts.to_numpy(), len(names)),
            "outlet": np.repeat(np.asarray(names, dtype=object), n_periods),
            "count": grid.ravel(),
        }
    )


def distinct_count(corpus: Corpus, rows: np.ndarray) -> int:
    """How many distinct statements (clusters) the rows hold."""
    seen = np.zeros(int(corpus.frame[CLUSTER].max()) + 1 if len(corpus) else 0, dtype=bool)
    seen[corpus.frame[CLUSTER].to_numpy()[rows]] = True
    return int(seen.sum())


@dataclass(frozen=True)
class Carrier:
    """Another outlet that carried the same quote (same cluster)."""

    statement_id: str
    outlet: str
    date: str | None
    article_id: str


def cluster_carriers(corpus: Corpus, row: int) -> list[Carrier]:
    """Every other outlet in the row's cluster (its earliest statement there), earliest first."""
    frame = corpus.frame
    same = np.flatnonzero(frame[CLUSTER].to_numpy() == frame[CLUSTER].iat[row])
    same = same[same != row]
    if not same.size:
        return []
    sub = corpus.take(same, [S.statement_id, S.article_id, S.outlet, S.date, DAY])
    sub = sub.sort_values([DAY, S.outlet], na_position="last")
    sub = sub[sub[S.outlet] != frame[S.outlet].iat[row]].drop_duplicates(S.outlet)
    return [
        Carrier(
            statement_id=str(sid),
            outlet=str(outlet),
            date=None if pd.isna(day) else str(day),
            article_id=str(aid),
        )
        for sid, outlet, day, aid in zip(
            sub[S.statement_id], sub[S.outlet], sub[S.date], sub[S.article_id], strict=True
        )
    ]


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (blank-line separated) that contains ``text[start:end]``, as (begin, finish)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    return begin, len(text) if finish < 0 else finish
