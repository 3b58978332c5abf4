"""Cells counted a slice at a time, repeats found by neighbours in cluster order: checked against a
brute-force reading (each cluster once per cell, the lowest row's marker giving the colour)."""

from __future__ import annotations

import gc
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.query import Corpus, Filters, cell_counts, select, whole_cells
from quoteline.query import aggregate as agg
from quoteline.query.palette import LEADER_COLOURS, OTHER_SPEAKERS
from quoteline.schema import STANCES, S


def _echoed(n: int, seed: int) -> pd.DataFrame:
    """Synthetic statements where a cluster's rows share speaker and week but not always stance, topics or
    day: the repeats meet in cells, and which of them counts decides a bin's colour."""
    frame = synthetic_frame(n, seed=seed)
    rng = np.random.default_rng(seed)
    cluster = frame[S.cluster_id].astype(object).to_numpy().copy()
    speaker = frame[S.speaker].astype(object).to_numpy().copy()
    dates = frame[S.date].astype(object).to_numpy().copy()
    row = 0
    while row < n - 12:
        size = int(rng.integers(1, 12))  # up to eleven rows: several passes of the neighbour compare
        for k in range(row + 1, row + size):
            cluster[k], speaker[k] = cluster[row], speaker[row]
            if isinstance(dates[row], str) and rng.random() < 0.8:  # mostly the same week, some a day apart
                day = date.fromisoformat(dates[row]) + timedelta(days=int(rng.integers(0, 2)))
                dates[k] = day.isoformat()
        row += size + int(rng.integers(0, 3))
    frame[S.cluster_id] = pd.Series(cluster, dtype="string[pyarrow]")
    frame[S.speaker] = pd.Series(speaker, dtype="string[pyarrow]")
    frame[S.date] = pd.Series(dates, dtype="string[pyarrow]")
    frame[S.stance] = pd.Series(
        np.asarray(STANCES, dtype=object)[rng.integers(0, 3, size=n)], dtype="string[pyarrow]"
    )
    return frame


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _echoed(3000, seed=11)


@pytest.fixture(scope="module")
def corpus(frame: pd.DataFrame) -> Corpus:
    return Corpus.from_frame(frame)


def _period(iso: str, grain: str) -> date:
    day = date.fromisoformat(iso)
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return date(day.year, day.month, 1) if grain == "month" else date(day.year, 1, 1)


def _brute(
    frame: pd.DataFrame, rows: np.ndarray, lane: str, grain: str, colour: str
) -> tuple[Counter[tuple[str, date]], dict[tuple[str, date], Counter[str]], int]:
    """Distinct clusters per (lane, period); per cell, the colours of the lowest row of each; and how many
    markers there were before the repeats were dropped."""
    seen: set[tuple[str, date, str]] = set()
    n_markers = 0
    counts: Counter[tuple[str, date]] = Counter()
    kept: list[tuple[tuple[str, date], dict[str, object], str]] = []
    for row in sorted(int(r) for r in rows):
        r = frame.iloc[row]
        topics = list(dict.fromkeys(r[S.topics]))
        labels = [r[S.speaker]] if lane == "leader" else (topics or [agg.NO_TOPIC])
        n_markers += len(labels)
        for label in labels:
            key = (label, _period(r[S.date], grain), r[S.cluster_id])
            if key not in seen:
                seen.add(key)
                counts[key[:2]] += 1
                kept.append(
                    (key[:2], {"speaker": r[S.speaker], "stance": r[S.stance], "topics": topics}, label)
                )
    if colour == "leader":
        tally = Counter(str(m["speaker"]) for _, m, _ in kept)
        top = {name for name, _ in sorted(tally.items(), key=lambda kv: -kv[1])[: len(LEADER_COLOURS)]}
    by_colour: dict[tuple[str, date], Counter[str]] = {}
    for cell, m, label in kept:
        if colour == "stance":
            name = str(m["stance"])
        elif colour == "leader":
            name = str(m["speaker"]) if m["speaker"] in top else OTHER_SPEAKERS
        else:  # topic: the lane on topic lanes, else the primary topic
            topics = list(m["topics"])  # type: ignore[call-overload]
            name = label if lane == "topic" else (topics[0] if topics else agg.NO_TOPIC)
        by_colour.setdefault(cell, Counter())[name] += 1
    return counts, by_colour, n_markers


