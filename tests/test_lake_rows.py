"""A lean corpus (``lake_rows_min_statements``: no text in the process) gives the SAME rows as the corpus that
holds every column: the table's and the detail panel's columns read from the lake by id, the search's rows
asked of the lake (with and without the store's search index), one article's statements, on a synthetic
store and after corrections that move a statement to another month and change an outlet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from benchmarks.synthetic import write_store
from quoteline.corrections import edit
from quoteline.query.corpus import FROM_LAKE, LAZY_COLUMNS, Corpus, StaleCorpus
from quoteline.query.filters import Filters, select
from quoteline.query.lake_rows import LakeRows, partition, prune_condition
from quoteline.query.load import load_corpus
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch
from quoteline.store.tables import date_columns

DETAIL = [S.statement_id, S.article_id, S.speaker, S.kind, S.cue, S.text, S.start, S.end, S.date]
SEARCHES = ["reform", "border reform", '"the border"', "Leader 03", "taxes OR budget", "zzzz-nothing"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(write_store(tmp_path / "synthetic", 2000, seed=5))
    store.add(*fake_batch(20, 3, seed=6))  # a commit's rows on top of the written files
    return store


def _pair(store: Store) -> tuple[Corpus, Corpus]:
    full, lean = load_corpus(store), load_corpus(store, lean_from=0)
    assert full.rows_from is None
    assert isinstance(lean.rows_from, LakeRows)
    return full, lean


def _same_frames(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.index) == list(want.index)
    for column in want.columns:
        assert [None if pd.isna(v) else v for v in got[column]] == [
            None if pd.isna(v) else v for v in want[column]
        ], column


def _check(store: Store) -> None:
    full, lean = _pair(store)
    rng = np.random.default_rng(11)
    pages = [
        np.arange(50),  # a first page
        rng.choice(len(full), size=200, replace=False),  # rows from every month, in no order
        np.flatnonzero(np.isnan(full.frame["day"].to_numpy()))[:20],  # undated rows
        np.array([len(full) - 1]),  # one row, as the detail panel asks
    ]
    for rows in pages:
        _same_frames(lean.take(rows, [*LAZY_COLUMNS, S.outlet]), full.take(rows, [*LAZY_COLUMNS, S.outlet]))
    for query in SEARCHES:
        for filters in (Filters(search=query), Filters(search=query, stances=("praise",))):
            got, want = select(lean, filters), select(full, filters)
            assert list(got.dated) == list(want.dated), filters
            assert list(got.undated) == list(want.undated), filters
    from components import evidence

    article = str(full.col(S.article_id).iat[7])
    _same_frames(evidence.article_statements(lean, article), evidence.article_statements(full, article))
    assert not {c for c in FROM_LAKE if c in lean._lazy}, "a lean corpus read a whole text column"


def test_lean_corpus_rows_equal_the_corpus(store: Store) -> None:
    _check(store)


def test_after_corrections_that_move_a_statement_and_change_an_outlet(store: Store) -> None:
    first = store.statements([S.statement_id, S.article_id, S.date]).dropna().iloc[0]
    edit.correct_statement(store, first[S.statement_id], {"date": "2019-02-11", "kind": "indirect"})
    edit.correct_article(store, first[S.article_id], {"outlet": "Outlet 29 (fictional)"})
    _check(store)
    full, lean = _pair(store)
    row = full.row_of(first[S.statement_id])
    assert row is not None
    _same_frames(lean.take([row], DETAIL), full.take([row], DETAIL))
    assert lean.take([row], [S.date, S.kind]).iloc[0].tolist() == ["2019-02-11", "indirect"]


def test_with_the_search_index(store: Store) -> None:
    pytest.importorskip("tantivy")
    from quoteline.query import text_index

    text_index.update(store)
    _check(store)
    _, lean = _pair(store)
    assert isinstance(lean.rows_from, LakeRows)
    for query in ("reform", "border reform", '"the border"', "Leader 03", "zzzznothing"):
        # The index answered with id numbers, straight to the corpus' rows (no SQL semi-join).
        assert lean.rows_from.search(query).type == pa.uint64(), query
    # Punctuation inside a word: the index cannot answer, the SQL condition does (ids as strings).
    assert lean.rows_from.search("zzzz-nothing").type == pa.string()


def test_with_the_search_index_taken_out_in_slices(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The synthetic ids are consecutive numbers, not spread hashes: each slice is the next ids above the
    last one's, whatever their spread."""
    pytest.importorskip("tantivy")
    from quoteline.query import text_index, text_query

    text_index.update(store)
    monkeypatch.setattr(text_query, "SLICE_HITS", 50)
    _check(store)


