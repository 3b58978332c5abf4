"""Volume heatmaps: speaker by week/month (the speakers the lens draws) and topic by week/month, cross-outlet
repeats counted once."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import charts, lens
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus
from quoteline.query.lens import Lens, rows_in_lens

MAX_TOPIC_ROWS = 40  # the busiest topics; the rest would be unreadable slivers


def render(data: Corpus, rows: np.ndarray, grain: str, shown: Lens) -> None:
    """Both heatmaps for the dated ``rows``; the speaker one has a row per speaker of the lens."""
    asked: agg.Grain = "month" if grain == "month" else "week"
    unit = agg.heatmap_grain(data, rows, asked)
    if unit != asked:
        st.caption(
            f"The heatmaps bin by {unit}: the matching statements span too many {asked}s to draw one column "
            "each. Narrow the dates in the sidebar to bin them finer."
        )
    speakers = agg.heatmap(data, rows_in_lens(data, rows, shown), "leader", unit)
    if not speakers.empty:
        st.plotly_chart(
            charts.heatmap_figure(speakers, f"Speakers by {unit} (distinct statements)"),
            key="heatmap_leader",
            config={"displaylogo": False},
        )
        lens.render(shown, key="more_heatmap_rows")
    topics = agg.heatmap(data, rows, "topic", unit)
    if not topics.empty:
        st.plotly_chart(
            charts.heatmap_figure(topics.head(MAX_TOPIC_ROWS), f"Topics by {unit} (distinct statements)"),
            key="heatmap_topic",
            config={"displaylogo": False},
        )
        if len(topics) > MAX_TOPIC_ROWS:
            st.caption(f"The {MAX_TOPIC_ROWS} busiest of {len(topics)} topics.")
