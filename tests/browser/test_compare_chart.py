"""The Compare chart of thousands of markers in Chromium: drawn in SVG by the partial Plotly bundle, without
Streamlit's whole Plotly chunk ever being requested, and a click on one of its markers opens that statement.

The store is generated: two invented leaders with 1,000 dated statements each on one topic, more than
``charts.WEBGL_ABOVE`` markers, so that the Leader page would draw them in WebGL.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pyarrow as pa
import pytest
from playwright.sync_api import Page, Request, expect

from benchmarks.synthetic import synthetic_table, write_table_store
from components import charts, compare
from quoteline.query import Filters, select
from quoteline.query.load import load_corpus
from quoteline.query.view_rows import rows_with_topic
from quoteline.store import Store

from .conftest import launch_server
from .harness import Server, wait_for_app
from .test_dashboard import TIMELINE, markers

pytestmark = pytest.mark.browser
LEADERS = ("Ada Vellmar", "Brun Ostrava")
TOPIC = "energy"
EACH = 1_000


@pytest.fixture(scope="module")
def compare_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    table = synthetic_table(2 * EACH + 500, seed=13)
    speakers = table["speaker"].to_pylist()
    topics = table["topics"].to_pylist()
    for i in range(2 * EACH):
        speakers[i] = LEADERS[i % 2]
        topics[i] = [TOPIC]
    table = table.set_column(table.schema.get_field_index("speaker"), "speaker", pa.array(speakers))
    table = table.set_column(
        table.schema.get_field_index("topics"), "topics", pa.array(topics, pa.list_(pa.string()))
    )
    store = write_table_store(tmp_path_factory.mktemp("compare") / "store", table)
    with launch_server(store, tmp_path_factory.mktemp("compare-log")) as running:
        yield running


def test_the_compare_chart_is_svg_and_its_markers_open_their_statements(
    compare_server: Server, page: Page
) -> None:
    corpus = load_corpus(Store(compare_server.store_dir))
    on_topic = rows_with_topic(corpus, select(corpus, Filters(leaders=LEADERS)).dated, TOPIC)
    figure, mode = charts.timeline_figure(
        corpus, on_topic, "leader", "stance", webgl_above=compare.WEBGL_ABOVE
    )
    drawn = sum(len(trace["x"]) for trace in figure["data"])
    assert mode == "svg"
    assert drawn > charts.WEBGL_ABOVE
    requested: list[str] = []
    page.on(
        "request", lambda request: requested.append(request.url) if isinstance(request, Request) else None
    )
    query = urlencode({"leader": LEADERS, "ctopic": TOPIC}, doseq=True)
    page.goto(f"{compare_server.url}/compare?{query}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator(TIMELINE).first).to_be_visible()
    page.wait_for_function(
        f'(n) => document.querySelectorAll("{TIMELINE} .scatterlayer path.point").length >= n',
        arg=drawn,
        polling=100,
    )
    assert len(markers(page)) == drawn  # every marker an SVG point, none on a WebGL canvas
    assert any("plotly-cartesian" in url for url in requested)
    assert not [url for url in requested if "/PlotlyChart." in url]  # Streamlit's whole bundle: never asked
    # Markers this dense overlap: a click opens the statement of the marker under the pointer, whichever
    # of the overlapping ones Plotly picks; it must be one of the chart's own statements.
    point = markers(page)[0]
    page.mouse.move(float(point["x"]), float(point["y"]))  # type: ignore[arg-type]
    page.wait_for_timeout(300)
    page.mouse.click(float(point["x"]), float(point["y"]))  # type: ignore[arg-type]
    wait_for_app(page)
    detail = page.locator(".ql-detail")
    expect(detail).to_be_visible()
    chosen = detail.first.get_attribute("data-statement-id")
    ids = {str(i) for trace in figure["data"] for i in trace["customdata"]}
    assert chosen in ids
