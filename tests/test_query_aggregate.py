"""Timeline markers, bins and heatmaps: counts checked against a brute-force reading with clusters once."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.query import Corpus, Filters, select
from quoteline.query import aggregate as agg
from quoteline.schema import S


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_frame(4000, seed=3)


@pytest.fixture(scope="module")
def corpus(frame: pd.DataFrame) -> Corpus:
    return Corpus.from_frame(frame)


def _week_start(iso: str) -> date:
    day = date.fromisoformat(iso)
    return day - timedelta(days=day.weekday())


def _brute_heatmap(frame: pd.DataFrame, dim: str, grain: str) -> Counter[tuple[str, date]]:
    seen: set[tuple[str, date, str]] = set()
    for r in frame.to_dict(orient="records"):
        if pd.isna(r[S.date]):
            continue
        start = _week_start(r[S.date]) if grain == "week" else date.fromisoformat(r[S.date][:7] + "-01")
        labels = [r[S.speaker]] if dim == "leader" else (list(r[S.topics]) or [agg.NO_TOPIC])
        for label in labels:
            seen.add((label, start, r[S.cluster_id]))
    return Counter((label, start) for label, start, _ in seen)


@pytest.mark.parametrize(("dim", "grain"), [("leader", "week"), ("leader", "month"), ("topic", "month")])
def test_heatmap_counts_each_cluster_once(frame: pd.DataFrame, corpus: Corpus, dim: str, grain: str) -> None:
    rows = select(corpus, Filters()).dated
    table = agg.heatmap(corpus, rows, dim, grain)  # type: ignore[arg-type]
    got = Counter(
        {
            (str(label), pd.Timestamp(str(ts)).date()): int(v)
            for label, series in table.iterrows()
            for ts, v in series.items()
            if v
        }
    )
    assert got == _brute_heatmap(frame, dim, grain)
    # Gaps are kept as zero columns, so time reads evenly.
    assert table.columns.is_monotonic_increasing
    assert (np.diff(table.columns.to_numpy()) > np.timedelta64(0)).all()


def test_repeats_across_outlets_count_once() -> None:
    small = synthetic_frame(4, seed=1)
    small[S.speaker] = "Leader 00 of Arcadia"
    small[S.date] = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"]
    small[S.cluster_id] = ["c1", "c1", "c1", "c2"]
    small_corpus = Corpus.from_frame(small)
    rows = select(small_corpus, Filters()).dated
    table = agg.heatmap(small_corpus, rows, "leader", "week")
    assert table.to_numpy().tolist() == [[2]]
    assert agg.distinct_count(small_corpus, rows) == 2


def test_bins_match_the_heatmap_and_pick_a_dominant_colour(corpus: Corpus) -> None:
    rows = select(corpus, Filters(leaders=("Leader 00 of Arcadia", "Leader 01 of Borduria"))).dated
    bins = agg.timeline_bins(corpus, rows, "leader", "stance", "month")
    table = agg.heatmap(corpus, rows, "leader", "month")
    for b in bins.itertuples():
        assert b.count == table.at[str(b.lane), pd.Timestamp(str(b.start))]
    assert set(bins["colour"]) <= set(corpus.frame[S.stance].cat.categories)


def test_topic_lanes_repeat_multi_topic_statements(frame: pd.DataFrame, corpus: Corpus) -> None:
    rows = select(corpus, Filters()).dated
    points = agg.timeline_points(corpus, rows, "topic", "topic")
    dated = frame[frame[S.date].notna()]
    expected = sum(max(len(set(t)), 1) for t in dated[S.topics])
    assert len(points) == expected
    assert (points["lane"] == points["colour"]).all()


def test_leader_points_colour_by_primary_topic(frame: pd.DataFrame, corpus: Corpus) -> None:
    rows = select(corpus, Filters()).dated[:200]
    points = agg.timeline_points(corpus, rows, "leader", "topic")
    for p in points.itertuples():
        topics = list(frame[S.topics].iloc[int(str(p.row))])
        assert p.colour == (topics[0] if topics else agg.NO_TOPIC)
        assert p.lane == frame[S.speaker].iloc[int(str(p.row))]


def test_cluster_carriers_lists_other_outlets(frame: pd.DataFrame, corpus: Corpus) -> None:
    shared = frame[frame[S.n_sources] > 1]
    row = int(shared.index[0])
    carriers = agg.cluster_carriers(corpus, row)
    same = frame[(frame[S.cluster_id] == frame[S.cluster_id].iloc[row]) & (frame.index != row)]
    assert {c.outlet for c in carriers} == set(same[S.outlet]) - {frame[S.outlet].iloc[row]}


def test_paragraph_bounds() -> None:
    text = "Title\n\nFirst para.\n\nSecond “quote” here.\n\nThird."
    start = text.index("“")
    begin, finish = agg.paragraph_bounds(text, start, start + 7)
    assert text[begin:finish] == "Second “quote” here."
    assert agg.paragraph_bounds(text, 0, 3) == (0, 5)
    assert agg.paragraph_bounds(text, 10_000, 20_000) == (len(text) - 6, len(text))


def test_empty_selection_gives_empty_results(corpus: Corpus) -> None:
    none = np.array([], dtype=np.int64)
    assert agg.heatmap(corpus, none, "topic", "week").empty
    assert agg.timeline_bins(corpus, none, "leader", "topic").empty
    assert agg.timeline_points(corpus, none, "leader", "topic").empty


def test_bins_know_their_last_day(corpus: Corpus) -> None:
    rows = select(corpus, Filters()).dated
    weekly = agg.timeline_bins(corpus, rows, "leader", "topic", "week")
    assert ((weekly["end"] - weekly["start"]).dt.days == 6).all()
    assert (weekly["start"].dt.day_of_week == 0).all()
    monthly = agg.timeline_bins(corpus, rows, "topic", "stance", "month")
    assert (monthly["start"].dt.day == 1).all()
    assert ((monthly["end"] + pd.Timedelta(days=1)).dt.day == 1).all()
    assert (monthly["end"].dt.month == monthly["start"].dt.month).all()


@pytest.mark.parametrize("grain", ["week", "month"])
def test_volume_per_outlet_matches_a_brute_count(frame: pd.DataFrame, corpus: Corpus, grain: str) -> None:
    rows = select(corpus, Filters()).dated
    table = agg.volume(corpus, rows, grain, top=3)  # type: ignore[arg-type]
    busiest = [o for o, _ in Counter(frame.iloc[rows][S.outlet]).most_common(3)]
    expected: Counter[tuple[str, date]] = Counter()
    for r in frame.iloc[rows].to_dict(orient="records"):
        start = _week_start(r[S.date]) if grain == "week" else date.fromisoformat(r[S.date][:7] + "-01")
        expected[(r[S.outlet] if r[S.outlet] in busiest else agg.OTHER_OUTLETS, start)] += 1
    lines = zip(table["outlet"], table["start"], table["count"], strict=True)
    got = {(o, s.date()): int(c) for o, s, c in lines if c}
    assert got == dict(expected)
    assert list(dict.fromkeys(table["outlet"]))[:3] == busiest
    # Each line has every period, zeros included, so the lines reach the axis between bursts.
    assert table.groupby("outlet").size().nunique() == 1
    assert agg.volume(corpus, rows[:0], grain).empty  # type: ignore[arg-type]


def test_heatmap_coarsens_when_the_dates_span_too_many_columns() -> None:
    frame = synthetic_frame(300, seed=6)
    recent = Corpus.from_frame(frame)
    rows = np.flatnonzero(~np.isnan(recent.frame["day"].to_numpy()))
    assert agg.heatmap_grain(recent, rows, "week") == "week"  # five years of weeks fit
    # One statement dated a century back would make thousands of weekly columns.
    dates = frame[S.date].astype(object).to_numpy().copy()
    dates[0] = "1921-03-07"
    frame[S.date] = pd.Series(dates, dtype="string[pyarrow]")
    old = Corpus.from_frame(frame)
    rows = np.flatnonzero(~np.isnan(old.frame["day"].to_numpy()))
    assert agg.heatmap_grain(old, rows, "week") == "year"
    table = agg.heatmap(old, rows, "topic", "year")
    last_year = max(d for d in dates if isinstance(d, str))[:4]
    assert table.columns[0] == pd.Timestamp("1921-01-01")
    assert table.shape[1] == int(last_year) - 1921 + 1  # one column a year, gaps included


def test_a_selection_is_exploded_once_and_forgotten_with_it(corpus: Corpus) -> None:
    """The page run's charts share the selection's lanes and cells; nothing outlives the selection."""
    import gc

    rows = select(corpus, Filters()).dated
    assert rows.dtype == np.int32
    first = agg.lanes(corpus, rows, "topic")
    assert agg.lanes(corpus, rows, "topic") is first
    assert first.rows.dtype == np.int32
    assert first.codes.dtype == corpus.topics.codes.dtype == np.int16  # as narrow as the corpus holds them
    agg.heatmap(corpus, rows, "topic", "month")
    held = len(corpus._alive)
    assert held >= 2  # the lanes and the counted cells
    # A copy is another selection (another page run): it gets its own, equal, lanes.
    other = agg.lanes(corpus, rows.copy(), "topic")
    assert other is not first
    assert np.array_equal(other.rows, first.rows)
    assert np.array_equal(other.codes, first.codes)
    del rows, first, other
    gc.collect()
    assert not corpus._alive
