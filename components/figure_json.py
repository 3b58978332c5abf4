"""A chart's figure dict as the JSON Plotly's validated ``to_json`` gives, without building Plotly's objects.

``pio.to_json(figure, validate=True)`` builds a ``go.Figure`` (every property checked, every array deep
copied, numeric arrays base64-encoded) and then encodes it with Plotly's pure-Python JSON encoder: at 10M
statements 70 to 80 ms of a topic-page change went there, for figures whose every value the dashboard built
itself (``components.charts``). This writes the same JSON with the standard library's encoder: numpy arrays
as lists, days as ISO dates, and ``<``, ``>``, ``/`` (and the two JavaScript line separators) escaped as
Plotly escapes them. Two things of the validated output are left out:

- ``layout.template``, Plotly's default theme: the partial bundle's element replaces it with Streamlit's
  (``lite_chart.js``), so it was sent and dropped;
- the base64 form of numeric arrays: Plotly.js reads a list and a typed array alike.

That the two parse to the same figure is tested for every figure ``components.charts`` builds
(``tests/test_figure_json.py``), so a property Plotly would refuse or rewrite is caught there rather than
checked on each run.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np

# The trace types the partial bundle (``components.lite_chart``) registers (plotly.js-cartesian-dist-min
# 4.1.1's README): a figure of these only is drawn by it, from this module's JSON.
BUNDLE_TRACES = frozenset(
    {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image", "pie",
     "scatter", "scatterternary", "violin"}
)  # fmt: skip
# Plotly's own escapes (``plotly.io._json._swap_json`` and its orjson additions): the JSON may be placed in
# an HTML page, where "</script>" must not close anything.
_SWAPS = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def _plain(value: Any) -> Any:
    """What the standard encoder cannot write, as Plotly's encoder writes it."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            unit = np.datetime_data(value.dtype)[0]
            if unit != "D":
                raise TypeError(f"a {value.dtype} array: only days (datetime64[D]) are written here")
            return np.datetime_as_string(value, unit="D").tolist()
        if value.dtype.kind in "biuf":
            if value.dtype.kind == "f" and not np.isfinite(value).all():  # Plotly writes them as null
                spelt = value.astype(object)
                spelt[~np.isfinite(value)] = None
                return spelt.tolist()
            return value.tolist()
        if value.dtype.kind == "O":
            return value.tolist()
    elif isinstance(value, np.generic):
        return value.item()
    elif isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not written as a figure value here")


def dumps(figure: dict[str, Any]) -> str:
    """The figure's JSON, compact, with Plotly's escapes."""
    text = json.dumps(figure, default=_plain, separators=(",", ":"), allow_nan=False)
    for unsafe, safe in _SWAPS:
        if unsafe in text:
            text = text.replace(unsafe, safe)
    return text


def drawable(figure: dict[str, Any]) -> bool:
    """Whether every trace of ``figure`` is of a type the partial bundle draws."""
    return all(str(trace.get("type", "scatter")) in BUNDLE_TRACES for trace in figure.get("data", []))
