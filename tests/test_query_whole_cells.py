"""The whole store's grids (``quoteline.query.whole_cells``): a page without filters, and a speaker lens or
filter made of whole speakers, draw from grids counted once per corpus or written with the commit's encoded
corpus, and those grids give exactly what counting the selection gives (``cell_counts.count_cells``)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from corpus_compare import is_mapped
from test_query_cell_counts import _echoed

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.query import Corpus, Filters, cell_counts, encoded, select, whole_cells
from quoteline.query import aggregate as agg
from quoteline.query.lens import lens, rows_in_lens
from quoteline.query.load import load_corpus
from quoteline.schema import A, S
from quoteline.store import Store

KEYS = [
    ("topic", "week", "stance"),
    ("topic", "month", "leader"),
    ("topic", "year", None),
    ("leader", "week", "topic"),
    ("leader", "month", "stance"),
    ("leader", "week", None),
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _echoed(3000, seed=23)


def _counted(corpus: Corpus, rows: np.ndarray, key: tuple[Any, ...]) -> cell_counts.CellCounts:
    return cell_counts.count_cells(corpus, rows, *key)


def _same(got: cell_counts.CellCounts, want: cell_counts.CellCounts) -> None:
    assert (got.labels, got.colour_labels, got.p0, got.n_periods) == (
        want.labels,
        want.colour_labels,
        want.p0,
        want.n_periods,
    )
    assert np.array_equal(got.counts, want.counts)
    if want.by_colour is None:
        assert got.by_colour is None
    else:
        assert got.by_colour is not None
        assert np.array_equal(got.by_colour, want.by_colour)


def _page(corpus: Corpus, rows: np.ndarray) -> list[pd.DataFrame]:
    """What the topic and leader pages draw from ``rows``: bins of each lane kind and colour, heatmaps."""
    out = [agg.timeline_bins(corpus, rows, lane, colour) for lane in ("topic", "leader") for colour in
           ("stance", "topic", "leader")]  # fmt: skip
    out += [
        agg.heatmap(corpus, rows, dim, agg.heatmap_grain(corpus, rows, "week")) for dim in ("leader", "topic")
    ]
    return out


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Record every ``count_cells`` call that reaches the counting (``aggregate`` and ``whole_cells``)."""
    calls: list[tuple[Any, ...]] = []
    real = cell_counts.count_cells

    def spy(corpus: Corpus, rows: np.ndarray, *key: Any) -> cell_counts.CellCounts:
        calls.append(key)
        return real(corpus, rows, *key)

    monkeypatch.setattr(agg, "count_cells", spy)
    monkeypatch.setattr(whole_cells, "count_cells", spy)
    return calls


@pytest.mark.parametrize("key", KEYS)
def test_the_whole_grid_is_the_count_of_every_dated_statement(
    frame: pd.DataFrame, key: tuple[Any, ...]
) -> None:
    corpus, fresh = Corpus.from_frame(frame), Corpus.from_frame(frame)
    rows = select(corpus, Filters()).dated
    assert whole_cells.is_whole(corpus, rows)
    _same(whole_cells.whole(corpus, rows, *key), _counted(fresh, select(fresh, Filters()).dated, key))


