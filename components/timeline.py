"""Swimlane timelines (per leader or per topic) with click-to-select on individual markers."""

from __future__ import annotations

import re

import numpy as np
import streamlit as st

from components import charts, urlstate
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus

STATEMENT_ID = re.compile(r"^[0-9a-f]{8,64}$")
MODE_NOTES = {
    "webgl": "Many markers: drawn with WebGL.",
    "binned": "Too many statements to draw one by one: each marker is a week or month of statements "
    "(size = distinct statements). Narrow the filters to see and click individual statements.",
}


def _on_select(chart_key: str) -> None:
    """Chart callback: a statement marker's customdata is its statement id (bins carry a list)."""
    event = st.session_state.get(chart_key)
    points = (event or {}).get("selection", {}).get("points", [])
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list) and len(custom) == 1:
            custom = custom[0]
        if isinstance(custom, str) and STATEMENT_ID.match(custom):
            urlstate.select_statement(custom)
            return


def render(data: Corpus, rows: np.ndarray, lane: agg.Lane, colour: str, key: str, title: str = "") -> None:
    """Draw the timeline for the dated ``rows``; clicking a statement marker selects it."""
    figure, mode = charts.timeline_figure(
        data, rows, lane, "stance" if colour == "stance" else "topic", title
    )
    st.plotly_chart(
        figure,
        key=key,
        on_select=lambda: _on_select(key),
        selection_mode="points",
        config={"displaylogo": False},
    )
    if mode in MODE_NOTES:
        st.caption(MODE_NOTES[mode])
