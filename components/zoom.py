"""The line above a time chart: how to zoom, or which days the zoom shows, with "Reset zoom" and
"Filter to these dates".

A zoom changes what the time charts draw, never which statements match: the counts, the table, the downloads
and the other pages keep following the From/To filter. "Filter to these dates" turns the zoom into that
filter when the analyst wants everything to follow it.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import streamlit as st

from components import urlstate
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.filters import day_number
from quoteline.query.state import ViewState
from quoteline.query.text import plural


def _reset() -> None:
    urlstate.set_zoom(None)


def _to_filter(window: tuple[date, date]) -> None:
    """Make the zoom window the From/To filter (then there is nothing left to zoom)."""
    st.session_state["w_from"], st.session_state["w_to"] = window
    urlstate.set_zoom(None)


def render(
    data: Corpus, dated: np.ndarray, view: ViewState, zoom: tuple[date, date] | None, key: str
) -> None:
    """Say how to zoom, or what the ``zoom`` window (clipped to the date filter) shows of ``dated``."""
    if view.zoom is None:
        st.caption("Drag across the timeline to zoom to those days; the link keeps the zoom.")
        return
    left, middle, right = st.columns([6, 1.3, 1.7], vertical_alignment="center")
    if zoom is None:
        left.caption(
            "The link's zoom window lies outside the date filter, so the charts show the whole filter."
        )
    else:
        days = data.frame[DAY].to_numpy()[dated]
        shown = int(np.count_nonzero((days >= day_number(zoom[0])) & (days <= day_number(zoom[1]))))
        left.markdown(
            f"**Zoomed to {zoom[0]:%Y-%m-%d} – {zoom[1]:%Y-%m-%d}:** the charts show {shown:,} of "
            f"{plural(len(dated), 'dated statement')}. Counts, the table and downloads still follow the "
            "date filter."
        )
        right.button(
            "Filter to these dates",
            key=f"{key}_to_filter",
            on_click=_to_filter,
            args=(zoom,),
            icon=":material/filter_alt:",
            help="Set From and To to the zoom window, so that counts, tables and downloads follow it too.",
        )
    middle.button("Reset zoom", key=f"{key}_reset", on_click=_reset, icon=":material/zoom_out_map:")
