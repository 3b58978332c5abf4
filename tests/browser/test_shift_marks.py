"""In Chromium: the Leader timeline marks a speaker's line shift on the speaker's lane, links to the What
changed page, and that page shows the shift with the statements on either side and their sources. The
fictional sample has a deny-then-admit arc of Arkady Voronets on security."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from quoteline.query.shift_marks import TRACE_NAME

from .harness import Server, wait_for_app

pytestmark = pytest.mark.browser
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
SPEAKER = "Arkady Voronets"
SHIFT = f"{SPEAKER} on security: denial → admission / concession"
# The first timeline's traces named ``name``: their x, y, hover labels, and the lane labels of the y axis.
TRACES_JS = """(plot, name) => ({
  traces: plot.data.filter((t) => t.name === name).map((t) => ({x: t.x, y: t.y, hover: t.hovertext})),
  lanes: plot._fullLayout.yaxis.ticktext,
})"""


def _open(page: Page, server: Server, name: str) -> None:
    """Open the dashboard page ``name`` with SPEAKER as the only leader, as a link would."""
    page.goto(f"{server.url}/?{urlencode({'page': name, 'leader': SPEAKER})}")
    wait_for_app(page)


def test_the_leader_timeline_marks_the_shift_on_the_speakers_lane(page: Page, server: Server) -> None:
    _open(page, server, "timeline")
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    found = plot.evaluate(TRACES_JS, TRACE_NAME)
    assert len(found["traces"]) == 1, f"no '{TRACE_NAME}' trace in the chart"
    trace = found["traces"][0]
    assert any(SHIFT in str(h) for h in trace["hover"]), trace["hover"]
    lane = list(found["lanes"]).index(SPEAKER)
    assert all(round(float(y)) == lane for y in trace["y"])  # on the speaker's lane
    # The marks are drawn (one SVG point each), not only sent.
    expect(plot.locator(".scatterlayer .trace path.point[d]").last).to_be_attached()
    link = page.locator(".ql-shift-marks a", has_text=SPEAKER)
    expect(link).to_have_count(1)
    params = parse_qs(urlsplit(str(link.get_attribute("href"))).query)
    assert params["page"] == ["changes"]
    assert params["leader"] == [SPEAKER]


def test_the_what_changed_page_shows_the_shift_with_statements_and_sources(
    page: Page, server: Server
) -> None:
    _open(page, server, "changes")
    shift = page.locator("[class*='st-key-shift_']").filter(has_text=SHIFT)
    expect(shift).to_have_count(1)
    sides = shift.locator("ul.ql-shift-statements")
    expect(sides).to_have_count(2)  # before, and from the shift's date on
    for side in (sides.nth(0), sides.nth(1)):
        items = side.locator("li[data-statement-id]")
        expect(items.first).to_be_visible()
        assert items.count() >= 2  # the method needs two statements on each side (min_statements)
        sources = side.locator("a", has_text="source")
        expect(sources.first).to_be_visible()
        assert str(sources.first.get_attribute("href")).startswith("http")
