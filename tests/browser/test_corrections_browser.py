"""Corrections in a real browser, on a store of its own whose articles lost their date headers: date an
undated article and its statements reach the timeline at their dates; correct a speaker, open the shared
link afresh, and the correction is there with its mark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect

from quoteline.schema import A, S
from quoteline.store import Store

from .conftest import ingest, launch_server
from .harness import ROOT, Server, wait_for_app

pytestmark = pytest.mark.browser
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
ARTICLES = ("2022-02-10_opv_velcheva-aalstad-readout.txt", "2022-02-11_meridian_velcheva-union-home.txt")
DAY = "2022-02-10"
# Each marker of the first timeline: its statement id and the date it is drawn at.
DATES_JS = """(plot) => {
  const out = [];
  (plot.data || []).forEach((trace) => {
    if (!trace.customdata || !trace.x) return;
    trace.customdata.forEach((id, i) => out.push({id: String(id), x: String(trace.x[i])}));
  });
  return out;
}"""


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Two sample articles with their `published:` header removed, ingested, and a dashboard over them."""
    folder = tmp_path_factory.mktemp("undated-in")
    for name in ARTICLES:
        lines = (ROOT / "data" / "sample" / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / name).write_text(
            "".join(x for x in lines if not x.startswith("published:")), encoding="utf-8"
        )
    store_dir = tmp_path_factory.mktemp("undated-store")
    assert "undated articles in the store" in ingest(folder, store_dir).stdout
    with launch_server(store_dir, tmp_path_factory.mktemp("undated-server")) as running:
        yield running


def _article_id(store_dir: Path, name: str) -> str:
    articles = Store(store_dir).articles([A.article_id, A.source_path])
    return str(articles.loc[articles[A.source_path].str.endswith(name), A.article_id].iloc[0])


def test_dating_an_undated_article_puts_its_statements_on_the_timeline(undated: Server, page: Page) -> None:
    article_id = _article_id(undated.store_dir, ARTICLES[0])
    page.goto(f"{undated.url}/corrections")
    wait_for_app(page)
    form = page.get_by_test_id("stForm").filter(has_text=article_id)
    form.get_by_label("Publication date (YYYY-MM-DD)").fill(DAY)
    form.get_by_role("button", name="Date this article").click()
    wait_for_app(page)
    expect(page.get_by_text("Dated: the article's statements are re-dated")).to_be_visible()
    statements = Store(undated.store_dir).statements([S.statement_id, S.article_id, S.speaker, S.date])
    mine = statements[statements[S.article_id] == article_id]
    assert mine[S.date].notna().all()
    speaker = str(mine[S.speaker].value_counts().index[0])
    query = urlencode({"page": "timeline", "leader": speaker})
    page.goto(f"{undated.url}/?{query}")
    wait_for_app(page)
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    drawn = {p["id"]: p["x"] for p in plot.evaluate(DATES_JS)}
    for row in mine[mine[S.speaker] == speaker].to_dict("records"):
        assert drawn[row[S.statement_id]].startswith(row[S.date]), (row, drawn)


def test_a_corrected_speaker_shows_with_its_mark_from_the_shared_link(
    undated: Server, page: Page, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    statements = Store(undated.store_dir).statements([S.statement_id, S.article_id])
    untouched = _article_id(undated.store_dir, ARTICLES[1])  # no correction so far: no mark yet
    sid = str(statements.loc[statements[S.article_id] == untouched, S.statement_id].iloc[0])
    page.goto(f"{undated.url}/?{urlencode({'page': 'table', 'sel': sid})}")
    wait_for_app(page)
    detail = page.locator(f".ql-detail[data-statement-id='{sid}']")
    expect(detail).to_be_visible()
    expect(detail.locator(".ql-corrected")).to_have_count(0)
    page.get_by_text("Edit this statement").click()
    form = page.get_by_test_id("stForm").filter(has_text="Save correction")
    form.get_by_test_id("stSelectbox").first.click()
    page.keyboard.type("Brenna Tolv")
    page.keyboard.press("Enter")
    form.get_by_role("button", name="Save correction").click()
    wait_for_app(page)
    expect(page.get_by_text("Saved: speaker corrected")).to_be_visible()
    link = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(link)
    wait_for_app(other)
    shown = other.locator(f".ql-detail[data-statement-id='{sid}']")
    expect(shown.locator(".ql-speaker")).to_have_text("Brenna Tolv")
    expect(shown.locator(".ql-corrected")).to_have_count(1)
    other.context.close()
    # A server started afresh on the same store shows the correction too: the log lives in the store.
    with launch_server(undated.store_dir, tmp_path_factory.mktemp("restarted")) as restarted:
        fresh = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        fresh.goto(link.replace(undated.url, restarted.url))
        wait_for_app(fresh)
        again = fresh.locator(f".ql-detail[data-statement-id='{sid}']")
        expect(again.locator(".ql-speaker")).to_have_text("Brenna Tolv")
        expect(again.locator(".ql-corrected")).to_have_count(1)
        fresh.context.close()
