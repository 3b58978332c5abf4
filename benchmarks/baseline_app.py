"""A bare Streamlit page for ``browser_baseline.py``: a title, then nothing, a three-point Plotly chart, or a
one-point Vega-Lite chart (``?p=plain|plotly|vega``). It shows what the browser spends before any of
Quoteline's own content."""

import streamlit as st

shown = st.query_params.get("p", "plain")
st.title("Baseline")
if shown == "plotly":
    st.plotly_chart({"data": [{"type": "scatter", "x": [1, 2, 3], "y": [1, 3, 2], "mode": "markers"}]})
elif shown == "vega":
    st.vega_lite_chart(
        {
            "mark": "point",
            "data": {"values": [{"a": 1, "b": 2}]},
            "encoding": {
                "x": {"field": "a", "type": "quantitative"},
                "y": {"field": "b", "type": "quantitative"},
            },
        }
    )
else:
    st.write("No chart.")
