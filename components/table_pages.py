"""The statements table's page controls: rows per page, first / previous / "page N of M" / next / last, and
the row range shown. The page and its size live in the link (``tpage``, ``tsize``); the arithmetic is
``quoteline.query.table_pages``."""

from __future__ import annotations

import streamlit as st

from components import urlstate
from quoteline.query.state import ViewState
from quoteline.query.table_pages import PAGE_SIZES, clamp_page, page_bounds, page_count, row_range_text


def _go(number: int) -> None:
    """A page button's callback: runs before the rerun, so ``components.page.begin`` reads the new page."""
    st.session_state[urlstate.TABLE_PAGE_KEY] = number


def render(view: ViewState, total: int, asked: int | None = None) -> tuple[int, int]:
    """Draw the page controls for ``total`` sorted rows (``asked``: the page past the last that the link
    named, which ``components.page.begin`` turned into the last); returns the (start, stop) rows shown."""
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
    return page_bounds(number, total, view.page_size)
