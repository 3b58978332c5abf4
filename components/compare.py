"""Compare: two or more leaders on one topic, as parallel timelines and parallel statement columns."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import timeline
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.text import escape, plural
from quoteline.query.view_rows import rows_with_topic
from quoteline.schema import S

COLUMN_LIMIT = 40


def pick_topic(data: Corpus) -> str | None:
    """The topic picker (its value is in the URL as ``ctopic``)."""
    return st.selectbox(
        "Topic to compare on",
        options=list(data.topics.labels),
        key="w_ctopic",
        index=None,
        placeholder="Choose a topic",
    )


def _column(data: Corpus, rows: np.ndarray) -> None:
    days = data.frame[DAY].to_numpy()[rows]
    latest = rows[np.argsort(-days, kind="stable")][:COLUMN_LIMIT]
    shown = data.take(latest, [S.date, S.outlet, S.text])
    items = "".join(
        f"<li><b>{escape(d, 'undated')}</b> · {escape(o)}<br>{escape(t)}</li>"
        for d, o, t in zip(shown[S.date], shown[S.outlet], shown[S.text], strict=True)
    )
    st.html(f"<ul class='ql-compare' style='padding-left:1rem'>{items}</ul>")
    if rows.size > COLUMN_LIMIT:
        st.caption(f"The latest {COLUMN_LIMIT} of {plural(rows.size, 'statement')}.")


def render(data: Corpus, rows: np.ndarray, leaders: tuple[str, ...], topic: str | None, colour: str) -> None:
    """Parallel timelines and statement columns for the chosen leaders on the chosen topic."""
    if len(leaders) < 2:
        st.info(
            "Choose two or more leaders in the sidebar's **Leaders** filter to compare them.",
            icon=":material/group:",
        )
        return
    if topic is None:
        st.info("Choose the topic to compare them on.", icon=":material/sell:")
        return
    on_topic = rows_with_topic(data, rows, topic)
    if on_topic.size == 0:
        st.info(
            "None of these leaders has a dated statement on this topic with the current filters.",
            icon=":material/search_off:",
        )
        return
    timeline.render(data, on_topic, "leader", colour, key="compare_chart", title=f"{topic}: side by side")
    speakers = data.frame[S.speaker].to_numpy()[on_topic]
    for column, leader in zip(st.columns(len(leaders)), leaders, strict=True):
        with column:
            st.html(f"<b>{escape(leader)}</b>")
            mine = on_topic[speakers == leader]
            if mine.size:
                _column(data, mine)
            else:
                st.caption("No statements on this topic.")
