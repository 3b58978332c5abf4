"""The Add page under abuse, in Chromium: a closed tab stops a long preview; a bad record leaves the rest."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from quoteline.schema import A
from quoteline.store import Store

from .conftest import ingest, launch_server
from .harness import APP_TIMEOUT_MS, ROOT, Server, start_preview, wait_for_app

STOPPED = "upload preview stopped: the session ended"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A sample store of this module's own: its uploads add articles, and the session's sample store must stay
    as shipped for the tests that read it (the fictional-sample notice shows only over the sample)."""
    store_dir = tmp_path_factory.mktemp("upload-store")
    ingest(ROOT / "data" / "sample", store_dir)
    with launch_server(store_dir, tmp_path_factory.mktemp("upload-server")) as running:
        yield running


def _records(n: int) -> str:
    """``n`` invented articles, long enough that extracting all of them takes many seconds."""
    lines = []
    for i in range(n):
        body = " ".join(
            f"“The harbour of Pellin will reopen in week {i} of the works,” port director Anja Roel said. "
            f"Roel said the dredging of berth {j} had ended, and that ferries to Ostmark would resume soon."
            for j in range(6)
        )
        lines.append(
            json.dumps({"title": f"Pellin harbour, update {i}", "text": body, "published": "2024-05-06"})
        )
    return "\n".join(lines) + "\n"


def _log_text(server: Server) -> str:
    assert server.log is not None
    return server.log.read_text(encoding="utf-8", errors="replace")


def test_closing_the_tab_stops_the_preview(server: Server, browser: Browser, tmp_path: Path) -> None:
    upload = tmp_path / "many-updates.jsonl"
    upload.write_text(_records(400), encoding="utf-8")
    assert STOPPED not in _log_text(server)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    start_preview(page, server, upload)
    # The bar counts articles, so the work is seen under way before the tab goes.
    expect(page.get_by_text("Extracting many-updates.jsonl: article")).to_be_visible()
    context.close()
    deadline = time.monotonic() + 90
    while STOPPED not in _log_text(server) and time.monotonic() < deadline:
        time.sleep(0.5)
    log = _log_text(server)
    assert STOPPED in log, log[-3000:]
    stopped = next(line for line in log.splitlines() if STOPPED in line)
    done = int(re.search(r"\((\d+) article\(s\) extracted\)", stopped)[1])  # type: ignore[index]
    assert done < 400, "the preview ran to the end for a closed tab"
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as reply:  # noqa: S310
        assert reply.status == 200


def test_a_record_dated_year_one_is_named_and_the_rest_is_added(
    server: Server, page: Page, tmp_path: Path
) -> None:
    good = {
        "title": "Ostmark ferry timetable",
        "text": "“Ferries to Ostmark sail again from Monday,” harbour master Ivo Renn said on Friday.",
        "published": "2024-06-07",
    }
    bad = {
        "title": "Ancient harbour",
        "text": "“It was always here,” a guide said.",
        "published": "0001-01-01",
    }
    upload = tmp_path / "year-one.json"
    upload.write_text(json.dumps([bad, good]), encoding="utf-8")
    before = set(Store(server.store_dir).articles([A.article_id, A.title])[A.title])
    start_preview(page, server, upload)
    wait_for_app(page)
    expect(page.get_by_text("0001-01-01").first).to_be_visible()  # the bad record's date is named
    page.get_by_role("button", name="Add to the store").click()
    wait_for_app(page)
    expect(page.get_by_text("Added 1 article")).to_be_visible()
    page.wait_for_timeout(1500)  # a rerun must not wipe the outcome
    wait_for_app(page)
    expect(page.get_by_text("Added 1 article")).to_be_visible()
    titles: pd.Series = Store(server.store_dir).articles([A.article_id, A.title])[A.title]
    added = set(titles) - before
    assert added == {"Ostmark ferry timetable"}