def _cells_of(table: pd.DataFrame) -> dict[tuple[str, date], int]:
    return {
        (str(label), pd.Timestamp(str(ts)).date()): int(v)
        for label, series in table.iterrows()
        for ts, v in series.items()
        if v
    }


CASES = [
    ("leader", "week", "stance"),
    ("leader", "month", "topic"),
    ("topic", "week", "stance"),
    ("topic", "month", "leader"),
    ("topic", "year", "topic"),
]


@pytest.mark.parametrize(("lane", "grain", "colour"), CASES)
@pytest.mark.parametrize("slice_rows", [cell_counts.SLICE, 7])
def test_bins_count_each_cluster_once_coloured_by_its_first_row(
    frame: pd.DataFrame,
    corpus: Corpus,
    monkeypatch: pytest.MonkeyPatch,
    lane: agg.Lane,
    grain: agg.Grain,
    colour: agg.Colour,
    slice_rows: int,
) -> None:
    monkeypatch.setattr(cell_counts, "SLICE", slice_rows)  # 7: clusters of up to 11 rows straddle slices
    # Counted here, each time: not read from the whole store's grids, which test_query_whole_cells checks.
    monkeypatch.setattr(whole_cells, "is_whole", lambda corpus, rows: False)
    rows = select(corpus, Filters()).dated
    bins = agg.timeline_bins(corpus, rows, lane, colour, grain)
    counts, by_colour, n_markers = _brute(frame, rows, lane, grain, colour)
    records = bins.to_dict("records")
    got = {(str(b["lane"]), pd.Timestamp(str(b["start"])).date()): int(b["count"]) for b in records}
    assert got == dict(counts)
    assert sum(counts.values()) < n_markers  # the fixture's repeats meet in cells, and are dropped
    for b in records:
        tally = by_colour[(str(b["lane"]), pd.Timestamp(str(b["start"])).date())]
        if colour == "leader":  # the busiest named speaker, grey only when none of them spoke
            named = {k: v for k, v in tally.items() if k != OTHER_SPEAKERS}
            tally = Counter(named) if named else tally
        assert tally[str(b["colour"])] == max(tally.values())
    table = agg.heatmap(corpus, rows, lane, grain)
    heat = {
        (str(label), pd.Timestamp(str(ts)).date()): int(v)
        for label, series in table.iterrows()
        for ts, v in series.items()
        if v
    }
    assert heat == dict(counts)


def test_the_lowest_row_of_a_repeat_gives_the_colour() -> None:
    """Three outlets carry one quote in one week, with three stances: the first row's stance colours it."""
    small = synthetic_frame(6, seed=2)
    small[S.speaker] = "Leader 00 of Arcadia"
    small[S.date] = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-08"]
    small[S.cluster_id] = ["c1", "c1", "c1", "c2", "c3", "c4"]
    small[S.stance] = ["denial", "praise", "praise", "denial", "praise", "threat"]
    small_corpus = Corpus.from_frame(small)
    rows = select(small_corpus, Filters()).dated
    bins = agg.timeline_bins(small_corpus, rows, "leader", "stance", "week")
    # Counted once each: c1 (denial, its first row) and c2 (denial), c3 (praise), c4 (threat). Without the
    # repeats dropped, praise would win 3 to 2; with another row of c1 kept, 2 to 1.
    assert bins["count"].tolist() == [4]
    assert bins["colour"].tolist() == ["denial"]
    swapped = small.copy()
    swapped[S.stance] = ["praise", "denial", "denial", "praise", "denial", "threat"]
    bins = agg.timeline_bins(Corpus.from_frame(swapped), rows, "leader", "stance", "week")
    assert bins["colour"].tolist() == ["praise"]


