"""Volume heatmaps: speaker by week/month (the speakers the lens draws) and topic by week/month, cross-outlet
repeats counted once. A click on a cell narrows the filters to its row and period."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from components import charts, lens, lite_chart, timeline
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus
from quoteline.query.lens import Lens, rows_in_lens

MAX_TOPIC_ROWS = 40  # the busiest topics; the rest would be unreadable slivers


def _chart(table: object, title: str, dim: str, unit: str, span: charts.Span | None) -> None:
    key = f"heatmap_{dim}"
    lite_chart.plotly_chart(
        charts.heatmap_figure(table, title, dim, unit, span),  # type: ignore[arg-type]
        key=key,
        on_select=partial(timeline.on_select, key),
        selection_mode="points",
        config=charts.CONFIG,
    )


def render(data: Corpus, rows: np.ndarray, grain: str, shown: Lens, span: charts.Span | None = None) -> None:
    """Both heatmaps for the dated ``rows`` over ``span``; the speaker one has a row per lens speaker."""
    asked: agg.Grain = "month" if grain == "month" else "week"
    unit = agg.heatmap_grain(data, rows, asked)
    if unit != asked:
        st.caption(
            f"The heatmaps bin by {unit}: the matching statements span too many {asked}s to draw one column "
            "each. Narrow the dates in the sidebar to bin them finer."
        )
    speakers = agg.heatmap(data, rows_in_lens(data, rows, shown), "leader", unit)
    if not speakers.empty:
        _chart(speakers, f"Speakers by {unit} (distinct statements)", "leader", unit, span)
        lens.render(shown, key="more_heatmap_rows")
    topics = agg.heatmap(data, rows, "topic", unit)
    if not topics.empty:
        _chart(topics.head(MAX_TOPIC_ROWS), f"Topics by {unit} (distinct statements)", "topic", unit, span)
        if len(topics) > MAX_TOPIC_ROWS:
            st.caption(f"The {MAX_TOPIC_ROWS} busiest of {len(topics)} topics.")
