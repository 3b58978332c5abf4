"""The figures' JSON written without Plotly's validation (``components.figure_json``) is the figure Plotly's
validated ``to_json`` gives: checked for every kind of figure ``components.charts`` builds."""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from benchmarks.synthetic import synthetic_frame
from components import charts, figure_json
from quoteline.query import Corpus, Filters, select
from quoteline.query import aggregate as agg
from quoteline.query.shift_marks import ShiftMark
from quoteline.schema import S


def _decoded(value: Any) -> Any:
    """Parsed JSON with Plotly's base64 arrays (``{"dtype", "bdata"[, "shape"]}``) as plain lists, and NaN
    as null: Plotly.js reads a NaN in a typed array and a null in a list alike (a gap)."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= set(value):
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return _decoded(array.tolist())
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def _assert_plotly_would_send_it(figure: dict[str, Any]) -> None:
    validated = _decoded(json.loads(pio.to_json(figure, validate=True)))
    validated["layout"].pop("template")  # Plotly's default theme: the chart element sets Streamlit's
    text = figure_json.dumps(figure)
    assert _decoded(json.loads(text)) == validated
    for unsafe in "<>/":  # escaped as Plotly escapes them
        assert unsafe not in text


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    frame = synthetic_frame(6000, seed=3)  # past MAX_POINTS statements: binned on either kind of lane
    frame.loc[5, S.text] = "A </script> tag & a <b>bold</b> claim\u2028on two lines"
    frame.loc[5, S.speaker] = "Leader <07> of Arcadia/North"
    return Corpus.from_frame(frame)


@pytest.mark.parametrize("lane", ["leader", "topic"])
@pytest.mark.parametrize("colour", ["topic", "stance", "leader"])
def test_timelines_of_markers_and_of_bins(corpus: Corpus, lane: agg.Lane, colour: agg.Colour) -> None:
    rows = select(corpus, Filters()).dated
    few = rows[rows <= 40]  # one marker per statement, in SVG, the odd speaker and quote among them
    marks = [ShiftMark(speaker=str(corpus.frame[S.speaker].iat[5]), lane="trade", day="2022-03-01",
                       label="from <praise> to denial")]  # fmt: skip
    selected = str(corpus.col(S.statement_id).iat[7])
    span = (date(2021, 1, 1), date(2025, 12, 31))
    figure, mode = charts.timeline_figure(corpus, few, lane, colour, "Few <b>", span, selected, marks=marks)
    assert mode == "svg"
    _assert_plotly_would_send_it(figure)
    figure, mode = charts.timeline_figure(corpus, rows[:1200], lane, colour, webgl_above=100)
    assert mode == "webgl"
    _assert_plotly_would_send_it(figure)
    figure, mode = charts.timeline_figure(corpus, rows, lane, colour)
    assert mode == "binned"
    _assert_plotly_would_send_it(figure)


@pytest.mark.parametrize("grain", ["week", "month", "year"])
def test_heatmaps_and_volume_lines(corpus: Corpus, grain: agg.Grain) -> None:
    rows = select(corpus, Filters()).dated
    for dim in ("leader", "topic"):
        table = agg.heatmap(corpus, rows, dim, grain)
        figure = charts.heatmap_figure(
            table, f"{dim} by {grain}", dim, grain, (date(2021, 1, 1), date(2025, 6, 1))
        )
        assert figure_json.drawable(figure)
        _assert_plotly_would_send_it(figure)
    if grain != "year":
        _assert_plotly_would_send_it(charts.volume_figure(agg.volume(corpus, rows, grain), grain))


def test_what_plotly_writes_as_null_or_iso_and_what_is_refused() -> None:
    figure = {
        "data": [
            {
                "type": "scatter",
                "x": np.array(["2024-01-01", "2024-02-29"], dtype="datetime64[D]"),
                "y": np.array([1.5, np.nan]),
                "customdata": np.array([["a", "b"], ["c", "d"]], dtype=object),
                "marker": {"size": np.int64(4)},
            }
        ],
        "layout": {"title": {"text": "x"}},
    }
    _assert_plotly_would_send_it(figure)
    with pytest.raises(TypeError, match="datetime64"):
        figure_json.dumps({"data": [{"x": np.array(["2024-01-01T10"], dtype="datetime64[h]")}]})
    with pytest.raises(TypeError, match="Timedelta"):
        figure_json.dumps({"data": [{"x": [pd.Timedelta(days=1)]}]})
