"""Notices shown above a page: ignored link parameters, fictional sample data, empty results, undated rows."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import data as store_data
from quoteline.query.corpus import Corpus
from quoteline.query.filters import Filters

FICTIONAL_TEXT = (
    "**Fictional sample data.** This store holds Quoteline's bundled sample corpus: every leader, country, "
    "outlet and quote in it is invented. None of it describes real people or events."
)


def link_notices(notices: list[str]) -> None:
    """One warning listing the link parameters that were ignored (the texts never echo raw values)."""
    if notices:
        st.warning(
            "Parts of this link were ignored:\n\n" + "\n".join(f"- {n}" for n in notices),
            icon=":material/warning:",
        )


def fictional(data: Corpus) -> None:
    """Say clearly when the store holds the fictional sample."""
    if store_data.is_fictional(data):
        st.info(FICTIONAL_TEXT, icon=":material/science:")


def empty(data: Corpus, filters: Filters, rows: np.ndarray) -> bool:
    """Show a helpful message when there is nothing to draw; returns True when the page should stop."""
    if len(data) == 0:
        st.info(
            "The store is empty. Add articles on the **Add articles** page, or build the sample store "
            "with `python -m quoteline ingest data/sample`.",
            icon=":material/inbox:",
        )
        return True
    if rows.size == 0:
        hint = " The date range excludes undated statements." if filters.has_date_range else ""
        st.info(
            "No dated statements match these filters. Remove a filter in the sidebar, widen the date "
            f"range or clear the search.{hint}",
            icon=":material/search_off:",
        )
        return True
    return False


def counts(data: Corpus, dated: np.ndarray, undated: np.ndarray) -> None:
    """A one-line summary of what the filters matched (cross-outlet repeats counted once)."""
    from quoteline.query.aggregate import distinct_count

    total = dated.size + undated.size
    distinct = distinct_count(data, np.concatenate([dated, undated])) if total else 0
    st.caption(
        f"{total:,} statements match ({distinct:,} distinct quotes once repeats across outlets are "
        f"counted once); {dated.size:,} dated, {undated.size:,} undated."
    )


def store_problem(error: Exception) -> None:
    """The store cannot be read: its own message (naming the path and what to run), and what to do."""
    st.error("The statement store cannot be read, so nothing can be shown.", icon=":material/error:")
    st.code(str(error), language=None)  # inert: paths and file names are shown as text
    st.info(
        "Nothing has been changed or deleted. Fix what the message names, or run the command it gives "
        "(`python -m quoteline repair --store DIR` rebuilds a damaged store after a backup), then reload.",
        icon=":material/build:",
    )
