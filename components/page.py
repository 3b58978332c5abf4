"""What every page does first: load the corpus, read the view from the URL, draw the shared sidebar."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
import streamlit as st

from components import data as store_data
from components import edit, notices, share, urlstate
from components import filters as filter_widgets
from quoteline.query.axes import clip_zoom, date_span, outside
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.encoded import release_pages
from quoteline.query.filters import Selection, select
from quoteline.query.lens import Lens, lens
from quoteline.query.shifts import ShiftSettings
from quoteline.query.state import SORT_KEYS, ViewState, table_page_after
from quoteline.query.table_pages import PAGE_SIZES, clamp_page
from quoteline.query.text import plural


@dataclass(frozen=True)
class Context:
    """A page run's inputs: the corpus, the view and the statements the filters picked."""

    corpus: Corpus
    view: ViewState
    selection: Selection
    lens: Lens  # the speakers drawn as lanes and heatmap rows
    # The Statements table's page the link named when it lay past the last page (the view holds the last).
    table_page_asked: int | None = None
    # The table page was just entered from another page (a statement chosen on a chart), or opened from a
    # link that names no table page: it opens at the page holding the selected statement.
    opens_at_selection: bool = False

    @cached_property
    def _days(self) -> np.ndarray:
        return self.corpus.frame[DAY].to_numpy()[self.selection.dated]

    @cached_property
    def whole_span(self) -> tuple[date, date] | None:
        """The days the charts draw without a zoom: the date filter where set, else the statements' dates."""
        return date_span(self._days, self.view.filters.date_from, self.view.filters.date_to)

    @cached_property
    def zoom(self) -> tuple[date, date] | None:
        """The zoom window the time charts draw, within ``whole_span`` (None: not zoomed)."""
        whole = self.whole_span
        if whole is None:
            return None
        zoom = clip_zoom(self.view.zoom, *whole)
        return None if zoom == whole else zoom

    @cached_property
    def span(self) -> tuple[date, date] | None:
        """The days every chart of the page draws: the zoom window if any, else ``whole_span``. Statements
        left outside the whole span are counted in a caption, once per page run."""
        if self.zoom is not None:
            return self.zoom  # components.zoom says what the zoom leaves out
        span = self.whole_span
        stray = outside(self._days, span)
        if stray:
            st.caption(
                f"{plural(stray, 'statement')} dated before {span[0]:%Y-%m-%d} "  # type: ignore[index]
                "lie outside the charts' span; set From in the sidebar to see them."
            )
        return span


def _sort_key(value: object) -> str:
    return value if isinstance(value, str) and value in SORT_KEYS else "date"


def _table_page(page: str, incoming: ViewState) -> tuple[int, int]:
    """The statements table's (page, size): the table page's controls own them, elsewhere they ride along."""
    if page != "table":
        return incoming.table_page, incoming.page_size
    number, size = st.session_state.get(urlstate.TABLE_PAGE_KEY), st.session_state.get("w_tsize")
    return (
        number if isinstance(number, int) and number >= 1 else incoming.table_page,
        size if size in PAGE_SIZES else incoming.page_size,
    )


def _shift_settings(page: str, incoming: ViewState) -> ShiftSettings:
    """The line-shift settings: the What changed page's sliders own them, elsewhere they ride along."""
    if page != "changes":
        return incoming.shift
    state = st.session_state
    try:
        return ShiftSettings(
            window=int(state.get("w_shift_window", incoming.shift.window)),
            min_statements=int(state.get("w_shift_min", incoming.shift.min_statements)),
            min_change=float(state.get("w_shift_change", incoming.shift.min_change)),
        )
    except (TypeError, ValueError):  # the sliders keep them consistent; a stale mix falls back to the link's
        return incoming.shift


def begin(page: str, title: str) -> Context:
    """Resolve the view, draw the sidebar and notices, publish the URL; returns the page context."""
    data = store_data.corpus()
    # The mapped columns the last run read leave this process first (they stay in the page cache): at 10M
    # statements they were about 450 MB of its RSS between runs (``encoded.release_pages``).
    release_pages(data)
    before = st.session_state.get(urlstate.PAGE_KEY)
    opens_at_selection = page == "table" and (
        before != page if before is not None else "tpage" not in st.query_params
    )
    incoming, link_notices = urlstate.resolve(page, store_data.vocabulary(data))
    filters, colour, grain, top = filter_widgets.render(data)
    edit.sidebar()
    # The compare page owns the topic picker, and the table page the sort controls; elsewhere they ride along.
    compare_topic = st.session_state.get("w_ctopic") if page == "compare" else incoming.compare_topic
    sort, descending = (
        (_sort_key(st.session_state.get("w_sort")), st.session_state.get("w_order") != "asc")
        if page == "table"
        else (incoming.sort, incoming.descending)
    )
    # Likewise a page with tabs owns the open tab (components.tabs).
    tab = urlstate.open_tab(page) if page in urlstate.TAB_LABELS else incoming.tab
    table_page, page_size = _table_page(page, incoming)
    view = replace(
        incoming,
        tab=tab,
        filters=filters,
        colour=colour,
        grain=grain,
        compare_topic=compare_topic,
        top=top,
        selected=st.session_state.get(urlstate.SELECTED_KEY),
        sort=sort,
        descending=descending,
        zoom=st.session_state.get(urlstate.ZOOM_KEY),
        table_page=table_page,
        page_size=page_size,
        shift=_shift_settings(page, incoming),
    )
    # A changed filter or sort starts the table at its first page again (on any page: the filters are shared).
    view = replace(view, table_page=table_page_after(incoming, view))
    selection = select(data, filters)
    asked = None
    if page == "table":
        # A page past the last (an old link, a shrunken selection) becomes the last before the link is
        # written, so the address bar and "Copy link" name the page shown.
        total = len(selection.dated) + len(selection.undated)
        last = clamp_page(view.table_page, total, view.page_size)
        if last != view.table_page:
            asked, view = view.table_page, replace(view, table_page=last)
    st.session_state[urlstate.TABLE_PAGE_KEY] = view.table_page
    urlstate.publish(view)
    st.title(title)
    notices.link_notices(link_notices)
    notices.holdings(data)
    share.render(view)
    shown = lens(data, selection.dated, top, filters.leaders)
    return Context(
        corpus=data,
        view=view,
        selection=selection,
        lens=shown,
        table_page_asked=asked,
        opens_at_selection=opens_at_selection,
    )
