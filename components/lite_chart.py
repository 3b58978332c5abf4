"""Plotly charts drawn by a vendored partial Plotly bundle instead of Streamlit's full one.

Evaluating Streamlit's Plotly chunk (the whole of plotly.js, 4.7 MB) costs about 1.1 s of the page's main
thread on every first visit, before any chart can be drawn. Our SVG charts use scatter, bar and heatmap
traces only, which plotly.js's "cartesian" partial bundle holds in 1.5 MB (about 0.37 s to evaluate; see
docs/DASHBOARD.md, "A smaller Plotly bundle"). This module draws such figures with that bundle in a
Streamlit components v2 element (no iframe), and hands selections back in the shape ``st.plotly_chart``'s
``on_select`` gives (``{"selection": {"points", "point_indices", "box", "lasso"}}`` in the session state under
the chart's key), so the views' callbacks read them unchanged.

A figure with a trace type the partial bundle lacks (``scattergl``: the WebGL timelines) goes to
``st.plotly_chart`` as before.

The bundle is served from ``components/vendor`` through a files-only components v1 declaration (v1 serves a
folder; v2 serves assets only for installed packages), and loaded once per browser page by a script tag.
Streamlit's theme is applied as the template Streamlit's own chart applies
(``vendor/streamlit_light_template.json`` and ``streamlit_dark_template.json``, read from Streamlit 1.67's
chart after it applied its light or dark theme), so the charts look as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal

import streamlit as st
import streamlit.components.v1 as components_v1

from components import figure_json
from components.figure_json import drawable  # which figures the partial bundle draws

LOGGER = logging.getLogger(__name__)

VENDOR = Path(__file__).resolve().parent / "vendor"
BUNDLE = "plotly-cartesian-4.1.1.min.js"
# The v1 registry serves this folder at ``<base>/component/<module>.<name>/<file>``; nothing is rendered.
_VENDOR_NAME = "plotly_vendor"
ASSET_ROUTE = f"component/{__name__}.{_VENDOR_NAME}"

_HTML = '<div class="stPlotlyChart" data-testid="stPlotlyChart"><div class="ql-plot"></div></div>'
_JS = (Path(__file__).resolve().parent / "lite_chart.js").read_text(encoding="utf-8")
NAME = "quoteline_lite_plotly"
_COMPONENT = st.components.v2.component(NAME, html=_HTML, js=_JS, isolate_styles=False)
SelectionMode = Literal["points", "box", "lasso"]
EMPTY_SELECTION: dict[str, list[Any]] = {"points": [], "point_indices": [], "box": [], "lasso": []}


@cache
def template(theme: Literal["light", "dark"] = "light") -> dict[str, Any]:
    """Streamlit's Plotly template for its light or dark theme, as its own chart element applies it."""
    loaded: dict[str, Any] = json.loads(
        (VENDOR / f"streamlit_{theme}_template.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def _templates_json() -> str:
    return json.dumps({"light": template("light"), "dark": template("dark")})


def serve_vendor() -> None:
    """Have the running server serve ``VENDOR`` (once per server runtime: a lookup after that). Declared at
    mount rather than import, so that a runtime created after this module was imported serves it too."""
    from streamlit.components.v1.component_registry import ComponentRegistry

    if ComponentRegistry.instance().get_component_path(ASSET_ROUTE.split("/", 1)[1]) is None:
        components_v1.declare_component(_VENDOR_NAME, path=str(VENDOR))


def plotly_chart(
    figure: dict[str, Any],
    *,
    key: str,
    config: dict[str, Any],
    on_select: Callable[[], None] | None = None,
    selection_mode: SelectionMode | tuple[SelectionMode, ...] = ("points", "box", "lasso"),
) -> None:
    """Draw ``figure`` as ``st.plotly_chart(figure, key=..., on_select=..., selection_mode=..., config=...)``
    does, with the partial bundle when it can draw every trace."""
    if not drawable(figure):
        LOGGER.debug("chart %s: a trace type the partial bundle lacks, drawn by st.plotly_chart", key)
        if on_select is None:
            st.plotly_chart(figure, key=key, config=config)
        else:
            st.plotly_chart(
                figure, key=key, on_select=on_select, selection_mode=selection_mode, config=config
            )
        return
    serve_vendor()
    modes = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    data = {
        # The JSON Plotly's validation gives, written directly (``figure_json``): validating cost 70 to 80 ms
        # of a topic-page change at 10M statements.
        "figure": figure_json.dumps(figure),
        "config": json.dumps(config),
        "templates": _templates_json(),
        "modes": json.dumps(modes if on_select is not None else []),
        "bundle": f"{ASSET_ROUTE}/{BUNDLE}",
    }
    if on_select is None:
        _COMPONENT(key=key, data=data)
    else:
        _COMPONENT(key=key, data=data, default={"selection": EMPTY_SELECTION}, on_selection_change=on_select)
