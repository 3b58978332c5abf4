"""The Statements table's downloads read from the lake (``quoteline.query.lake_download``, through
``components.downloads``): for every filter state and sort, the file is byte for byte the one built from the
corpus in memory, the table's rows in the table's order, corrections applied, formula cells guarded; a lake
that returns other rows than the selection is an error, never a shorter file. The stores hold invented
statements only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from components import data as store_data
from components import downloads
from quoteline.corrections import edit
from quoteline.query import lake_download
from quoteline.query.corpus import NO_OUTLET, Corpus
from quoteline.query.filters import Filters
from quoteline.query.lake import open_lake
from quoteline.query.lake_download import DownloadMismatch, Wanted, lake_batches
from quoteline.query.order import table_order
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


def _store(root: Path) -> Store:
    """Invented statements sharing days, with year- and month-only dates, undated rows, rows of no known
    outlet, a tag listed twice, evidence, cells that start a formula; then corrections: a stance and a
    text edited, a statement deleted, an article retitled, and a speaker merged into another."""
    store = Store(root)
    articles, statements = fake_batch(40, 5, seed=23)
    n = len(statements)
    statements.loc[statements.index[:10], S.date] = None
    statements.loc[statements.index[10:16], S.date] = "2021"
    statements.loc[statements.index[16:24], S.date] = "2021-03"
    statements.loc[statements.index[24:50], S.outlet] = None
    statements[S.topics] = [["energy", "trade", "energy"] if i % 3 == 0 else ["trade"] for i in range(n)]
    statements[S.counterparts] = [["Ruritania"] if i % 4 == 0 else [] for i in range(n)]
    statements[S.date_basis] = ["inherited" if i % 2 else None for i in range(n)]
    statements[S.date_phrase] = ["last Tuesday" if i % 2 else None for i in range(n)]
    statements[S.speaker_chain] = [
        json.dumps([{"text": "she", "start": 40, "end": 43}]) if i % 5 == 0 else None for i in range(n)
    ]
    texts = statements[S.text].tolist()
    texts[30] = "=SUM(A1:A4) was the tally"
    texts[31] = "-2 points, the minister said"
    statements[S.text] = texts
    store.add(
        articles.assign(title=["@Ostrel daily" if i == 0 else t for i, t in enumerate(articles.title)]),
        statements,
    )
    ids = statements[S.statement_id].tolist()
    stance = "criticism" if statements[S.stance].iloc[40] != "criticism" else "praise"
    edit.correct_statement(store, ids[40], {S.stance: stance})
    edit.delete_statement(store, ids[41])
    edit.correct_article(store, str(articles[S.article_id].iloc[3]), {"title": "+Retitled by an analyst"})
    speakers = statements[S.speaker].value_counts().index.tolist()
    edit.merge_speakers(store, speakers[-1], speakers[0])
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _store(tmp_path_factory.mktemp("lake_download") / "store")


@pytest.fixture(params=[False, True], ids=["full", "lean"])
def corpus(request: pytest.FixtureRequest, store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[Corpus]:
    """The dashboard's corpus of the store: full (ids as strings) or lean (ids as numbers, text in the
    lake)."""
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store.root))
    monkeypatch.setenv("QUOTELINE_LAKE_ROWS_MIN_STATEMENTS", "0" if request.param else "100000000")
    store_data._load.clear()
    loaded = store_data.corpus()
    assert (loaded.rows_from is not None) is request.param
    yield loaded
    store_data._load.clear()


def _states(corpus: Corpus) -> list[Filters]:
    leaders = sorted(corpus.speaker_counts())
    return [
        Filters(),
        Filters(leaders=(leaders[0],)),
        Filters(topics=("energy",), stances=("criticism", "assurance", "praise")),
        Filters(outlets=(NO_OUTLET,), kinds=("direct",)),
        Filters(date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)),
        Filters(counterparts=("Ruritania",), date_to=date(2022, 6, 30)),
        Filters(search="tally"),  # no SQL form: the ids alone say which rows
        Filters(speaker_types=("person",)),
        Filters(leaders=("Nobody of Nowhere",)),  # nothing selected: the header alone
    ]


def _memory(corpus: Corpus, ordered: np.ndarray, fmt: str) -> bytes:
    """The same download built from the corpus in memory (the path a corpus with no commit takes)."""
    parts = lake_download.csv_parts if fmt == "csv" else lake_download.json_parts
    return b"".join(parts(downloads._memory_batches(corpus, ordered, 60)))


SORTS = (("date", True), ("speaker", False), ("sources", True), ("text", False))


def test_the_lakes_file_is_the_memory_file_for_every_filter_state(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each filter state (in one of the sorts, in turn): the lake's CSV and JSON are the memory path's,
    byte for byte, and hold the table's rows in its order; in date order read a slice of 17 rows at a
    time (each slice's months), in another in one query."""
    monkeypatch.setattr(lake_download, "SLICE_ROWS", 17)
    for n, filters in enumerate(_states(corpus)):
        key, descending = SORTS[n % len(SORTS)]
        ordered = table_order(corpus, filters, key, descending)
        assert downloads._pinned(corpus) is not None  # the lake path is the one taken
        csv_file = b"".join(downloads.csv_parts(corpus, ordered, 11, filters=filters, sort=key))
        assert csv_file == _memory(corpus, ordered, "csv"), filters
        rows = list(csv.DictReader(io.StringIO(csv_file.decode("utf-8-sig"), newline="")))
        ids = [str(i) for i in corpus.take(ordered, [S.statement_id])[S.statement_id]]
        assert [r[S.statement_id] for r in rows] == ids, filters
        if n % 3 == 0:  # the JSON writer takes the same batches: a few states are enough
            json_file = b"".join(downloads.json_parts(corpus, ordered, 11, filters=filters, sort=key))
            assert json_file == _memory(corpus, ordered, "json"), filters
            assert [r[S.statement_id] for r in json.loads(json_file)] == ids, filters


