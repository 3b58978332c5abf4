"""The statements table's sort order: every key and direction against a plain-Python sort of the same rows,
and the drag and zoom windows of the time charts."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import synthetic_frame
from quoteline.query import Corpus, Filters, select
from quoteline.query.axes import clip_zoom, drag_window
from quoteline.query.corpus import DAY
from quoteline.query.order import SORT_COLUMNS, after_header_click, newest_first, sort_rows
from quoteline.query.state import SORT_KEYS
from quoteline.schema import S


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    frame = synthetic_frame(1500, seed=23)
    frame[S.cue] = frame[S.cue].where(np.arange(len(frame)) % 9 != 0)  # some statements have no cue
    return Corpus.from_frame(frame)


def _value(corpus: Corpus, key: str, row: int) -> object:
    """The row's sort value as Python compares it (text without case); None when missing."""
    value = corpus.col(SORT_COLUMNS[key]).iloc[row]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.casefold() if isinstance(value, str) else float(value)


def _expected(corpus: Corpus, rows: list[int], key: str, descending: bool) -> list[int]:
    """Newest first (one day's statements by id, highest first), then a stable sort on the key; missing
    values last in either direction."""
    base = _newest(corpus, rows)
    present = [r for r in base if _value(corpus, key, r) is not None]
    missing = [r for r in base if _value(corpus, key, r) is None]
    ordered = sorted(present, key=lambda r: _value(corpus, key, r), reverse=descending)  # type: ignore[arg-type,return-value]
    return ordered + missing


def _newest(corpus: Corpus, rows: list[int]) -> list[int]:
    """Latest day first, undated last, ties by statement id descending, as plain Python sorts them."""
    days = corpus.frame[DAY].to_numpy()
    ids = corpus.col(S.statement_id)
    by_id = sorted(rows, key=lambda r: ids.iloc[r], reverse=True)
    return sorted(by_id, key=lambda r: (math.isnan(days[r]), 0.0 if math.isnan(days[r]) else -days[r]))


def test_every_sort_key_has_a_column() -> None:
    assert tuple(SORT_COLUMNS) == SORT_KEYS


@pytest.mark.parametrize("key", SORT_KEYS)
@pytest.mark.parametrize("descending", [True, False])
def test_sort_matches_a_plain_sort(corpus: Corpus, key: str, descending: bool) -> None:
    rows = np.concatenate([select(corpus, Filters()).dated, select(corpus, Filters()).undated])[::3]
    got = sort_rows(corpus, rows, key, descending).tolist()
    assert sorted(got) == sorted(rows.tolist())  # the same statements, only reordered
    assert got == _expected(corpus, rows.tolist(), key, descending)


def test_the_default_order_is_newest_first_with_undated_last(corpus: Corpus) -> None:
    rows = np.arange(len(corpus))
    got = sort_rows(corpus, rows, "date", descending=True)
    assert np.array_equal(got, newest_first(corpus, rows))
    days = corpus.frame[DAY].to_numpy()[got]
    dated = days[~np.isnan(days)]
    assert np.all(np.diff(dated) <= 0)
    assert np.isnan(days[-1])
    assert not np.isnan(days[0])


@pytest.mark.parametrize("step", [1, 2, 40])
def test_newest_first_is_one_total_order_for_a_large_or_a_small_selection(corpus: Corpus, step: int) -> None:
    """A large selection filters the corpus' remembered order, a small one (every 40th row) is sorted on its
    own; both give what a plain sort by day and then statement id gives, so one day's statements come in
    the same order whichever way, and whatever order the rows were given in."""
    rows = np.arange(len(corpus))[::step]
    expected = _newest(corpus, rows.tolist())
    assert newest_first(corpus, rows).tolist() == expected
    shuffled = np.random.default_rng(step).permutation(rows).astype(np.int32)
    got = newest_first(corpus, shuffled)
    assert got.tolist() == expected
    assert got.dtype == np.int32  # a selection's row type is kept


def test_oldest_first_still_puts_undated_last(corpus: Corpus) -> None:
    days = corpus.frame[DAY].to_numpy()[sort_rows(corpus, np.arange(len(corpus)), "date", descending=False)]
    known = int(np.count_nonzero(~np.isnan(days)))
    assert np.all(np.diff(days[:known]) >= 0)
    assert np.isnan(days[known:]).all()


def test_sorting_applies_to_every_row_before_the_table_is_cut(corpus: Corpus) -> None:
    """The first rows under "speaker, ascending" come from the whole selection, not from the latest few."""
    rows = np.arange(len(corpus))
    first = sort_rows(corpus, rows, "speaker", descending=False)[:10]
    lowest = min(str(s).casefold() for s in corpus.frame[S.speaker].astype(str))
    assert str(corpus.frame[S.speaker].iloc[first[0]]).casefold() == lowest


def test_an_unknown_sort_key_fails_loudly(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="unknown sort key"):
        sort_rows(corpus, np.arange(3), "statement_id", descending=True)


def test_a_header_click_sorts_by_its_column_and_a_second_click_flips_it() -> None:
    assert after_header_click("speaker", "date", "desc") == ("speaker", "asc")  # text: A to Z first
    assert after_header_click("sources", "speaker", "asc") == ("sources", "desc")  # counts: most first
    assert after_header_click("date", "speaker", "asc") == ("date", "desc")  # dates: newest first
    assert after_header_click("speaker", "speaker", "asc") == ("speaker", "desc")
    assert after_header_click("speaker", "speaker", "desc") == ("speaker", "asc")


@pytest.mark.parametrize(
    ("ends", "window"),
    [
        (["2023-04-03 10:15:00", "2023-04-09 07:30:12.5"], (date(2023, 4, 3), date(2023, 4, 9))),
        (["2023-04-09 07:30", "2023-04-03 10:15"], (date(2023, 4, 3), date(2023, 4, 9))),  # dragged leftwards
        (["2023-04-03 00:00", "2023-04-10 00:00"], (date(2023, 4, 3), date(2023, 4, 9))),  # stops at midnight
        (["2023-04-03 08:00", "2023-04-03 20:00"], (date(2023, 4, 3), date(2023, 4, 3))),  # within one day
        (["2023-04-03", "2023-05-01"], (date(2023, 4, 3), date(2023, 4, 30))),
    ],
)
def test_a_drag_covers_whole_days(ends: list[str], window: tuple[date, date]) -> None:
    assert drag_window(ends) == window


@pytest.mark.parametrize(
    "ends",
    [
        None,
        "2023-04-03",
        ["2023-04-03"],
        ["2023-04-03", "2023-04-09", "2023-05-01"],
        [1680480000000, 1681000000000],  # Plotly reports dates as text; numbers are not trusted
        ["2023-02-30 00:00", "2023-03-02 00:00"],
        ["<b>", "2023-03-02"],
        ["0001-01-01", "2023-03-02"],
    ],
)
def test_a_malformed_drag_is_ignored(ends: object) -> None:
    assert drag_window(ends) is None


def test_a_zoom_stays_inside_the_date_filter() -> None:
    zoom = (date(2023, 1, 10), date(2023, 3, 20))
    assert clip_zoom(None, date(2023, 1, 1), None) is None
    assert clip_zoom(zoom, None, None) == zoom
    assert clip_zoom(zoom, date(2023, 2, 1), None) == (date(2023, 2, 1), date(2023, 3, 20))
    assert clip_zoom(zoom, None, date(2023, 2, 28)) == (date(2023, 1, 10), date(2023, 2, 28))
    assert clip_zoom(zoom, date(2024, 1, 1), date(2024, 12, 31)) is None  # nothing of it is left
