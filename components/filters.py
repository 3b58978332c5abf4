"""The sidebar filters shared by every page, and the display switches (colour mode, heatmap bins)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from quoteline.query.corpus import Corpus
from quoteline.query.filters import Filters
from quoteline.query.search import SEARCH_HELP, search_problem
from quoteline.query.state import COLOURS, GRAINS, MAX_VALUE_CHARS
from quoteline.schema import KINDS, STANCE_LABELS, STANCES, S

# Wide bounds so any date a link names can be shown; the parser rejects dates outside them.
MIN_DAY, MAX_DAY = date(1800, 1, 1), date(2200, 12, 31)


def render(data: Corpus) -> tuple[Filters, str, str]:
    """Draw the filters in the sidebar; returns the filters, the colour mode and the heatmap grain."""
    leaders = data.speaker_counts()
    topic_counts = data.topics.counts()
    counterpart_counts = data.counterparts.counts()
    with st.sidebar:
        st.subheader("Filters")
        picked_leaders = st.multiselect(
            "Leaders",
            options=list(leaders),
            key="w_leaders",
            placeholder="All leaders",
            format_func=lambda name: f"{name} ({leaders.get(name, 0)})",
        )
        topics = st.multiselect(
            "Topics",
            options=sorted(topic_counts),
            key="w_topics",
            placeholder="All topics",
            format_func=lambda t: f"{t} ({topic_counts.get(t, 0)})",
        )
        counterparts = st.multiselect(
            "About (counterparts)",
            options=sorted(counterpart_counts),
            key="w_counterparts",
            placeholder="Any counterpart",
            format_func=lambda c: f"{c} ({counterpart_counts.get(c, 0)})",
        )
        stances = st.multiselect(
            "Stance",
            options=list(STANCES),
            key="w_stances",
            placeholder="Any stance",
            format_func=lambda s: STANCE_LABELS.get(s, s),
        )
        kinds = st.multiselect("Kind", options=list(KINDS), key="w_kinds", placeholder="Direct and indirect")
        outlets = st.multiselect(
            "Outlet", options=data.category_values(S.outlet), key="w_outlets", placeholder="All outlets"
        )
        left, right = st.columns(2)
        date_from = left.date_input(
            "From", key="w_from", min_value=MIN_DAY, max_value=MAX_DAY, format="YYYY-MM-DD"
        )
        date_to = right.date_input(
            "To", key="w_to", min_value=MIN_DAY, max_value=MAX_DAY, format="YYYY-MM-DD"
        )
        search = st.text_input(
            "Search the statements",
            key="w_q",
            max_chars=MAX_VALUE_CHARS,
            placeholder='words, "a phrase", this OR that',
            help=SEARCH_HELP,
        )
        st.subheader("Display")
        colour = st.radio("Colour markers by", COLOURS, key="w_colour", horizontal=True)
        grain = st.radio("Heatmap bins", GRAINS, key="w_grain", horizontal=True)
    start: date | None = date_from if isinstance(date_from, date) else None
    end: date | None = date_to if isinstance(date_to, date) else None
    if start and end and start > end:
        st.sidebar.warning("The date range ends before it starts; the dates are ignored.")
        start = end = None
    filters = Filters(
        leaders=tuple(picked_leaders),
        topics=tuple(topics),
        counterparts=tuple(counterparts),
        stances=tuple(stances),
        kinds=tuple(kinds),
        outlets=tuple(outlets),
        date_from=start,
        date_to=end,
        search="" if "<" in search or ">" in search else search,
    )
    if filters.search != search:
        st.sidebar.warning("Search text with < or > is ignored.")
    problem = search_problem(filters.search)
    if problem:
        st.sidebar.warning(f"{problem}; the search is ignored.")
        filters = replace(filters, search="")
    return filters, str(colour), str(grain)
