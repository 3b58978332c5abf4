"""Ask the browser for the partial Plotly bundle at the start of a page, not when its first chart arrives.

The pages with Plotly charts (Leader, Topic and Compare) draw them with the vendored partial bundle of
``components.lite_chart`` (1.5 MB). Fetching and evaluating it takes about 0.4 s of the page's main thread;
the page's main thread is idle while the server runs the script (0.4 s on a warm server, 2 s or more on a
cold one), so loading the bundle from the script's first element overlaps the two. The chart's own code
finds the promise in ``window.__qlPlotly`` and does not load it again.

Until session 15 the Compare page asked for Streamlit's own Plotly chunk this way (its chart was WebGL on a
real store); since its chart is SVG up to ``agg.MAX_POINTS`` markers, no page asks for that chunk early: a
WebGL chart (thousands of markers on the Leader page, or thousands of bins) loads it when it arrives.
"""

from __future__ import annotations

import json

import streamlit as st

# The partial bundle of ``components.lite_chart``, loaded by a classic script tag that the chart's own code
# finds in ``window.__qlPlotly`` and does not load again.
_LITE_SCRIPT = """<script>
(() => {
  if (window.__qlPlotly) return;
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!entry) return;
  window.__qlPlotly = new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL(%s, entry.src).href;
    tag.onload = () => resolve(window.Plotly);
    tag.onerror = reject;
    document.head.appendChild(tag);
  });
})();
</script>"""


def lite_early() -> None:
    """Start loading the partial Plotly bundle that ``components.lite_chart`` draws with (call first thing
    in the script of a page whose charts it draws; later runs cost nothing)."""
    from components import lite_chart

    lite_chart.serve_vendor()
    relative = json.dumps(f"../../{lite_chart.ASSET_ROUTE}/{lite_chart.BUNDLE}")
    st.sidebar.html(_LITE_SCRIPT % relative, unsafe_allow_javascript=True)
