"""The sidebar filters shared by every page, and the display switches (colour mode, heatmap bins, lanes).

Every option is labelled with the number of statements it would match given the other filters (facet counts,
``quoteline.query.facets``), so the counts are worked out from the widgets' current values before the widgets
are drawn. Options that would match nothing are left out, unless they are chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from components.data import facet_counts
from quoteline.query.corpus import Corpus
from quoteline.query.facets import Facets
from quoteline.query.filters import Filters
from quoteline.query.lens import DEFAULT_TOP, MAX_TOP, TOP_STEP
from quoteline.query.search import SEARCH_HELP, search_problem
from quoteline.query.speaker_find import FOUND_MAX, LISTED, speaker_options
from quoteline.query.speakers import SPEAKER_TYPES
from quoteline.query.state import COLOURS, GRAINS, MAX_VALUE_CHARS, MAX_VALUES
from quoteline.query.text import plural
from quoteline.schema import KINDS, STANCE_LABELS, STANCES

# Wide bounds so any date a link names can be shown; the parser rejects dates outside them.
MIN_DAY, MAX_DAY = date(1800, 1, 1), date(2200, 12, 31)
TOP_KEY = "w_top"
FIND_KEY = "w_find"  # the speaker name search: an aid to choosing, not a filter, so not in the link
COLOUR_LABELS = {"topic": "topic", "stance": "stance", "leader": "speaker"}


def _chosen(key: str) -> tuple[str, ...]:
    value = st.session_state.get(key)
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _day(key: str) -> date | None:
    value = st.session_state.get(key)
    return value if isinstance(value, date) else None


def current() -> Filters:
    """The filters as the widgets hold them now (before this run draws them), date checks included."""
    start, end = _day("w_from"), _day("w_to")
    if start and end and start > end:
        start = end = None
    search = str(st.session_state.get("w_q") or "")
    return Filters(
        leaders=_chosen("w_leaders"),
        topics=_chosen("w_topics"),
        counterparts=_chosen("w_counterparts"),
        stances=_chosen("w_stances"),
        kinds=_chosen("w_kinds"),
        outlets=_chosen("w_outlets"),
        date_from=start,
        date_to=end,
        search="" if "<" in search or ">" in search else search,
        speaker_types=_chosen("w_stypes"),
        countries=_chosen("w_countries"),
        in_office=bool(st.session_state.get("w_incumbent")),
    )


def _counted(
    label: str,
    key: str,
    counts: dict[str, int],
    placeholder: str,
    order: list[str] | None = None,
    name: Callable[[str], str] = str,
    **extra: Any,
) -> list[str]:
    """A multiselect whose options carry their facet count; options that match nothing are left out."""
    chosen = list(_chosen(key))
    options = [o for o in (order if order is not None else sorted(counts)) if counts.get(o) or o in chosen]
    options += [c for c in chosen if c not in options]  # a chosen option always stays visible
    picked = st.multiselect(
        label,
        options=options,
        key=key,
        placeholder=placeholder,
        format_func=lambda o: f"{name(o)} ({counts.get(o, 0):,})",
        # What a link (and so a download or a shared view) can name: more would be cut when reopened.
        max_selections=MAX_VALUES,
        **extra,
    )
    return [str(p) for p in picked]


def show_more() -> None:
    """Button callback: draw ``TOP_STEP`` more speakers."""
    shown = int(st.session_state.get(TOP_KEY) or DEFAULT_TOP)
    st.session_state[TOP_KEY] = min(shown + TOP_STEP, MAX_TOP)


def _leaders(counts: dict[str, int]) -> None:
    """The Leaders list, holding the chosen speakers, the busiest and those the name search above it finds
    (``quoteline.query.speaker_find``: a list of every speaker slowed every page's first paint)."""
    query = st.text_input(
        "Find a speaker",
        key=FIND_KEY,
        max_chars=MAX_VALUE_CHARS,
        placeholder="Part of any name, then Enter",
        help=f"The Leaders list holds the {LISTED} busiest speakers under the other filters; a name typed "
        "here adds every speaker it matches (accents and case ignored).",
    )
    offered = speaker_options(counts, _chosen("w_leaders"), query)
    _counted(
        "Leaders",
        "w_leaders",
        counts,
        "Choose speakers",
        order=offered.options,
        help="Without a choice, the pages draw the busiest speakers.",
    )
    if query.strip():  # said without echoing the typed text, which Markdown would render
        listed = f" (the list holds the {FOUND_MAX} busiest)" if offered.found > FOUND_MAX else ""
        found = f"{plural(offered.found, 'speaker')} found{listed}: choose under Leaders."
        st.caption(found if offered.found else "No speaker's name has those words.")


def _speaker_filters(facets: Facets) -> None:
    _leaders(facets.leaders)
    _counted("Speaker type", "w_stypes", facets.speaker_types, "Any type", order=list(SPEAKER_TYPES))
    _counted("Speaker country", "w_countries", facets.countries, "Any country", order=list(facets.countries))
    st.toggle(
        f"Leaders only ({plural(facets.in_office, 'statement')})",
        key="w_incumbent",
        help="Only statements by people in the gazetteer who held an office on the statement's date. "
        "Undated statements drop out: without a date, nobody can say.",
    )


def render(data: Corpus) -> tuple[Filters, str, str, int]:
    """Draw the filters in the sidebar; returns the filters, the colour mode, the heatmap grain and how many
    speakers the pages draw."""
    facets = facet_counts(data, current())  # from the facet tables once the store is large
    with st.sidebar:
        st.subheader("Filters")
        _speaker_filters(facets)
        _counted("Topics", "w_topics", facets.topics, "All topics")
        _counted("About (counterparts)", "w_counterparts", facets.counterparts, "Any counterpart")
        _counted(
            "Stance",
            "w_stances",
            facets.stances,
            "Any stance",
            order=list(STANCES),
            name=lambda s: STANCE_LABELS.get(s, s),
        )
        _counted("Kind", "w_kinds", facets.kinds, "Direct and indirect", order=list(KINDS))
        _counted("Outlet", "w_outlets", facets.outlets, "All outlets")
        left, right = st.columns(2)
        left.date_input("From", key="w_from", min_value=MIN_DAY, max_value=MAX_DAY, format="YYYY-MM-DD")
        right.date_input("To", key="w_to", min_value=MIN_DAY, max_value=MAX_DAY, format="YYYY-MM-DD")
        search = st.text_input(
            "Search the statements",
            key="w_q",
            max_chars=MAX_VALUE_CHARS,
            placeholder='words, "a phrase", this OR that',
            help=SEARCH_HELP,
        )
        st.subheader("Display")
        top = st.number_input(
            "Speakers drawn (busiest first)",
            key=TOP_KEY,
            min_value=1,
            max_value=MAX_TOP,
            step=TOP_STEP,
            help="How many speaker lanes and heatmap rows the pages draw when no leader is chosen.",
        )
        colour = st.radio(
            "Colour markers by",
            COLOURS,
            key="w_colour",
            horizontal=True,
            format_func=COLOUR_LABELS.get,
            help="Markers are never coloured by what their lanes are: on topic lanes, topic means stance; "
            "on speaker lanes, speaker means topic.",
        )
        grain = st.radio("Heatmap bins", GRAINS, key="w_grain", horizontal=True)
    filters = current()  # the widgets' values after this run drew them
    if _day("w_from") and _day("w_to") and filters.date_from is None:
        st.sidebar.warning("The date range ends before it starts; the dates are ignored.")
    if filters.search != search:
        st.sidebar.warning("Search text with < or > is ignored.")
    problem = search_problem(filters.search)
    if problem:
        st.sidebar.warning(f"{problem}; the search is ignored.")
        filters = replace(filters, search="")
    return filters, str(colour), str(grain), int(top or DEFAULT_TOP)