def test_the_file_holds_the_corrections_the_evidence_and_the_guard(corpus: Corpus) -> None:
    ordered = table_order(corpus, Filters(), "date", True)
    rows = list(
        csv.DictReader(io.StringIO(downloads.csv_bytes(corpus, ordered).decode("utf-8-sig"), newline=""))
    )
    assert len(rows) == len(corpus) == 199  # one of 200 deleted
    texts = {r[S.text] for r in rows}
    assert {"'=SUM(A1:A4) was the tally", "'-2 points, the minister said"} <= texts
    assert not any(t.startswith(("=", "-", "+", "@")) for t in texts)
    titles = {r["article_title"] for r in rows}
    assert {"'@Ostrel daily", "'+Retitled by an analyst"} <= titles
    assert sum(r["corrected"] == "True" for r in rows) >= 1
    assert {r[S.topics] for r in rows} == {"energy; trade", "trade"}  # a tag listed twice, once
    assert NO_OUTLET in {r[S.outlet] for r in rows}
    assert any(r[S.speaker_chain].startswith("she [40:43]") for r in rows)
    assert sum(r[S.date] == "" for r in rows) == 10
    assert [r[S.date] for r in rows][-10:] == [""] * 10  # undated last


@pytest.mark.parametrize("by_date", [True, False])
def test_a_lake_that_drops_a_selected_row_is_an_error_not_a_shorter_file(store: Store, by_date: bool) -> None:
    corpus = Corpus.from_frame(store.statements())
    ids = pa.array([str(i) for i in corpus.col(S.statement_id)[:30]], pa.string())
    wanted = Wanted(ids, np.ones(30), np.full(30, -1), [])
    with open_lake(store) as lake:
        batches = lake_batches(lake, wanted, ("false", []), by_date=by_date, rows=8, slice_rows=7)
        with pytest.raises(DownloadMismatch, match="0 rows for 30"):
            list(batches)


def test_a_corpus_the_store_has_moved_past_is_downloaded_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    articles, statements = fake_batch(6, 3, seed=5)
    store.add(articles, statements)
    monkeypatch.setenv("QUOTELINE_STORE_DIR", str(store.root))
    store_data._load.clear()
    try:
        corpus = store_data.corpus()
        ordered = table_order(corpus, Filters(), "date", True)
        assert downloads._pinned(corpus) is not None
        before = downloads.csv_bytes(corpus, ordered)
        edit.delete_statement(store, str(statements[S.statement_id].iloc[0]))  # a commit after the load
        assert downloads._pinned(corpus) is None
        assert downloads.csv_bytes(corpus, ordered).count(b"\r\n") == before.count(b"\r\n")
    finally:
        store_data._load.clear()


def _batch(texts: list[str | None], topics: list[list[str]]) -> pa.RecordBatch:
    columns = {
        c: pa.nulls(len(texts), lake_download.DOWNLOAD_SCHEMA.field(c).type)
        for c in lake_download.DOWNLOAD_SCHEMA.names
    }
    columns[S.text] = pa.array(texts, pa.string())
    columns[S.topics] = pa.array(topics, pa.list_(pa.string()))
    return pa.RecordBatch.from_pydict(columns, schema=lake_download.DOWNLOAD_SCHEMA)


def test_the_writers_join_their_parts_into_one_file_and_write_an_empty_one_whole() -> None:
    parts = [_batch(["=cmd", "plain"], [["energy"], []]), _batch(["line\r\nbreak"], [["a", "b"]])]
    csv_parts = list(lake_download.csv_parts(parts))
    assert len(csv_parts) == 2
    assert b"".join(csv_parts).count(lake_download.BOM) == 1
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_parts).decode("utf-8-sig"), newline="")))
    assert [(r[S.text], r[S.topics]) for r in rows] == [
        ("'=cmd", "energy"),
        ("plain", ""),
        ("line\r\nbreak", "a; b"),
    ]
    records = json.loads(b"".join(lake_download.json_parts(parts)))
    assert [(r[S.text], r[S.topics], r[S.cue]) for r in records] == [
        ("=cmd", ["energy"], None),
        ("plain", [], None),
        ("line\r\nbreak", ["a", "b"], None),
    ]
    empty_csv = b"".join(lake_download.csv_parts([])).decode("utf-8-sig")
    assert empty_csv == ",".join(lake_download.DOWNLOAD_COLUMNS) + "\r\n"
    assert json.loads(b"".join(lake_download.json_parts([]))) == []
