"""Compare: two or more leaders on one topic, as parallel timelines and parallel statement columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components import charts, timeline, urlstate
from components.statements_table import TEXT_CHARS
from quoteline.query import aggregate as agg
from quoteline.query.corpus import DAY, Corpus
from quoteline.query.text import escape, plural, shorten_array
from quoteline.query.view_rows import rows_with_topic
from quoteline.schema import STANCE_LABELS, S

COLUMN_LIMIT = 40
# The Compare chart stays in SVG up to the most markers a timeline draws one by one (agg.MAX_POINTS), so
# that the page draws it with the partial Plotly bundle (components.lite_chart) and never loads Streamlit's
# whole one: on the real corpus its 2,923 markers cost about 0.5 s less of the page's main thread and 1 s
# less of Chromium's at the first paint in SVG, and about 0.04 s more main thread at a filter change
# (docs/DASHBOARD.md, "The Compare chart in SVG").
# More bins than that are still drawn in WebGL.
WEBGL_ABOVE = agg.MAX_POINTS


def pick_topic(data: Corpus) -> str | None:
    """The topic picker (its value is in the URL as ``ctopic``)."""
    return st.selectbox(
        "Topic to compare on",
        options=list(data.topics.labels),
        key="w_ctopic",
        index=None,
        placeholder="Choose a topic",
    )


def _on_select(key: str, ids: list[str]) -> None:
    event = st.session_state.get(key)
    picked = (event or {}).get("selection", {}).get("rows", [])
    if picked and 0 <= picked[0] < len(ids):
        urlstate.select_statement(ids[picked[0]])


def _column(data: Corpus, rows: np.ndarray, key: str) -> None:
    """The latest statements of one leader, each with its date, speaker, cue and stance; a click opens it.

    The cue is shown because a reported statement's text alone can say the opposite of what was meant:
    "any talks were taking place" is what was *denied*.
    """
    days = data.frame[DAY].to_numpy()[rows]
    latest = rows[np.argsort(-days, kind="stable")][:COLUMN_LIMIT]
    shown = data.take(latest, [S.statement_id, S.date, S.speaker, S.cue, S.stance, S.kind, S.text, S.outlet])
    ids = [str(i) for i in shown[S.statement_id]]
    table = pd.DataFrame(
        {
            "Date": shown[S.date].astype("object").fillna("undated").to_numpy(),
            "Speaker": shown[S.speaker].to_numpy(),
            "Cue": shown[S.cue].to_numpy(),
            "Stance": [STANCE_LABELS.get(str(v), str(v)) for v in shown[S.stance]],
            # Cut as the Statements page cuts it: a cell shows the first words, and selecting the row opens
            # the whole statement.
            "Statement": shorten_array(shown[S.text], TEXT_CHARS).to_numpy(zero_copy_only=False),
            "Outlet": shown[S.outlet].to_numpy(),
        }
    )
    st.dataframe(
        table,
        key=key,
        hide_index=True,
        on_select=lambda: _on_select(key, ids),
        selection_mode="single-row",
        column_config={"Statement": st.column_config.TextColumn("Statement", width="large")},
    )
    st.caption("Select a row to open the statement in its source.")
    if rows.size > COLUMN_LIMIT:
        st.caption(f"The latest {COLUMN_LIMIT} of {plural(rows.size, 'statement')}.")


def render(
    data: Corpus,
    rows: np.ndarray,
    leaders: tuple[str, ...],
    topic: str | None,
    colour: str,
    span: charts.Span | None = None,
) -> None:
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
    title = f"{topic}: side by side"
    timeline.render(
        data, on_topic, "leader", colour, key="compare_chart", title=title, span=span, webgl_above=WEBGL_ABOVE
    )
    speakers = data.frame[S.speaker].to_numpy()[on_topic]
    for column, leader in zip(st.columns(len(leaders)), leaders, strict=True):
        with column:
            st.html(f"<b>{escape(leader)}</b>")
            mine = on_topic[speakers == leader]
            if mine.size:
                _column(data, mine, key=f"compare_rows_{leaders.index(leader)}")
            else:
                st.caption("No statements on this topic.")
