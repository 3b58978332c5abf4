"""What every page does first: load the corpus, read the view from the URL, draw the shared sidebar."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from components import data as store_data
from components import edit, notices, share, urlstate
from components import filters as filter_widgets
from quoteline.query.axes import date_span
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.filters import Selection, select
from quoteline.query.state import ViewState


@dataclass(frozen=True)
class Context:
    """A page run's inputs: the corpus, the view and the statements the filters picked."""

    corpus: Corpus
    view: ViewState
    selection: Selection

    @property
    def span(self) -> tuple[date, date] | None:
        """The days every chart of the page draws: the date filter where set, else the statements' dates."""
        days = self.corpus.frame[DAY].to_numpy()[self.selection.dated]
        return date_span(days, self.view.filters.date_from, self.view.filters.date_to)


def begin(page: str, title: str) -> Context:
    """Resolve the view, draw the sidebar and notices, publish the URL; returns the page context."""
    data = store_data.corpus()
    incoming, link_notices = urlstate.resolve(page, store_data.vocabulary(data))
    filters, colour, grain = filter_widgets.render(data)
    edit.sidebar()
    # The compare page owns the topic picker; elsewhere the topic rides along unchanged.
    compare_topic = st.session_state.get("w_ctopic") if page == "compare" else incoming.compare_topic
    view = replace(
        incoming,
        filters=filters,
        colour=colour,
        grain=grain,
        compare_topic=compare_topic,
        selected=st.session_state.get(urlstate.SELECTED_KEY),
    )
    urlstate.publish(view)
    st.title(title)
    notices.link_notices(link_notices)
    notices.fictional(data)
    share.render(view)
    return Context(corpus=data, view=view, selection=select(data, filters))
