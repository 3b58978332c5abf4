"""The dashboard in a real browser: it opens on the sample, a click shows the statement, a link reproduces
the view, hostile text stays inert, and an uploaded article reaches the timeline. Tests run in file order:
the last two add articles to the session's store."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from quoteline import EXTRACTOR_VERSION, ids
from quoteline.schema import A, S
from quoteline.store import Store

from .harness import ROOT, Server, markers_js, open_option, start_preview, wait_for_app

pytestmark = pytest.mark.browser
SCREENSHOT = ROOT / "docs" / "screenshot.png"
TIMELINE = "[data-testid='stPlotlyChart'] .js-plotly-plot"
HOSTILE_QUOTE = "We will not yield <img src=x onerror=alert(1)> read [this](javascript:alert(2)) now"

# Reads the first timeline's markers: statement id (customdata) and on-screen centre of each SVG point.
POINTS_JS = markers_js("{id: cd[0].trace.customdata[i], x: box.x + box.width / 2, y: box.y + box.height / 2}")


def _statements(store_dir: Path) -> pd.DataFrame:
    return Store(store_dir).statements()


def _busiest_leader(store_dir: Path) -> str:
    frame = _statements(store_dir)
    return str(frame[frame[S.date].notna()][S.speaker].value_counts().index[0])


def choose_leader(page: Page, name: str) -> None:
    """Pick one leader in the sidebar's Leaders filter."""
    open_option(page, "Leaders", name, typed=name).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def markers(page: Page) -> list[dict[str, object]]:
    """The first timeline's markers (statement id and screen position)."""
    plot = page.locator(TIMELINE).first
    expect(plot).to_be_visible()
    return list(plot.evaluate(POINTS_JS))


def click_first_marker(page: Page) -> str:
    """Click a marker the way an analyst does (one no other marker overlaps); returns its statement id."""
    points = markers(page)
    clear = [
        p
        for p in points
        if all(
            abs(float(p["x"]) - float(q["x"])) + abs(float(p["y"]) - float(q["y"])) > 16  # type: ignore[arg-type]
            for q in points
            if q is not p
        )
    ]
    assert clear, "every marker overlaps another one"
    point = clear[0]
    page.mouse.move(float(point["x"]), float(point["y"]))  # type: ignore[arg-type]
    page.wait_for_timeout(300)
    page.mouse.click(float(point["x"]), float(point["y"]))  # type: ignore[arg-type]
    wait_for_app(page)
    return str(point["id"])


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_dashboard_opens_on_the_sample(server: Server, page: Page) -> None:
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator(TIMELINE).first).to_be_visible()
    assert len(markers(page)) > 10
    expect(page.get_by_text("Fictional sample data")).to_be_visible()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000


def test_click_a_marker_shows_that_statement(server: Server, page: Page) -> None:
    leader = _busiest_leader(server.store_dir)
    page.goto(server.url)
    wait_for_app(page)
    choose_leader(page, leader)
    assert _params(page.url)["leader"] == [leader]
    frame = _statements(server.store_dir).set_index(S.statement_id)
    assert {frame.loc[str(m["id"]), S.speaker] for m in markers(page)} == {leader}
    chosen = click_first_marker(page)
    detail = page.locator(f".ql-detail[data-statement-id='{chosen}']")
    expect(detail).to_be_visible()
    expect(detail).to_contain_text(" ".join(str(frame.loc[chosen, S.text]).split())[:60])
    assert _params(page.url)["sel"] == [chosen]


def test_copied_link_reproduces_the_view(server: Server, browser: Browser, page: Page) -> None:
    leader = _busiest_leader(server.store_dir)
    page.goto(f"{server.url}/topics")
    wait_for_app(page)
    choose_leader(page, leader)
    page.get_by_text("stance", exact=True).click()  # colour mode switch
    wait_for_app(page)
    chosen = click_first_marker(page)
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_test_id("stCode").first.inner_text().strip()
    assert _params(link) == _params(page.url)

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = fresh.new_page()
    try:
        other.goto(link)
        wait_for_app(other)
        expect(other.get_by_test_id("stException")).to_have_count(0)
        expect(other.get_by_role("heading", name="Topic timelines")).to_be_visible()
        expect(other.get_by_test_id("stMultiSelect").filter(has_text="Leaders")).to_contain_text(leader)
        expect(other.get_by_role("radio", name="stance")).to_be_checked()
        expect(other.locator(f".ql-detail[data-statement-id='{chosen}']")).to_be_visible()
        params = _params(other.url)
        assert params == _params(link)
        assert params["page"] == ["topics"]
        assert params["colour"] == ["stance"]
        assert params["sel"] == [chosen]
    finally:
        fresh.close()


