"""What every page does first: load the corpus, read the view from the URL, draw the shared sidebar."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import streamlit as st

from components import data as store_data
from components import edit, notices, share, urlstate
from components import filters as filter_widgets
from quoteline.query.axes import date_span, outside
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.filters import Selection, select
from quoteline.query.lens import Lens, lens
from quoteline.query.state import ViewState
from quoteline.query.text import plural


@dataclass(frozen=True)
class Context:
    """A page run's inputs: the corpus, the view and the statements the filters picked."""

    corpus: Corpus
    view: ViewState
    selection: Selection
    lens: Lens  # the speakers drawn as lanes and heatmap rows

    @cached_property
    def span(self) -> tuple[date, date] | None:
        """The days every chart of the page draws: the date filter where set, else the statements' dates.
        Statements left outside are counted in a caption, once per page run."""
        days = self.corpus.frame[DAY].to_numpy()[self.selection.dated]
        span = date_span(days, self.view.filters.date_from, self.view.filters.date_to)
        stray = outside(days, span)
        if stray:
            st.caption(
                f"{plural(stray, 'statement')} dated before {span[0]:%Y-%m-%d} "  # type: ignore[index]
                "lie outside the charts' span; set From in the sidebar to see them."
            )
        return span


def begin(page: str, title: str) -> Context:
    """Resolve the view, draw the sidebar and notices, publish the URL; returns the page context."""
    data = store_data.corpus()
    incoming, link_notices = urlstate.resolve(page, store_data.vocabulary(data))
    filters, colour, grain, top = filter_widgets.render(data)
    edit.sidebar()
    # The compare page owns the topic picker; elsewhere the topic rides along unchanged.
    compare_topic = st.session_state.get("w_ctopic") if page == "compare" else incoming.compare_topic
    view = replace(
        incoming,
        filters=filters,
        colour=colour,
        grain=grain,
        compare_topic=compare_topic,
        top=top,
        selected=st.session_state.get(urlstate.SELECTED_KEY),
    )
    urlstate.publish(view)
    st.title(title)
    notices.link_notices(link_notices)
    notices.holdings(data)
    share.render(view)
    selection = select(data, filters)
    shown = lens(data, selection.dated, top, filters.leaders)
    return Context(corpus=data, view=view, selection=selection, lens=shown)
