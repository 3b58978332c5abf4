"""Ask the browser for Streamlit's Plotly bundle at the start of a page, not when its first chart arrives.

Streamlit loads the code of an element type the first time such an element reaches the browser: the Plotly
chart's bundle (4.7 MB) is requested only once the script has sent the first figure, and fetching and
evaluating it then takes about 0.85 s of the page's main thread, after the script. The page's main thread
is idle while the server runs the script (0.4 s on a warm server, 2 s or more on a cold one), so importing
the bundle from the script's first element overlaps the two. It is the very module Streamlit imports
later (same URL, so the browser evaluates it once): nothing is patched, only requested early.

The bundle's file name carries a hash that changes with each Streamlit release, so it is looked up in
Streamlit's static folder; when it is not found, the page simply loads Plotly the usual way.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

import streamlit as st

LOGGER = logging.getLogger(__name__)

_CHUNK_GLOB = "PlotlyChart.*.js"
# The chunk is imported relative to Streamlit's entry script (as Streamlit's own lazy import does), so that
# both resolve to one URL, under any base URL path. Imported once per browser page.
_SCRIPT = """<script>
(() => {
  if (window.__quotelinePlotlyEarly) return;
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!entry) return;
  window.__quotelinePlotlyEarly = import(new URL(%s, entry.src).href).catch(() => undefined);
})();
</script>"""


@cache
def plotly_chunk() -> str | None:
    """The file name of Streamlit's Plotly chart bundle, or None when this Streamlit has none."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(p.name for p in folder.glob(_CHUNK_GLOB))
    if len(found) != 1:
        LOGGER.warning(
            "expected one %s in %s, found %d: Plotly loads when the first chart arrives", _CHUNK_GLOB, folder,
            len(found),
        )  # fmt: skip
        return None
    return found[0]


def script(chunk: str) -> str:
    """The HTML that imports ``chunk`` (a file beside Streamlit's entry script) once per browser page."""
    return _SCRIPT % json.dumps(f"./{chunk}")


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


def plotly_early() -> None:
    """Start loading Plotly in the browser now (call first thing in the script; later runs cost nothing)."""
    chunk = plotly_chunk()
    if chunk is not None:
        st.sidebar.html(script(chunk), unsafe_allow_javascript=True)
