"""In Chromium: the Statements table shows one page of the sorted selection; "Next" moves to page 2, whose
row range the caption names, and the link carries the page, so a fresh browser opens the same rows. The store
is generated from invented statements, larger than one page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.synthetic import synthetic_table, write_table_store
from quoteline.query.table_pages import DEFAULT_PAGE_SIZE
from quoteline.schema import S
from quoteline.store import Store

from .conftest import launch_server
from .harness import APP_TIMEOUT_MS, Server, click_until_url, wait_for_app

pytestmark = pytest.mark.browser
N_STATEMENTS = 1_234  # three pages of 500
ROWS = 5  # the rows compared between two browsers
ROW_PX = 35  # the height of a grid row (and of its header) in Streamlit's dataframe


@pytest.fixture(scope="module")
def pages_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server over a generated store of ``N_STATEMENTS`` statements."""
    store = write_table_store(
        tmp_path_factory.mktemp("pages") / "store", synthetic_table(N_STATEMENTS, seed=16)
    )
    with launch_server(store, tmp_path_factory.mktemp("pages-log")) as running:
        yield running


def first_rows(page: Page) -> list[tuple[str, str]]:
    """(speaker, statement) of the table's first ``ROWS`` rows, as the grid shows them."""
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.get_by_test_id("glide-cell-2-0")).to_be_attached()
    return [
        (
            grid.get_by_test_id(f"glide-cell-2-{r}").inner_text(),
            grid.get_by_test_id(f"glide-cell-3-{r}").inner_text(),
        )
        for r in range(ROWS)
    ]


def test_next_shows_page_two_and_the_link_reopens_it(
    pages_server: Server, browser: Browser, page: Page
) -> None:
    page.goto(f"{pages_server.url}/table")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Statements")).to_be_visible()
    expect(page.get_by_text(f"Showing rows 1-{DEFAULT_PAGE_SIZE} of {N_STATEMENTS:,}")).to_be_visible()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    page_one = first_rows(page)

    click_until_url(page, page.get_by_role("button", name="Next"), re.compile(r"[?&]tpage=2(&|$)"))
    expect(page.get_by_text(f"Showing rows 501-1,000 of {N_STATEMENTS:,}")).to_be_visible()
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page_two = first_rows(page)
    assert page_two != page_one
    link = page.url
    params = parse_qs(urlsplit(link).query)
    assert (params["tpage"], params["tsize"]) == (["2"], [str(DEFAULT_PAGE_SIZE)])

    # A fresh browser (no session) opens the same page from the link alone.
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh.set_default_timeout(APP_TIMEOUT_MS)
        other = fresh.new_page()
        other.goto(link)
        wait_for_app(other)
        expect(other.get_by_text(f"Showing rows 501-1,000 of {N_STATEMENTS:,}")).to_be_visible()
        assert first_rows(other) == page_two
        assert parse_qs(urlsplit(other.url).query)["tpage"] == ["2"]
    finally:
        fresh.close()


def test_a_row_click_on_page_two_selects_that_statement(pages_server: Server, page: Page) -> None:
    page.goto(f"{pages_server.url}/table?page=table&tpage=2")
    wait_for_app(page)
    expect(page.get_by_text(f"Showing rows 501-1,000 of {N_STATEMENTS:,}")).to_be_visible()
    speaker, text = first_rows(page)[2]
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    assert box is not None
    # The grid is a canvas: its row marker (the first, narrow column) is clicked where row 2 is drawn, below
    # the header row (rows and header are ROW_PX high). The click selects the row, and with it the statement.
    page.mouse.click(box["x"] + 15, box["y"] + ROW_PX * 3.5)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]sel=[0-9a-f]{8,}"))
    chosen = parse_qs(urlsplit(page.url).query)["sel"][0]
    stored = Store(pages_server.store_dir).statements().set_index(S.statement_id).loc[chosen]
    assert (stored[S.speaker], stored[S.text][: len(text)]) == (speaker, text)
    assert parse_qs(urlsplit(page.url).query)["tpage"] == ["2"]  # selecting a row keeps the page
