"""Notices shown above a page: ignored link parameters, fictional sample data, empty results, undated rows."""

from __future__ import annotations

import numpy as np
import streamlit as st

from quoteline.query.corpus import Corpus
from quoteline.query.filters import Filters
from quoteline.query.holdings import describe
from quoteline.query.holdings import holdings as store_holdings
from quoteline.query.text import escape, plural

FICTIONAL_TEXT = (
    "**Fictional sample data.** This store holds Quoteline's bundled sample corpus: every leader, country, "
    "outlet and quote in it is invented. None of it describes real people or events."
)

HOLDINGS_STYLE = "color:rgba(49,51,63,0.7);font-size:0.9rem;margin:0"
HOLDINGS_MIXED = "background:#e8f0fe;padding:0.6rem 0.9rem;border-radius:0.5rem;margin:0"


def link_notices(notices: list[str]) -> None:
    """One warning listing the link parameters that were ignored (the texts never echo raw values)."""
    if notices:
        st.warning(
            "Parts of this link were ignored:\n\n" + "\n".join(f"- {n}" for n in notices),
            icon=":material/warning:",
        )


def holdings(data: Corpus) -> None:
    """The fictional-sample warning while the store holds nothing else; otherwise what the store holds."""
    if not len(data):
        return
    held = store_holdings(data)
    if held.only_sample:
        st.info(FICTIONAL_TEXT, icon=":material/science:")
        return
    # Outlet names come from the articles: escaped HTML, never markdown (which would turn [x](y) into links).
    style = HOLDINGS_MIXED if held.fictional else HOLDINGS_STYLE
    st.html(f"<p class='ql-holdings' style='{style}'>{escape(describe(held))}</p>")


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
        f"{plural(total, 'statement')} {'matches' if total == 1 else 'match'} "
        f"({plural(distinct, 'distinct quote')} once repeats across "
        f"outlets are counted once); {dated.size:,} dated, {undated.size:,} undated."
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
