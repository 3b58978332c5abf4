"""What the browser is sent: a binned timeline of a few hundred bins is drawn in SVG (WebGL's set-up costs
more than it saves until WEBGL_ABOVE markers), and the statements table sends each statement cut short while
the downloads keep it whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import synthetic_frame, write_store
from components import charts, compare, lite_chart, statements_table
from quoteline.query import Corpus, Filters, select
from quoteline.query import aggregate as agg

ROOT = Path(__file__).resolve().parent.parent


def _figures(at: AppTest) -> list[dict[str, Any]]:
    """The figures of a run's charts: those drawn by the partial bundle (``components.lite_chart``) and those
    left to ``st.plotly_chart``."""
    lite = [json.loads(json.loads(el.proto.json)["figure"]) for el in at.get("bidi_component")]
    return lite + [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _binned(frame: pd.DataFrame) -> tuple[int, set[str]]:
    corpus = Corpus.from_frame(frame)
    rows = select(corpus, Filters()).dated
    assert len(rows) > agg.MAX_POINTS  # too many statements for one marker each
    figure, mode = charts.timeline_figure(corpus, rows, "leader", "stance")
    assert mode == "binned"
    return sum(len(t["x"]) for t in figure["data"]), {str(t["type"]) for t in figure["data"]}


def test_a_few_hundred_bins_are_drawn_in_svg() -> None:
    frame = synthetic_frame(12_000, seed=11)
    days = np.random.default_rng(2).integers(1, 29, len(frame))
    frame["date"] = [f"2024-02-{d:02d}" for d in days]  # four weeks: a handful of bins per lane
    bins, types = _binned(frame)
    assert bins <= charts.WEBGL_ABOVE
    assert types == {"scatter"}


def test_thousands_of_bins_stay_in_webgl() -> None:
    bins, types = _binned(synthetic_frame(12_000, seed=11))  # five years of weeks
    assert bins > charts.WEBGL_ABOVE
    assert types == {"scattergl"}


def test_a_table_cell_is_cut_and_the_export_frame_keeps_the_whole_statement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = synthetic_frame(40, seed=3)
    long_text = "The Vorlanian grain talks will resume in Drevnik next week. " * 25
    frame.loc[frame.index[0], "text"] = long_text
    corpus = Corpus.from_frame(frame)
    rows = np.arange(len(corpus))
    sent: list[pd.DataFrame] = []
    monkeypatch.setattr(statements_table.st, "dataframe", lambda table, **_: sent.append(table))
    monkeypatch.setattr(statements_table.store_data, "corrected_ids", frozenset)
    statements_table.render(corpus, rows, key="table")
    cells = [str(c) for c in sent[0]["text"]]
    assert max(len(c) for c in cells) <= statements_table.TEXT_CHARS
    cut = [c for c in cells if c.startswith("The Vorlanian grain talks")]
    assert len(cut) == 1
    assert cut[0].endswith("…")
    whole = set(statements_table.frame_of(corpus, rows)["text"])  # what the downloads are built on
    assert long_text in whole


def test_the_volume_lines_hold_only_the_days_the_page_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Points outside the drawn span are sent for nothing: with a zoom, the volume lines start at the week
    of the zoom's first day (before, they ran back to the first statement, off the axis)."""
    store = write_store(tmp_path / "store", 3_000)  # five years of statements
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": "topics", "zoom": "2023-03-01..2023-04-15", "grain": "week", "tab": "volume"}
    at.run()
    assert not at.exception
    volume = [s for s in _figures(at) if "by outlet" in str(s["layout"]["title"]["text"])]
    assert len(volume) == 1
    weeks = sorted({str(x)[:10] for trace in volume[0]["data"] for x in trace["x"]})
    assert weeks
    assert weeks[0] >= "2023-02-27"  # the Monday of the week that holds 1 March
    assert weeks[-1] <= "2023-04-15"


def _chart_titles(at: AppTest) -> list[str]:
    return [str(figure["layout"]["title"]["text"]) for figure in _figures(at)]


def test_the_topic_page_sends_only_the_open_tabs_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each Plotly chart costs the browser its own draw: the Topic timelines page builds and sends the chart
    of its open tab only. The tab is in the link, and a click on another tab draws that tab's charts."""
    store = write_store(tmp_path / "store", 3_000)
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": "topics", "grain": "month"}
    at.run()
    assert not at.exception
    assert len(_figures(at)) == 1  # the topic lanes alone
    assert at.query_params["tab"] == "lanes"
    at.session_state["w_tab_topics"] = "Volume by outlet"  # what a click on that tab sets
    at.run()
    assert not at.exception
    assert len(_figures(at)) == 1
    assert "by outlet" in _chart_titles(at)[0]
    assert at.query_params["tab"] == "volume"
    linked = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    linked.query_params = {"page": "topics", "grain": "month", "tab": "heatmaps"}
    linked.run()
    assert not linked.exception
    assert sorted(t.split(" by ")[0] for t in _chart_titles(linked)) == ["Speakers", "Topics"]


