"""In Chromium: the statement a link or a chart chose is shown, highlighted, on the Statements table page that
holds it. A link naming the page opens it; a link naming no page, or the menu after a chart chose the
statement, opens the page that holds it; a page that does not hold it highlights no row and says which page
does. The store is generated from invented statements, three pages of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

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
ROW_PX = 35  # the height of a grid row (and of its header) in Streamlit's dataframe
PAGE_TWO = f"Showing rows 501-1,000 of {N_STATEMENTS:,}"
# The grid is a canvas; its accessible mirror marks a selected row ``aria-selected="true"``.
SELECTED_ROWS = "[data-testid='stDataFrame'] tr[role='row'][aria-selected='true']"


@pytest.fixture(scope="module")
def selection_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server over a generated store of ``N_STATEMENTS`` statements."""
    store = write_table_store(
        tmp_path_factory.mktemp("selection") / "store", synthetic_table(N_STATEMENTS, seed=17)
    )
    with launch_server(store, tmp_path_factory.mktemp("selection-log")) as running:
        yield running


@pytest.fixture(scope="module")
def on_page_two(selection_server: Server, browser: Browser) -> tuple[str, str, str]:
    """(statement id, speaker, the statement's words as the grid shows them) of page two's third row, chosen
    by a click on that row."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.set_default_timeout(APP_TIMEOUT_MS)
        page = context.new_page()
        page.goto(f"{selection_server.url}/table?page=table&tpage=2")
        wait_for_app(page)
        expect(page.get_by_text(PAGE_TWO)).to_be_visible()
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid.get_by_test_id("glide-cell-3-2")).to_be_attached()
        speaker = grid.get_by_test_id("glide-cell-2-2").inner_text()
        words = grid.get_by_test_id("glide-cell-3-2").inner_text()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 15, box["y"] + ROW_PX * 3.5)  # row 2's marker, below the header
        wait_for_app(page)
        expect(page).to_have_url(re.compile(r"[?&]sel=[0-9a-f]{8,}"))
        chosen = parse_qs(urlsplit(page.url).query)["sel"][0]
    finally:
        context.close()
    stored = Store(selection_server.store_dir).statements().set_index(S.statement_id).loc[chosen]
    assert (stored[S.speaker], stored[S.text][: len(words)]) == (speaker, words)
    return chosen, speaker, words


def highlighted(page: Page) -> list[tuple[str, str]]:
    """(speaker, statement) of every row the grid draws selected."""
    rows = page.locator(SELECTED_ROWS)
    return [
        (
            row.locator("[data-testid^='glide-cell-2-']").inner_text(),
            row.locator("[data-testid^='glide-cell-3-']").inner_text(),
        )
        for row in rows.all()
    ]


def expect_highlighted(page: Page, speaker: str, words: str) -> None:
    expect(page.locator(SELECTED_ROWS)).to_have_count(1)
    assert highlighted(page) == [(speaker, words)]


def open_link(browser: Browser, url: str) -> Page:
    """``url`` in a fresh browser (no session): what a pasted link opens."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    return page


def test_a_link_naming_the_page_shows_the_statement_highlighted(
    selection_server: Server, browser: Browser, on_page_two: tuple[str, str, str]
) -> None:
    chosen, speaker, words = on_page_two
    query = urlencode({"page": "table", "tpage": 2, "tsize": DEFAULT_PAGE_SIZE, "sel": chosen})
    page = open_link(browser, f"{selection_server.url}/table?{query}")
    try:
        expect(page.get_by_text(PAGE_TWO)).to_be_visible()
        expect_highlighted(page, speaker, words)
        expect(page.locator(f".ql-detail[data-statement-id='{chosen}']")).to_be_visible()
    finally:
        page.context.close()


def test_a_link_naming_no_page_opens_the_page_holding_the_statement(
    selection_server: Server, browser: Browser, on_page_two: tuple[str, str, str]
) -> None:
    chosen, speaker, words = on_page_two
    page = open_link(browser, f"{selection_server.url}/table?{urlencode({'page': 'table', 'sel': chosen})}")
    try:
        expect(page.get_by_text(PAGE_TWO)).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]tpage=2(&|$)"))  # the link now names the page shown
        expect_highlighted(page, speaker, words)
    finally:
        page.context.close()


def test_a_page_not_holding_the_statement_says_where_it_is(
    selection_server: Server, browser: Browser, on_page_two: tuple[str, str, str]
) -> None:
    chosen, speaker, words = on_page_two
    query = urlencode({"page": "table", "tpage": 1, "sel": chosen})
    page = open_link(browser, f"{selection_server.url}/table?{query}")
    try:
        # The link's page is kept, and none of its rows is drawn selected (row 2 of page 1 is another one).
        expect(page.get_by_text(f"Showing rows 1-{DEFAULT_PAGE_SIZE} of {N_STATEMENTS:,}")).to_be_visible()
        expect(page.get_by_text("on page 2", exact=False)).to_be_visible()
        expect(page.locator(SELECTED_ROWS)).to_have_count(0)
        click_until_url(page, page.get_by_role("button", name="Show it"), re.compile(r"[?&]tpage=2(&|$)"))
        expect(page.get_by_text(PAGE_TWO)).to_be_visible()
        expect_highlighted(page, speaker, words)
        # Paging on leaves the statement selected, and highlights no row of the next page.
        click_until_url(page, page.get_by_role("button", name="Next"), re.compile(r"[?&]tpage=3(&|$)"))
        expect(page.locator(SELECTED_ROWS)).to_have_count(0)
        assert parse_qs(urlsplit(page.url).query)["sel"] == [chosen]
    finally:
        page.context.close()


def test_a_statement_chosen_on_a_chart_is_shown_when_the_table_opens(
    selection_server: Server, browser: Browser, on_page_two: tuple[str, str, str]
) -> None:
    chosen, speaker, words = on_page_two
    # The timeline with the statement chosen, as a click on its marker leaves it (the table's page rides
    # along as 1); then the menu opens the Statements page.
    query = urlencode({"page": "timeline", "tpage": 1, "sel": chosen})
    page = open_link(browser, f"{selection_server.url}/?{query}")
    try:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Statements").click()
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Statements")).to_be_visible()
        expect(page.get_by_text(PAGE_TWO)).to_be_visible()
        expect_highlighted(page, speaker, words)
    finally:
        page.context.close()
