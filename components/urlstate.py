"""Keeping the URL, the widgets and the session's view in step.

The query string is the state: on a fresh visit (or a pasted link) it is parsed and pushed into the widgets;
after any interaction the widgets are read and every value is written back explicitly. Streamlit clears the
query string when the analyst moves between pages with the menu, so the last published view is also kept in
the session and restored then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial

import streamlit as st

from quoteline.query.state import TABS, ViewState, Vocabulary

VIEW_KEY = "_view"  # the last published ViewState
PAGE_KEY = "_page"  # the page the previous run drew
SELECTED_KEY = "_selected"  # the selected statement id (not a widget, so it survives page changes)
# The statements table's page: not a widget (the page buttons set it), so it survives page changes.
TABLE_PAGE_KEY = "w_tpage"
ZOOM_KEY = "_zoom"  # the time charts' zoom window, (first, last) or None (set by a drag on a timeline)
# The labels of each page's tabs, by the tab's name in the link (quoteline.query.state.TABS). A page's tabs
# are a widget keyed "w_tab_<page>", whose state is the open tab's label.
TAB_LABELS: dict[str, dict[str, str]] = {
    "topics": dict(zip(TABS["topics"], ("Topic lanes", "Volume by outlet", "Heatmaps"), strict=True)),
}


def tab_key(page: str) -> str:
    """The session-state key of ``page``'s tabs."""
    return f"w_tab_{page}"


def _tab_label(page: str, view: ViewState) -> str:
    """The label of the tab ``view`` names on ``page`` (its first tab's when the name is another page's)."""
    labels = TAB_LABELS[page]
    return labels.get(view.tab, next(iter(labels.values())))


WIDGETS: dict[str, Callable[[ViewState], object]] = {
    "w_leaders": lambda v: list(v.filters.leaders),
    "w_topics": lambda v: list(v.filters.topics),
    "w_counterparts": lambda v: list(v.filters.counterparts),
    "w_stances": lambda v: list(v.filters.stances),
    "w_kinds": lambda v: list(v.filters.kinds),
    "w_outlets": lambda v: list(v.filters.outlets),
    "w_from": lambda v: v.filters.date_from,
    "w_to": lambda v: v.filters.date_to,
    "w_q": lambda v: v.filters.search,
    "w_colour": lambda v: v.colour,
    "w_grain": lambda v: v.grain,
    "w_ctopic": lambda v: v.compare_topic,
    "w_stypes": lambda v: list(v.filters.speaker_types),
    "w_countries": lambda v: list(v.filters.countries),
    "w_incumbent": lambda v: v.filters.in_office,
    "w_top": lambda v: v.top,
    "w_sort": lambda v: v.sort,
    "w_order": lambda v: "desc" if v.descending else "asc",
    TABLE_PAGE_KEY: lambda v: v.table_page,
    "w_tsize": lambda v: v.page_size,
    # The What changed page's settings (components.shifts), which the timelines' shift marks use too.
    "w_shift_window": lambda v: v.shift.window,
    "w_shift_min": lambda v: v.shift.min_statements,
    "w_shift_change": lambda v: v.shift.min_change,
    **{tab_key(page): partial(_tab_label, page) for page in TAB_LABELS},
}


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def resolve(page: str, vocab: Vocabulary) -> tuple[ViewState, list[str]]:
    """The view this run starts from, and notices about ignored link parameters."""
    params = _url_params()
    last: ViewState | None = st.session_state.get(VIEW_KEY)
    notices: list[str] = []
    if not params and last is not None:
        incoming = replace(last, page=page)  # moved with the menu: Streamlit dropped the query string
    else:
        incoming, notices = ViewState.from_query_params(params, vocab)
        incoming = replace(incoming, page=page)  # app.py has already routed to the page the link names
    # Widgets on a newly entered page start from their defaults, so a page change also pushes the view.
    if last is None or incoming != replace(last, page=page) or st.session_state.get(PAGE_KEY) != page:
        push(incoming)
    st.session_state[PAGE_KEY] = page
    return incoming, notices


def push(view: ViewState) -> None:
    """Set every widget (and the selection) to the values of ``view``."""
    for key, value_of in WIDGETS.items():
        st.session_state[key] = value_of(view)
    st.session_state[SELECTED_KEY] = view.selected
    st.session_state[ZOOM_KEY] = view.zoom


def publish(view: ViewState) -> None:
    """Write the view to the URL, every field explicit, and remember it for page changes."""
    wanted = view.to_query_params()
    if _url_params() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[VIEW_KEY] = view


def open_tab(page: str) -> str:
    """The open tab of ``page`` by its name in the link (its first tab until the tabs are drawn)."""
    label = st.session_state.get(tab_key(page))
    return next((name for name, shown in TAB_LABELS[page].items() if shown == label), TABS[page][0])


def select_statement(statement_id: str | None) -> None:
    """Make ``statement_id`` the selected statement (None clears the selection)."""
    st.session_state[SELECTED_KEY] = statement_id


def set_zoom(window: tuple[date, date] | None) -> None:
    """Make ``window`` (first day, last day) the time charts' zoom (None: no zoom)."""
    st.session_state[ZOOM_KEY] = window
