"""The dashboard on a store with hundreds of speakers, in Chromium: the landing page draws only the busiest
speakers, "show more" adds lanes, option counts follow the other filters, and the notice names what the
store holds. The store is generated here from invented names, so the test runs anywhere."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qs, quote_plus, urlencode, urlsplit

import numpy as np
import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

from benchmarks.synthetic import synthetic_table, write_table_store
from components.data import FACET_TABLES_IN_USE
from quoteline.query.lens import DEFAULT_TOP, TOP_STEP
from quoteline.query.load import LEAN_CORPUS
from quoteline.query.speaker_find import LISTED
from quoteline.schema import S

from .conftest import launch_server
from .harness import Server, click_until_url, open_option, option_label, wait_for_app

pytestmark = pytest.mark.browser
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
FIRST = ("Arlo", "Bexa", "Corin", "Dalva", "Emeric", "Fenna", "Galen", "Hesper", "Ilse", "Joren", "Kestra")
LAST = ("Vantrell", "Moskin", "Orrey", "Pell", "Quarry", "Rusk", "Sable", "Thorne", "Ulver", "Wick", "Yarrow")
OUTLETS = ("Harbour Daily", "Quill Weekly", "Fen Courier")
N_STATEMENTS = 4_000


def many_speakers_table(n: int = N_STATEMENTS) -> pa.Table:
    """``n`` statements by 121 invented speakers: a few busy ones and a long tail, as in real news."""
    names = np.array([f"{first} {last}" for last in LAST for first in FIRST], dtype=object)
    rng = np.random.default_rng(23)
    weights = 1.0 / np.arange(1, len(names) + 1)
    picked = rng.choice(len(names), size=n, p=weights / weights.sum())
    speaker = names[picked]
    table = synthetic_table(n, seed=23)
    kind = np.where(picked % 9 == 4, "institution", "person").astype(object)  # one speaker in nine
    outlet = np.asarray(OUTLETS, dtype=object)[rng.integers(0, len(OUTLETS), n)]
    for column, values in ((S.speaker, speaker), (S.speaker_type, kind), (S.outlet, outlet)):
        table = table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))
    return table


@pytest.fixture(scope="module")
def many_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server over the generated store."""
    store = write_table_store(tmp_path_factory.mktemp("many") / "store", many_speakers_table())
    with launch_server(store, tmp_path_factory.mktemp("many-log")) as running:
        yield running


def lane_count(page: Page) -> int:
    """How many lanes the first timeline draws (its y axis has one tick per lane)."""
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    return int(plot.evaluate("(p) => p.layout.yaxis.ticktext.length"))


def option_count(page: Page, box: str, option: str) -> int:
    """The count a filter shows beside one option, e.g. "energy (68)" gives 68."""
    label = option_label(page, box, option)
    found = re.search(r"\(([\d,]+)\)\s*$", label)
    assert found, label
    return int(found.group(1).replace(",", ""))


def test_landing_page_draws_only_the_busiest_speakers(many_server: Server, page: Page) -> None:
    page.goto(many_server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert lane_count(page) == DEFAULT_TOP
    caption = re.compile(rf"Drawing the {DEFAULT_TOP} busiest of \d+ speakers")
    expect(page.get_by_text(caption)).to_be_visible()
    # A real store: the notice names what it holds, and no fictional-sample warning is shown.
    expect(page.locator(".ql-holdings")).to_contain_text("Harbour Daily")
    expect(page.get_by_text("Fictional sample data")).to_have_count(0)

    more = page.get_by_role("button", name=re.compile(r"^Show \d+ more")).first
    click_until_url(page, more, re.compile(rf"[?&]top={DEFAULT_TOP + TOP_STEP}(&|$)"))
    # Plotly redraws after the rerun's message arrives: wait for the new axis, not just the finished script.
    page.wait_for_function(
        "([sel, n]) => { const p = document.querySelector(sel);"
        " return p && p.layout.yaxis.ticktext.length === n; }",
        arg=[TIMELINE, DEFAULT_TOP + TOP_STEP],
    )
    assert lane_count(page) == DEFAULT_TOP + TOP_STEP
    assert parse_qs(urlsplit(page.url).query)["top"] == [str(DEFAULT_TOP + TOP_STEP)]


def test_a_speaker_outside_the_busiest_is_found_by_name(many_server: Server, page: Page) -> None:
    """The Leaders list holds only the busiest speakers; the name search adds any other, to be chosen."""
    tally = Counter(many_speakers_table().column(S.speaker).to_pylist())
    rare = min(tally, key=lambda name: (tally[name], name))
    assert sum(1 for n in tally.values() if n > tally[rare]) >= LISTED  # so the list leaves it out
    page.goto(many_server.url)
    wait_for_app(page)
    leaders = page.get_by_test_id("stMultiSelect").filter(has_text="Leaders").locator("input")
    leaders.click()
    leaders.fill(rare)
    expect(page.get_by_text("No results")).to_be_visible()
    page.keyboard.press("Escape")

    find = page.get_by_label("Find a speaker", exact=True)
    find.fill(rare.upper())  # case ignored
    find.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("1 speaker found")).to_be_visible()
    open_option(page, "Leaders", rare, typed=rare).click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]leader=" + re.escape(quote_plus(rare))))
    wait_for_app(page)
    page.wait_for_function(
        "(sel) => { const p = document.querySelector(sel);"
        " return p && p.layout.yaxis.ticktext.length === 1; }",
        arg=TIMELINE,
    )
    assert lane_count(page) == 1