@pytest.mark.parametrize(("share", "order_made"), [(0, True), (10**9, True), (10**9, False)])
def test_a_small_and_a_large_selection_take_their_shared_rows_alike(
    frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, share: int, order_made: bool
) -> None:
    """A selection sorts its own shared rows or picks them from the corpus' cluster order once it is made
    (until then it sorts its own, and makes no order): same counts."""
    corpus = Corpus.from_frame(frame)
    if order_made:
        cell_counts.cluster_order(corpus)
    rows = select(corpus, Filters(stances=("praise",))).dated
    monkeypatch.setattr(cell_counts, "_MASK_SHARE", share)
    ordered = cell_counts._shared_in_cluster_order(corpus, rows)
    assert (corpus.remembered(("cluster_order",)) is not None) == order_made
    cluster = corpus.frame["cluster_code"].to_numpy()[ordered]
    assert (np.diff(cluster) >= 0).all()
    same = np.diff(cluster) == 0
    assert (np.diff(ordered)[same] > 0).all()  # within a cluster, rows ascending
    table = agg.heatmap(corpus, rows, "topic", "week")
    heat = {
        (str(label), pd.Timestamp(str(ts)).date()): int(v)
        for label, series in table.iterrows()
        for ts, v in series.items()
        if v
    }
    assert heat == dict(_brute(frame, rows, "topic", "week", "stance")[0])


def test_repeats_marks_each_later_marker_of_a_cluster_and_cell() -> None:
    rng = np.random.default_rng(5)
    cluster = np.sort(rng.integers(0, 400, size=3000)).astype(np.int32)
    cell = rng.integers(0, 6, size=3000).astype(np.int32)
    seen: set[tuple[int, int]] = set()
    expected = []
    for c, k in zip(cluster.tolist(), cell.tolist(), strict=True):
        expected.append((c, k) in seen)
        seen.add((c, k))
    assert cell_counts.repeats(cluster, cell).tolist() == expected
    assert not cell_counts.repeats(cluster[:0], cell[:0]).size


def test_a_page_run_holds_its_grids_not_its_markers(corpus: Corpus) -> None:
    """What the charts of one selection share is a few small grids and its shared rows in cluster order
    (4 bytes each), dropped with the selection: no array a marker long outlives the call that made it."""
    gc.collect()
    # Not every statement: a selection of them all draws from the whole store's grids (``whole_cells``).
    rows = select(corpus, Filters(kinds=("direct",))).dated
    agg.timeline_bins(corpus, rows, "topic", "stance", "week")
    agg.heatmap(corpus, rows, "topic", "week")
    agg.heatmap(corpus, rows, "leader", "week")
    assert corpus._alive

    def arrays(value: object) -> list[np.ndarray]:
        if isinstance(value, np.ndarray):
            return [value]
        if isinstance(value, dict):
            return [a for v in value.values() for a in arrays(v)]
        if isinstance(value, cell_counts.CellCounts):
            return []  # the grids: lanes x periods (x colours), whatever the rows
        return [a for v in vars(value).values() for a in arrays(v)] if hasattr(value, "__dict__") else []

    held = [a for v in corpus._alive.values() for a in arrays(v)]
    frame = corpus.frame
    columns = [
        frame[c].array.codes if isinstance(frame[c].dtype, pd.CategoricalDtype) else frame[c].to_numpy()
        for c in frame.columns
    ]
    owned = [a for a in held if not any(np.shares_memory(a, c) for c in columns)]  # not the corpus' own
    assert owned  # the lanes' small lookups, the shared rows in cluster order
    n_shared = int(np.count_nonzero(cell_counts.shared_rows(corpus)[rows]))
    assert sum(a.nbytes for a in owned) <= 4 * n_shared + 4096
    del rows
    gc.collect()
    assert not corpus._alive
