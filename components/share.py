"""The "Copy link" control: the full URL of the current view, every value explicit."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from quoteline.query.state import ViewState


def link(view: ViewState) -> str:
    """The shareable URL of ``view`` (relative when the browser's address is unknown)."""
    base = st.context.url or ""
    return f"{base}?{urlencode(view.to_query_params(), doseq=True)}"


def render(view: ViewState) -> None:
    """A popover holding the link, with Streamlit's copy-to-clipboard button on the code block."""
    with st.popover(
        "Copy link",
        icon=":material/link:",
        help="A link that reopens exactly this view: page, filters and selection.",
    ):
        st.caption("Copy this link (the button at the right of the box) and send it to a colleague.")
        st.code(link(view), language=None, wrap_lines=True)