def _marker_figure(size: int, seed: int) -> tuple[Corpus, charts.Figure, str]:
    corpus = Corpus.from_frame(synthetic_frame(size, seed=seed))
    figure, mode = charts.timeline_figure(corpus, select(corpus, Filters()).dated, "leader", "stance")
    return corpus, figure, mode


@pytest.mark.parametrize(("size", "mode", "limit"), [(600, "svg", 180), (3_000, "webgl", 60)])
def test_each_markers_hover_is_its_statements_label(size: int, mode: str, limit: int) -> None:
    """The hover labels built in bulk read as ``hover_text`` builds one, each for its own statement; a
    chart of thousands of markers cuts the quote to one line."""
    corpus, figure, drawn = _marker_figure(size, seed=5)
    assert drawn == mode
    frame = corpus.frame.set_index(corpus.col("statement_id").to_numpy())
    texts = dict(zip(corpus.col("statement_id"), corpus.col("text"), strict=True))
    assert charts.hover_chars(sum(len(t["x"]) for t in figure["data"])) == limit
    for trace in figure["data"]:
        for statement_id, hover in zip(trace["customdata"], trace["hovertext"], strict=True):
            row = frame.loc[statement_id]
            expected = charts.hover_text(
                row["speaker"], row["date"], row["outlet"], texts[statement_id], limit
            )
            assert hover == expected


def test_webgl_canvases_are_drawn_at_the_layouts_resolution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plotly draws a WebGL chart's canvases at twice the layout's size by default: four times the pixels,
    rendered in software in a browser without a GPU. Every chart is sent with a pixel ratio of 1."""
    store = write_store(tmp_path / "store", 3_000)
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": "timeline", "top": "500"}  # every lane: thousands of markers, in WebGL
    at.run()
    assert not at.exception
    [chart] = at.get("plotly_chart")
    assert {t["type"] for t in json.loads(chart.proto.spec)["data"]} == {"scattergl"}
    assert json.loads(chart.proto.config)["plotGlPixelRatio"] == 1


def test_svg_charts_go_to_the_partial_bundle_and_webgl_ones_to_streamlits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Leader timelines of a few hundred markers are drawn by the partial Plotly bundle (no Streamlit
    chart element, so the browser never loads Streamlit's 4.7 MB Plotly chunk); a WebGL chart, which that
    bundle cannot draw, is left to ``st.plotly_chart``."""
    store = write_store(tmp_path / "store", 600)
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"page": "timeline"}
    at.run()
    assert not at.exception
    assert not at.get("plotly_chart")
    [element] = at.get("bidi_component")
    assert element.proto.component_name == lite_chart.NAME
    sent = json.loads(element.proto.json)
    assert {t["type"] for t in json.loads(sent["figure"])["data"]} == {"scatter"}
    assert sent["bundle"].endswith(lite_chart.BUNDLE)
    assert lite_chart.drawable({"data": [{"type": "heatmap"}, {"type": "bar"}, {}]})
    assert not lite_chart.drawable({"data": [{"type": "scatter"}, {"type": "scattergl"}]})


def test_the_compare_chart_stays_in_svg_up_to_the_markers_drawn_one_by_one() -> None:
    """The Compare page draws thousands of markers in SVG, with the partial bundle (Streamlit's whole Plotly
    bundle is never loaded for it), each hover cut to one line of the quote and without the markers' white
    outline, which the browser would paint thousands of times; the Leader page's chart of as many markers is
    WebGL, outlined."""
    corpus = Corpus.from_frame(synthetic_frame(3_000, seed=5))
    rows = select(corpus, Filters()).dated
    assert charts.WEBGL_ABOVE < len(rows) <= compare.WEBGL_ABOVE
    figure, mode = charts.timeline_figure(corpus, rows, "leader", "stance", webgl_above=compare.WEBGL_ABOVE)
    few, few_mode = charts.timeline_figure(corpus, rows[:600], "leader", "stance")
    webgl, webgl_mode = charts.timeline_figure(corpus, rows, "leader", "stance")
    assert (mode, few_mode, webgl_mode) == ("svg", "svg", "webgl")
    assert lite_chart.drawable(figure)
    assert max(len(h) for t in figure["data"] for h in t["hovertext"]) < max(
        len(h) for t in few["data"] for h in t["hovertext"]
    )
    assert {t["marker"]["line"]["width"] for t in figure["data"]} == {0}
    assert {t["marker"]["line"]["width"] for t in few["data"] + webgl["data"]} == {1}
