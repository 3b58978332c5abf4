"""Volume heatmaps: leader by week/month and topic by week/month, cross-outlet repeats counted once."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import charts
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus

MAX_ROWS = 40  # the busiest leaders/topics; the rest would be unreadable slivers


def render(data: Corpus, rows: np.ndarray, grain: str) -> None:
    """Both heatmaps for the dated ``rows``."""
    unit: agg.Grain = "month" if grain == "month" else "week"
    for dim, label in (("leader", "Leaders"), ("topic", "Topics")):
        table = agg.heatmap(data, rows, dim, unit)  # type: ignore[arg-type]
        if table.empty:
            continue
        shown = table.head(MAX_ROWS)
        st.plotly_chart(
            charts.heatmap_figure(shown, f"{label} by {unit} (distinct statements)"),
            key=f"heatmap_{dim}",
            config={"displaylogo": False},
        )
        if len(table) > MAX_ROWS:
            st.caption(f"The {MAX_ROWS} busiest of {len(table)} {label.lower()}.")
