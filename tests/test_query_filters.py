"""Filters and the corpus: every filter checked against a plain-Python reading of the same rows."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.query import Corpus, Filters, select
from quoteline.query.corpus import DAY, codes_in, date_to_day
from quoteline.query.filters import in_categories
from quoteline.schema import S, empty_statements


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_frame(3000, seed=11)


@pytest.fixture(scope="module")
def corpus(frame: pd.DataFrame) -> Corpus:
    return Corpus.from_frame(frame)


def _expected(frame: pd.DataFrame, f: Filters) -> set[str]:
    """The ids a row-by-row reading of the filters keeps."""
    keep = set()
    for r in frame.to_dict(orient="records"):
        if f.leaders and r[S.speaker] not in f.leaders:
            continue
        if f.topics and not set(r[S.topics]) & set(f.topics):
            continue
        if f.counterparts and not set(r[S.counterparts]) & set(f.counterparts):
            continue
        if f.stances and r[S.stance] not in f.stances:
            continue
        if f.kinds and r[S.kind] not in f.kinds:
            continue
        if f.outlets and r[S.outlet] not in f.outlets:
            continue
        if f.has_date_range:
            if pd.isna(r[S.date]):
                continue
            day = date.fromisoformat(r[S.date])
            if (f.date_from and day < f.date_from) or (f.date_to and day > f.date_to):
                continue
        if f.search and f.search.lower() not in r[S.text].lower():
            continue
        keep.add(r[S.statement_id])
    return keep


CASES = [
    Filters(),
    Filters(leaders=("Leader 00 of Arcadia", "Leader 05 of Latveria")),
    Filters(topics=("trade", "energy")),
    Filters(counterparts=("Syldavia",), stances=("denial", "threat")),
    Filters(kinds=("direct",), outlets=("Outlet 03 (fictional)",)),
    Filters(date_from=date(2022, 3, 1), date_to=date(2023, 2, 28)),
    Filters(date_from=date(2024, 1, 1)),
    Filters(search="Reform", topics=("security",)),
    Filters(search="BORDER"),
    Filters(search="reform", kinds=("direct",)),
    Filters(leaders=("Nobody at all",)),
]


@pytest.mark.parametrize("filters", CASES)
def test_select_matches_row_by_row_reading(frame: pd.DataFrame, corpus: Corpus, filters: Filters) -> None:
    picked = select(corpus, filters)
    ids = corpus.col(S.statement_id).to_numpy()
    got = set(ids[picked.dated]) | set(ids[picked.undated])
    assert got == _expected(frame, filters)


def test_undated_rows_are_split_out_not_dropped(corpus: Corpus) -> None:
    picked = select(corpus, Filters())
    assert picked.total == len(corpus)
    assert picked.undated.size > 0
    assert np.isnan(corpus.frame[DAY].to_numpy()[picked.undated]).all()
    assert not np.isnan(corpus.frame[DAY].to_numpy()[picked.dated]).any()


def test_date_range_excludes_undated(corpus: Corpus) -> None:
    picked = select(corpus, Filters(date_from=date(1900, 1, 1)))
    assert picked.undated.size == 0


def test_partial_dates_map_to_the_first_day_and_bad_ones_to_nan() -> None:
    days = date_to_day(pd.Series(["2024-03-05", "2024-03", "2024", None, "2024-02-30", "junk"]))
    epoch = date(1970, 1, 1)
    assert days[:3].tolist() == [
        (date(2024, 3, 5) - epoch).days,
        (date(2024, 3, 1) - epoch).days,
        (date(2024, 1, 1) - epoch).days,
    ]
    assert np.isnan(days[3:]).all()


def test_object_list_columns_give_the_same_corpus_as_arrow_ones(frame: pd.DataFrame, corpus: Corpus) -> None:
    plain = frame.copy()
    for col in (S.topics, S.counterparts):
        plain[col] = pd.Series([list(v) for v in frame[col]], dtype="object")
    other = Corpus.from_frame(plain)
    assert other.topics.labels == corpus.topics.labels
    assert np.array_equal(other.topics.rows, corpus.topics.rows)
    assert np.array_equal(other.topics.codes, corpus.topics.codes)


def test_empty_store_gives_an_empty_corpus() -> None:
    empty = Corpus.from_frame(empty_statements(stored=True))
    assert len(empty) == 0
    assert select(empty, Filters(topics=("trade",))).total == 0
    assert empty.speaker_counts() == {}


def test_row_of_and_tags_of(corpus: Corpus, frame: pd.DataFrame) -> None:
    sid = frame[S.statement_id].iloc[17]
    row = corpus.row_of(sid)
    assert row == 17
    assert corpus.tags_of(corpus.topics, 17) == list(frame[S.topics].iloc[17])
    assert corpus.row_of("ffffffffffffffff") is None


@pytest.mark.parametrize(
    "wanted", [["Quill"], ["Quill", "Marsh", "nowhere"], ["A", "B", "C", "D", "E", "Marsh"]]
)
def test_a_categorical_filter_matches_pandas_isin(wanted: list[str]) -> None:
    """Few wanted values compare code by code, many look up a flag per code: both as pandas' isin, a
    missing value and a value the column never holds included."""
    values = ["Marsh", None, "Quill", "A", "Tarn", "E", None, "Marsh", "Fen"] * 50
    column = pd.Series(pd.Categorical(values))
    got = in_categories(column, wanted)
    assert got.tolist() == column.isin(wanted).tolist()
    assert got.dtype == bool


def test_codes_in_handles_codes_past_the_wanted_ones_and_missing() -> None:
    codes = np.array([0, 7, -1, 3, 12, 5, 5, -1, 1], dtype=np.int16)
    for wanted in ([5], [0, 5, 12], [1, 2, 3, 5, 7, 9]):
        assert codes_in(codes, wanted).tolist() == np.isin(codes, wanted).tolist()
    assert not codes_in(codes, [-1]).any()  # a missing value is never wanted
