"""The statements table's page arithmetic: bounds, clamping, the page after a size change, the caption."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteline.query.table_pages import clamp_page, page_bounds, page_count, page_of_row, row_range_text


@pytest.mark.parametrize(
    ("total", "size", "pages"),
    [(0, 500, 1), (1, 500, 1), (500, 500, 1), (501, 500, 2), (27_310, 500, 55), (27_310, 100, 274)],
)
def test_page_count(total: int, size: int, pages: int) -> None:
    assert page_count(total, size) == pages


def test_the_row_range_of_a_middle_and_a_last_page() -> None:
    assert row_range_text(3, 27_310, 500) == "rows 1,001-1,500 of 27,310"
    assert row_range_text(55, 27_310, 500) == "rows 27,001-27,310 of 27,310"
    assert row_range_text(1, 0, 500) == "no rows"


def test_a_page_past_either_end_shows_the_nearest_one() -> None:
    assert clamp_page(0, 1_200, 500) == 1
    assert clamp_page(99, 1_200, 500) == 3
    assert page_bounds(99, 1_200, 500) == (1_000, 1_200)
    assert page_bounds(1, 0, 500) == (0, 0)


def test_a_size_below_one_row_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        page_count(10, 0)
    with pytest.raises(ValueError, match="at least one row"):
        page_of_row(10, -5)


# No deadline: tests never assert on wall time, and a busy CI machine makes one 50,000-row example slow.
@settings(deadline=None)
@given(st.integers(0, 50_000), st.integers(1, 6_000))
def test_the_pages_cover_every_row_once_in_order(total: int, size: int) -> None:
    pages = page_count(total, size)
    bounds = [page_bounds(p, total, size) for p in range(1, pages + 1)]
    covered = [row for start, stop in bounds for row in range(start, stop)]
    assert covered == list(range(total))
    assert all(stop - start <= size for start, stop in bounds)
    # Every row sits on the page page_of_row names.
    for row in {0, total // 2, total - 1} if total else set():
        start, stop = page_bounds(page_of_row(row, size), total, size)
        assert start <= row < stop
