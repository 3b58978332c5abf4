"""The Delta Lake store: round trips, versions, duplicates, validation, partitions and the schema version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.errors
import pyarrow as pa
import pytest
from deltalake import DeltaTable, write_deltalake

from quoteline.cli import main
from quoteline.schema import SCHEMA_VERSION, STORE_COLUMNS, A, S
from quoteline.store import Store, StoreError
from quoteline.store.synthetic import fake_batch
from quoteline.store.tables import STATEMENTS_SCHEMA, to_delta


def test_empty_store_reads_as_empty_tables(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    assert not store.exists()
    assert store.version() == "empty"
    assert list(store.statements().columns) == list(STORE_COLUMNS)
    assert store.statements().empty
    assert store.articles().empty
    assert store.article("0123456789abcdef") is None


def test_round_trip_keeps_every_value(tmp_path: Path) -> None:
    store = Store(tmp_path)
    articles, statements = fake_batch(12, 3, seed=1)
    result = store.add(articles, statements)
    assert (result.articles_added, result.articles_duplicate, result.statements_added) == (12, 0, 36)
    back = store.statements().set_index(S.statement_id).sort_index()
    sent = statements.set_index(S.statement_id).sort_index()
    assert back[S.text].tolist() == sent[S.text].tolist()
    assert back[S.speaker].tolist() == sent[S.speaker].tolist()
    assert [list(t) for t in back[S.topics]] == [list(t) for t in sent[S.topics]]
    assert back[S.outlet].fillna("-").tolist() == sent[S.outlet].fillna("-").tolist()
    assert (back[S.n_sources] >= 1).all()
    one = articles.iloc[3]
    row = store.article(one[A.article_id])
    assert row is not None
    assert row[A.text] == one[A.text]
    assert row[A.title] == one[A.title]


def test_columns_are_read_selectively(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(5, 2, seed=2))
    df = store.statements([S.speaker, S.n_sources])
    assert list(df.columns) == [S.speaker, S.n_sources]
    assert len(df) == 10
    assert list(store.articles([A.article_id, A.published]).columns) == [A.article_id, A.published]
    with pytest.raises(ValueError, match="nonsense"):
        store.statements(["nonsense"])


def test_version_changes_on_each_commit_and_not_on_a_no_op(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = store.add(*fake_batch(3, 2, seed=3)).version
    assert store.version() == first
    again = store.add(*fake_batch(3, 2, seed=3))
    assert again.articles_added == 0
    assert again.articles_duplicate == 3
    assert store.version() == first
    second = store.add(*fake_batch(3, 2, seed=4)).version
    assert second != first
    assert len(store.articles()) == 6


def test_invalid_statements_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(2, 2, seed=5))
    before = store.version()
    articles, statements = fake_batch(2, 2, seed=6)
    statements.loc[0, S.stance] = "gloating"
    with pytest.raises(pandera.errors.SchemaError, match="stance"):
        store.add(articles, statements)
    assert store.version() == before
    assert len(store.articles()) == 2


def test_a_store_of_another_schema_version_is_refused_clearly(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(1, 1, seed=7))
    record = json.loads((tmp_path / "commit.json").read_text())
    record["schema_version"] = SCHEMA_VERSION + 1
    (tmp_path / "commit.json").write_text(json.dumps(record))
    with pytest.raises(StoreError, match="schema version"):
        store.statements()


def test_tables_carry_the_declared_schema_partitions_and_version(tmp_path: Path) -> None:
    store = Store(tmp_path)
    articles, statements = fake_batch(6, 2, seed=8)
    statements.loc[0, S.date] = None
    statements.loc[1, S.date] = "2021-07"
    store.add(articles, statements)
    table = DeltaTable(str(tmp_path / "statements"))
    assert table.metadata().partition_columns == ["year", "month"]
    assert f"schema version {SCHEMA_VERSION}" in (table.metadata().description or "")
    schema = pa.schema(table.schema())
    assert set(STATEMENTS_SCHEMA.names) < set(schema.names)
    assert schema.field("day").type == pa.date32()
    rows = table.to_pyarrow_table(columns=[S.statement_id, S.date, "day", "year", "month"]).to_pylist()
    by_id = {r[S.statement_id]: r for r in rows}
    undated = by_id[statements.loc[0, S.statement_id]]
    assert (undated["day"], undated["year"], undated["month"]) == (None, None, None)
    month = by_id[statements.loc[1, S.statement_id]]
    assert (month["day"], month["year"], month["month"]) == (date(2021, 7, 1), 2021, 7)
    assert list((tmp_path / "statements").glob("year=__HIVE_DEFAULT_PARTITION__/month=*/*.parquet"))
    assert list((tmp_path / "statements").glob("year=2021/month=7/*.parquet"))


def test_many_commits_are_compacted_and_old_files_vacuumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTELINE_COMPACT_THRESHOLD", "8")
    monkeypatch.setenv("QUOTELINE_RETENTION_HOURS", "0")
    store = Store(tmp_path)
    for seed in range(20):
        store.add(*fake_batch(2, 2, seed=100 + seed))
    articles = DeltaTable(str(tmp_path / "articles"))
    assert len(articles.file_uris()) <= 8
    on_disk = {str(p) for p in (tmp_path / "articles").glob("*.parquet")}
    assert on_disk == set(articles.file_uris()), "files no version uses were vacuumed"
    assert len(store.articles()) == 40
    assert store.statements()[S.statement_id].is_unique
    assert any(v.operation == "OPTIMIZE" for v in store.history())


def test_replace_extraction_swaps_statements_of_the_given_articles(tmp_path: Path) -> None:
    store = Store(tmp_path)
    articles, statements = fake_batch(4, 3, seed=9)
    store.add(articles, statements)
    target = articles.iloc[[0]].assign(**{A.extractor_version: "2"})
    fresh = statements[statements[S.article_id] == target[A.article_id].iloc[0]].iloc[:1]
    result = store.replace_extraction(target, fresh)
    assert result.statements_added == 1
    stored = store.statements()
    assert (stored[S.article_id] == target[A.article_id].iloc[0]).sum() == 1
    assert len(stored) == 10
    versions = store.articles([A.article_id, A.extractor_version]).set_index(A.article_id)
    assert versions.loc[target[A.article_id].iloc[0], A.extractor_version] == "2"


def test_list_cells_read_back_as_python_lists(tmp_path: Path) -> None:
    store = Store(tmp_path)
    articles, statements = fake_batch(3, 2, seed=10)
    statements[S.topics] = [["trade", "energy"]] + [[] for _ in range(len(statements) - 1)]
    store.add(articles, statements)
    topics = store.statements([S.statement_id, S.topics]).set_index(S.statement_id)[S.topics]
    assert topics.loc[statements[S.statement_id].iloc[0]] == ["trade", "energy"]
    assert isinstance(topics.iloc[1], list)
    assert pd.Series(topics).map(len).sum() == 2


def test_raw_arrow_reads_pin_one_commit(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.add(*fake_batch(4, 2, seed=12))
    table, manifest = store.read_arrow("statements", [S.speaker])
    assert table.num_rows == 8
    store.add(*fake_batch(4, 2, seed=13))
    assert store.read_arrow_at(manifest, "statements", [S.text]).num_rows == 8  # still the first commit
    assert store.read_arrow("statements", [S.text])[0].num_rows == 16


def test_a_transaction_no_commit_names_is_invisible_and_rolled_back(tmp_path: Path) -> None:
    """A writer killed between its Delta transactions and its commit record: readers pin the recorded
    versions, and the next writer restores the tables to them before committing."""
    store = Store(tmp_path)
    store.add(*fake_batch(3, 2, seed=20))
    before = store.version()
    stray_articles, _ = fake_batch(2, 2, seed=21)
    stray = to_delta("articles", stray_articles)
    write_deltalake(str(tmp_path / "articles"), stray, mode="append")  # no commit.json update follows
    assert len(Store(tmp_path).articles()) == 3
    assert store.version() == before
    store.add(*fake_batch(1, 2, seed=22))
    assert len(store.articles()) == 4
    assert not set(stray_articles[A.article_id]) & store.article_ids()
    assert any(v.operation == "RESTORE" and v.table == "articles" for v in store.history())


def test_history_and_compact_commands(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    for seed in range(3):
        store.add(*fake_batch(2, 2, seed=30 + seed))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "quoteline", *args, "--store", str(tmp_path / "s")],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    listed = cli("history", "--table", "articles").splitlines()
    assert listed[0].split() == ["table", "version", "time", "(UTC)", "operation", "rows", "added", "commit"]
    writes = [line.split() for line in listed[1:] if " WRITE " in line]
    assert [(w[0], w[1], w[-2]) for w in writes] == [
        ("articles", "3", "2"),
        ("articles", "2", "2"),
        ("articles", "1", "2"),
    ]
    compacted = cli("compact", "--retention-hours", "0")
    assert "articles: 3 -> 1 data files" in compacted
    assert len(Store(tmp_path / "s").articles()) == 6
    assert "OPTIMIZE" in cli("history")


def test_history_lists_the_counts_table_like_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path / "s")
    store.add(*fake_batch(3, 2, seed=51))
    store.add(*fake_batch(3, 2, seed=52))
    assert {"articles", "statements", "counts"} <= {v.table for v in store.history()}
    counts_versions = [v for v in store.history() if v.table == "counts"]
    assert counts_versions
    assert [v.generation for v in counts_versions if v.operation == "WRITE"] == ["2", "1"]

    assert main(["history", "--table", "counts", "--store", str(store.root)]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert listed
    assert {row[0] for row in listed} == {"counts"}
    assert [int(row[1]) for row in listed] == sorted((v.version for v in counts_versions), reverse=True)
    assert main(["history", "--store", str(store.root)]) == 0
    assert any(line.startswith("counts ") for line in capsys.readouterr().out.splitlines())