def counts_before_and_under_a_leader(page: Page, url: str) -> tuple[int, int, int]:
    """The "direct" kind's count on the landing page; then, with one leader chosen, the same count and an
    outlet's."""
    page.goto(url)
    wait_for_app(page)
    everyone = option_count(page, "Kind", "direct")
    open_option(page, "Leaders", "Bexa Vantrell", typed="Bexa Vantrell").click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return everyone, option_count(page, "Kind", "direct"), option_count(page, "Outlet", "Fen Courier")


def test_option_counts_follow_the_other_filters(many_server: Server, page: Page) -> None:
    everyone, under_leader, _ = counts_before_and_under_a_leader(page, many_server.url)
    assert lane_count(page) == 1
    assert 0 < under_leader < everyone


def test_speaker_type_filter_narrows_the_lanes(many_server: Server, page: Page) -> None:
    page.goto(f"{many_server.url}/?stype=institution&top=500")
    wait_for_app(page)
    expect(page.locator(TIMELINE).first).to_be_visible()
    institutions = lane_count(page)
    assert institutions > 0
    page.goto(f"{many_server.url}/?top=500")
    wait_for_app(page)
    assert lane_count(page) > institutions


@pytest.fixture(scope="module")
def lake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The same store, its sidebar counted from the store's facet tables through DuckDB (threshold 0)."""
    store = write_table_store(tmp_path_factory.mktemp("many-lake") / "store", many_speakers_table())
    env = {"QUOTELINE_LAKE_FACETS_MIN_STATEMENTS": "0"}
    with launch_server(store, tmp_path_factory.mktemp("many-lake-log"), env) as running:
        yield running


def test_facet_tables_show_the_counts_of_the_statements(
    many_server: Server, lake_server: Server, page: Page
) -> None:
    """What an analyst reads beside each option is the same whether the tables or the statements count it."""
    in_memory = counts_before_and_under_a_leader(page, many_server.url)
    assert 0 < in_memory[1] < in_memory[0]
    assert counts_before_and_under_a_leader(page, lake_server.url) == in_memory
    # Each server counted the way its threshold says: only the second one opened the facet tables.
    for server, expected in ((many_server, False), (lake_server, True)):
        assert server.log is not None
        assert (FACET_TABLES_IN_USE in server.log.read_text(encoding="utf-8", errors="replace")) is expected


@pytest.fixture(scope="module")
def lean_server(many_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The very store of ``many_server`` (the same files, so the same row order), with no statement text in
    the server's memory (``lake_rows_min_statements`` 0): the table, the detail, the hover text and the
    search come from the store's lake."""
    env = {"QUOTELINE_LAKE_ROWS_MIN_STATEMENTS": "0"}
    with launch_server(many_server.store_dir, tmp_path_factory.mktemp("many-lean-log"), env) as running:
        yield running


def _chosen_statement() -> tuple[str, str, str]:
    """A leader, a word of the invented texts, and one statement by that leader whose text has the word."""
    table = many_speakers_table()
    speakers, texts, ids = (table.column(c).to_pylist() for c in (S.speaker, S.text, S.statement_id))
    leader = "Bexa Vantrell"
    for speaker, text, sid in zip(speakers, texts, ids, strict=True):
        if speaker == leader and " accept " in f" {text.lower()} ":
            return leader, "accept", sid
    raise AssertionError("no statement of the leader has the word")


def what_the_pages_show(page: Page, url: str, leader: str, word: str, chosen: str) -> dict[str, object]:
    """The Statements page under a leader and a search, with one statement selected: the count caption,
    the detail panel's text and its whole-article title; then the timeline's marker ids and hover text."""
    query = urlencode({"leader": leader, "q": word, "sel": chosen})
    page.goto(f"{url}/table?{query}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    detail = page.locator(f".ql-detail[data-statement-id='{chosen}']")
    expect(detail).to_be_visible()
    caption = page.get_by_text(re.compile(r"statements? match")).first.inner_text()
    whole = page.get_by_text(re.compile(r"^Whole article \(")).first.inner_text()
    shown: dict[str, object] = {"caption": caption, "detail": detail.inner_text(), "article": whole}
    page.goto(f"{url}/?{query}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    shown["markers"] = plot.evaluate("(p) => p.data.map((t) => [t.customdata, t.hovertext || t.text])")
    return shown


def test_without_the_text_in_memory_the_pages_show_the_same_statements(
    many_server: Server, lean_server: Server, page: Page
) -> None:
    """Threshold 0: the lake answers the search, the table's page, the detail panel and the hover text, and
    what the analyst sees is what the in-memory corpus shows."""
    leader, word, chosen = _chosen_statement()
    in_memory = what_the_pages_show(page, many_server.url, leader, word, chosen)
    assert word in str(in_memory["detail"]).lower()
    assert in_memory["markers"]
    assert what_the_pages_show(page, lean_server.url, leader, word, chosen) == in_memory
    for server, expected in ((many_server, False), (lean_server, True)):
        assert server.log is not None
        assert (LEAN_CORPUS in server.log.read_text(encoding="utf-8", errors="replace")) is expected
