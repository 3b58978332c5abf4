"""Undated statements: counted and listed apart, never plotted (and never at today's date)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import data as store_data
from components import statements_table
from quoteline.query.corpus import Corpus
from quoteline.query.text import plural

LIST_LIMIT = 500


def render(data: Corpus, rows: np.ndarray) -> None:
    """A count of the matching undated statements and an expandable list of them; undated articles linked."""
    articles = store_data.undated_article_count()
    if articles:
        st.page_link(
            "views/corrections.py",
            label=f"{articles} article(s) have no publication date: date them on the Corrections page",
            icon=":material/event_busy:",
        )
    if rows.size == 0:
        return
    verb = "matches" if rows.size == 1 else "match"
    with st.expander(f"{plural(rows.size, 'undated statement')} {verb} these filters: not on the timeline"):
        st.caption("No publication date, dateline or dated reference was found for these statements.")
        statements_table.render(data, rows[:LIST_LIMIT], key="undated_table", height=260)
        if rows.size > LIST_LIMIT:
            st.caption(f"Showing the first {LIST_LIMIT}; the Statements page lists them all.")
