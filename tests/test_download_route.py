"""The download route (``components.download_route``): its file is the table's selection in the table's order,
byte for byte what Streamlit's button would have built whole, sent as it is made; a query the dashboard would
not accept is refused. Served here by Starlette's test client over a generated store of invented statements
(the browser test, tests/browser/test_downloads.py, fetches it through the real server)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from benchmarks.synthetic import synthetic_table, write_table_store
from components import data as store_data
from components import download_route, downloads
from quoteline.query.filters import Filters
from quoteline.query.order import table_order
from quoteline.query.state import ViewState, Vocabulary
from quoteline.schema import S


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    table = synthetic_table(400, seed=9)
    texts = table.column(S.text).to_pylist()
    texts[0] = "=HYPERLINK(1) opens the cell"
    table = table.set_column(table.schema.get_field_index(S.text), S.text, pa.array(texts, pa.string()))
    return write_table_store(tmp_path_factory.mktemp("route") / "store", table)


@pytest.fixture
def client(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store_dir))
    # routes() marks this process as serving the route: undone after, so the app tests that run here later
    # still draw Streamlit's own buttons, as under a bare `streamlit run`.
    monkeypatch.setattr(download_route, "_served", download_route.served())
    store_data._load.clear()
    with TestClient(Starlette(routes=download_route.routes())) as running:
        yield running
    store_data._load.clear()


def _view(corpus_leader: str) -> ViewState:
    return ViewState(
        page="table",
        filters=Filters(leaders=(corpus_leader,), date_from=date(2022, 1, 1)),
        sort="speaker",
        descending=False,
        selected="0123456789abcdef",  # not a download's business: left out of its address
        table_page=3,
    )


def test_the_address_names_the_filters_and_sort_and_reads_back_as_them() -> None:
    view = _view("Leader 00 of Freedonia")
    address = download_route.url("csv", view)
    assert address.startswith("/api/statements.csv?")
    query = parse_qs(urlsplit(address).query, keep_blank_values=True)
    assert set(query) <= set(download_route.PARAMS)
    back, notices = ViewState.from_query_params(query, _vocabulary_of(view))
    assert notices == []
    assert (back.filters, back.sort, back.descending) == (view.filters, view.sort, view.descending)
    with pytest.raises(ValueError, match="unknown download format"):
        download_route.url("xlsx", view)


def _vocabulary_of(view: ViewState) -> Vocabulary:
    return Vocabulary(leaders=frozenset(view.filters.leaders))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_route_streams_the_tables_rows_in_its_order(client: TestClient, fmt: str) -> None:
    corpus = store_data.corpus()
    leader = max(corpus.speaker_counts().items(), key=lambda kv: kv[1])[0]
    view = _view(leader)
    with client.stream("GET", download_route.url(fmt, view)) as reply:
        assert reply.status_code == 200
        assert reply.headers["content-disposition"] == f'attachment; filename="quoteline-statements.{fmt}"'
        parts = list(reply.iter_raw())
    body = b"".join(parts)
    ordered = table_order(corpus, view.filters, view.sort, view.descending)
    assert 10 < len(ordered) < len(corpus)
    whole = downloads.csv_bytes if fmt == "csv" else downloads.json_bytes
    assert body == whole(corpus, ordered)


def test_the_whole_store_streams_with_the_formula_guard(client: TestClient) -> None:
    with client.stream("GET", "/api/statements.csv?sort=date&order=desc") as reply:
        assert reply.status_code == 200
        body = b"".join(reply.iter_raw())
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK(1) opens the cell" in text
    assert ",=HYPERLINK" not in text
    assert text.count("\r\n") > 400  # every statement (the chunks' joins: tests/test_app_smoke.py)


@pytest.mark.parametrize(
    ("address", "status", "says"),
    [
        ("/api/statements.csv?leader=Nobody+of+Nowhere", 400, "leader"),
        ("/api/statements.csv?from=2022-02-30", 400, "from"),
        ("/api/statements.csv?tpage=2", 400, "tpage"),
        ("/api/statements.csv?q=" + "+".join("abcdefghijklmnopqrstu"), 400, "'q'"),  # 21 search words
        ("/api/statements.csv?" + "&".join(f"x{i:02d}=1" for i in range(14)), 400, "x09 and 4 more"),
        ("/api/statements.csv?%3Cb%3Eloud=1", 400, "bloud"),
        ("/api/statements.xlsx", 404, "statements.csv"),
    ],
)
def test_a_query_the_dashboard_would_not_accept_is_refused(
    client: TestClient, address: str, status: int, says: str
) -> None:
    reply = client.get(address)
    assert reply.status_code == status
    assert says in reply.text
