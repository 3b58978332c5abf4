"""In Chromium: the table's sort and the timeline's zoom are part of the view, so a copied link reopens both
in a fresh browser: the same rows in the same order, the same days on the time axis."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from quoteline.schema import S
from quoteline.store import Store

from .harness import Server, click_until_url, wait_for_app

pytestmark = pytest.mark.browser
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
X_RANGE_JS = "(plot) => plot._fullLayout.xaxis.range"
ROWS = 8  # the table rows compared


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def x_range(page: Page) -> list[str]:
    """The first timeline's drawn x range, as Plotly holds it."""
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    return [str(v) for v in plot.evaluate(X_RANGE_JS)]


def drag_across_timeline(page: Page, start: float, stop: float) -> None:
    """With the chart's Box Select tool, drag across the first timeline's plot area, from ``start`` to
    ``stop`` (fractions of its width)."""
    plot = page.locator(TIMELINE).first
    plot.hover()
    plot.locator("[data-title='Box Select']").click()
    area = plot.locator(".nsewdrag").first.bounding_box()
    assert area is not None
    y = area["y"] + area["height"] / 2
    page.mouse.move(area["x"] + area["width"] * start, y)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * (start + stop) / 2, y, steps=8)
    page.mouse.move(area["x"] + area["width"] * stop, y, steps=8)
    page.mouse.up()
    wait_for_app(page)


def cell(grid: Locator, column: int, row: int) -> Locator:
    """A cell of the statements grid (columns from 1: Date, Speaker, Statement, ...; rows from 0)."""
    return grid.get_by_test_id(f"glide-cell-{column}-{row}")


def table_rows(page: Page) -> list[tuple[str, str]]:
    """(speaker, statement) of the first ``ROWS`` rows of the statements table, as the grid shows them."""
    grid = page.get_by_test_id("stDataFrame").first
    expect(cell(grid, 2, 0)).to_be_attached()
    return [(cell(grid, 2, r).inner_text(), cell(grid, 3, r).inner_text()) for r in range(ROWS)]


def go_to(page: Page, title: str) -> None:
    """Move to another page with the sidebar menu (the session keeps the view)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_sort_and_zoom_travel_in_the_link(server: Server, browser: Browser, page: Page) -> None:
    frame = Store(server.store_dir).statements()
    # What "Speaker, ascending" must put first: the alphabetically first speakers, over every statement.
    first_speakers = sorted(str(s).casefold() for s in frame[S.speaker])[:ROWS]

    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stSlider").filter(has_text="Zoom")).to_be_visible()
    whole = x_range(page)
    drag_across_timeline(page, 0.3, 0.6)
    expect(page.get_by_text("Zoomed to")).to_be_visible()
    zoom = _params(page.url)["zoom"][0]
    first, last = (date.fromisoformat(d) for d in zoom.split(".."))
    assert date.fromisoformat(whole[0][:10]) < first <= last < date.fromisoformat(whole[1][:10])
    # The x axis draws exactly the zoomed days.
    zoomed = [f"{first.isoformat()} 00:00", f"{(last + timedelta(days=1)).isoformat()} 00:00"]
    assert x_range(page) == zoomed

    go_to(page, "Statements")
    page.get_by_test_id("stSelectbox").filter(has_text="Sort by").click()
    page.get_by_role("option", name="Speaker", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Ascending", exact=True).click()
    wait_for_app(page)
    expect(cell(page.get_by_test_id("stDataFrame").first, 2, 0)).to_have_text(
        next(str(s) for s in frame[S.speaker] if str(s).casefold() == first_speakers[0])
    )
    shown = table_rows(page)
    assert [speaker.casefold() for speaker, _ in shown] == first_speakers

    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_test_id("stCode").first.inner_text().strip()
    params = _params(link)
    assert params["page"] == ["table"]
    assert params["sort"] == ["speaker"]
    assert params["order"] == ["asc"]
    assert params["zoom"] == [zoom]

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = fresh.new_page()
    try:
        other.goto(link)
        wait_for_app(other)
        expect(other.get_by_test_id("stException")).to_have_count(0)
        expect(other.get_by_role("combobox", name="Sort by")).to_have_value("Speaker")
        assert table_rows(other) == shown  # the same statements in the same order
        go_to(other, "Leader timelines")
        expect(other.get_by_text(f"Zoomed to {first.isoformat()}")).to_be_visible()
        assert x_range(other) == zoomed
        assert _params(other.url)["zoom"] == [zoom]

        # A click landing while the rerun redraws the page can be lost: wait for the link to record it.
        reset = other.get_by_role("button", name="Reset zoom")
        click_until_url(other, reset, re.compile(r"[?&]zoom=(?:\*|%2A)(?:&|$)"))
        assert _params(other.url)["zoom"] == ["*"]
        assert x_range(other) == whole
    finally:
        fresh.close()
