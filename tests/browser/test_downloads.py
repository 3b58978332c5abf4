"""In Chromium: the Statements table's CSV and JSON downloads of a filtered view are streamed by the
server's download route (``components.download_route``), and hold the rows `quoteline export` writes for the
same filters, formula cells guarded, in the table's order. The store is generated from invented statements;
a few of the chosen leader's begin with characters a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from playwright.sync_api import Page, expect

from benchmarks.synthetic import synthetic_table, write_table_store
from quoteline.schema import S

from .conftest import launch_server
from .harness import ROOT, Server, wait_for_app

pytestmark = pytest.mark.browser
N_STATEMENTS = 1_500
FORMULAS = ("=SUM(A1:A9) was the sum", "-1 said nobody", "@mention made")
FILTERS = {"kind": "direct", "from": "2022-01-01", "to": "2024-06-30"}


@pytest.fixture(scope="module")
def leader_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A generated store, and its most quoted leader, some of whose direct quotes start a formula."""
    table = synthetic_table(N_STATEMENTS, seed=18)
    speakers = table.column(S.speaker)
    counts = pc.value_counts(speakers).to_pylist()
    leader = str(max(counts, key=lambda c: c["counts"])["values"])
    texts = table.column(S.text).to_pylist()
    theirs = [
        i
        for i, (who, kind) in enumerate(
            zip(speakers.to_pylist(), table.column(S.kind).to_pylist(), strict=True)
        )
        if who == leader and kind == "direct"
    ]
    for i, lead in zip(theirs[:30:10], FORMULAS, strict=True):
        texts[i] = f"{lead} {texts[i]}"
    table = table.set_column(table.schema.get_field_index(S.text), S.text, pa.array(texts, pa.string()))
    store = write_table_store(tmp_path_factory.mktemp("downloads") / "store", table)
    return store, leader


@pytest.fixture(scope="module")
def downloads_server(
    leader_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    with launch_server(leader_store[0], tmp_path_factory.mktemp("downloads-log")) as running:
        yield running


def exported(store: Path, leader: str, out: Path) -> list[dict[str, str]]:
    """`quoteline export` of the same filters, as CSV rows."""
    command = [sys.executable, "-m", "quoteline", "export", "--format", "csv", "-o", str(out)]
    command += ["--leader", leader, "--kind", FILTERS["kind"], "--since", FILTERS["from"]]
    command += ["--until", FILTERS["to"], "--store", str(store)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))


def download(page: Page, label: str) -> bytes:
    """Click the download link ``label`` and return the file the browser saved."""
    with page.expect_download() as event:
        page.get_by_role("link", name=label).click()
    saved = event.value.path()
    assert event.value.suggested_filename.startswith("quoteline-statements.")
    return Path(saved).read_bytes()


def downloaded_rows(server: Server, page: Page, query: dict[str, str]) -> list[dict[str, str]]:
    """Open the Statements table at ``query`` and download both its files: the CSV rows, once the JSON file
    is seen to hold the same rows in the same order and the table's caption to count them."""
    page.goto(f"{server.url}/table?{urlencode({'page': 'table', **query})}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Statements")).to_be_visible()
    csv_rows = list(
        csv.DictReader(io.StringIO(download(page, "Download CSV").decode("utf-8-sig"), newline=""))
    )
    json_rows = json.loads(download(page, "Download JSON"))
    assert [r[S.statement_id] for r in json_rows] == [r[S.statement_id] for r in csv_rows]
    expect(page.get_by_text(f"of {len(csv_rows):,}, in this order").first).to_be_visible()
    return csv_rows


def test_a_filtered_download_holds_the_exported_rows_in_the_tables_order(
    downloads_server: Server, leader_store: tuple[Path, str], page: Page, tmp_path: Path
) -> None:
    store, leader = leader_store
    csv_rows = downloaded_rows(downloads_server, page, {"leader": leader, **FILTERS})
    wanted = exported(store, leader, tmp_path / "export.csv")

    assert len(wanted) > 20  # the filters leave a real selection, and not the whole store
    by_id = {r[S.statement_id]: r for r in wanted}
    assert sorted(by_id) == sorted(r[S.statement_id] for r in csv_rows)
    for row in csv_rows:
        want = by_id[row[S.statement_id]]
        for column in (S.speaker, S.text, S.date, S.kind, S.outlet, "article_url"):
            assert row[column] == want[column], (column, row[S.statement_id])
    # The formula guard applied to the streamed file as to the export, and the planted cells were chosen.
    guarded = [r[S.text] for r in csv_rows if r[S.text].startswith("'")]
    assert len(guarded) == len(FORMULAS)
    assert all(t[1:].startswith(FORMULAS) for t in guarded)
    # The table's order: newest first (the link's default sort), ties by the table's own rule.
    days = [r[S.date] for r in csv_rows]
    assert days == sorted(days, reverse=True)


def test_a_download_naming_what_the_store_lacks_is_refused(downloads_server: Server) -> None:
    query = urlencode({"leader": "Nobody of Nowhere", "sort": "date"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{downloads_server.url}/api/statements.csv?{query}", timeout=60)  # noqa: S310
    assert refused.value.code == 400
    assert "leader" in refused.value.read().decode()


def test_a_searched_view_sorted_by_speaker_downloads_the_tables_rows(
    downloads_server: Server, page: Page
) -> None:
    """A search (no SQL form: the lake is told the table's rows by their ids) sorted by speaker: both files
    hold the rows the table counts, in its order, each one found by the search."""
    csv_rows = downloaded_rows(downloads_server, page, {"q": "border", "sort": "speaker", "order": "asc"})
    assert 20 < len(csv_rows) < N_STATEMENTS
    assert all("border" in r[S.text].lower() for r in csv_rows)
    speakers = [r[S.speaker].casefold() for r in csv_rows]
    assert speakers == sorted(speakers)
