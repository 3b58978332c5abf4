"""Volume heatmaps: leader by week/month and topic by week/month, cross-outlet repeats counted once."""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from components import charts, timeline
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus

MAX_ROWS = 40  # the busiest leaders/topics; the rest would be unreadable slivers


def render(data: Corpus, rows: np.ndarray, grain: str, span: charts.Span | None = None) -> None:
    """Both heatmaps for the dated ``rows`` over ``span``; a click on a cell narrows the filters to it."""
    unit: agg.Grain = "month" if grain == "month" else "week"
    for dim, label in (("leader", "Leaders"), ("topic", "Topics")):
        table = agg.heatmap(data, rows, dim, unit)  # type: ignore[arg-type]
        if table.empty:
            continue
        shown = table.head(MAX_ROWS)
        key = f"heatmap_{dim}"
        st.plotly_chart(
            charts.heatmap_figure(shown, f"{label} by {unit} (distinct statements)", dim, unit, span),
            key=key,
            on_select=partial(timeline.on_select, key),
            selection_mode="points",
            config={"displaylogo": False},
        )
        if len(table) > MAX_ROWS:
            st.caption(f"The {MAX_ROWS} busiest of {len(table)} {label.lower()}.")
