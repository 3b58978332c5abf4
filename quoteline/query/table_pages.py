"""The statements table's pages: which slice of the sorted selection a page shows, and how it is worded.

The table shows one page of the sorted selection at a time (``quoteline.query.order`` sorts every matching
statement first), so the browser receives a page, not the first 10,000 rows, and every row can be reached.
A page is numbered from 1; a page past the last one shows the last page. The link carries the page and its
size (``quoteline.query.state``: ``tpage``, ``tsize``).
"""

from __future__ import annotations

from typing import Final

from quoteline.schema import S

# The table's columns, in order: what the grid shows (``components.statements_table``), what a download holds
# first (``quoteline.query.lake_download``) and what the paging benchmark reads.
TABLE_COLUMNS: Final = (
    S.date,
    S.speaker,
    S.text,
    S.stance,
    S.kind,
    S.topics,
    S.counterparts,
    S.outlet,
    S.n_sources,
    S.date_source,
    S.cue,
    S.statement_id,
)
PAGE_SIZES: Final = (100, 500, 1_000, 5_000)
# 500 rows: a page fills a few screens of the grid, and a page of the real corpus is a few hundred KB to send
# (the old 10,000-row cut was 5.3 MB).
DEFAULT_PAGE_SIZE: Final = 500
# A link's page above this is refused as malformed (no selection holds 10,000,000 pages of 100 rows).
MAX_PAGE: Final = 10_000_000


def _check_size(size: int) -> None:
    if size <= 0:
        raise ValueError(f"a page holds at least one row, not {size}")


def page_count(total: int, size: int) -> int:
    """How many pages ``total`` rows fill at ``size`` rows a page (at least 1: an empty table is one page)."""
    _check_size(size)
    return max(1, -(-max(total, 0) // size))


def clamp_page(page: int, total: int, size: int) -> int:
    """``page`` within 1 and the last page of ``total`` rows."""
    return min(max(page, 1), page_count(total, size))


def page_bounds(page: int, total: int, size: int) -> tuple[int, int]:
    """The rows (start, stop), 0-based and stop exclusive, that ``page`` (clamped) shows of ``total``."""
    start = (clamp_page(page, total, size) - 1) * size
    return start, min(start + size, max(total, 0))


def page_of_row(row: int, size: int) -> int:
    """The page (from 1) that holds the 0-based ``row`` at ``size`` rows a page: after a change of page
    size, the page that still shows the first row the analyst was looking at."""
    _check_size(size)
    return max(row, 0) // size + 1


def row_range_text(page: int, total: int, size: int) -> str:
    """The caption of a page, e.g. "rows 1,001-1,500 of 27,310" ("no rows" when there are none)."""
    if total <= 0:
        return "no rows"
    start, stop = page_bounds(page, total, size)
    return f"rows {start + 1:,}-{stop:,} of {total:,}"
