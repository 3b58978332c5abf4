"""In Chromium: a click on a heatmap cell narrows the view to that leader and period, and the link says so."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Page, expect

from .harness import Server, markers_js, wait_for_app

PLOTS = "[data-testid='stPlotlyChart'] .js-plotly-plot"
# The heatmap's clickable cells: each overlay marker's click target (customdata[1]) and screen centre.
CELLS_JS = markers_js(
    "{target: cd[0].trace.customdata[i][1], x: box.x + box.width / 2, y: box.y + box.height / 2}",
    first="plot.scrollIntoView({block: 'center'});  // clear of the app's fixed header",
)


def test_a_heatmap_cell_narrows_the_view_to_its_leader_and_month(server: Server, page: Page) -> None:
    query = urlencode({"page": "topics", "grain": "month", "from": "2023-01-01", "to": "2024-12-31"})
    page.goto(f"{server.url}/topics?{query}")
    wait_for_app(page)
    # The heatmaps have their own tab, drawn when it is opened (only the open tab's charts are sent).
    expect(page.locator(PLOTS).filter(has_text="Speakers by month")).to_have_count(0)
    page.get_by_role("tab", name="Heatmaps").click()
    wait_for_app(page)
    assert parse_qs(urlsplit(page.url).query)["tab"] == ["heatmaps"]
    heatmap = page.locator(PLOTS).filter(has_text="Speakers by month").first
    expect(heatmap).to_be_visible()
    cells = list(heatmap.evaluate(CELLS_JS))
    assert cells, "the heatmap has no clickable cells"
    # A tall heatmap does not fit the window: click a cell in view, clear of the app's fixed header.
    cell = next(c for c in cells if 120 < float(c["y"]) < 900)
    kind, leader, start, end = json.loads(str(cell["target"]))
    assert kind == "leader"
    page.mouse.move(float(cell["x"]), float(cell["y"]))
    page.wait_for_timeout(300)
    page.mouse.click(float(cell["x"]), float(cell["y"]))
    wait_for_app(page)
    params = parse_qs(urlsplit(page.url).query)
    assert params["leader"] == [leader]
    assert (params["from"], params["to"]) == ([start], [end])
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    assert first.day == 1
    assert (last - first).days in range(27, 31)  # one calendar month
