"""The line under a speaker chart: how many speakers it draws out of how many, and a "show more" button."""

from __future__ import annotations

import streamlit as st

from components import filters
from quoteline.query.lens import MAX_TOP, TOP_STEP, Lens
from quoteline.query.text import plural


def render(shown: Lens, key: str) -> None:
    """Say which speakers the chart draws; offer ``TOP_STEP`` more when some are left out."""
    if shown.picked or not shown.hidden:
        return
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(
        f"Drawing the {len(shown.speakers):,} busiest of {plural(shown.total, 'speaker')} with dated "
        "statements that match. To see any other speaker, find a name in the sidebar (**Find a speaker**) "
        "and choose it under **Leaders**."
    )
    right.button(
        f"Show {min(TOP_STEP, shown.hidden):,} more",
        key=key,
        on_click=filters.show_more,
        disabled=len(shown.speakers) >= MAX_TOP,
        icon=":material/unfold_more:",
    )