def test_a_page_without_filters_counts_each_grid_once_per_corpus(
    frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, fresh = Corpus.from_frame(frame), Corpus.from_frame(frame)
    calls = _counting(monkeypatch)
    first = _page(corpus, select(corpus, Filters()).dated)
    counted = len(calls)
    assert counted
    again = _page(corpus, select(corpus, Filters()).dated)  # a later run: a new selection array
    assert len(calls) == counted  # nothing counted again
    with monkeypatch.context() as patched:
        patched.setattr(whole_cells, "is_whole", lambda corpus, rows: False)  # the in-memory path alone
        want = _page(fresh, select(fresh, Filters()).dated)
    for got, other, expected in zip(first, again, want, strict=True):
        pd.testing.assert_frame_equal(got, expected)
        pd.testing.assert_frame_equal(other, expected)


def test_whole_speakers_are_cut_from_the_whole_grid_and_parts_of_speakers_are_counted(
    frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, fresh = Corpus.from_frame(frame), Corpus.from_frame(frame)
    everything = select(corpus, Filters()).dated
    # Nothing to cut from yet: a part is counted, never the whole store for its sake.
    shown = lens(corpus, everything, 4)
    part = rows_in_lens(corpus, everything, shown)
    assert whole_cells.of_speakers(corpus, part, "week", "topic") is None
    for key in [("leader", "week", "topic"), ("leader", "month", "stance"), ("leader", "week", None)]:
        whole_cells.whole(corpus, everything, *key)  # type: ignore[arg-type]
    speaker = shown.speakers[1]
    selections = {
        "lens": part,
        "one speaker": select(corpus, Filters(leaders=(speaker,))).dated,
        "two speakers": select(corpus, Filters(leaders=shown.speakers[2:4])).dated,
    }
    for name, rows in selections.items():
        same = select(fresh, Filters(leaders=shown.speakers)).dated if name == "lens" else rows
        for grain, colour in [("week", "topic"), ("month", "stance"), ("week", None), ("month", None)]:
            got = whole_cells.of_speakers(corpus, rows, grain, colour)  # type: ignore[arg-type]
            assert got is not None, (name, grain, colour)
            _same(got, cell_counts.count_cells(fresh, same, "leader", grain, colour))  # type: ignore[arg-type]
    # Part of a speaker's statements (a stance filter too), or a bin coloured by speaker: counted.
    rows = select(corpus, Filters(leaders=(speaker,), stances=("denial",))).dated
    assert whole_cells.of_speakers(corpus, rows, "week", "topic") is None
    assert whole_cells.of_speakers(corpus, part, "week", "leader") is None
    calls = _counting(monkeypatch)
    bins = agg.timeline_bins(corpus, part, "leader", "stance", "month")
    assert not calls  # the lens of a page without filters: cut, not counted
    lens_rows = select(fresh, Filters(leaders=shown.speakers)).dated
    pd.testing.assert_frame_equal(bins, agg.timeline_bins(fresh, lens_rows, "leader", "stance", "month"))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")  # a store of any size keeps the files
    return Store(write_store(tmp_path / "s", 3000, seed=13))


def _parquet(store: Store, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    """The reference: a load below ``encoded_min_statements``, which neither maps nor writes the files."""
    monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "1000000000")
    try:
        return load_corpus(store)
    finally:
        monkeypatch.setenv("QUOTELINE_ENCODED_MIN_STATEMENTS", "0")


def _correct(store: Store) -> None:
    """A speaker merge, a new date, a new outlet, new topics and stance, a deletion and an added statement:
    every kind of correction that moves a statement between cells (the store holds undated ones too)."""
    rows = store.statements([S.statement_id, S.article_id, S.speaker, S.date]).dropna()
    speakers = rows[S.speaker].drop_duplicates().tolist()
    edit.merge_speakers(store, speakers[3], speakers[0])
    edit.correct_statement(store, rows.iloc[0][S.statement_id], {"date": "2019-02-11"})
    edit.correct_statement(
        store, rows.iloc[1][S.statement_id], {"topics": ["energy", "health"], "stance": "praise"}
    )
    edit.correct_article(store, rows.iloc[9][S.article_id], {"outlet": "The Quellmark Courier"})
    edit.delete_statement(store, rows.iloc[3][S.statement_id])
    article = store.article(str(rows.iloc[20][S.article_id]))
    assert article is not None
    text = str(article[A.text])
    edit.add_statement(store, str(rows.iloc[20][S.article_id]), 0, min(12, len(text)), "Minister Orla Venn")


def test_the_grids_written_with_a_commit_are_the_in_memory_counts_under_corrections(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _correct(store)
    want = _parquet(store, monkeypatch)
    load_corpus(store)  # no folder yet: loaded from Parquet, the folder (and its grids) written
    directory = encoded.folder(store.root, want.version)
    record = json.loads((directory / whole_cells.FILE).read_text())
    assert {tuple(spec["key"]) for spec in record["grids"].values()} == set(whole_cells.AT_COMMIT)
    mapped = load_corpus(store)
    assert is_mapped(mapped.frame["week"].to_numpy())
    calls = _counting(monkeypatch)
    rows, want_rows = select(mapped, Filters()).dated, select(want, Filters()).dated
    assert np.array_equal(rows, want_rows)
    for key in whole_cells.AT_COMMIT:
        _same(whole_cells.whole(mapped, rows, *key), _counted(want, want_rows, key))
    # Topic lanes coloured by topic (each marker its lane's colour) come from the counts of any topic grid.
    _same(
        whole_cells.whole(mapped, rows, "topic", "week", "topic"),
        _counted(want, want_rows, ("topic", "week", "topic")),
    )
    assert not calls  # read from the folder: nothing counted
    tally = whole_cells.speaker_tally(mapped)
    assert mapped._memo.get(whole_cells._TALLY) is not None  # the folder's, not counted
    codes = want.frame[S.speaker].cat.codes.to_numpy()[want_rows]
    assert tally.tolist() == np.bincount(codes[codes >= 0], minlength=len(tally)).tolist()
    # The pages draw what the in-memory path draws (the grids the commit did not write are counted once).
    with monkeypatch.context() as patched:
        patched.setattr(whole_cells, "is_whole", lambda corpus, rows: False)
        expected = _page(want, want_rows)
    for got, other in zip(_page(mapped, rows), expected, strict=True):
        pd.testing.assert_frame_equal(got, other)


def test_grids_of_another_format_or_count_are_not_read(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    load_corpus(store)
    directory = encoded.folder(store.root, store.version())
    path = directory / whole_cells.FILE
    record = json.loads(path.read_text())
    for changed in ({"format": whole_cells.FORMAT + 1}, {"n_dated": record["n_dated"] + 1}):
        path.write_text(json.dumps(record | changed))
        with caplog.at_level(logging.INFO, logger="quoteline.query.whole_cells"):
            mapped = load_corpus(store)
            assert whole_cells.known(mapped, "topic", "week", "stance") is None
        assert "counted instead" in caplog.text
        caplog.clear()
    path.unlink()  # a folder written before the grids: they are counted on first use
    mapped = load_corpus(store)
    assert is_mapped(mapped.frame["week"].to_numpy())
    rows = select(mapped, Filters()).dated
    calls = _counting(monkeypatch)
    _same(
        whole_cells.whole(mapped, rows, "topic", "week", "stance"),
        _counted(_parquet(store, monkeypatch), rows, ("topic", "week", "stance")),
    )
    assert len(calls) == 1


def test_a_grid_past_the_cap_is_counted_per_selection_not_kept(
    frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real store's speakers x weeks x topics grid may be hundreds of MB: not held for the corpus' life."""
    corpus = Corpus.from_frame(frame)
    monkeypatch.setattr(whole_cells, "MAX_CELLS", 100)
    calls = _counting(monkeypatch)
    for _ in range(2):
        agg.timeline_bins(corpus, select(corpus, Filters()).dated, "leader", "topic", "week")
    assert calls == [("leader", "week", "topic")] * 2
    assert whole_cells.known(corpus, "leader", "week", "topic") is None
