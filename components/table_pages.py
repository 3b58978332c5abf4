"""The statements table's page controls: rows per page, first / previous / "page N of M" / next / last, and
the row range shown. The page and its size live in the link (``tpage``, ``tsize``); the arithmetic is
``quoteline.query.table_pages``.

The selected statement (chosen on a chart, in the table or in the link): the table opens at the page that
holds it when it was chosen elsewhere (``follow_selection``), and a page that does not hold it says which
page does, with a button to go there.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import streamlit as st

from components import urlstate
from quoteline.query.corpus import Corpus
from quoteline.query.state import ViewState
from quoteline.query.table_pages import (
    PAGE_SIZES,
    clamp_page,
    page_bounds,
    page_count,
    page_of_row,
    row_range_text,
)

# The selected statement when the table last drew: a selection made since (on a chart) is followed to its
# page when the table page is entered; one the table already showed is not (the analyst may have paged on).
SHOWN_KEY = "_table_selected"


def _go(number: int) -> None:
    """A page button's callback: runs before the rerun, so ``components.page.begin`` reads the new page."""
    st.session_state[urlstate.TABLE_PAGE_KEY] = number


def selected_position(data: Corpus, ordered: np.ndarray, selected: str | None) -> int | None:
    """Where the selected statement stands in the sorted rows ``ordered`` (0-based), or None when the
    selection does not hold it (or nothing is selected)."""
    row = None if selected is None else data.row_of(selected)
    if row is None:
        return None
    hits = np.flatnonzero(ordered == row)
    return int(hits[0]) if hits.size else None


def follow_selection(view: ViewState, position: int | None, opens: bool) -> ViewState:
    """The view at the page holding the selected statement (at ``position`` of the sorted rows) when the
    table page ``opens`` (entered from another page, or from a link naming no page) with a statement chosen
    since the table last drew; else ``view``. A changed page is written to the link at once."""
    chosen, shown = view.selected, st.session_state.get(SHOWN_KEY)
    st.session_state[SHOWN_KEY] = chosen
    if not opens or position is None or chosen == shown:
        return view
    number = page_of_row(position, view.page_size)
    if number == view.table_page:
        return view
    moved = replace(view, table_page=number)
    st.session_state[urlstate.TABLE_PAGE_KEY] = number
    urlstate.publish(moved)
    return moved


def render(
    view: ViewState, total: int, asked: int | None = None, selected_at: int | None = None
) -> tuple[int, int]:
    """Draw the page controls for ``total`` sorted rows (``asked``: the page past the last that the link
    named, which ``components.page.begin`` turned into the last; ``selected_at``: where the selected
    statement stands in the rows, if they hold it); returns the (start, stop) rows shown."""
    pages = page_count(total, view.page_size)
    number = clamp_page(view.table_page, total, view.page_size)  # begin clamped it: this only guards
    if asked is not None:
        st.caption(f"The link named page {asked:,}; this selection has {pages:,}, so the last is shown.")
    size, first, back, where, ahead, last = st.columns([2, 1, 1, 2, 1, 1], vertical_alignment="bottom")
    size.selectbox(
        "Rows per page",
        PAGE_SIZES,
        key="w_tsize",
        format_func=lambda n: f"{n:,}",
        help="The link keeps the page size and the page.",
    )
    first.button("First", key="tpage_first", on_click=_go, args=(1,), disabled=number <= 1)
    back.button("Previous", key="tpage_prev", on_click=_go, args=(number - 1,), disabled=number <= 1)
    where.markdown(f"Page {number:,} of {pages:,}")
    ahead.button("Next", key="tpage_next", on_click=_go, args=(number + 1,), disabled=number >= pages)
    last.button("Last", key="tpage_last", on_click=_go, args=(pages,), disabled=number >= pages)
    shown = row_range_text(number, total, view.page_size)
    st.caption(f"Showing {shown}, in this order; the downloads hold all.")
    start, stop = page_bounds(number, total, view.page_size)
    if selected_at is not None and not start <= selected_at < stop:
        home = page_of_row(selected_at, view.page_size)
        note, go = st.columns([5, 1], vertical_alignment="center")
        note.caption(f"The selected statement is row {selected_at + 1:,} in this order, on page {home:,}.")
        go.button("Show it", key="tpage_selected", on_click=_go, args=(home,))
    return start, stop
