"""Lazy tabs: a page's tabs, of which only the open one is drawn.

With ``on_change="rerun"`` a click on a tab reruns the script, and each tab knows whether it is the open one.
A page draws the content of the open tab alone, so the browser builds one tab's charts for a first paint,
not every tab's (each Plotly chart costs its own draw, whether or not it is on screen). The open tab is part
of the view, so a link reopens it (``components.urlstate``).
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import urlstate


def render(page: str) -> dict[str, DeltaGenerator]:
    """Draw ``page``'s tabs; returns the open one, by its name in the link, as ``{name: container}``."""
    labels = urlstate.TAB_LABELS[page]
    drawn = st.tabs(list(labels.values()), key=urlstate.tab_key(page), on_change="rerun")
    return {name: tab for name, tab in zip(labels, drawn, strict=True) if tab.open}
