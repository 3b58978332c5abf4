"""Volume over time: statements per week or month for the current filters, one line per outlet."""

from __future__ import annotations

import numpy as np
import streamlit as st

from components import charts, lite_chart
from quoteline.query import aggregate as agg
from quoteline.query.corpus import Corpus


def render(data: Corpus, rows: np.ndarray, grain: str, span: charts.Span | None = None) -> None:
    """The volume chart of the dated ``rows`` (the sidebar's "Heatmap bins" sets week or month)."""
    unit: agg.Grain = "month" if grain == "month" else "week"
    table = agg.volume(data, rows, unit)
    if table.empty:
        return
    lite_chart.plotly_chart(charts.volume_figure(table, unit, span), key="volume_chart", config=charts.CONFIG)
    st.caption(
        "Every outlet's statements count here, repeats of one quote included: the lines show how much each "
        "outlet carried. The heatmaps below count a quote carried by several outlets once."
    )
