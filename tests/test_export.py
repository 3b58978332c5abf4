"""Export (CSV with the formula guard, JSONL, Parquet) and stats, through the library and the real CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from quoteline.export import (
    ExportFilters,
    csv_bytes,
    filter_statements,
    jsonl_bytes,
    neutralise_cell,
)
from quoteline.schema import S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ['=HYPERLINK("http://x.test","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_cells_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["We will =never= yield", "a-b", "", "Talks resume"])
def test_ordinary_cells_are_untouched(value: str) -> None:
    assert neutralise_cell(value) == value
    assert neutralise_cell(42) == 42


def test_csv_guards_every_text_cell_including_lists() -> None:
    df = pd.DataFrame(
        {"text": HOSTILE, "topics": [["=cmd", "trade"]] * len(HOSTILE), "n": range(len(HOSTILE))}
    )
    rows = list(csv.DictReader(io.StringIO(csv_bytes(df).decode("utf-8-sig"), newline="")))
    assert [r["text"] for r in rows] == ["'" + v for v in HOSTILE]
    assert rows[0]["topics"] == "'=cmd; trade"
    assert rows[0]["n"] == "0"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "store")
    articles, statements = fake_batch(30, 3, seed=11)
    statements.loc[0, S.text] = "=2+5 is what they want us to believe"
    s.add(articles, statements)
    return s


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "quoteline", *args], capture_output=True, env=env, timeout=600, check=False
    )


def test_filters(store: Store) -> None:
    df = store.statements()
    leader = df[S.speaker].iloc[0]
    only = filter_statements(df, ExportFilters(leaders=[leader.upper()]))
    assert set(only[S.speaker]) == {leader}
    ranged = filter_statements(df, ExportFilters(since="2020-01-01", until="2020-12"))
    assert ranged[S.date].str.startswith("2020").all()
    assert len(ranged) == df[S.date].str.startswith("2020").sum()
    topical = filter_statements(df, ExportFilters(topics=["trade"]))
    assert all("trade" in t for t in topical[S.topics])


def test_cli_export_formats_round_trip(store: Store, tmp_path: Path) -> None:
    total = len(store.statements())
    out = tmp_path / "x.csv"
    proc = _cli("export", "--format", "csv", "-o", str(out), "--store", str(store.root))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == total
    assert "'=2+5 is what they want us to believe" in {r[S.text] for r in rows}
    citation = {"article_title", "article_url", "article_published", S.start, S.end}
    assert {*citation, S.cluster_id, S.n_sources} <= set(rows[0])

    proc = _cli("export", "--format", "jsonl", "--store", str(store.root), "--kind", "direct")
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(records) == total
    assert isinstance(records[0][S.topics], list)
    assert "=2+5 is what they want us to believe" in {r[S.text] for r in records}  # JSON needs no guard

    pq_out = tmp_path / "x.parquet"
    assert (
        _cli("export", "--format", "parquet", "-o", str(pq_out), "--store", str(store.root)).returncode == 0
    )
    back = pd.read_parquet(pq_out)
    assert len(back) == total
    assert sorted(back[S.statement_id]) == sorted(store.statements()[S.statement_id])


def test_jsonl_has_nulls_not_nan() -> None:
    df = pd.DataFrame({"date": [None, "2020-01-01"], "cue_start": pd.array([None, 3], dtype="Int64")})
    lines = [json.loads(x) for x in jsonl_bytes(df).decode().splitlines()]
    assert lines == [{"date": None, "cue_start": None}, {"date": "2020-01-01", "cue_start": 3}]


def test_cli_stats(store: Store, tmp_path: Path) -> None:
    proc = _cli("stats", "--store", str(store.root))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "articles: 30  statements: 90" in text
    for section in ("by leader:", "by topic:", "by outlet:", "by year:"):
        assert section in text
    df = store.statements()
    top = df[S.speaker].value_counts()
    assert f"{top.index[0]}" in text
    empty = _cli("stats", "--store", str(tmp_path / "nothing"))
    assert empty.returncode == 0
    assert b"is empty" in empty.stdout