def test_with_the_search_index_after_corrections(store: Store) -> None:
    pytest.importorskip("tantivy")
    from quoteline.query import text_index

    text_index.update(store)
    rows = store.statements([S.statement_id, S.text, S.speaker]).dropna()
    reform = rows[rows[S.text].str.contains("reform")]
    edit.correct_statement(store, str(reform[S.statement_id].iat[0]), {"speaker": "Reform Quaystone"})
    edit.delete_statement(store, str(reform[S.statement_id].iat[1]))
    edit.merge_speakers(store, str(rows[S.speaker].iat[0]), "Leader 03 of Nowhere")
    _check(store)


def test_the_search_postings_answer_as_a_mask_over_the_rows(store: Store) -> None:
    """A lean corpus whose rows are the index's data files in order takes the postings' masks as they are
    (no hit's id mapped): the same rows as its hits' ids mapped; a corpus in another order gets None."""
    pytest.importorskip("tantivy")
    from quoteline.query import text_index

    text_index.update(store)
    _, lean = _pair(store)
    assert isinstance(lean.rows_from, LakeRows)
    thread = lean.prefetch()
    assert thread is not None
    thread.join()
    numbers = lean.id_numbers()
    assert numbers is not None
    # The background read mapped the postings and compared their ids with the rows' ahead of a search.
    from quoteline.query import postings_search

    assert [ok for ref, ok in postings_search._ALIGNED.values() if ref() is numbers] == [True]
    for query in ("reform", "border reform", "Leader 03", "taxes OR budget", "zzzznothing"):
        found = lean.rows_from.search_rows(query, numbers)
        assert found is not None, query
        rows, reached, extra = found
        assert not len(reached)  # no correction
        assert not len(extra)
        assert rows.tolist() == lean.rows_of_ids(lean.rows_from.search(query)).tolist(), query
    assert lean.rows_from.search_rows('"the border"', numbers) is None  # a phrase: tantivy's ids
    assert lean.rows_from.search_rows("reform", numbers[::-1].copy()) is None


def test_the_search_mask_after_a_correction_takes_the_corrected_rows(store: Store) -> None:
    pytest.importorskip("tantivy")
    from quoteline.query import text_index

    text_index.update(store)
    rows = store.statements([S.statement_id, S.text, S.speaker]).dropna()
    reform = rows[rows[S.text].str.contains("reform")]
    edit.correct_statement(store, str(reform[S.statement_id].iat[0]), {"speaker": "Reform Quaystone"})
    edit.correct_statement(store, str(reform[S.statement_id].iat[1]), {"speaker": "Mira Quell"})
    _check(store)  # the lean corpus' search rows equal the full corpus'
    _, lean = _pair(store)
    assert isinstance(lean.rows_from, LakeRows)
    numbers = lean.id_numbers()
    assert numbers is not None
    found = lean.rows_from.search_rows("reform", numbers)
    assert found is not None
    assert len(found[1]) == 2  # the corrected rows are taken out of the index's answer, and checked again


def test_a_commit_vacuumed_from_under_a_lean_corpus_makes_it_stale(store: Store) -> None:
    """As the full corpus' lazy read does: the app reloads the corpus of the new commit."""
    lean = load_corpus(store, lean_from=0)
    lean.col(S.statement_id)  # the ids are held (the background read): only the lake's files go
    store.add(*fake_batch(5, 2, seed=9))
    store.compact(retention_hours=0)
    with pytest.raises(StaleCorpus):
        lean.take(np.arange(3), [S.text])


def test_the_partition_of_a_date_is_the_stores() -> None:
    dates = ["2023-04-05", "2023-04", "2023", None, "1999-12-31"]
    stored = date_columns(pd.array(dates, dtype="string[pyarrow]").__arrow_array__())
    years, months = stored["year"].to_pylist(), stored["month"].to_pylist()
    assert [partition(d) for d in dates] == [
        None if y is None else (y, m) for y, m in zip(years, months, strict=True)
    ]


def test_a_page_of_a_year_only_date_and_a_month_of_that_year_prunes() -> None:
    """Rows dated "2023" and "2023-04" on one page: both partitions named, in a stable order."""
    got = prune_condition(["2023-04-05", "2023", None, "2023-04", "2022-12-31"])
    assert got == (
        "((year = 2022 AND month = 12) OR (year = 2023 AND month IS NULL) OR (year = 2023 AND month = 4) "
        "OR year IS NULL)"
    )
