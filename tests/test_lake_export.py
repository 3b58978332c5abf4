"""``quoteline export`` streams from DuckDB: the same rows as the pandas filters over ``Store.statements()``,
batch by batch, in every format, with the CSV formula guard and the citation columns. Real stores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from quoteline.cli import main
from quoteline.corrections import edit
from quoteline.export import ARTICLE_FIELDS, ExportFilters, filter_statements, with_article_fields
from quoteline.query.lake import open_lake
from quoteline.query.lake_export import stream_export
from quoteline.schema import STORE_COLUMNS, A, S
from quoteline.store import Store
from quoteline.store.overlay import CORRECTED
from quoteline.store.synthetic import fake_batch

HOSTILE = "=HYPERLINK(1) says the minister"
# Cells a CSV writer must quote or guard; each must read back as written (guarded where it leads a cell).
AWKWARD = ["\r=1 at the start", 'a "quoted" word, and a comma', "two\nlines", "+44 said", "-2 below"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "store")
    articles, statements = fake_batch(40, 3, seed=31)
    statements.loc[0, S.text] = HOSTILE
    for i, text in enumerate(AWKWARD, start=1):
        statements.loc[i, S.text] = text
    st.add(articles, statements)
    st.add(*fake_batch(40, 3, seed=32))
    rows = st.statements([S.statement_id, S.speaker])
    edit.correct_statement(st, rows[S.statement_id].iloc[3], {"speaker": "Ilvo Marent"})
    edit.delete_statement(st, rows[S.statement_id].iloc[4])
    return st


def _expected(store: Store, filters: ExportFilters) -> pd.DataFrame:
    statements = filter_statements(store.statements([*STORE_COLUMNS, CORRECTED]), filters)
    return with_article_fields(statements, store.articles([A.article_id, *ARTICLE_FIELDS.values()]))


FILTERS = [
    ExportFilters(),
    ExportFilters(leaders=["ILVO MARENT", "president arlen vostrova"]),
    ExportFilters(topics=["Trade"], since="2020-03", until="2021-06"),
    ExportFilters(outlets=["northgate wire"], kinds=["direct"], search="BORDER"),
    ExportFilters(until="2020"),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_jsonl_stream_equals_the_pandas_filters(store: Store, filters: ExportFilters) -> None:
    out = io.BytesIO()
    with open_lake(store) as lake:
        n = stream_export(lake, filters, "jsonl", out, rows=7)
    got = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    want = _expected(store, filters)
    assert n == len(got) == len(want)
    assert {r[S.statement_id] for r in got} == set(want[S.statement_id])
    by_id = want.set_index(S.statement_id)
    for row in got:
        ref = by_id.loc[row[S.statement_id]]
        assert row[S.speaker] == ref[S.speaker]
        assert row[S.n_sources] == ref[S.n_sources]
        assert row[CORRECTED] == bool(ref[CORRECTED])
        assert row["article_title"] == ref["article_title"]
        assert row[S.topics] == list(ref[S.topics])
        assert list(row) == list(want.columns)


def test_csv_stream_keeps_the_guard_and_the_header_once(store: Store) -> None:
    out = io.BytesIO()
    with open_lake(store) as lake:
        stream_export(lake, ExportFilters(), "csv", out, rows=10)
    text = out.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(_expected(store, ExportFilters()))
    assert text.count("statement_id,") == 1
    texts = {r[S.text] for r in rows}
    assert "'" + HOSTILE in texts
    for text in AWKWARD:
        assert ("'" + text if text[0] in "\r+-" else text) in texts
    with open_lake(store) as lake:
        topics = lake.table("SELECT statement_id, topics, corrected FROM statements").to_pylist()
    by_id = {r[S.statement_id]: r for r in rows}
    for row in topics:
        assert by_id[row[S.statement_id]][S.topics] == "; ".join(row[S.topics])
        assert by_id[row[S.statement_id]][CORRECTED] == str(row[CORRECTED])
    assert all(not r[S.text].startswith("=") for r in rows)
    assert all(r["article_title"] for r in rows)
    # Whole numbers stay whole (a null-holding int column read through pandas would turn to floats).
    assert all("." not in r[S.start] for r in rows)


def test_cli_parquet_and_raw(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    leader = "ilvo marent"
    assert (
        main(
            ["export", "--format", "parquet", "-o", str(out), "--leader", leader, "--store", str(store.root)]
        )
        == 0
    )
    table = pq.read_table(out)
    assert table.num_rows == len(_expected(store, ExportFilters(leaders=[leader])))
    assert set(table.column(S.speaker).to_pylist()) == {"Ilvo Marent"}
    raw = tmp_path / "raw.csv"
    assert main(["export", "-o", str(raw), "--raw", "--store", str(store.root)]) == 0
    rows = list(csv.DictReader(io.StringIO(raw.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(store.statements([S.statement_id], raw=True))
    assert CORRECTED not in rows[0]


def test_an_empty_result_still_has_its_header(store: Store) -> None:
    out = io.BytesIO()
    with open_lake(store) as lake:
        n = stream_export(lake, ExportFilters(leaders=["Nobody Here"]), "csv", out)
    assert n == 0
    assert out.getvalue().decode("utf-8-sig").startswith("statement_id,")


def test_export_rows_come_in_a_fixed_order_and_two_exports_are_byte_identical(
    tmp_path: Path,
) -> None:
    st = Store(tmp_path / "ordered")
    articles, statements = fake_batch(30, 3, seed=41)
    # A year-only date, a month-only date and undated rows: the order places each.
    statements.loc[0, S.date] = "2020"
    statements.loc[1, S.date] = "2020-05"
    statements.loc[[2, 5, 8], S.date] = None
    st.add(articles, statements)
    st.add(*fake_batch(30, 3, seed=42))  # a second commit: a second data file, read in either order
    exports = []
    for name in ("first.csv", "second.csv"):
        path = tmp_path / name
        assert main(["export", "-o", str(path), "--store", str(st.root)]) == 0
        exports.append(path.read_bytes())
    assert exports[0] == exports[1]

    with open_lake(st) as lake:
        out = io.BytesIO()
        stream_export(lake, ExportFilters(), "jsonl", out, rows=7)  # many small batches
    rows = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    assert len(rows) == 180
    keys = [(row[S.date] is None, row[S.date] or "", row[S.statement_id]) for row in rows]
    assert keys == sorted(keys)
    undated = [row for row in rows if row[S.date] is None]
    assert len(undated) >= 3
    assert rows[-len(undated) :] == undated
    dated = [row[S.date] for row in rows if row[S.date] is not None]
    assert dated.index("2020") < dated.index("2020-05")
