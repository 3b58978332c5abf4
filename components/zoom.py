"""The zoom control above a time chart: a range of days to draw, kept in the link, with "Reset zoom" and
"Filter to these dates".

A zoom changes what the time charts draw, never which statements match: the counts, the table, the downloads
and the other pages keep following the From/To filter. "Filter to these dates" turns the zoom into that
filter when the analyst wants everything to follow it. The same window can be set by dragging across a
timeline with the chart's Box Select tool (``components.timeline.on_select``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import streamlit as st

from components import urlstate
from components.page import Context
from quoteline.query.corpus import DAY
from quoteline.query.filters import day_number
from quoteline.query.text import plural

HINT = (
    "Drag the ends to zoom the time charts, or pick Box Select (the dashed square above the chart) and drag "
    "across the days to see. The link keeps the zoom; the counts and the table keep the date filter."
)


def _reset() -> None:
    urlstate.set_zoom(None)


def _to_filter(window: tuple[date, date]) -> None:
    """Make the zoom window the From/To filter (then there is nothing left to zoom)."""
    st.session_state["w_from"], st.session_state["w_to"] = window
    urlstate.set_zoom(None)


def _slid(key: str, whole: tuple[date, date]) -> None:
    """Slider callback: the chosen days become the zoom; the whole span means no zoom."""
    value = st.session_state.get(key)
    if isinstance(value, tuple | list) and len(value) == 2 and all(isinstance(v, date) for v in value):
        first, last = sorted(value)
        urlstate.set_zoom(None if (first, last) == whole else (first, last))


def render(ctx: Context, key: str) -> None:
    """The zoom slider over the page's whole span, and what the zoom shows of the dated statements."""
    whole = ctx.whole_span
    if whole is None or whole[0] == whole[1]:
        return
    slider_key = f"{key}_days"
    st.session_state[slider_key] = ctx.zoom or whole  # follow the link, the drag and the buttons
    st.slider(
        "Zoom",
        min_value=whole[0],
        max_value=whole[1],
        key=slider_key,
        format="YYYY-MM-DD",
        on_change=_slid,
        args=(slider_key, whole),
        help=HINT,
    )
    if ctx.zoom is None:
        if ctx.view.zoom is not None:
            st.caption("The link's zoom window lies outside what the charts can show, so they show it all.")
        return
    first, last = ctx.zoom
    dated = ctx.selection.dated
    days = ctx.corpus.frame[DAY].to_numpy()[dated]
    shown = int(np.count_nonzero((days >= day_number(first)) & (days <= day_number(last))))
    left, middle, right = st.columns([6, 1.3, 1.7], vertical_alignment="center")
    left.markdown(
        f"**Zoomed to {first:%Y-%m-%d} – {last:%Y-%m-%d}:** the charts show {shown:,} of "
        f"{plural(len(dated), 'dated statement')}. Counts, the table and downloads still follow the date "
        "filter."
    )
    middle.button("Reset zoom", key=f"{key}_reset", on_click=_reset, icon=":material/zoom_out_map:")
    right.button(
        "Filter to these dates",
        key=f"{key}_to_filter",
        on_click=_to_filter,
        args=(ctx.zoom,),
        icon=":material/filter_alt:",
        help="Set From and To to the zoom window, so that counts, tables and downloads follow it too.",
    )