def _add_hostile_article(store_dir: Path) -> str:
    """Commit an article whose quote carries markup and whose link is javascript:, through the real store."""
    title, body = "Hostile markup test (fictional)", f"Hostile Tester said: “{HOSTILE_QUOTE}”."
    text = f"{title}\n\n{body}"
    article_id = ids.article_id(title, body)
    start = text.index(HOSTILE_QUOTE)
    end = start + len(HOSTILE_QUOTE)
    statement_id = ids.statement_id(article_id, "direct", "Hostile Tester", start, end)
    articles = pd.DataFrame(
        [
            {
                A.article_id: article_id,
                A.title: title,
                A.outlet: "Hostile Gazette (fictional)",
                A.url: "javascript:alert(3)",
                A.published: "2024-06-01",
                A.published_source: "cli",
                A.ingested_at: datetime.now(UTC),
                A.word_count: len(body.split()),
                A.extractor_version: EXTRACTOR_VERSION,
                A.source_path: None,
                A.text: text,
            }
        ]
    )
    statements = pd.DataFrame(
        [
            {
                S.statement_id: statement_id,
                S.article_id: article_id,
                S.speaker: "Hostile Tester",
                S.speaker_type: "person",
                S.kind: "direct",
                S.cue: "said",
                S.cue_start: pd.NA,
                S.cue_end: pd.NA,
                S.text: HOSTILE_QUOTE,
                S.start: start,
                S.end: end,
                S.date: "2024-06-01",
                S.date_source: "published",
                S.referenced_dates: [],
                S.topics: ["security"],
                S.counterparts: [],
                S.stance: "neutral",
                S.outlet: "Hostile Gazette (fictional)",
            }
        ]
    )
    statements[S.cue_start] = statements[S.cue_start].astype("Int64")
    statements[S.cue_end] = statements[S.cue_end].astype("Int64")
    Store(store_dir).add(articles, statements)
    return statement_id


def test_hostile_text_renders_inert(server: Server, page: Page) -> None:
    statement_id = _add_hostile_article(server.store_dir)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{server.url}/?page=timeline&leader=Hostile+Tester&sel={statement_id}")
    wait_for_app(page)
    detail = page.locator(f".ql-detail[data-statement-id='{statement_id}']")
    expect(detail).to_contain_text("<img src=x onerror=alert(1)>")
    expect(detail).to_contain_text("[this](javascript:alert(2))")
    point = markers(page)[0]
    page.mouse.move(float(point["x"]), float(point["y"]))  # type: ignore[arg-type]
    expect(page.locator(".hoverlayer")).to_contain_text("<img src=x")
    for path in ("/table", "/topics"):
        page.goto(f"{server.url}{path}?leader=Hostile+Tester&sel={statement_id}")
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_timeout(1000)  # give any onerror handler time to fire
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    expect(page.get_by_text("not an http(s) address")).to_be_visible()


SAMPLE_UPLOAD = """published: 2025-06-02
source: Upload Test Courier (fictional)
url: https://upload-test.test/2025/06/02/velcheva-harbour

Velcheva opens the new harbour at Port Selby

President Mara Velcheva said on Monday that the harbour would "open a new chapter for our coast and our \
fishermen".

"We will keep every promise we made to the harbour towns," Velcheva told reporters at the ceremony.
"""


def test_uploaded_article_reaches_the_timeline(server: Server, page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "2025-06-02_upload-test_harbour.txt"
    upload.write_text(SAMPLE_UPLOAD, encoding="utf-8")
    before = set(_statements(server.store_dir)[S.statement_id])
    start_preview(page, server, upload)
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"\d+ statements? found"))).to_be_visible()
    page.get_by_role("button", name="Add to the store").click()
    wait_for_app(page)
    expect(page.get_by_text("Added 1 article")).to_be_visible()
    after = _statements(server.store_dir)
    new = after[~after[S.statement_id].isin(before)]
    assert len(new) >= 1
    speaker = str(new[S.speaker].iloc[0])
    query = urlencode({"page": "timeline", "leader": speaker, "from": "2025-06-01", "to": "2025-06-30"})
    page.goto(f"{server.url}/?{query}")
    wait_for_app(page)
    shown = {str(m["id"]) for m in markers(page)}
    assert set(new[new[S.speaker] == speaker][S.statement_id]) <= shown
