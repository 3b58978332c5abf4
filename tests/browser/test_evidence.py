"""In Chromium: a statement's detail shows the phrase that set its date, its speaker's mention chain with
the cue, and the whole article with every statement highlighted; a click on another statement opens it.
The article is invented, ingested by the real CLI, and carries markup that must stay inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Dialog, Page, expect

from quoteline.schema import S
from quoteline.store import Store

from .conftest import ingest, launch_server
from .harness import Server, click_until_url, wait_for_app

pytestmark = pytest.mark.browser

ARTICLE = """published: 2022-06-15

Ferry Levy <script>alert(1)</script> Splits the Harbour Board

Drevnian President Ada Vellmar met harbour pilots about the **ferry levy** and the \
[toll](javascript:alert(2)) plan.

"The levy will not pass <b>this</b> year," the Drevnian leader said on Monday.

"We will fight it in every port," she added.

Orrin Tass, a harbour pilot from Kesmar, said the plan was unfair to small crews & owners.
"""


@pytest.fixture(scope="module")
def evidence_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real server over a store holding the one invented article, ingested by the CLI."""
    folder = tmp_path_factory.mktemp("evidence-articles")
    (folder / "levy.txt").write_text(ARTICLE, encoding="utf-8")
    store_dir = tmp_path_factory.mktemp("evidence") / "store"
    ingest(folder, store_dir)
    with launch_server(store_dir, tmp_path_factory.mktemp("evidence-log")) as running:
        yield running


def test_detail_shows_the_evidence_and_the_whole_article(evidence_server: Server, page: Page) -> None:
    frame = Store(evidence_server.store_dir).statements()
    added = frame[frame[S.cue] == "added"]
    assert len(added) == 1, frame[[S.speaker, S.cue, S.text]].to_string()
    chosen = str(added[S.statement_id].iloc[0])
    other = str(frame[frame[S.speaker] == "Orrin Tass"][S.statement_id].iloc[0])
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    query = urlencode({"sel": chosen})
    page.goto(f"{evidence_server.url}/table?{query}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator(f".ql-detail[data-statement-id='{chosen}']")).to_be_visible()

    # The date: taken from the statement before, whose reporting words said "Monday".
    date = page.locator(".ql-date-evidence")
    expect(date.locator("mark.ql-date-phrase")).to_have_text("Monday")
    expect(date.locator(".ql-date-basis")).to_contain_text("earlier statement")

    # The speaker: "she" -> "the Drevnian leader" -> "Ada Vellmar", each highlighted, and the cue.
    speaker = page.locator(".ql-speaker-evidence")
    expect(speaker.locator(".ql-chain-text")).to_have_text(["she", "the Drevnian leader", "Ada Vellmar"])
    expect(speaker.locator("mark.ql-mention")).to_have_text(["she", "the Drevnian leader", "Ada Vellmar"])
    expect(speaker.locator("mark.ql-cue")).to_have_text("added")

    # The whole article: readable, markup shown as text, every statement highlighted, the chosen one marked.
    page.get_by_text("Whole article").click()
    article = page.locator(".ql-article-full")
    expect(article).to_contain_text("<script>alert(1)</script>")
    expect(article).to_contain_text("**ferry levy**")
    expect(article.locator("mark.ql-stmt")).to_have_count(len(frame))
    expect(article.locator(f"mark.ql-stmt-selected[data-statement-id='{chosen}']")).to_contain_text(
        "We will fight it"
    )
    assert page.locator(".ql-article-full script, .ql-article-full b").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0

    # A click on another statement in the article opens its detail (clicked again if a rerun swallowed it).
    link = article.locator(f"a[data-statement-id='{other}']")
    click_until_url(page, link, re.compile(rf"[?&]sel={other}\b"))
    expect(page.locator(f".ql-detail[data-statement-id='{other}']")).to_be_visible()
    expect(page.locator(".ql-date-evidence .ql-date-basis")).to_contain_text("publication date used")
    page.wait_for_timeout(500)  # give any injected handler time to fire
    assert dialogs == []
