"""The write path costs what the batch costs: a commit does not re-read every stored article id, an article
lookup reads one data file, and the cluster index takes in only what other writers committed since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from quoteline.schema import A, S
from quoteline.store import Store
from quoteline.store.synthetic import fake_batch


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every Parquet data file read, as ("<table>/<file name>", whether a row filter was pushed down)."""
    seen: list[tuple[str, bool]] = []
    real = pq.read_table

    def counting(source: Any, *args: Any, **kwargs: Any) -> Any:
        path = Path(str(source))
        table = next((p.name for p in path.parents if p.name in ("articles", "statements")), "?")
        seen.append((f"{table}/{path.name}", kwargs.get("filters") is not None))
        return real(source, *args, **kwargs)

    def opening(source: Any, *args: Any, **kwargs: Any) -> Any:
        # The cluster index reads statements files through their footer (``cluster_reads.speaker_rows``).
        path = Path(str(source))
        table = next((p.name for p in path.parents if p.name in ("articles", "statements")), "?")
        seen.append((f"{table}/{path.name}", False))
        return real_file(source, *args, **kwargs)

    real_file = pq.ParquetFile
    monkeypatch.setattr(pq, "read_table", counting)
    monkeypatch.setattr(pq, "ParquetFile", opening)
    return seen


def _articles_files(seen: list[tuple[str, bool]]) -> list[str]:
    return [name for name, _ in seen if name.startswith("articles/")]


def _files(root: Path, table: str) -> set[str]:
    return {f"{table}/{p.name}" for p in (root / table).rglob("*.parquet")}


def test_a_commit_reads_no_stored_article_id_once_the_store_has_them(
    tmp_path: Path, reads: list[tuple[str, bool]]
) -> None:
    store = Store(tmp_path)
    first_articles, first_statements = fake_batch(20, 2, seed=1)
    store.add(first_articles, first_statements)
    for seed in range(2, 6):  # several commits; each checks its batch against everything stored
        articles, statements = fake_batch(10, 2, seed=seed)
        again = first_articles.iloc[[seed]]  # one article stored by the first commit
        again_statements = first_statements[first_statements[S.article_id].isin(again[A.article_id])]
        reads.clear()
        result = store.add(
            pd.concat([articles, again], ignore_index=True),
            pd.concat([statements, again_statements], ignore_index=True),
        )
        assert (result.articles_added, result.articles_duplicate) == (10, 1)
        assert _articles_files(reads) == [], "a commit re-read stored article ids"
    assert len(store.article_ids()) == 60


def test_another_writers_commit_is_the_only_file_read(tmp_path: Path, reads: list[tuple[str, bool]]) -> None:
    mine, theirs = Store(tmp_path), Store(tmp_path)
    mine.add(*fake_batch(10, 2, seed=1))
    their_articles, their_statements = fake_batch(10, 2, seed=2)
    before = _files(tmp_path, "articles") | _files(tmp_path, "statements")
    theirs.add(their_articles, their_statements)
    their_files = (_files(tmp_path, "articles") | _files(tmp_path, "statements")) - before
    # My next batch repeats one of their articles, and one of their quotes reported by another outlet.
    articles, statements = fake_batch(5, 2, seed=3)
    quote = their_statements.iloc[0]
    echo = statements.iloc[0].copy()
    for col in (S.speaker, S.text, S.date):
        echo[col] = quote[col]
    statements.iloc[0] = echo
    repeated = their_articles.iloc[[4]]
    reads.clear()
    result = mine.add(
        pd.concat([articles, repeated], ignore_index=True),
        pd.concat(
            [statements, their_statements[their_statements[S.article_id] == repeated[A.article_id].iloc[0]]],
            ignore_index=True,
        ),
    )
    assert (result.articles_added, result.articles_duplicate) == (5, 1)
    their_articles_file = [name for name in their_files if name.startswith("articles/")]
    assert _articles_files(reads) == their_articles_file, "only the other writer's new articles file is read"
    statements_read = {name for name, _ in reads if name.startswith("statements/")}
    assert statements_read, "the cluster index takes in the other writer's statements"
    assert statements_read <= their_files, "the cluster index reads only the other writer's statements"
    stored = mine.statements([S.statement_id, S.cluster_id]).set_index(S.statement_id)[S.cluster_id]
    assert stored[echo[S.statement_id]] == stored[quote[S.statement_id]], "clustered across the two writers"


def test_an_article_lookup_reads_one_data_file(tmp_path: Path, reads: list[tuple[str, bool]]) -> None:
    store = Store(tmp_path)
    batches = [fake_batch(8, 1, seed=seed) for seed in range(1, 5)]
    for articles, statements in batches:
        store.add(articles, statements)
    wanted = batches[1][0].iloc[2]
    reads.clear()
    row = Store(tmp_path).article(wanted[A.article_id])  # a fresh Store: ids read once, then one file
    assert row is not None
    assert row[A.text] == wanted[A.text]
    assert [pushed for name, pushed in reads if name.startswith("articles/")].count(True) == 1
    reads.clear()
    assert store.article(batches[3][0].iloc[0][A.article_id]) is not None
    assert reads == [(reads[0][0], True)], "a known store reads only the file holding the article"
    assert store.article("0123456789abcdef") is None
